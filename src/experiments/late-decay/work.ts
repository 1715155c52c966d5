/**
 * The one count of a late-decay run's work (paper Sec. 2, Fig. 1: a main path per seed and a subpath
 * per seed and decay epoch): epochs, SGD steps, full evaluations and checkpoints, path by path,
 * exactly as src/train/path.ts trainPath does them. The estimates (./estimate.ts, the claim map's),
 * the progress totals (./sweep.ts, the claim map's run), the units' cost and size (./units.ts) and
 * the sweep benchmark (scripts/bench-sweep.ts) all count with it.
 */
import { networkOf } from "../../models/network";
import type { LateDecayConfig } from "./config";

/** Work of one path, or a sum over paths. */
export interface RunWork {
  /** epochs trained */
  epochs: number;
  /** SGD steps: ⌈nTrain / batchSize⌉ per epoch */
  steps: number;
  /** full evaluations (train subset and test set each time) */
  evaluations: number;
  /** checkpoints written (params and momentum) */
  checkpoints: number;
}

/** Which path: a seed's main path, or its subpath from decay epoch `decayEpoch` (a unit's payload has these keys). */
export interface PathOf {
  kind: "main" | "subpath";
  /** the subpath's decay epoch (absent for a main path) */
  decayEpoch?: number;
}

/** What the count reads of a config. */
export type WorkConfig = Pick<
  LateDecayConfig,
  | "mainEpochs"
  | "subpathEpochs"
  | "decayEpochs"
  | "seeds"
  | "batchSize"
  | "evalEveryEpochs"
  | "checkpointEveryEpochs"
  | "data"
  | "model"
>;

/** No work: the start of a sum. */
export const NO_WORK: Readonly<RunWork> = { epochs: 0, steps: 0, evaluations: 0, checkpoints: 0 };

/** Training rows of a config's data: trainPerClass × the network's classes (known without loading the data). */
export function trainRows(c: Pick<LateDecayConfig, "data" | "model">): number {
  return c.data.trainPerClass * networkOf(c.model).numClasses;
}

/** Epochs a path trains: the main path `mainEpochs`, a subpath `subpathEpochs`. */
export function pathEpochs(c: Pick<LateDecayConfig, "mainEpochs" | "subpathEpochs">, path: PathOf): number {
  return path.kind === "main" ? c.mainEpochs : c.subpathEpochs;
}

/**
 * The work trainPath does for one path of `c`: ⌈nTrain/B⌉ steps per epoch; an evaluation at the
 * start epoch, at every multiple of evalEveryEpochs and at the last epoch; a checkpoint at the start
 * and at every multiple of checkpointEveryEpochs (none when it is 0). Epochs count from the main
 * path's start, so a subpath from decay epoch E starts at E.
 * @param nTrain training rows (default {@link trainRows})
 */
export function pathWork(c: Omit<WorkConfig, "seeds" | "decayEpochs">, path: PathOf, nTrain = trainRows(c)): RunWork {
  const epochs = pathEpochs(c, path);
  const start = path.kind === "main" ? 0 : path.decayEpoch!;
  const end = start + epochs;
  let evaluations = 1;
  let checkpoints = c.checkpointEveryEpochs > 0 ? 1 : 0;
  for (let e = start + 1; e <= end; e++) {
    if (e % c.evalEveryEpochs === 0 || e === end) evaluations++;
    if (c.checkpointEveryEpochs > 0 && e % c.checkpointEveryEpochs === 0) checkpoints++;
  }
  return { epochs, steps: epochs * Math.ceil(nTrain / c.batchSize), evaluations, checkpoints };
}

/** a + b, field by field. */
export function addWork(a: Readonly<RunWork>, b: Readonly<RunWork>): RunWork {
  return {
    epochs: a.epochs + b.epochs,
    steps: a.steps + b.steps,
    evaluations: a.evaluations + b.evaluations,
    checkpoints: a.checkpoints + b.checkpoints,
  };
}

/** The sum of {@link pathWork} over `paths` (e.g. the payloads of the units still to compute). */
export function pathsWork(
  c: Omit<WorkConfig, "seeds" | "decayEpochs">,
  paths: readonly PathOf[],
  nTrain = trainRows(c),
): RunWork {
  return paths.reduce<RunWork>((w, p) => addWork(w, pathWork(c, p, nTrain)), NO_WORK);
}

/** One seed's paths of `c`: its main path, then one subpath per decay epoch (the units' order). */
export function seedPaths(c: Pick<LateDecayConfig, "decayEpochs">): PathOf[] {
  return [{ kind: "main" }, ...c.decayEpochs.map((decayEpoch): PathOf => ({ kind: "subpath", decayEpoch }))];
}

/** The work of one seed: its main path and its subpaths. */
export function seedWork(c: WorkConfig, nTrain = trainRows(c)): RunWork {
  return pathsWork(c, seedPaths(c), nTrain);
}

/** The work of the whole experiment: every seed's main path and subpaths (the sum over ./units.ts lateDecayUnits). */
export function experimentWork(c: WorkConfig, nTrain = trainRows(c)): RunWork {
  const one = seedWork(c, nTrain),
    n = c.seeds.length;
  return {
    epochs: n * one.epochs,
    steps: n * one.steps,
    evaluations: n * one.evaluations,
    checkpoints: n * one.checkpoints,
  };
}
