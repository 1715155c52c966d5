/**
 * Spreading the late-decay runs over machines: the paths of one or more configs (e.g. notebook
 * 01's config and its weight-decay sweep) are listed in a fixed order, duplicates (one cache entry
 * reached from two configs) removed, and shard k of N computes its share into the shared cache
 * (the runner's cost split: with a main path costing more than a subpath, shares have about equal
 * epochs). A subpath whose main path is not cached trains it first and says so; for the least
 * duplicated work run the main paths first (`only: "main"`), then the rest.
 */
import { initBackend } from "../../env/backend";
import { check, showValue } from "../../core/errors";
import { stableJson } from "../../core/hash";
import { runUnits, type UnitEvent, type WorkUnit } from "../../runner";
import { LateDecayConfig, checkLateDecayConfig } from "./config";
import { LATE_DECAY_FAMILIES, lateDecayUnits } from "./units";
import { PathPayload } from "./types";

/** The units of several configs, each distinct entry once; ids prefixed by the config's position ("c1:sub/0/4"). */
export function sweepUnits(configs: LateDecayConfig[], backend: string): WorkUnit<PathPayload>[] {
  const seen = new Map<string, string>();
  const out: WorkUnit<PathPayload>[] = [];
  configs.map(checkLateDecayConfig).forEach((config, i) => {
    const ids = new Map<string, string>(); // this config's unit id → id in the list
    for (const u of lateDecayUnits(config, backend)) {
      const key = stableJson(u.entry);
      const known = seen.get(key);
      if (known) { ids.set(u.id, known); continue; }
      const id = `c${i}:${u.id}`;
      seen.set(key, id);
      ids.set(u.id, id);
      out.push({ ...u, id, dependsOn: Object.fromEntries(Object.entries(u.dependsOn).map(([role, d]) => [role, ids.get(d)!])) });
    }
  });
  return out;
}

/**
 * Computes shard `index` of `count` of the configs' paths in this process, skipping cached ones.
 * @param onItem called for each path of the shard (and each main path trained for a subpath of it)
 * @returns the numbers of paths computed and found cached, and the main paths trained for subpaths
 * @throws ConfigError for a bad shard (naming the value) or config; CancelledError when stopped (finished paths stay cached)
 */
export async function runLateDecayShard(configs: LateDecayConfig[], opts: { index: number; count: number; only?: "main" | "subpath";
  onItem?: (i: number, n: number, label: string, cachedAlready: boolean) => void; signal?: AbortSignal; workers?: number }):
  Promise<{ computed: number; cached: number; mainPathsForSubpaths: number }> {
  check(opts.only === undefined || opts.only === "main" || opts.only === "subpath", `only must be "main" or "subpath", got ${showValue(opts.only)}`);
  const backend = (await initBackend()).computeId;
  const units = sweepUnits(configs, backend);
  const onUnit = (e: UnitEvent) => {
    const note = e.neededBy ? `: needed by ${e.neededBy}, not cached, training it first (run the main paths' shards first to avoid this)` : "";
    opts.onItem?.(e.position, e.count, `${e.unit.id} (${e.unit.label})${note}`, e.cachedAlready);
  };
  const select = opts.only ? (u: WorkUnit<PathPayload>) => u.payload.kind === opts.only : undefined;
  const r = await runUnits(units, { families: LATE_DECAY_FAMILIES, shard: { index: opts.index, count: opts.count }, select, signal: opts.signal, onUnit, workers: opts.workers ?? 1 });
  return { computed: r.computed.length, cached: r.cached.length, mainPathsForSubpaths: r.dependenciesComputed.length };
}
