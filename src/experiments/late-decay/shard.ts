/**
 * Spreading the late-decay runs over machines: the paths of one or more configs (e.g. notebook
 * 01's config and its weight-decay sweep, src/notebooks.ts) are listed in a fixed order, duplicates
 * (one cache entry reached from two configs) removed, and shard k of N computes its share into the
 * shared cache (../kit/shard.ts: with a main path costing more than a subpath, shares have about
 * equal epochs). A subpath whose main path is not cached trains it first and says so; for the least
 * duplicated work run the main paths first (`only: "main"`), then the rest.
 */
import { initBackend } from "../../env/backend";
import type { WorkUnit } from "../../runner";
import { dedupeUnits, onlyKind, runShard } from "../kit/shard";
import { LateDecayConfig, checkLateDecayConfig } from "./config";
import { LATE_DECAY_FAMILIES, lateDecayUnits } from "./units";
import { PathPayload } from "./types";

/** What a user may pick with `only`: the main paths, or the subpaths. */
export const PATH_KINDS = ["main", "subpath"] as const;

/**
 * The units of several configs, each distinct entry once; ids prefixed by the config's position
 * ("c1:sub/0/4"), labels by the id ("c1:sub/0/4 (subpath seed 0, decay at 4)").
 * @throws ConfigError for a bad config
 */
export function sweepUnits(configs: LateDecayConfig[], backend: string): WorkUnit<PathPayload>[] {
  return dedupeUnits(
    configs.map(checkLateDecayConfig).map((c) => lateDecayUnits(c, backend)),
    "c",
    (label, _i, id) => `${id} (${label})`,
  );
}

/** Options of a shard of late-decay paths (notebook 01's sweep, or the claim map's cells). */
export interface PathShardOptions {
  /** shard `index` (0-based) of `count` */
  index: number;
  count: number;
  /** only main paths, or only subpaths (their missing main paths are trained first) */
  only?: "main" | "subpath";
  /** each path of the shard as it starts or is found cached: its number (in the order reported), shard size, label */
  onItem?: (i: number, n: number, label: string, cachedAlready: boolean) => void;
  signal?: AbortSignal;
  /** worker threads (default 1: start one shard per core) */
  workers?: number;
}

/**
 * Computes shard `index` of `count` of the configs' paths in this process, skipping cached ones.
 * @param onItem called for each path of the shard (and each main path trained for a subpath of it)
 * @returns the numbers of paths computed and found cached, and the main paths trained for subpaths
 * @throws ConfigError for a bad shard or `only` (naming the value) or config; CancelledError when stopped (finished paths stay cached)
 */
export async function runLateDecayShard(
  configs: LateDecayConfig[],
  opts: PathShardOptions,
): Promise<{ computed: number; cached: number; mainPathsForSubpaths: number }> {
  const select = onlyKind<PathPayload>(opts.only, PATH_KINDS);
  const units = sweepUnits(configs, (await initBackend()).computeId);
  const r = await runShard(units, {
    families: LATE_DECAY_FAMILIES,
    shard: { index: opts.index, count: opts.count },
    select,
    prerequisite: "the main paths' shards",
    onItem: opts.onItem,
    signal: opts.signal,
    workers: opts.workers,
  });
  return { computed: r.computed, cached: r.cached, mainPathsForSubpaths: r.dependenciesComputed };
}
