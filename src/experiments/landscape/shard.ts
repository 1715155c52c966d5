/**
 * Spreading a landscape grid (paper Sec. 3, Fig. 3; notebook 02) over machines: shard k of N
 * computes its share of the grid rows (the runner's split: equal costs, so rows j ≡ k mod N) into
 * the shared cache, one entry per row (./units.ts); the notebook's landscapeRun then assembles the
 * grid from the rows and computes only what is missing. Every shard first needs the late-decay runs
 * of the seed and their PCA: run notebook 01's shards first (scripts/cluster/shard.ts 01 …), or each shard
 * trains them itself (identical results; the first to finish is kept).
 */
import { gridSize } from "../../analysis/grid";
import { checkShard } from "../../runner";
import { LandscapeConfig } from "./config";
import { computeGridRows, gridStored, landscapeSetup } from "./run";
import { LandscapeRunOptions } from "./types";

/** Options of {@link runLandscapeShard}. */
export interface LandscapeShardOptions extends LandscapeRunOptions {
  index: number;
  count: number;
}

/**
 * Computes shard `index` of `count` of the config's landscape grid in this process (worker
 * threads as for landscapeRun), skipping rows already stored and the whole shard when the
 * assembled grid is already cached. A shard index ≥ nB has no rows (nothing to do).
 * @returns grid rows computed and found stored, and the grid's size
 * @throws ConfigError for a bad config or shard (before any training); CancelledError when stopped (finished rows are kept)
 */
export async function runLandscapeShard(
  config: LandscapeConfig,
  opts: LandscapeShardOptions,
): Promise<{ computed: number; cached: number; rows: number[]; points: number }> {
  const shard = checkShard({ index: opts.index, count: opts.count });
  const setup = await landscapeSetup(config, opts);
  const points = gridSize(setup.grid);
  if (gridStored(setup)) {
    const rows = setup.grid.bs.map((_, j) => j).filter((j) => j % shard.count === shard.index);
    return { computed: 0, cached: rows.length, rows, points };
  }
  if (shard.index >= setup.grid.bs.length) return { computed: 0, cached: 0, rows: [], points };
  const r = await computeGridRows(setup, { ...opts, shard });
  return { computed: r.computed, cached: r.cached, rows: r.selected, points };
}
