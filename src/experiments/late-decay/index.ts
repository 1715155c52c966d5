/**
 * The late-decay family (paper Sec. 2, Fig. 1): its public surface and its {@link Experiment}.
 * Other families use it through this module: the landscape family analyses these runs (its units
 * depend on the path units); the claim map (notebook 01b) runs one late-decay experiment per cell,
 * shards their path units, counts their work and reads their final metrics; scripts/bench-sweep.ts
 * counts a sweep's work with ./work.ts.
 */
import type { Experiment } from "../kit/experiment";
import { LATE_DECAY_PROFILES, lateDecayConfig, type LateDecayConfig, type LateDecayOverrides } from "./config";
import { runLateDecay } from "./run";
import type { LateDecayRuns, RunOptions } from "./types";
import { lateDecayUnits } from "./units";

export { runLateDecay, LATE_DECAY_CODE_VERSION } from "./run";
export {
  lateDecayUnits,
  lateDecayPathFamily,
  LATE_DECAY_PATHS,
  LATE_DECAY_FAMILIES,
  loadHistory,
  loadNorms,
  checkpointNorms,
  paramNorm,
  openPathSetup,
  mainPathId,
} from "./units";
export { lateDecayConfig, checkLateDecayConfig, profileWithFallback, LATE_DECAY_PROFILES } from "./config";
export type { LateDecayConfig, LateDecayOverrides, ProfileName, UsedProfile } from "./config";
export type { LateDecayRuns, PathRun, PathNorms, ProgressFn, RunOptions, PathPayload, PathSetup } from "./types";
export { timeEpochAndEval, ESTIMATE_ABOVE_STEPS } from "./estimate";
export {
  pathWork,
  pathsWork,
  seedWork,
  experimentWork,
  pathEpochs,
  seedPaths,
  trainRows,
  addWork,
  NO_WORK,
} from "./work";
export type { RunWork, PathOf, WorkConfig } from "./work";
export { runWeightDecaySweep, sweepCells, WEIGHT_DECAY_SWEEPS } from "./sweep";
export type { SweepCell, SweepEntry } from "./sweep";
export { finalFrame, trajectoryFrame, finalByDecayEpoch, curveSeries, decayStats, exportCsv } from "./frames";
export {
  describeModel,
  lateDecayCurvesFigure,
  decayEpochPanelsFigure,
  sweepFigureOf,
  sweepTable,
  lateDecayConfigRows,
} from "./figures";
export { decayTable, pairedDecayStats, finalDecayStats, mainPathNorms, pairedTTest } from "./report";
export {
  lateDecayVerdicts,
  weightDecaySweepVerdicts,
  latestMinusEarliest,
  NEAR_ZERO_TRAIN_LOSS_FRACTION,
} from "./verdicts";
export { PATH_KINDS, runLateDecayShard, sweepUnits, type PathShardOptions } from "./shard";

/** Notebook 01's experiment: profiles → config → path units → runs (main path and subpaths per seed). */
export const lateDecayExperiment: Experiment<LateDecayConfig, LateDecayOverrides, LateDecayRuns, RunOptions> = {
  name: "late-decay",
  paper:
    "Sec. 2, Fig. 1: a main path at a large LR, subpaths decaying it at different epochs, final test loss against the decay epoch",
  profiles: Object.keys(LATE_DECAY_PROFILES),
  config: lateDecayConfig,
  units: (config, computeId) => lateDecayUnits(config, computeId),
  run: runLateDecay,
};
