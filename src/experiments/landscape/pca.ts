/**
 * PCA of one seed's weight trajectory (paper Sec. 3, Fig. 3 and the 3D "direction after decay"
 * view): the main path's checkpoints and every subpath's checkpoints together, as the authors
 * do, centered and decomposed by `trajectoryPca`. The sign of each component is fixed by the
 * main path's last checkpoint (positive coordinate), so figures do not flip between runs.
 *
 * Rows are read one at a time from the checkpoint files (never all held as JS number arrays).
 * The result is cached (mean, components, coordinates) keyed by the late-decay config, seed, k,
 * backend and code version.
 */
import * as fs from "fs";
import * as path from "path";
import { initBackend } from "../../env/backend";
import { cached } from "../../store/cache";
import { CheckpointReader } from "../../store/checkpoints";
import { f32Bytes, readF32 } from "../../store/files";
import { DataFileError } from "../../core/errors";
import { RowSource, TrajectoryPca, trajectoryPca } from "../../analysis/pca";
import { LandscapeConfig, checkLandscapeConfig, singleSeedConfig } from "./config";
import { LateDecayRuns, PathRun, ProgressFn, runLateDecay } from "../late-decay/run";

/** Bump when a change alters the PCA this module produces. */
import { pathCodeVersion } from "../late-decay/units";

export const TRAJECTORY_PCA_CODE_VERSION = "trajectory-pca-1";

/** One path's rows inside the PCA input and its coordinates on the principal components. */
export interface PathCoords {
  kind: "main" | "subpath";
  /** null for the main path */
  decayEpoch: number | null;
  /** legend label: "main path" or "decay at <epoch>" */
  name: string;
  /** epoch of each checkpoint, [T_path]; a subpath's first checkpoint is its decay point */
  epochs: number[];
  /** first row of this path in the PCA input */
  firstRow: number;
  /** coordinates on the k components, [T_path][k] */
  pcs: number[][];
}

/** Result of {@link trajectoryPcaRun}. */
export interface TrajectoryPcaRun {
  config: LandscapeConfig;
  backend: string;
  /** PCA of all rows (main path first, then subpaths by decay epoch) */
  pca: TrajectoryPca;
  /** main path first, then subpaths in decay-epoch order */
  paths: PathCoords[];
  /** the late-decay runs read (their `dir`s hold the checkpoints) */
  runs: LateDecayRuns;
  cacheHit: boolean;
}

/** Options of {@link trajectoryPcaRun}. */
export interface PcaRunOptions {
  /** progress of the late-decay runs (epochs), when they are not cached yet */
  onProgress?: ProgressFn;
  signal?: AbortSignal;
}

/** The PCA input: every checkpoint of the seed's main path then of each subpath, read from disk. */
export function trajectoryRows(runs: PathRun[]): { source: RowSource; readers: CheckpointReader[] } {
  const readers = runs.map((r) => new CheckpointReader(r.dir));
  const offsets: number[] = [];
  let count = 0;
  for (const r of readers) {
    offsets.push(count);
    count += r.count;
  }
  const readRow = (i: number) => {
    let p = readers.length - 1;
    while (offsets[p] > i) p--;
    return readers[p].params(i - offsets[p]);
  };
  return { source: { count, dim: readers[0].index.dim, readRow }, readers };
}

/** The seed's paths in PCA row order: its main path first, then its subpaths by decay epoch. */
export function seedPaths(runs: LateDecayRuns, seed: number): PathRun[] {
  const mine = runs.paths.filter((p) => p.seed === seed);
  const main = mine.filter((p) => p.kind === "main");
  if (main.length !== 1) throw new DataFileError(`expected one main path for seed ${seed}, found ${main.length}`);
  const subs = mine.filter((p) => p.kind === "subpath").sort((x, y) => (x.decayEpoch as number) - (y.decayEpoch as number));
  return [main[0], ...subs];
}

function pathCoords(paths: PathRun[], readers: CheckpointReader[], pca: TrajectoryPca): PathCoords[] {
  let row = 0;
  return paths.map((p, n) => {
    const epochs = readers[n].index.epochs.slice();
    const pcs = epochs.map((_, t) => Array.from(pca.coords.subarray((row + t) * pca.k, (row + t + 1) * pca.k)));
    const out: PathCoords = {
      kind: p.kind, decayEpoch: p.decayEpoch, name: p.kind === "main" ? "main path" : `decay at ${p.decayEpoch}`,
      epochs, firstRow: row, pcs,
    };
    row += epochs.length;
    return out;
  });
}

const savePca = (dir: string, pca: TrajectoryPca, paths: PathCoords[]) => {
  fs.writeFileSync(path.join(dir, "mean.f64"), Buffer.from(pca.mean.buffer, pca.mean.byteOffset, pca.mean.byteLength));
  const comps = new Float32Array(pca.k * pca.dim);
  pca.components.forEach((v, j) => comps.set(v, j * pca.dim));
  fs.writeFileSync(path.join(dir, "components.f32"), f32Bytes(comps));
  const { count, dim, k, explainedVarianceRatio } = pca;
  fs.writeFileSync(path.join(dir, "pca.json"), JSON.stringify({ count, dim, k, explainedVarianceRatio, coords: Array.from(pca.coords), paths }));
};

const loadPca = (dir: string): { pca: TrajectoryPca; paths: PathCoords[] } => {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "pca.json"), "utf8"));
  const buf = fs.readFileSync(path.join(dir, "mean.f64"));
  const mean = new Float64Array(meta.dim);
  new Uint8Array(mean.buffer).set(buf);
  const comps = readF32(path.join(dir, "components.f32"), meta.k, meta.dim);
  const components = Array.from({ length: meta.k }, (_, j) => comps.slice(j * meta.dim, (j + 1) * meta.dim));
  const pca: TrajectoryPca = {
    count: meta.count, dim: meta.dim, k: meta.k, mean, components,
    explainedVarianceRatio: meta.explainedVarianceRatio, coords: Float64Array.from(meta.coords),
  };
  return { pca, paths: meta.paths };
};

/**
 * Trains or loads the seed's main path and subpaths (notebook 01's runs), then computes or loads
 * the PCA of all their checkpoints together. Sign rule: the main path's last checkpoint has a
 * positive coordinate on every component.
 * @returns the PCA (mean [P], components k × [P], explained-variance ratios [k], coords [T, k]) and per-path coordinates
 * @throws ConfigError for an invalid config; errors of runLateDecay; DataFileError for damaged checkpoints
 */
export async function trajectoryPcaRun(config: LandscapeConfig, opts: PcaRunOptions = {}): Promise<TrajectoryPcaRun> {
  const c = checkLandscapeConfig(config);
  const { backend } = await initBackend();
  const runs = await runLateDecay(singleSeedConfig(c), opts);
  const paths = seedPaths(runs, c.seed);
  const r = await cached({
    kind: "trajectory-pca", codeVersion: `${TRAJECTORY_PCA_CODE_VERSION}+${pathCodeVersion(c.lateDecay.model)}`, // upstream checkpoints' version too
    config: { lateDecay: singleSeedConfig(c), seed: c.seed, k: c.k, backend },
    compute: async (dir) => {
      const t0 = performance.now();
      const { source, readers } = trajectoryRows(paths);
      const pca = trajectoryPca(source, { k: c.k, signRow: readers[0].count - 1 });
      savePca(dir, pca, pathCoords(paths, readers, pca));
      return { wallSeconds: (performance.now() - t0) / 1000, rows: source.count, dim: source.dim };
    },
    load: loadPca,
  });
  return { config: c, backend, pca: r.value.pca, paths: r.value.paths, runs, cacheHit: r.hit };
}
