/**
 * A landscape grid is computed and stored one grid row at a time (the nA points at one b):
 * each finished row is its own atomic cache entry "landscape-grid-row", keyed by the full
 * landscape config, the backend, the grid's a values, the row's b value and the code
 * versions. So
 *   - an interrupted grid computation resumes after its last finished row;
 *   - shards on other machines (scripts/shard.ts, `--shard k/N`: rows j ≡ k mod N) write the
 *     same entries into a shared data folder, and the notebook's landscapeRun assembles the
 *     grid entry from them, computing only rows that are still missing.
 * A point's value does not depend on which other points are evaluated with it (each row is
 * evaluated as a one-row grid, the same computation in a serial run, a worker or a shard),
 * so the assembled grid equals a serial run's byte for byte.
 */
import * as fs from "fs";
import * as path from "path";
import { cached, entryDir, validEntry } from "../../store/cache";
import { loadSplit } from "../../data/datasets";
import { networkOf } from "../../models/network";
import { toSetTensors, disposeSet } from "../../train/evaluate";
import { LandscapeGrid } from "../../analysis/grid";
import { Surface } from "../../analysis/surface";
import { LandscapeRow, evaluateLandscape } from "../../analysis/landscape";
import { LandscapeConfig } from "./config";
import { TRAJECTORY_PCA_CODE_VERSION } from "./pca";
import { pathCodeVersion } from "../late-decay/units";
import { evaluateGridInWorkers } from "./parallel";

/** Bump when a change alters the grid values this module produces. */
export const LANDSCAPE_CODE_VERSION = "landscape-3";
/** The grid's cache version includes the versions of everything upstream (checkpoints, PCA). */
export function gridVersion(c: LandscapeConfig): string {
  return `${LANDSCAPE_CODE_VERSION}+${TRAJECTORY_PCA_CODE_VERSION}+${pathCodeVersion(c.lateDecay.model)}`;
}
const ROW_KIND = "landscape-grid-row";

/** A stored grid row: its nA points (flat indices j·nA … j·nA + nA − 1) and the wall time spent on it (s). */
export interface StoredGridRow {
  rows: LandscapeRow[];
  seconds: number;
}

/** Cache entry folder of grid row j (whether or not it exists). */
export function gridRowDir(c: LandscapeConfig, backend: string, grid: LandscapeGrid, j: number): string {
  return entryDir({ kind: ROW_KIND, codeVersion: gridVersion(c), config: { landscape: c, backend, as: grid.as, b: grid.bs[j], row: j } });
}

/** Grid row j from the cache, or null when it is absent or damaged. */
export function loadGridRow(c: LandscapeConfig, backend: string, grid: LandscapeGrid, j: number): StoredGridRow | null {
  const dir = gridRowDir(c, backend, grid, j);
  const manifest = validEntry(dir);
  if (!manifest) return null;
  return { rows: JSON.parse(fs.readFileSync(path.join(dir, "rows.json"), "utf8")), seconds: Number(manifest.meta.seconds) };
}

/** Removes the row entries of a grid (once the whole grid is stored as one entry they are redundant). */
export function removeGridRows(c: LandscapeConfig, backend: string, grid: LandscapeGrid): void {
  for (let j = 0; j < grid.bs.length; j++) fs.rmSync(gridRowDir(c, backend, grid, j), { recursive: true, force: true });
}

/** Options of {@link computeGridRows}. */
export interface GridRowsOptions {
  backend: string;
  /** worker threads (1 = evaluate in this thread) */
  workers: number;
  signal?: AbortSignal;
  /** called after every point with the number of points evaluated in this call */
  onPoint?: (evaluated: number) => void;
}

/**
 * Evaluates grid rows `rowIndices` (each j ∈ [0, nB)) of the grid on the surface and stores
 * each as a cache entry as soon as its nA points are done; rows finished before an interrupt
 * stay stored. Rows are evaluated as one sub-grid {as, bs: the rows' b values} — in `workers`
 * threads (a row per job) or in this thread — and re-indexed to the full grid.
 * @throws CancelledError when `signal` aborts; the first worker or evaluation error
 */
export async function computeGridRows(c: LandscapeConfig, surface: Surface, grid: LandscapeGrid, rowIndices: number[],
  opts: GridRowsOptions): Promise<void> {
  if (rowIndices.length === 0) return;
  const nA = grid.as.length;
  const sub: LandscapeGrid = { as: grid.as, bs: rowIndices.map((j) => grid.bs[j]) };
  let pending: LandscapeRow[] = [], writes: Promise<unknown> = Promise.resolve(), last = performance.now(), evaluated = 0;
  const onRow = (r: LandscapeRow) => {
    const k = Math.floor(r.index / nA), j = rowIndices[k];
    pending.push({ ...r, index: j * nA + (r.index % nA) });
    opts.onPoint?.(++evaluated);
    if (pending.length < nA) return;
    const rows = pending, seconds = (performance.now() - last) / 1000;
    pending = [];
    last = performance.now();
    writes = writes.then(() => storeRow(c, opts.backend, grid, j, rows, seconds));
  };
  try {
    const workers = Math.min(opts.workers, rowIndices.length);
    if (workers > 1) await evaluateGridInWorkers(c, surface, sub, 0, workers, { signal: opts.signal, onRow });
    else await evaluateInThisThread(c, surface, sub, opts.signal, onRow);
  } finally {
    await writes;
  }
}

function storeRow(c: LandscapeConfig, backend: string, grid: LandscapeGrid, j: number, rows: LandscapeRow[], seconds: number) {
  return cached({
    kind: ROW_KIND, codeVersion: gridVersion(c), config: { landscape: c, backend, as: grid.as, b: grid.bs[j], row: j },
    compute: async (dir) => {
      fs.writeFileSync(path.join(dir, "rows.json"), JSON.stringify(rows));
      return { seconds };
    },
    load: () => undefined,
  });
}

async function evaluateInThisThread(c: LandscapeConfig, surface: Surface, grid: LandscapeGrid, signal: AbortSignal | undefined,
  onRow: (r: LandscapeRow) => void): Promise<void> {
  const split = loadSplit(c.lateDecay.data);
  const network = networkOf(c.lateDecay.model);
  const sets = { train: toSetTensors(split.train, network.numClasses), test: toSetTensors(split.test, network.numClasses) };
  try {
    // one call for all rows (the surface's basis is set up once); its chunks of points never cross a
    // grid row, so every point is computed exactly as a worker computes it (one row per job)
    await evaluateLandscape(network, surface, grid, sets, { signal, onRow });
  } finally {
    disposeSet(sets.train);
    disposeSet(sets.test);
  }
}
