/**
 * Notebook 02's experiment (paper Sec. 3, Fig. 3): the train and test loss landscapes of the
 * network on a surface through the weight trajectory, with the main path and the subpaths
 * drawn on it. Surfaces: the authors' curved PCA surface, the flat PCA plane, or Li et al.'s
 * random filter-normalized directions around the main path's final point.
 *
 * The grid is one cache entry keyed by the full landscape config (late-decay config, seed,
 * k, surface, grid, direction seed), the backend and the code version. It is assembled from
 * per-row entries (./landscape-rows.ts) that a computation writes as it goes, so an
 * interrupted computation resumes after its last finished grid row, and shards run on other
 * machines (./landscape-shard.ts) fill the same rows.
 */
import * as fs from "fs";
import * as path from "path";
import { cached, entryDir } from "../../store/cache";
import { CheckpointReader } from "../../store/checkpoints";
import { withInterrupt } from "../../core/cancel";
import { deriveSeed, Rng } from "../../core/rng";
import { networkOf } from "../../models/network";
import { LandscapeGrid, gridAroundPoints, gridFromRange, gridSize } from "../../analysis/grid";
import { Surface, curvedPcaSurface, evalQuadratic, flatPcaSurface, surfaceCoordsOf } from "../../analysis/surface";
import { TrajectoryPca } from "../../analysis/pca";
import { randomDirectionsSurface } from "../../analysis/directions";
import { LandscapeRow } from "../../analysis/landscape";
import { LandscapeConfig } from "./config";
import { PathCoords, TrajectoryPcaRun, trajectoryPcaRun, trajectoryRows, seedPaths } from "./pca";
import { ProgressFn, defaultWorkers } from "../late-decay/run";
import { gridVersion, computeGridRows, gridRowDir, loadGridRow, removeGridRows, type StoredGridRow } from "./units";

export { LANDSCAPE_CODE_VERSION } from "./units";

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
  /** seconds spent computing the grid rows, summed over rows (one run: its wall time, resumed runs and shards: their times added) */
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

/**
 * The grid's rows: those already stored (by an earlier, interrupted computation or by shards)
 * are loaded, the missing ones computed and stored row by row.
 */
async function computeGrid(c: LandscapeConfig, backend: string, surface: Surface, grid: LandscapeGrid,
  opts: { onProgress?: ProgressFn; signal: AbortSignal; workers: number }): Promise<StoredGridRow[]> {
  const nA = grid.as.length, total = gridSize(grid);
  const stored = grid.bs.map((_, j) => loadGridRow(c, backend, grid, j));
  const missing = stored.flatMap((r, j) => (r ? [] : [j]));
  const before = total - missing.length * nA, t0 = performance.now();
  await computeGridRows(c, surface, grid, missing, {
    backend, workers: opts.workers, signal: opts.signal,
    onPoint: (n) => opts.onProgress?.(before + n, total, rateNote(before + n, total, n, (performance.now() - t0) / 1000)),
  });
  return grid.bs.map((_, j) => {
    const r = stored[j] ?? loadGridRow(c, backend, grid, j);
    if (!r) throw new Error(`landscape grid row ${j} was computed but its cache entry ${gridRowDir(c, backend, grid, j)} is not readable`);
    return r;
  });
}

/** Cache entry folder of a landscape grid (whether or not it exists). */
export function landscapeEntryDir(c: LandscapeConfig, backend: string): string {
  return entryDir({ kind: "landscape-grid", codeVersion: gridVersion(c), config: { landscape: c, backend } });
}

/** The PCA run, surface, paths on it and grid of a landscape config (everything but the grid values). */
export interface LandscapeSetup {
  pcaRun: TrajectoryPcaRun;
  config: LandscapeConfig;
  surface: Surface;
  paths: PathOnSurface[];
  grid: LandscapeGrid;
}

/**
 * Trains/loads the late-decay runs of the config's seed, computes/loads their PCA, and builds
 * the surface, the paths' coordinates on it and the grid.
 * @throws ConfigError for an invalid config; CancelledError when stopped
 */
export async function landscapeSetup(config: LandscapeConfig, opts: LandscapeRunOptions = {}): Promise<LandscapeSetup> {
  const pcaRun = await trajectoryPcaRun(config, opts);
  const { surface, paths } = surfaceAndPaths(pcaRun.config, pcaRun);
  return { pcaRun, config: pcaRun.config, surface, paths, grid: gridOf(pcaRun.config, paths) };
}

/**
 * Computes or loads the landscape grid of the config: trains/loads the late-decay runs of the
 * seed, computes/loads their PCA, builds the surface, and evaluates train loss/accuracy
 * (training subset) and test loss/accuracy (test set) at every grid point. Rows stored by an
 * interrupted computation or by shards are used; the rest is computed.
 * Interrupt (SIGINT) or `opts.signal` stops within one chunk of grid points (MLPs: ≤ 8 points; else one
 * point); finished grid rows are kept.
 * @throws ConfigError for an invalid config; CancelledError when stopped
 */
export async function landscapeRun(config: LandscapeConfig, opts: LandscapeRunOptions = {}): Promise<LandscapeRun> {
  const { pcaRun, config: c, surface, paths: surfacePaths, grid } = await landscapeSetup(config, opts);
  const backend = pcaRun.backend;
  const r = await cached({
    kind: "landscape-grid", codeVersion: gridVersion(c), config: { landscape: c, backend },
    compute: async (dir) => {
      const workers = opts.workers ?? defaultWorkers(backend);
      const rows = await withInterrupt((signal) => computeGrid(c, backend, surface, grid, { onProgress: opts.onProgress, signal, workers }), opts.signal);
      const gridSeconds = rows.reduce((s, x) => s + x.seconds, 0);
      fs.writeFileSync(path.join(dir, "landscape.json"), JSON.stringify({ grid, rows: rows.flatMap((x) => x.rows), paths: surfacePaths }));
      return { gridSeconds, pointsPerSecond: gridSize(grid) / Math.max(gridSeconds, 1e-9), points: gridSize(grid) };
    },
    load: (dir, manifest) => ({
      ...JSON.parse(fs.readFileSync(path.join(dir, "landscape.json"), "utf8")),
      gridSeconds: Number(manifest.meta.gridSeconds), pointsPerSecond: Number(manifest.meta.pointsPerSecond),
    }),
  });
  removeGridRows(c, backend, grid);
  const v = r.value as Pick<LandscapeRun, "grid" | "rows" | "paths" | "gridSeconds" | "pointsPerSecond">;
  if (r.hit) opts.onProgress?.(v.rows.length, v.rows.length, "landscape grid (cached)");
  const histories = seedPaths(pcaRun.runs, c.seed).map((p) => p.history[p.history.length - 1]);
  const paths = v.paths.map((p, n) => ({ ...p, final: { epoch: histories[n].epoch, trainLoss: histories[n].trainLoss, testLoss: histories[n].testLoss } }));
  return { config: c, surface: c.surface, ...v, paths, explainedVarianceRatio: pcaRun.pca.explainedVarianceRatio,
    pc3RmsOffset: pc3RmsOffset(pcaRun.pca), cacheHit: r.hit };
}
