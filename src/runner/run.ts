/**
 * The runner: executes a list of work units serially, on worker threads, or as shard k/N of a
 * cluster job, resuming from the cache. The done-set is explicit — a unit is done when its entry
 * (keyed by its config and its parents' content hashes) is stored and intact — so an interrupted
 * run, a second shard or a notebook re-run computes only what is missing. Every unit is its own
 * cache entry whichever way it runs, and the bytes are the same every way (tested in test/runner).
 */
import { withInterrupt } from "../core/cancel";
import { checkInt } from "../core/errors";
import { settledEntry } from "../store/cache";
import { computeUnit, disposeSetups, familyOf } from "./compute";
import { StoredEntry, parentIds, resolveEntry, scanStored, topologicalOrder } from "./entries";
import { workerCount } from "./workers";
import { runOnThreads } from "./pool";
import { shardUnits } from "./shard";
import { RunReport, RunUnitsOptions, UnitEvent, WorkUnit } from "./types";

/** Units needed to compute `selected`: the missing ones and their missing ancestors, in topological order. */
function missingClosure(
  ordered: readonly WorkUnit[],
  selected: ReadonlySet<string>,
  stored: ReadonlyMap<string, StoredEntry | null>,
): WorkUnit[] {
  const byId = new Map(ordered.map((u) => [u.id, u]));
  const need = new Set<string>();
  const add = (id: string) => {
    if (need.has(id) || stored.get(id)) return;
    need.add(id);
    parentIds(byId.get(id)!).forEach(add);
  };
  selected.forEach(add);
  return ordered.filter((u) => need.has(u.id));
}

/** Which selected unit first needs a missing dependency that is not itself selected (a stored one is not needed). */
function neededBy(todo: readonly WorkUnit[], selected: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  const missing = new Set(todo.map((u) => u.id));
  for (const u of [...todo].reverse()) {
    const root = selected.has(u.id) ? u.id : out.get(u.id);
    if (root) for (const d of parentIds(u)) if (missing.has(d) && !selected.has(d) && !out.has(d)) out.set(d, root);
  }
  return out;
}

/**
 * Runs `units` (or shard `opts.shard` of them) into the cache, skipping units already stored.
 * A unit whose parent is missing has its parent computed first, also when the parent belongs to
 * another shard (reported through `onUnit` with `neededBy`). Cancelled by `opts.signal` or a
 * SIGINT within one step of the running units; finished units stay stored.
 * Worker threads: `opts.workers`, else the runner's policy (`workerCount`: the cores, one on a
 * GPU backend or for cheap work, never more than the units to compute).
 * @returns what was selected, computed and found cached, and every entry folder
 * @throws ConfigError for bad units (duplicate id, unknown dependency, cycle, a family missing from
 *   `opts.families`), a bad shard or worker count; the first unit error; CancelledError when stopped
 */
export async function runUnits(units: readonly WorkUnit[], opts: RunUnitsOptions): Promise<RunReport> {
  if (opts.workers !== undefined) checkInt("workers", opts.workers, 1);
  const ordered = topologicalOrder(units);
  for (const u of ordered) familyOf(u, opts.families.families);
  const candidates = opts.select ? units.filter(opts.select) : [...units];
  const chosen = opts.shard ? shardUnits(candidates, opts.shard) : candidates;
  const selected = new Set(chosen.map((u) => u.id));
  const stored = scanStored(ordered);
  const todo = missingClosure(ordered, selected, stored);
  const needs = neededBy(todo, selected);
  const total = [...selected, ...needs.keys()].reduce((s, id) => s + ordered.find((u) => u.id === id)!.size, 0);
  let done = chosen.reduce((s, u) => s + (stored.get(u.id) ? u.size : 0), 0);
  let doneBefore = done;
  const progress = (units: number, note: string, resumed = false) => {
    done += units;
    if (resumed) doneBefore += units;
    opts.onProgress?.({ done, total, note, doneBefore, allCached: false });
  };
  const position = new Map(chosen.map((u, i) => [u.id, i]));
  const event = (unit: WorkUnit, cachedAlready: boolean): UnitEvent => ({
    unit,
    position: position.get(unit.id) ?? position.get(needs.get(unit.id) ?? "") ?? -1,
    count: chosen.length,
    cachedAlready,
    neededBy: needs.get(unit.id),
  });
  for (const u of chosen) if (stored.get(u.id)) opts.onUnit?.(event(u, true));
  if (todo.length === 0) opts.onProgress?.({ done, total, note: "", doneBefore, allCached: true });
  const hits = new Set<string>();
  const workers = workerCount(todo, {
    requested: opts.workers,
    backend: opts.backend,
    minParallelCost: opts.minParallelCost,
  });
  if (todo.length > 0) {
    await withInterrupt(async (signal) => {
      if (workers > 1 && todo.length > 1) {
        await runOnThreads(todo, stored, workers, {
          workerEntry: opts.families.workerEntry,
          signal,
          onProgress: progress,
          onStart: (u) => opts.onUnit?.(event(u, false)),
          onHit: (u) => hits.add(u.id),
        });
        return;
      }
      try {
        for (const u of todo) {
          opts.onUnit?.(event(u, false));
          const entry = resolveEntry(u, stored);
          const api = {
            signal,
            progress: (n: number, note = "", resumed?: boolean) => progress(n, note, resumed),
            parents: entry.parentDirs,
          };
          if (await computeUnit(u, familyOf(u, opts.families.families), entry, api)) hits.add(u.id);
          const manifest = await settledEntry(entry.dir);
          if (!manifest) throw new Error(`unit ${u.id} finished but its cache entry ${entry.dir} is not readable`);
          stored.set(u.id, { dir: entry.dir, manifest });
        }
      } finally {
        disposeSetups();
      }
    }, opts.signal);
  }
  const dirs: Record<string, string> = {};
  for (const u of ordered) {
    const s = stored.get(u.id);
    if (s && (selected.has(u.id) || needs.has(u.id))) dirs[u.id] = s.dir;
  }
  const todoIds = new Set(todo.filter((u) => !hits.has(u.id)).map((u) => u.id));
  return {
    selected: chosen.map((u) => u.id),
    computed: chosen.filter((u) => todoIds.has(u.id)).map((u) => u.id),
    cached: chosen.filter((u) => !todoIds.has(u.id)).map((u) => u.id),
    dependenciesComputed: [...needs.keys()].filter((id) => todoIds.has(id)),
    dirs,
  };
}

/** The stored entries of `units` (null where missing), for a family's loader after a run. */
export function storedEntries(units: readonly WorkUnit[]): Map<string, StoredEntry | null> {
  return scanStored(topologicalOrder(units));
}
