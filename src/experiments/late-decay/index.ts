/**
 * What other families may use of the late-decay family (the landscape family analyses these
 * runs): the runs, their units (as dependencies of PCA and grid-row units) and their types.
 */
export { runLateDecay, LATE_DECAY_CODE_VERSION } from "./run";
export { lateDecayUnits, loadHistory, openPathSetup, mainPathId } from "./units";
export { lateDecayConfig, checkLateDecayConfig } from "./config";
export type { LateDecayConfig, LateDecayOverrides } from "./config";
export type { LateDecayRuns, PathRun, ProgressFn, RunOptions, PathPayload, PathSetup } from "./types";
