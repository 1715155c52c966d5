/**
 * PCA of one seed's weight trajectory (paper Sec. 3, Fig. 3 and the 3D "direction after decay"
 * view): the main path's checkpoints and every subpath's checkpoints together, as the authors
 * do, centered and decomposed by `trajectoryPca`. The sign of each component is fixed by the
 * main path's last checkpoint (positive coordinate), so figures do not flip between runs.
 *
 * Rows are read one at a time from the checkpoint files (never all held as JS number arrays).
 * The PCA is a work unit that depends on the seed's path units: its entry (mean, components,
 * coordinates, and notebook 03's direction after decay, computed from the same checkpoints) is keyed
 * by the late-decay config, seed, k, backend, code version and the content hashes of the path
 * entries it was computed from.
 */
import { initBackend } from "../../env/backend";
import { validEntry } from "../../store/cache";
import { CheckpointReader } from "../../store/checkpoints";
import { f32Bytes, readBytes, readF32, readJson, writeBytes, writeJson } from "../../store/files";
import { codeVersion } from "../../store/code-version";
import { DataFileError } from "../../core/errors";
import { runUnits, type UnitFamily, type WorkUnit } from "../../runner";
import { RowSource, TrajectoryPca, trajectoryPca } from "../../analysis/pca";
import {
  LATE_DECAY_PATHS,
  LateDecayRuns,
  PathRun,
  lateDecayPathFamily,
  lateDecayUnits,
  runLateDecay,
} from "../late-decay";
import { familyTable } from "../kit/families";
import { LandscapeConfig, checkLandscapeConfig, singleSeedConfig } from "./config";
import { DecayDirection, PathCoords, PcaPayload, PcaRunOptions, TrajectoryPcaRun } from "./types";
import * as path from "path";

/** The code version of the PCA entry: derived from this module (which computes it) and every local module it imports. */
export const TRAJECTORY_PCA_CODE_VERSION = codeVersion("experiments/landscape/pca");

/** The PCA input: every checkpoint of the seed's main path then of each subpath, read from disk. */
export function trajectoryRows(runs: Pick<PathRun, "dir">[]): { source: RowSource; readers: CheckpointReader[] } {
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
  const subs = mine
    .filter((p) => p.kind === "subpath")
    .sort((x, y) => (x.decayEpoch as number) - (y.decayEpoch as number));
  return [main[0], ...subs];
}

function pathCoords(paths: PcaPayload["paths"], readers: CheckpointReader[], pca: TrajectoryPca): PathCoords[] {
  let row = 0;
  return paths.map((p, n) => {
    const epochs = readers[n].index.epochs.slice();
    const pcs = epochs.map((_, t) => Array.from(pca.coords.subarray((row + t) * pca.k, (row + t + 1) * pca.k)));
    const out: PathCoords = {
      kind: p.kind,
      decayEpoch: p.decayEpoch,
      name: p.kind === "main" ? "main path" : `decay at ${p.decayEpoch}`,
      epochs,
      firstRow: row,
      pcs,
    };
    row += epochs.length;
    return out;
  });
}

const sub = (x: Float32Array, y: Float32Array) => x.map((v, p) => v - y[p]);
const dot = (x: Float32Array, y: Float32Array) => {
  let s = 0;
  for (let p = 0; p < x.length; p++) s += x[p] * y[p];
  return s;
};

/**
 * Notebook 03's numbers behind the 3D "direction after decay" view (paper Sec. 3): for each subpath,
 * its displacement in the full parameter space from the decay point to its end, compared with the
 * main path's displacement over the same number of epochs from the decay point (a cosine near 0:
 * the decayed path leaves the main path's direction of travel), and the share of it in the span of
 * PC1–PC3. Computed from the checkpoint files when the PCA unit runs, and stored with its entry.
 * @param paths the seed's main path first, then its subpaths in decay-epoch order, with their checkpoints
 * @param components the PCA's components, k × [P] (k ≥ 3)
 * @returns one row per subpath in the order given
 * @throws DataFileError when a checkpoint file is missing or damaged
 */
export function decayDirectionsOf(
  paths: readonly { decayEpoch: number | null; checkpoints: CheckpointReader }[],
  components: readonly Float32Array[],
): DecayDirection[] {
  const [{ checkpoints: mainCk }, ...subs] = paths;
  return subs.map((s) => {
    const ck = s.checkpoints;
    const E = s.decayEpoch as number,
      span = ck.index.epochs[ck.count - 1] - E;
    const start = mainCk.params(mainCk.rowOfEpoch(E));
    const dSub = sub(ck.params(ck.count - 1), start);
    const subpathNorm = Math.sqrt(dot(dSub, dSub));
    const afterRow = mainCk.index.epochs.indexOf(E + span);
    const inTop3 =
      components.slice(0, 3).reduce((acc, v) => acc + dot(dSub, v) ** 2, 0) / Math.max(subpathNorm ** 2, 1e-300);
    if (afterRow < 0) return { decayEpoch: E, subpathNorm, mainNorm: null, cosine: null, inTop3 };
    const dMain = sub(mainCk.params(afterRow), start);
    const mainNorm = Math.sqrt(dot(dMain, dMain));
    return { decayEpoch: E, subpathNorm, mainNorm, cosine: dot(dSub, dMain) / (subpathNorm * mainNorm), inTop3 };
  });
}

const savePca = (dir: string, pca: TrajectoryPca, paths: PathCoords[]) => {
  writeBytes(dir, "mean.f64", new Uint8Array(pca.mean.buffer, pca.mean.byteOffset, pca.mean.byteLength));
  const comps = new Float32Array(pca.k * pca.dim);
  pca.components.forEach((v, j) => comps.set(v, j * pca.dim));
  writeBytes(dir, "components.f32", f32Bytes(comps));
  const { count, dim, k, explainedVarianceRatio } = pca;
  writeJson(dir, "pca.json", { count, dim, k, explainedVarianceRatio, coords: Array.from(pca.coords), paths });
};

/** Reads a PCA entry. */
export function loadPca(dir: string): { pca: TrajectoryPca; paths: PathCoords[]; directions: DecayDirection[] } {
  const meta = readJson<{
    count: number;
    dim: number;
    k: number;
    explainedVarianceRatio: number[];
    coords: number[];
    paths: PathCoords[];
  }>(dir, "pca.json");
  const buf = readBytes(dir, "mean.f64");
  const mean = new Float64Array(meta.dim);
  new Uint8Array(mean.buffer).set(buf);
  const comps = readF32(path.join(dir, "components.f32"), meta.k, meta.dim);
  const components = Array.from({ length: meta.k }, (_, j) => comps.slice(j * meta.dim, (j + 1) * meta.dim));
  const pca: TrajectoryPca = {
    count: meta.count,
    dim: meta.dim,
    k: meta.k,
    mean,
    components,
    explainedVarianceRatio: meta.explainedVarianceRatio,
    coords: Float64Array.from(meta.coords),
  };
  return { pca, paths: meta.paths, directions: readJson<DecayDirection[]>(dir, "directions.json") };
}

/** Registered name of {@link trajectoryPcaFamily} (src/experiments/families.ts). */
export const TRAJECTORY_PCA = "trajectory-pca";

/** The PCA's worker-side computation: reads the parent paths' checkpoints in payload order. */
export const trajectoryPcaFamily: UnitFamily<PcaPayload, null> = {
  setup: () => null,
  async compute(_s, p, dir, api) {
    const t0 = performance.now();
    const { source, readers } = trajectoryRows(p.paths.map((x) => ({ dir: api.parents[x.id] })));
    const pca = trajectoryPca(source, { k: p.k, signRow: readers[0].count - 1 });
    savePca(dir, pca, pathCoords(p.paths, readers, pca));
    writeJson(
      dir,
      "directions.json",
      decayDirectionsOf(
        p.paths.map((x, n) => ({ decayEpoch: x.decayEpoch, checkpoints: readers[n] })),
        pca.components,
      ),
    );
    api.progress(1, "trajectory PCA");
    return { wallSeconds: (performance.now() - t0) / 1000, rows: source.count, dim: source.dim };
  },
};

/** Unit id of the PCA. */
export const PCA_UNIT = "pca";

/** The seed's path units and the PCA unit that depends on them. */
export function pcaUnits(c: LandscapeConfig, backend: string): WorkUnit[] {
  const ld = singleSeedConfig(c);
  const paths = lateDecayUnits(ld, backend);
  const ordered = [
    paths[0],
    ...paths.slice(1).sort((x, y) => (x.payload.decayEpoch ?? 0) - (y.payload.decayEpoch ?? 0)),
  ];
  const pca: WorkUnit<PcaPayload> = {
    id: PCA_UNIT,
    family: TRAJECTORY_PCA,
    dependsOn: Object.fromEntries(ordered.map((u) => [u.id, u.id])),
    cost: 1,
    size: 1,
    label: `trajectory PCA seed ${c.seed}`,
    entry: {
      kind: "trajectory-pca",
      codeVersion: TRAJECTORY_PCA_CODE_VERSION,
      config: { lateDecay: ld, seed: c.seed, k: c.k, backend },
    },
    payload: {
      k: c.k,
      paths: ordered.map((u) => ({ id: u.id, kind: u.payload.kind, decayEpoch: u.payload.decayEpoch ?? null })),
    },
  };
  return [...paths, pca];
}

/**
 * Trains or loads the seed's main path and subpaths (notebook 01's runs), then computes or loads
 * the PCA of all their checkpoints together. Sign rule: the main path's last checkpoint has a
 * positive coordinate on every component.
 * @returns the PCA (mean [P], components k × [P], explained-variance ratios [k], coords [T, k]) and per-path coordinates
 * @throws ConfigError for an invalid config; errors of runLateDecay; DataFileError for damaged checkpoints
 */
export async function trajectoryPcaRun(config: LandscapeConfig, opts: PcaRunOptions = {}): Promise<TrajectoryPcaRun> {
  const c = checkLandscapeConfig(config);
  const backend = (await initBackend()).computeId;
  const runs = await runLateDecay(singleSeedConfig(c), opts);
  const report = await runUnits(pcaUnits(c, backend), {
    families: familyTable({ [LATE_DECAY_PATHS]: lateDecayPathFamily, [TRAJECTORY_PCA]: trajectoryPcaFamily }),
    select: (u) => u.id === PCA_UNIT,
    signal: opts.signal,
  });
  const dir = report.dirs[PCA_UNIT];
  if (!validEntry(dir)) throw new DataFileError(`trajectory PCA entry ${dir} is not readable`);
  const { pca, paths, directions } = loadPca(dir);
  return { config: c, backend, pca, paths, directions, runs, dir, cacheHit: report.cached.includes(PCA_UNIT) };
}
