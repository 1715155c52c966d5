/**
 * Shard k of N of a list of work units: units are split into N groups of about equal estimated
 * cost (greedy longest-first, deterministic), so that chains of very different lengths or a main
 * path among short subpaths do not all land on one shard. With equal costs unit i goes to shard
 * i mod N.
 */
import { checkInt, checkNumber, ConfigError } from "../core/errors";
import { ShardSpec, WorkUnit } from "./types";

/**
 * Parses "k/N" (0-based k).
 * @throws ConfigError for another form or k ∉ [0, N), N < 1 (naming the value)
 */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new ConfigError(`--shard must look like k/N (e.g. 3/16), got ${JSON.stringify(text)}`);
  return checkShard({ index: Number(m[1]), count: Number(m[2]) });
}

/** @throws ConfigError for count < 1 or index ∉ [0, count) (naming the value) */
export function checkShard(s: ShardSpec): ShardSpec {
  checkInt("shard count", s.count, 1);
  checkInt("shard index", s.index, 0, s.count - 1);
  return s;
}

/**
 * Splits items with the given costs into `parts` groups of about equal total cost (greedy
 * longest-first: the costliest item goes to the currently cheapest group, ties to the lower index).
 * Deterministic; every item is in exactly one group; each group lists its items in ascending
 * order; a group may be empty when there are fewer items than parts.
 * @param costs cost of each item, finite and ≥ 0
 * @returns [parts] arrays of item indices
 * @throws ConfigError for parts not an integer ≥ 1 or a bad cost (message names the value)
 */
export function splitByCost(costs: readonly number[], parts: number): number[][] {
  checkInt("number of parts", parts, 1);
  costs.forEach((c, i) => checkNumber(`cost of item ${i}`, c, 0));
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  const groups = Array.from({ length: parts }, () => [] as number[]);
  const load = new Array<number>(parts).fill(0);
  for (const i of order) {
    let best = 0;
    for (let g = 1; g < parts; g++) if (load[g] < load[best]) best = g;
    groups[best].push(i);
    load[best] += costs[i];
  }
  return groups.map((g) => g.sort((a, b) => a - b));
}

/**
 * The units of shard `index` of `count`, in list order. Every unit is in exactly one shard.
 * @throws ConfigError for a bad shard or an empty list
 */
export function shardUnits<U extends WorkUnit>(units: readonly U[], shard: ShardSpec): U[] {
  checkShard(shard);
  if (units.length === 0) throw new ConfigError("no work units to shard");
  return splitByCost(
    units.map((u) => u.cost),
    shard.count,
  )[shard.index].map((i) => units[i]);
}
