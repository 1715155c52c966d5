/**
 * Notebook 02's experiment (paper Sec. 3, Fig. 3): the train and test loss landscapes of the
 * network on a surface through the weight trajectory, with the main path and the subpaths
 * drawn on it. Surfaces: the authors' curved PCA surface, the flat PCA plane, or Li et al.'s
 * random filter-normalized directions around the main path's final point.
 *
 * The grid is one cache entry keyed by the full landscape config (late-decay config, seed,
 * k, surface, grid, direction seed), the backend and the code version. While it is computed,
 * each finished point is appended to a partial file outside the entry folder
 * (data/cache/landscape-grid-partial/<key>.jsonl); an interrupted computation resumes there.
 */
import * as fs from "fs";
import * as path from "path";
import { cached, cacheKey, entryDir } from "../store/cache";
import { cacheDir } from "../store/paths";
import { CheckpointReader } from "../store/checkpoints";
import { withInterrupt } from "../core/cancel";
import { deriveSeed, Rng } from "../core/rng";
import { loadSplit } from "../data/datasets";
import { networkOf } from "../models/network";
import { toSetTensors, disposeSet } from "../train/evaluate";
import { LandscapeGrid, gridAroundPoints, gridFromRange, gridSize } from "../analysis/grid";
import { Surface, curvedPcaSurface, evalQuadratic, flatPcaSurface, surfaceCoordsOf } from "../analysis/surface";
import { TrajectoryPca } from "../analysis/pca";
import { randomDirectionsSurface } from "../analysis/directions";
import { LandscapeRow, evaluateLandscape } from "../analysis/landscape";
import { LandscapeConfig } from "./landscape-config";
import { PathCoords, TrajectoryPcaRun, trajectoryPcaRun, trajectoryRows, seedPaths, TRAJECTORY_PCA_CODE_VERSION } from "./trajectory-pca";
import { LATE_DECAY_CODE_VERSION } from "./late-decay-tasks";
import { ProgressFn, defaultWorkers } from "./late-decay";
import { evaluateGridInWorkers } from "./landscape-parallel";
import { readPartialRows, appendPartialRow } from "./landscape-partial";

/** Bump when a change alters the grid values this module produces. */
export const LANDSCAPE_CODE_VERSION = "landscape-1";
/** The grid's cache version includes the versions of everything upstream (checkpoints, PCA). */
const GRID_VERSION = `${LANDSCAPE_CODE_VERSION}+${TRAJECTORY_PCA_CODE_VERSION}+${LATE_DECAY_CODE_VERSION}`;

/** A path drawn on the landscape: its checkpoints' surface coordinates. */
export interface PathOnSurface {
  name: string;
  /** null for the main path */
  decayEpoch: number | null;
  epochs: number[];
  /** surface coordinates of each checkpoint, [T_path] each */
  a: number[];
  b: number[];
  /** the path's own metrics at its last evaluation (from its training history, not from the surface) */
  final?: { epoch: number; trainLoss: number; testLoss: number };
}

/** Result of {@link landscapeRun}. */
export interface LandscapeRun {
  config: LandscapeConfig;
  surface: LandscapeConfig["surface"];
  grid: LandscapeGrid;
  /** metrics at every grid point in row order (index j·nA + i) */
  rows: LandscapeRow[];
  /** main path first, then subpaths by decay epoch */
  paths: PathOnSurface[];
  /** PCA explained-variance ratios [k] (also reported for the random surface, for reference) */
  explainedVarianceRatio: number[];
  /** RMS over all checkpoints of their PC3 offset from the flat plane (|c3|) and from the curved surface (|c3 − q(c1)|) */
  pc3RmsOffset: { flat: number; curved: number };
  /** wall time of the grid evaluation when it was computed (seconds; excludes resumed points) */
  gridSeconds: number;
  /** points evaluated per second during that computation */
  pointsPerSecond: number;
  cacheHit: boolean;
}

/** Options of {@link landscapeRun}. */
export interface LandscapeRunOptions {
  /** progress: late-decay epochs first (when not cached), then grid points with rate and time left in the note */
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** worker threads for the grid (default as for the late-decay runs: LATE_DECAY_WORKERS, else the cores on wasm/cpu) */
  workers?: number;
}

const axisPaths = (paths: PathCoords[]): PathOnSurface[] => paths.map((p) => ({
  name: p.name, decayEpoch: p.decayEpoch, epochs: p.epochs, a: p.pcs.map((x) => x[0]), b: p.pcs.map((x) => x[1]),
}));

/** How far the checkpoints lie off each PCA surface along PC3 (RMS over all T checkpoints). */
function pc3RmsOffset(pca: TrajectoryPca): { flat: number; curved: number } {
  const { quad } = curvedPcaSurface(pca);
  let flat = 0, curved = 0;
  for (let t = 0; t < pca.count; t++) {
    const c1 = pca.coords[t * pca.k], c3 = pca.coords[t * pca.k + 2];
    flat += c3 * c3;
    curved += (c3 - evalQuadratic(quad, c1)) ** 2;
  }
  return { flat: Math.sqrt(flat / pca.count), curved: Math.sqrt(curved / pca.count) };
}

/** The surface of the config and the paths' (a, b) on it. Random: center = the main path's last checkpoint. */
function surfaceAndPaths(c: LandscapeConfig, run: TrajectoryPcaRun): { surface: Surface; paths: PathOnSurface[] } {
  if (c.surface === "flat") return { surface: flatPcaSurface(run.pca), paths: axisPaths(run.paths) };
  if (c.surface === "curved") return { surface: curvedPcaSurface(run.pca), paths: axisPaths(run.paths) };
  const { readers } = trajectoryRows(seedPaths(run.runs, c.seed));
  const main: CheckpointReader = readers[0];
  const layout = networkOf(c.lateDecay.model).layout;
  const surface = randomDirectionsSurface(layout, main.params(main.count - 1), new Rng(deriveSeed(c.directionSeed, "landscape-directions")));
  const paths = run.paths.map((p, n) => {
    const ab = p.epochs.map((_, t) => surfaceCoordsOf(surface, readers[n].params(t)));
    return { name: p.name, decayEpoch: p.decayEpoch, epochs: p.epochs, a: ab.map((x) => x.a), b: ab.map((x) => x.b) };
  });
  return { surface, paths };
}

function gridOf(c: LandscapeConfig, paths: PathOnSurface[]): LandscapeGrid {
  if (c.surface === "random") {
    const r = c.grid.randomRange;
    return gridFromRange({ aMin: -r, aMax: r, bMin: -r, bMax: r }, c.grid.nA, c.grid.nB);
  }
  return gridAroundPoints(paths.flatMap((p) => p.a), paths.flatMap((p) => p.b), c.grid);
}

/** "12.3 points/s, 1m05s left" from points done in this session. */
function rateNote(done: number, total: number, sessionDone: number, seconds: number): string {
  const rate = sessionDone / Math.max(seconds, 1e-9);
  const left = (total - done) / rate;
  return `grid ${done}/${total} points, ${rate.toFixed(2)} points/s, ${Number.isFinite(left) ? Math.round(left) : "?"}s left`;
}

async function computeGrid(c: LandscapeConfig, surface: Surface, grid: LandscapeGrid, partialFile: string,
  opts: { onProgress?: ProgressFn; signal: AbortSignal; workers: number }): Promise<{ rows: LandscapeRow[]; seconds: number; evaluated: number }> {
  const done = readPartialRows(partialFile, grid);
  const workers = Math.min(opts.workers, grid.bs.length);
  if (workers > 1 && gridSize(grid) - done.length > grid.as.length) {
    const t1 = performance.now();
    const rows = await evaluateGridInWorkers(c, surface, grid, done.length, workers, {
      signal: opts.signal,
      onRow: (row, n, total) => {
        appendPartialRow(partialFile, row);
        opts.onProgress?.(n, total, rateNote(n, total, n - done.length, (performance.now() - t1) / 1000));
      },
    });
    return { rows: [...done, ...rows], seconds: (performance.now() - t1) / 1000, evaluated: rows.length };
  }
  const split = loadSplit(c.lateDecay.data);
  const network = networkOf(c.lateDecay.model);
  const sets = { train: toSetTensors(split.train, network.numClasses), test: toSetTensors(split.test, network.numClasses) };
  const t0 = performance.now();
  try {
    const rows = await evaluateLandscape(network, surface, grid, sets, {
      start: done.length, signal: opts.signal,
      onRow: (row, n, total) => {
        appendPartialRow(partialFile, row);
        opts.onProgress?.(n, total, rateNote(n, total, n - done.length, (performance.now() - t0) / 1000));
      },
    });
    return { rows: [...done, ...rows], seconds: (performance.now() - t0) / 1000, evaluated: rows.length };
  } finally {
    disposeSet(sets.train);
    disposeSet(sets.test);
  }
}

/** Cache identity of a landscape grid: the entry folder and the partial file used while it is computed. */
export function landscapeCacheFiles(c: LandscapeConfig, backend: string): { entry: string; partial: string } {
  const key = { landscape: c, backend };
  return {
    entry: entryDir({ kind: "landscape-grid", codeVersion: GRID_VERSION, config: key }),
    partial: path.join(cacheDir("landscape-grid-partial"), `${cacheKey(key, GRID_VERSION)}.jsonl`),
  };
}

/**
 * Computes or loads the landscape grid of the config: trains/loads the late-decay runs of the
 * seed, computes/loads their PCA, builds the surface, and evaluates train loss/accuracy
 * (training subset) and test loss/accuracy (test set) at every grid point.
 * Interrupt (SIGINT) or `opts.signal` stops within one grid point; finished points are kept.
 * @throws ConfigError for an invalid config; CancelledError when stopped
 */
export async function landscapeRun(config: LandscapeConfig, opts: LandscapeRunOptions = {}): Promise<LandscapeRun> {
  const pcaRun = await trajectoryPcaRun(config, opts);
  const c = pcaRun.config;
  const key = { landscape: c, backend: pcaRun.backend };
  const partialFile = landscapeCacheFiles(c, pcaRun.backend).partial;
  const r = await cached({
    kind: "landscape-grid", codeVersion: GRID_VERSION, config: key,
    compute: async (dir) => {
      const { surface, paths } = surfaceAndPaths(c, pcaRun);
      const grid = gridOf(c, paths);
      const g = await withInterrupt((signal) => computeGrid(c, surface, grid, partialFile, { onProgress: opts.onProgress, signal, workers: opts.workers ?? defaultWorkers(pcaRun.backend) }), opts.signal);
      const pointsPerSecond = g.evaluated / Math.max(g.seconds, 1e-9);
      fs.writeFileSync(path.join(dir, "landscape.json"), JSON.stringify({ grid, rows: g.rows, paths, gridSeconds: g.seconds, pointsPerSecond }));
      return { gridSeconds: g.seconds, pointsPerSecond, points: gridSize(grid) };
    },
    load: (dir) => JSON.parse(fs.readFileSync(path.join(dir, "landscape.json"), "utf8")),
  });
  fs.rmSync(partialFile, { force: true });
  const v = r.value as Pick<LandscapeRun, "grid" | "rows" | "paths" | "gridSeconds" | "pointsPerSecond">;
  if (r.hit) opts.onProgress?.(v.rows.length, v.rows.length, "landscape grid (cached)");
  const histories = seedPaths(pcaRun.runs, c.seed).map((p) => p.history[p.history.length - 1]);
  const paths = v.paths.map((p, n) => ({ ...p, final: { epoch: histories[n].epoch, trainLoss: histories[n].trainLoss, testLoss: histories[n].testLoss } }));
  return { config: c, surface: c.surface, ...v, paths, explainedVarianceRatio: pcaRun.pca.explainedVarianceRatio,
    pc3RmsOffset: pc3RmsOffset(pcaRun.pca), cacheHit: r.hit };
}
