/**
 * Landscape grid points evaluated on worker threads, a grid row (nA points) per job. Rows
 * come back as messages; the parent appends them to the partial file strictly in index
 * order, so an interrupted parallel run resumes exactly like a serial one, and the rows
 * equal a serial evaluation's: on the same backend, each point is evaluated alone (per-point
 * path) or in the same within-row chunks as serially (batched MLP path, see gridChunks).
 */
import * as path from "path";
import { LandscapeGrid, gridSize } from "../../analysis/grid";
import { Surface } from "../../analysis/surface";
import { LandscapeRow } from "../../analysis/landscape";
import { LandscapeConfig } from "./config";
import { runPool } from "../worker-pool";

/** One job: grid indices [from, to) of a config's surface. */
export interface GridJob {
  id: string;
  config: LandscapeConfig;
  surface: Surface;
  grid: LandscapeGrid;
  from: number;
  to: number;
}

/**
 * Evaluates grid indices [start, nA·nB) on `workers` threads.
 * @param onRow called for each row in index order (after all earlier rows)
 * @throws the first worker error; CancelledError when `signal` aborts
 */
export async function evaluateGridInWorkers(c: LandscapeConfig, surface: Surface, grid: LandscapeGrid, start: number, workers: number,
  opts: { onRow: (row: LandscapeRow, done: number, total: number) => void; signal?: AbortSignal }): Promise<LandscapeRow[]> {
  const total = gridSize(grid);
  const nA = grid.as.length;
  const jobs: GridJob[] = [];
  for (let from = start; from < total; from = Math.min(total, (Math.floor(from / nA) + 1) * nA)) {
    const to = Math.min(total, (Math.floor(from / nA) + 1) * nA);
    jobs.push({ id: `grid/${from}`, config: c, surface, grid, from, to });
  }
  const ready = new Map<number, LandscapeRow>();
  const out: LandscapeRow[] = [];
  let next = start;
  const flush = () => {
    while (ready.has(next)) {
      const row = ready.get(next)!;
      ready.delete(next);
      out.push(row);
      next++;
      opts.onRow(row, next, total);
    }
  };
  const workerFile = path.join(__dirname, `worker${path.extname(__filename)}`);
  await runPool(workerFile, jobs, workers, {
    signal: opts.signal,
    onResult: (_job, data) => { for (const r of data as LandscapeRow[]) ready.set(r.index, r); flush(); },
  });
  return out;
}
