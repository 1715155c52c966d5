/**
 * Notebook 02's experiment (paper Sec. 3, Fig. 3): the train and test loss landscapes of the
 * network on a surface through the weight trajectory, with the main path and the subpaths
 * drawn on it. Surfaces: the authors' curved PCA surface, the flat PCA plane, or Li et al.'s
 * random filter-normalized directions around the main path's final point.
 *
 * The grid is one cache entry keyed by the full landscape config (late-decay config, seed,
 * k, surface, grid, direction seed), the backend, the code version and the PCA's content hash. It is assembled from
 * per-row entries (./units.ts) that a computation writes as it goes (kit/assemble.ts: the rows are
 * kept), so an interrupted computation resumes after its last finished grid row, and shards run on
 * other machines (./shard.ts) fill the same rows.
 */
import { entryContentHash, entryDir, validEntry } from "../../store/cache";
import { DataFileError } from "../../core/errors";
import { readJson, writeJson } from "../../store/files";
import { CheckpointReader } from "../../store/checkpoints";
import { deriveSeed, Rng } from "../../core/rng";
import { networkOf } from "../../models/network";
import { runUnits, storedEntries, type WorkUnit } from "../../runner";
import { assembleEntry } from "../kit/assemble";
import { initBackend } from "../../env/backend";
import { LandscapeGrid, gridAroundPoints, gridFromRange, gridSize } from "../../analysis/grid";
import { Surface, curvedPcaSurface, evalQuadratic, flatPcaSurface, surfaceCoordsOf } from "../../analysis/surface";
import { TrajectoryPca } from "../../analysis/pca";
import { randomDirectionsSurface } from "../../analysis/directions";
import { LandscapeConfig } from "./config";
import { pcaUnits, seedPaths, trajectoryPcaRun, trajectoryRows } from "./pca";
import { GRID_VERSION, LANDSCAPE_FAMILIES, StoredGridRow, gridRowUnits, loadGridRow } from "./units";
import {
  LandscapeRun,
  LandscapeRunOptions,
  LandscapeSetup,
  PathCoords,
  PathOnSurface,
  RowPayload,
  TrajectoryPcaRun,
} from "./types";

export { LANDSCAPE_CODE_VERSION } from "./units";

const axisPaths = (paths: PathCoords[]): PathOnSurface[] =>
  paths.map((p) => ({
    name: p.name,
    decayEpoch: p.decayEpoch,
    epochs: p.epochs,
    a: p.pcs.map((x) => x[0]),
    b: p.pcs.map((x) => x[1]),
  }));

/** How far the checkpoints lie off each PCA surface along PC3 (RMS over all T checkpoints). */
function pc3RmsOffset(pca: TrajectoryPca): { flat: number; curved: number } {
  const { quad } = curvedPcaSurface(pca);
  let flat = 0,
    curved = 0;
  for (let t = 0; t < pca.count; t++) {
    const c1 = pca.coords[t * pca.k],
      c3 = pca.coords[t * pca.k + 2];
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
  const surface = randomDirectionsSurface(
    layout,
    main.params(main.count - 1),
    new Rng(deriveSeed(c.directionSeed, "landscape-directions")),
  );
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
  return gridAroundPoints(
    paths.flatMap((p) => p.a),
    paths.flatMap((p) => p.b),
    c.grid,
  );
}

/** "12.3 points/s, 1m05s left" from points done in this session. */
function rateNote(done: number, total: number, sessionDone: number, seconds: number): string {
  const rate = sessionDone / Math.max(seconds, 1e-9);
  const left = (total - done) / rate;
  return `grid ${done}/${total} points, ${rate.toFixed(2)} points/s, ${Number.isFinite(left) ? Math.round(left) : "?"}s left`;
}

/** The units of the grid: the seed's paths and their PCA, and one unit per grid row (`rows`, in row order). */
function gridUnits(setup: LandscapeSetup): { units: WorkUnit[]; rows: WorkUnit<RowPayload>[] } {
  const backend = setup.pcaRun.backend;
  const rows = gridRowUnits(setup.config, backend, setup.surface, setup.grid);
  return { units: [...pcaUnits(setup.config, backend), ...rows], rows };
}

/** Every grid row's stored entry by row index (payload.row), null where missing. */
function storedRows(setup: LandscapeSetup): (StoredGridRow | null)[] {
  const { units, rows } = gridUnits(setup);
  const stored = storedEntries(units);
  const out: (StoredGridRow | null)[] = setup.grid.bs.map(() => null);
  for (const u of rows) {
    const e = stored.get(u.id);
    if (e) out[u.payload.row] = loadGridRow(e.dir, e.manifest.meta);
  }
  return out;
}

/** What {@link computeGridRows} did. */
export interface GridRowsReport {
  /** every stored row by row index (null for rows still missing: other shards' rows) */
  rows: (StoredGridRow | null)[];
  /** the rows selected (this shard's, or all), by row index */
  selected: number[];
  computed: number;
  cached: number;
}

/**
 * Computes the missing grid rows (those of shard `opts.shard`, when given; only `opts.rows`, when
 * given) with the runner and reads every stored row. Rows stored by an interrupted computation or by
 * shards count as done.
 * @throws ConfigError for a bad shard or worker count; CancelledError when stopped (finished rows stay stored)
 */
export async function computeGridRows(
  setup: LandscapeSetup,
  opts: LandscapeRunOptions & { shard?: { index: number; count: number }; rows?: number[] } = {},
): Promise<GridRowsReport> {
  const { units, rows } = gridUnits(setup);
  const only = opts.rows ? new Set(opts.rows) : null;
  const chosen = new Set(rows.filter((u) => only === null || only.has(u.payload.row)).map((u) => u.id));
  const rowOf = new Map(rows.map((u) => [u.id, u.payload.row]));
  let first = -1;
  const t0 = performance.now();
  const report = await runUnits(units, {
    select: (u) => chosen.has(u.id),
    shard: opts.shard,
    signal: opts.signal,
    families: LANDSCAPE_FAMILIES,
    workers: opts.workers,
    backend: (await initBackend()).backend,
    onProgress: ({ done, total: all, allCached }) => {
      if (first < 0) first = done;
      opts.onProgress?.(
        done,
        all,
        allCached ? "all grid rows stored" : rateNote(done, all, done - first, (performance.now() - t0) / 1000),
      );
    },
  });
  return {
    rows: storedRows(setup),
    selected: report.selected.map((id) => rowOf.get(id) as number),
    computed: report.computed.length,
    cached: report.cached.length,
  };
}

/** The grid entry's key: the landscape config, the backend and the PCA's content hash. */
function gridEntryKey(setup: LandscapeSetup) {
  const manifest = validEntry(setup.pcaRun.dir);
  if (!manifest) throw new DataFileError(`trajectory PCA entry ${setup.pcaRun.dir} is not readable`);
  return {
    kind: "landscape-grid",
    codeVersion: GRID_VERSION,
    config: { landscape: setup.config, backend: setup.pcaRun.backend, pca: entryContentHash(manifest) },
  };
}

/** Cache folder of the assembled grid entry (whether or not it exists). */
export function gridEntryDir(setup: LandscapeSetup): string {
  return entryDir(gridEntryKey(setup));
}

/** Whether the assembled grid entry of a setup is stored (then its rows are not needed). */
export function gridStored(setup: LandscapeSetup): boolean {
  return validEntry(gridEntryDir(setup)) !== null;
}

/** Grid row j's stored entry, or null when it is missing (or its PCA is). */
export function storedGridRow(setup: LandscapeSetup, j: number): StoredGridRow | null {
  return storedRows(setup)[j] ?? null;
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
  const setup = await landscapeSetup(config, opts);
  const { pcaRun, config: c, paths: surfacePaths, grid } = setup;
  const r = await assembleEntry({
    ...gridEntryKey(setup),
    part: "landscape grid row",
    parts: async () => (await computeGridRows(setup, opts)).rows,
    write: (dir, stored) => {
      const gridSeconds = stored.reduce((s, x) => s + x.seconds, 0);
      writeJson(dir, "landscape.json", { grid, rows: stored.flatMap((x) => x.rows), paths: surfacePaths });
      return { gridSeconds, pointsPerSecond: gridSize(grid) / Math.max(gridSeconds, 1e-9), points: gridSize(grid) };
    },
    load: (dir, manifest) => ({
      ...readJson<Pick<LandscapeRun, "grid" | "rows" | "paths">>(dir, "landscape.json"),
      gridSeconds: Number(manifest.meta.gridSeconds),
      pointsPerSecond: Number(manifest.meta.pointsPerSecond),
    }),
  });
  const v = r.value;
  if (r.hit) opts.onProgress?.(v.rows.length, v.rows.length, "landscape grid (cached)");
  const histories = seedPaths(pcaRun.runs, c.seed).map((p) => p.history[p.history.length - 1]);
  const paths = v.paths.map((p, n) => ({
    ...p,
    final: { epoch: histories[n].epoch, trainLoss: histories[n].trainLoss, testLoss: histories[n].testLoss },
  }));
  return {
    config: c,
    surface: c.surface,
    ...v,
    paths,
    explainedVarianceRatio: pcaRun.pca.explainedVarianceRatio,
    pc3RmsOffset: pc3RmsOffset(pcaRun.pca),
    cacheHit: r.hit,
  };
}
