/**
 * Runs the claim map (notebook 01b): one late-decay experiment per cell (data set × model × weight
 * decay; paper Sec. 2, Fig. 1 with two decay epochs), one cell after another, each through
 * runLateDecay — so every path is its own cache entry, resumes, and is the entry a shard of
 * `npm run shard -- 01b` writes (./shard.ts). A cell whose training diverges is recorded with
 * where it diverged, and the map goes on with the next cell.
 */
import { initBackend } from "../../env/backend";
import { experimentWork, runLateDecay } from "../late-decay";
import { runGrid } from "../kit/grid";
import { mapCells } from "./cells";
import { checkClaimMapConfig } from "./config";
import { claimMapEstimate, describeEstimate, refuseIfMapTooSlow } from "./estimate";
import { cellStats } from "./report";
import type { ClaimMap, ClaimMapConfig, ClaimMapRunOptions, MapCellResult } from "./types";

/**
 * Trains (or loads from the cache) every cell of the map through the kit's grid runner
 * (../kit/grid.ts). Before training it estimates the uncached work (reported as the first progress
 * note) and, on wasm/cpu, refuses a map estimated above CLAIM_MAP_MAX_HOURS_ON_SLOW_BACKEND unless
 * `forceSlowBackend`. Progress counts epochs over the whole map (late-decay/work.ts); each note
 * names the cell ("cell 3/18 mnist-idx · MLP · λ=0.001: …").
 * @returns every cell in the config's order, completed (runs and paired statistics) or diverged
 * @throws ConfigError for an invalid map (naming the value and the cell) or one too slow for this
 *   backend (with its estimate); CancelledError when stopped (finished paths stay cached);
 *   DataFileError for missing data files
 */
export async function runClaimMap(config: ClaimMapConfig, opts: ClaimMapRunOptions = {}): Promise<ClaimMap> {
  const c = checkClaimMapConfig(config);
  const backend = (await initBackend()).computeId;
  const t0 = performance.now();
  const estimate = await claimMapEstimate(c, { workers: opts.workers });
  refuseIfMapTooSlow(estimate, opts.forceSlowBackend ?? false);
  const cells = mapCells(c);
  const size = (cell: (typeof cells)[number]) => experimentWork(cell.config).epochs;
  opts.onProgress?.(
    0,
    cells.reduce((s, cell) => s + size(cell), 0),
    `estimate: ${describeEstimate(estimate)}`,
  );
  const grid = await runGrid(cells, {
    size,
    label: (cell, i, n) => `cell ${i + 1}/${n} ${cell.id}`,
    // forceSlowBackend: the map's estimate above decided
    run: (cell, onProgress) =>
      runLateDecay(cell.config, { signal: opts.signal, workers: opts.workers, forceSlowBackend: true, onProgress }),
    onProgress: opts.onProgress,
  });
  const out = grid.map((g): MapCellResult => (g.diverged ? g : { ...g, stats: cellStats(g.runs) }));
  return { config: c, cells: out, backend, wallSeconds: (performance.now() - t0) / 1000 };
}
