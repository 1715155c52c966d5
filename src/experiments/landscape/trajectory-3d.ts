/**
 * Notebook 03's numbers behind the 3D "direction after decay" view (paper Sec. 3): in the full
 * parameter space, where does each subpath go after its decay compared with where the main path
 * goes over the same epochs? Computed from the checkpoint files, not from the 3D projection.
 */
import { CheckpointReader } from "../../store/checkpoints";
import { seedPaths } from "./pca";
import type { TrajectoryPcaRun } from "./types";

/** One subpath's displacement after its decay. Norms are Euclidean norms of flat parameter vectors. */
export interface DecayDirection {
  decayEpoch: number;
  /** ‖θ_sub(end) − θ_main(E)‖ */
  subpathNorm: number;
  /** ‖θ_main(E + span) − θ_main(E)‖ with span = the subpath's epochs; null when the main path ends before E + span */
  mainNorm: number | null;
  /** cosine between the two displacements; null when mainNorm is null */
  cosine: number | null;
  /** fraction of ‖subpath displacement‖² inside the span of PC1–PC3 (how much of it the 3D view shows) */
  inTop3: number;
}

const sub = (x: Float32Array, y: Float32Array) => x.map((v, p) => v - y[p]);
const dot = (x: Float32Array, y: Float32Array) => { let s = 0; for (let p = 0; p < x.length; p++) s += x[p] * y[p]; return s; };

/**
 * For each subpath of the PCA run's seed: its displacement from the decay point to its end,
 * compared with the main path's displacement over the same number of epochs from the decay point.
 * A cosine near 0 means the decayed path leaves the main path's direction of travel.
 * @returns one row per subpath in decay-epoch order
 * @throws DataFileError when a checkpoint file is missing or damaged
 */
export function decayDirections(run: TrajectoryPcaRun): DecayDirection[] {
  const [main, ...subs] = seedPaths(run.runs, run.config.seed);
  const mainCk = new CheckpointReader(main.dir);
  return subs.map((s) => {
    const ck = new CheckpointReader(s.dir);
    const E = s.decayEpoch as number, span = ck.index.epochs[ck.count - 1] - E;
    const start = mainCk.params(mainCk.rowOfEpoch(E));
    const dSub = sub(ck.params(ck.count - 1), start);
    const subpathNorm = Math.sqrt(dot(dSub, dSub));
    const afterRow = mainCk.index.epochs.indexOf(E + span);
    const inTop3 = run.pca.components.slice(0, 3).reduce((acc, v) => acc + dot(dSub, v) ** 2, 0) / Math.max(subpathNorm ** 2, 1e-300);
    if (afterRow < 0) return { decayEpoch: E, subpathNorm, mainNorm: null, cosine: null, inTop3 };
    const dMain = sub(mainCk.params(afterRow), start);
    const mainNorm = Math.sqrt(dot(dMain, dMain));
    return { decayEpoch: E, subpathNorm, mainNorm, cosine: dot(dSub, dMain) / (subpathNorm * mainNorm), inTop3 };
  });
}
