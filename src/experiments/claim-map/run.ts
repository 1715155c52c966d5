/**
 * Runs the claim map (notebook 01b): one late-decay experiment per cell (data set × model × weight
 * decay; paper Sec. 2, Fig. 1 with two decay epochs), one cell after another, each through
 * runLateDecay — so every path is its own cache entry, resumes, and is the entry a shard of
 * `npm run shard -- 01b` writes (./shard.ts). A cell whose training diverges is recorded with
 * where it diverged, and the map goes on with the next cell.
 */
import { DivergenceError } from "../../core/errors";
import { initBackend } from "../../env/backend";
import { runLateDecay } from "../late-decay";
import { epochsPerSeed, mapCells } from "./cells";
import { checkClaimMapConfig } from "./config";
import { claimMapEstimate, describeEstimate, refuseIfMapTooSlow } from "./estimate";
import { cellStats } from "./report";
import type { ClaimMap, ClaimMapConfig, ClaimMapRunOptions, CompletedMapCell, DivergedMapCell } from "./types";

/**
 * Trains (or loads from the cache) every cell of the map. Before training it estimates the
 * uncached work (reported as the first progress note) and, on wasm/cpu, refuses a map estimated
 * above CLAIM_MAP_MAX_HOURS_ON_SLOW_BACKEND unless `forceSlowBackend`. Progress counts epochs over
 * the whole map; each note names the cell ("cell 3/18 mnist-idx · MLP · λ=0.001: …").
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
  const perCell = c.seeds.length * epochsPerSeed(c), total = perCell * cells.length;
  opts.onProgress?.(0, total, `estimate: ${describeEstimate(estimate)}`);
  const out: (CompletedMapCell | DivergedMapCell)[] = [];
  let before = 0; // units of earlier cells not computed by this call
  for (const [i, cell] of cells.entries()) {
    const where = `cell ${i + 1}/${cells.length} ${cell.id}`;
    let cellBefore = 0;
    try {
      const runs = await runLateDecay(cell.config, {
        signal: opts.signal, workers: opts.workers, forceSlowBackend: true, // the map's estimate above decided
        onProgress: (done, _t, note, doneBefore = 0) => {
          cellBefore = doneBefore;
          opts.onProgress?.(i * perCell + done, total, `${where}: ${note}`, before + cellBefore);
        },
      });
      before += cellBefore;
      out.push({ cell, runs, stats: cellStats(runs) });
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      out.push({ cell, diverged: { message: e.message, details: e.details } });
      opts.onProgress?.((i + 1) * perCell, total, `${where}: diverged (${e.message})`);
    }
  }
  return { config: c, cells: out, backend, wallSeconds: (performance.now() - t0) / 1000 };
}
