/**
 * The notebooks' API (`import * as ld from "../dist"`), grouped by the paper's sections: what a
 * notebook cell and a user re-running one call. Reproduces Ren, Ma, Ying, "Understanding the
 * Generalization Benefits of Late Learning Rate Decay", AISTATS 2024. The building blocks beneath
 * (models, training, PCA, landscapes, the runner, data sets, the notebook registry) are the second
 * entry point, `./toolkit` (`require("late-decay/dist/toolkit")`), which also re-exports this one.
 */

// ── Running a notebook: engine banner, progress, figures and tables, results folder, errors ─────────────────────────
export { initBackend, type BackendInfo } from "./env/backend";
export { showBackendBanner, withProgress } from "./notebook/run";
export { showBanner, showFigure, showTable } from "./notebook/display";
export { resultsDir, displayPath } from "./store/paths";
export { configHash } from "./core/hash";
export { mergeOverrides } from "./core/profiles";
export { ConfigError, DataFileError, DivergenceError, CancelledError } from "./core/errors";
export type { FigureSpec } from "./figures/types";
export type { VerdictRow, Holds } from "./analysis/verdict";
export type { Experiment, Overrides } from "./experiments/kit/experiment";

// ── Sec. 2, Fig. 1 — late decay (notebook 01): a main path at a large LR, subpaths decaying it at different epochs ──
export {
  lateDecayExperiment,
  lateDecayConfig,
  profileWithFallback,
  runLateDecay,
  runWeightDecaySweep,
  WEIGHT_DECAY_SWEEPS,
  lateDecayConfigRows,
  lateDecayCurvesFigure,
  decayEpochPanelsFigure,
  decayTable,
  lateDecayVerdicts,
  sweepFigureOf,
  sweepTable,
  weightDecaySweepVerdicts,
  exportCsv,
} from "./experiments/late-decay";
export type { LateDecayConfig, LateDecayOverrides, LateDecayRuns, PathRun, SweepEntry } from "./experiments/late-decay";

// ── Sec. 2 over settings — the claim map (notebook 01b): paired Δ over data set × model × weight decay ───────────────
export {
  claimMapExperiment,
  claimMapConfig,
  claimMapConfigRows,
  claimMapEstimate,
  describeEstimate,
  runClaimMap,
  claimMapFigureOf,
  claimMapTable,
  claimMapVerdicts,
  seedResolution,
  exportClaimMapCsv,
} from "./experiments/claim-map";
export type { ClaimMap, ClaimMapConfig, ClaimMapOverrides } from "./experiments/claim-map";

// ── Sec. 3, Figs. 2–3 — PCA of the trajectory and the landscape on the PC plane (notebooks 02, 03) ──────────────────
export {
  landscapeExperiment,
  landscapeConfig,
  trajectoryPcaRun,
  landscapeRun,
  landscapeFigureData,
  landscapeTitle,
  landscapeSummary,
  landscapeTiming,
  explainedVarianceTable,
  landscapeVerdicts,
  trajectory3dData,
  trajectory3dVerdicts,
  decayDirectionsTable,
} from "./experiments/landscape";
export type { LandscapeConfig, LandscapeOverrides, LandscapeRun, TrajectoryPcaRun } from "./experiments/landscape";
export { landscapeFigure } from "./figures/landscape";
export { trajectory3dFigure } from "./figures/trajectory-3d";

// ── Sec. 4 — the nonlinear model f(x; w) = ‖w‖^γ wᵀx (notebooks 04 landscapes, 05 SGD phases, 06 ablations) ──────────
export {
  nonlinearProfileOf,
  sweepInfo,
  landscapeModelExperiment,
  landscapeModelConfig,
  landscapeModelConfigRows,
  landscapeSweepConfig,
  runLandscapeModel,
  landscapePanels,
  landscapeModelFigureOf,
  landscapeTable,
  landscapeModelVerdicts,
  phasesExperiment,
  phasesConfig,
  phasesConfigRows,
  runPhaseCurves,
  phaseSeries,
  phasesFigureOf,
  phaseTable,
  decaySweepConfig,
  runDecaySweep,
  decayStepFigureOf,
  nonlinearDecayTable,
  alphaMnTestLoss,
  interpolantCheck,
  interpolantTable,
  phasesVerdicts,
  ablationExperiment,
  ablationConfig,
  ablationConfigRows,
  ablationSweepConfig,
  runAblations,
  driftPoints,
  driftRateRows,
  driftTable,
  driftScalingTable,
  driftAxesFigureOf,
  driftCurvesFigureOf,
  driftMeasuredVsPredictedFigureOf,
  ablationVerdicts,
} from "./experiments/nonlinear";
export type { ChainSweep, LandscapeModelConfig, PhasesConfig, AblationConfig } from "./experiments/nonlinear";
export { interpolantFigure } from "./figures/nonlinear-phases";
