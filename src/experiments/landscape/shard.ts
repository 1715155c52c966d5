/**
 * Spreading a landscape grid (paper Sec. 3, Fig. 3; notebook 02) over machines: shard k of N
 * evaluates grid rows j ≡ k (mod N) into the shared cache (one entry per row, see
 * ./landscape-rows.ts); the notebook's landscapeRun then assembles the grid from the rows and
 * computes only what is missing. Every shard first needs the late-decay runs of the seed and
 * their PCA: run notebook 01's shards first (scripts/shard.ts 01 …), or each shard trains them
 * itself (identical results; the first to finish is kept).
 */
import { checkInt } from "../../core/errors";
import { validEntry } from "../../store/cache";
import { gridSize } from "../../analysis/grid";
import { LandscapeConfig } from "./config";
import { landscapeSetup, landscapeEntryDir, LandscapeRunOptions } from "./run";
import { computeGridRows, loadGridRow } from "./units";
import { defaultWorkers } from "../late-decay/run";

/**
 * The grid rows of shard `index` of `count`: j = index, index + count, … < nB.
 * @throws ConfigError for count < 1 or index ∉ [0, count)
 */
export function shardGridRows(nB: number, index: number, count: number): number[] {
  checkInt("shard count", count, 1);
  checkInt("shard index", index, 0, count - 1);
  checkInt("grid rows nB", nB, 1);
  return Array.from({ length: nB }, (_, j) => j).filter((j) => j % count === index);
}

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
 * @throws ConfigError for a bad config or shard; CancelledError when stopped (finished rows are kept)
 */
export async function runLandscapeShard(config: LandscapeConfig, opts: LandscapeShardOptions):
  Promise<{ computed: number; cached: number; rows: number[]; points: number }> {
  const { pcaRun, config: c, surface, grid } = await landscapeSetup(config, opts);
  const rows = shardGridRows(grid.bs.length, opts.index, opts.count);
  const backend = pcaRun.backend;
  if (validEntry(landscapeEntryDir(c, backend))) return { computed: 0, cached: rows.length, rows, points: gridSize(grid) };
  const missing = rows.filter((j) => !loadGridRow(c, backend, grid, j));
  const total = missing.length * grid.as.length;
  await computeGridRows(c, surface, grid, missing, {
    backend, workers: opts.workers ?? defaultWorkers(backend), signal: opts.signal,
    onPoint: (n) => opts.onProgress?.(n, total, `${missing.length} grid rows to compute (${rows.length - missing.length} of this shard's ${rows.length} already stored)`),
  });
  return { computed: missing.length, cached: rows.length - missing.length, rows, points: gridSize(grid) };
}
