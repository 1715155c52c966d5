/**
 * Shard k of N of any family's work units, the one way every family spreads its runs over machines
 * (`npm run shard`, SLURM job arrays): pick the candidates (`select`, e.g. only main paths), take
 * shard k of them (the runner's split by cost), and run them into the shared cache, skipping what
 * is cached. A unit whose dependency is missing (a subpath whose main path another shard owns)
 * trains that dependency first, and the log line says so. With `groupOf` the shard runs group by
 * group (the claim map's cells): a group whose training diverges is recorded and the next one runs.
 */
import { DivergenceError, ConfigError, check, showValue } from "../../core/errors";
import { stableJson } from "../../core/hash";
import { runUnits, shardUnits, type FamilyTable, type ShardSpec, type UnitEvent, type WorkUnit } from "../../runner";

/** Options of {@link runShard}. */
export interface ShardRunOptions<P> {
  /** the families of the units */
  families: FamilyTable;
  /** which share: shard `index` (0-based) of `count` */
  shard: ShardSpec;
  /** the candidates before the split (default: every unit) */
  select?: (u: WorkUnit<P>) => boolean;
  /** run the shard's units group by group (key per unit, groups in list order); a DivergenceError in a group is recorded, not thrown */
  groupOf?: (u: WorkUnit<P>) => string;
  /** what to run first so that no shard trains a missing dependency, e.g. "the main paths' shards" (for the log's note) */
  prerequisite?: string;
  /**
   * each unit of the shard as it starts or is found cached (and each dependency trained for one): its number
   * (0-based, in the order reported: a log counts up), the shard's size, log text
   */
  onItem?: (i: number, n: number, text: string, cachedAlready: boolean) => void;
  signal?: AbortSignal;
  /** worker threads (default 1: a shard runs its units one after another; start one shard per core) */
  workers?: number;
}

/** What a shard did: units computed and found cached, dependencies trained for them, and the diverged groups (`<group>: <message>`). */
export interface ShardRunReport {
  computed: number;
  cached: number;
  dependenciesComputed: number;
  diverged: string[];
}

/**
 * Computes the shard's share of `units` in this process into the cache, skipping cached units.
 * @returns counts of units computed, found cached and trained as missing dependencies; diverged groups
 * @throws ConfigError for a bad shard (naming the value) or no candidates; DivergenceError without `groupOf`;
 *   CancelledError when `signal` aborts (finished units stay cached)
 */
export async function runShard<P>(units: readonly WorkUnit<P>[], opts: ShardRunOptions<P>): Promise<ShardRunReport> {
  const candidates = opts.select ? units.filter(opts.select) : [...units];
  const mine = shardUnits(candidates, opts.shard);
  const position = new Map(mine.map((u, i) => [u.id, i]));
  const first = opts.prerequisite ? ` (run ${opts.prerequisite} first to avoid this)` : "";
  // units are numbered in the order they are reported (cached ones first, then in dependency order), so a log
  // counts up; a dependency trained for a unit of the shard carries the number of the unit that comes next
  let reported = 0;
  const onUnit = (e: UnitEvent) => {
    const note = e.neededBy ? `: needed by ${e.neededBy}, not cached, training it first${first}` : "";
    const i = position.has(e.unit.id) ? reported++ : reported;
    opts.onItem?.(i, mine.length, `${e.unit.label}${note}`, e.cachedAlready);
  };
  const groups = new Map<string, WorkUnit<P>[]>();
  for (const u of units) {
    const key = opts.groupOf ? opts.groupOf(u) : "";
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  const report: ShardRunReport = { computed: 0, cached: 0, dependenciesComputed: 0, diverged: [] };
  for (const [group, groupUnits] of groups) {
    if (!groupUnits.some((u) => position.has(u.id))) continue;
    try {
      const r = await runUnits(groupUnits, {
        families: opts.families,
        select: (u) => position.has(u.id),
        signal: opts.signal,
        onUnit,
        workers: opts.workers ?? 1,
      });
      report.computed += r.computed.length;
      report.cached += r.cached.length;
      report.dependenciesComputed += r.dependenciesComputed.length;
    } catch (e) {
      if (!opts.groupOf || !(e instanceof DivergenceError)) throw e;
      report.diverged.push(`${group}: ${e.message}`);
    }
  }
  return report;
}

/**
 * A select for {@link runShard} keeping units of one payload kind, or undefined (every unit) when `only` is undefined.
 * @param kinds the kinds a user may name, e.g. ["main", "subpath"]
 * @throws ConfigError naming `only` when it is not one of `kinds`
 */
export function onlyKind<P extends { kind: string }>(
  only: string | undefined,
  kinds: readonly string[],
): ((u: WorkUnit<P>) => boolean) | undefined {
  if (only === undefined) return undefined;
  check(
    kinds.includes(only),
    `only must be ${kinds.map((k) => JSON.stringify(k)).join(" or ")}, got ${showValue(only)}`,
  );
  return (u) => u.payload.kind === only;
}

/**
 * The units of several lists (e.g. one per config of a sweep) as one list, each distinct cache entry
 * once (the first time it appears, compared by the stable JSON of its entry key): ids become
 * `<prefix><list>:<id>`, dependencies point to the kept ids, labels go through `label`.
 * @param label the kept unit's label from its own label, list position and new id (default: unchanged)
 * @throws ConfigError for no lists, or a unit depending on one not listed before it in its list
 */
export function dedupeUnits<P>(
  lists: readonly (readonly WorkUnit<P>[])[],
  prefix: string,
  label: (label: string, list: number, id: string) => string = (l) => l,
): WorkUnit<P>[] {
  if (lists.length === 0) throw new ConfigError("no unit lists to merge");
  const seen = new Map<string, string>();
  const out: WorkUnit<P>[] = [];
  lists.forEach((units, i) => {
    const ids = new Map<string, string>(); // this list's unit id → id in the merged list
    for (const u of units) {
      const key = stableJson(u.entry);
      const known = seen.get(key);
      if (known) {
        ids.set(u.id, known);
        continue;
      }
      const id = `${prefix}${i}:${u.id}`;
      seen.set(key, id);
      ids.set(u.id, id);
      const dependsOn = Object.fromEntries(
        Object.entries(u.dependsOn).map(([role, d]) => {
          const to = ids.get(d);
          if (to === undefined)
            throw new ConfigError(
              `unit ${showValue(u.id)} of list ${i} depends on ${showValue(d)}, which is not listed before it`,
            );
          return [role, to];
        }),
      );
      out.push({ ...u, id, label: label(u.label, i, id), dependsOn });
    }
  });
  return out;
}
