/**
 * What other families may use of the late-decay family: the landscape family analyses these runs
 * (its units depend on the path units); the claim map (notebook 01b) runs one late-decay
 * experiment per cell, shards their path units and reads their final metrics.
 */
export { runLateDecay, LATE_DECAY_CODE_VERSION } from "./run";
export { lateDecayUnits, lateDecayPaths, LATE_DECAY_PATHS, LATE_DECAY_FAMILIES, loadHistory, openPathSetup, mainPathId } from "./units";
export { lateDecayConfig, checkLateDecayConfig } from "./config";
export type { LateDecayConfig, LateDecayOverrides } from "./config";
export type { LateDecayRuns, PathRun, ProgressFn, RunOptions, PathPayload, PathSetup } from "./types";
export { timeEpochAndEval, ESTIMATE_ABOVE_STEPS } from "./estimate";
export { finalFrame } from "./frames";
export { describeModel } from "./figures";
export { PATH_KINDS } from "./shard";
