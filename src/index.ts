/**
 * Public API that the notebooks import (`import * as ld from "../dist"`).
 * Reproduces Ren, Ma, Ying, "Understanding the Generalization Benefits of Late
 * Learning Rate Decay", AISTATS 2024.
 */
export { tf } from "./env/tf";
export { initBackend } from "./env/backend";
export type { BackendInfo } from "./env/backend";
export * from "./core/errors";
export { Rng, deriveSeed } from "./core/rng";
export { configHash, stableJson } from "./core/hash";
export { dataDir, cacheDir } from "./store/paths";
export { cached, entryDir, validEntry } from "./store/cache";
export { CheckpointReader } from "./store/checkpoints";
export { mnistSplit, mnistClassCounts } from "./data/mnist";
export { mlpLayout, initMlp, mlpForward } from "./models/mlp";
export type { MlpConfig } from "./models/mlp";
export { trainPath } from "./train/path";
export type { EpochMetrics, Checkpoint } from "./train/path";
export { toFrame, toRows, writeCsv, meanStdBy } from "./frames/frames";
export type { DataFrame, Row } from "./frames/frames";
export type { FigureSpec } from "./figures/types";
export { lossCurvesFigure, decayEpochFigure } from "./figures/late-decay";
export { lateDecayConfig, LATE_DECAY_PROFILES, checkLateDecayConfig, profileWithFallback } from "./experiments/late-decay-config";
export type { LateDecayConfig, ProfileName, UsedProfile } from "./experiments/late-decay-config";
export { runLateDecay, LATE_DECAY_CODE_VERSION } from "./experiments/late-decay";
export type { LateDecayRuns, PathRun } from "./experiments/late-decay";
export { trajectoryFrame, finalFrame, finalByDecayEpoch, curveSeries, decayStats, exportCsv } from "./experiments/late-decay-frames";
export * from "./notebook";
export { showBackendBanner, withProgress } from "./notebook/run";
// Issue 4: trajectory PCA, landscape grids on PCA / random surfaces, 3D view of decay (notebooks 02, 03).
export { trajectoryPca, projectOnComponents, coordColumn, rowsFromArrays } from "./analysis/pca";
export type { TrajectoryPca, RowSource } from "./analysis/pca";
export { flatPcaSurface, curvedPcaSurface, surfacePoint, surfaceCoordsOf, fitQuadratic, evalQuadratic } from "./analysis/surface";
export type { Surface } from "./analysis/surface";
export { randomDirectionsSurface, filterNormalizedDirection } from "./analysis/directions";
export { gridAroundPoints, gridFromRange, gridSize } from "./analysis/grid";
export type { LandscapeGrid } from "./analysis/grid";
export { evaluateLandscape, evaluateFlat, landscapeMatrix } from "./analysis/landscape";
export type { LandscapeRow } from "./analysis/landscape";
export { landscapeConfig, checkLandscapeConfig } from "./experiments/landscape-config";
export type { LandscapeConfig, SurfaceKind } from "./experiments/landscape-config";
export { trajectoryPcaRun, TRAJECTORY_PCA_CODE_VERSION } from "./experiments/trajectory-pca";
export type { TrajectoryPcaRun, PathCoords } from "./experiments/trajectory-pca";
export { landscapeRun, LANDSCAPE_CODE_VERSION } from "./experiments/landscape";
export type { LandscapeRun, PathOnSurface } from "./experiments/landscape";
export { landscapeFigureData, trajectory3dData, explainedVarianceTable, landscapeSummary } from "./experiments/landscape-frames";
export { landscapeFigure, logTicks } from "./figures/landscape";
export { trajectory3dFigure } from "./figures/trajectory-3d";
export { landscapeTitle } from "./experiments/landscape-frames";
export { decayDirections } from "./experiments/trajectory-3d";
export type { DecayDirection } from "./experiments/trajectory-3d";
export { pairedDecayStats, finalDecayStats, decayTable, lateDecayVerdict, mainPathNorms } from "./experiments/late-decay-report";
export { runWeightDecaySweep, WEIGHT_DECAY_SWEEPS } from "./experiments/late-decay-sweep";
export type { SweepEntry } from "./experiments/late-decay-sweep";
export { weightDecaySweepFigure, subpathColor } from "./figures/late-decay";
export type { CurveSeries, DecayStat } from "./figures/late-decay";
export { lateDecayCurvesFigure, decayEpochPanelsFigure, sweepFigureOf, sweepTable, lateDecayConfigRows } from "./experiments/late-decay-figures";
export { resultsDir } from "./store/paths";
// Issue 3: the nonlinear model α(w) = ‖w‖^γ w — landscapes, SGD phases, drift rate (notebooks 04, 05, 06).
export * from "./models/nonlinear";
export { traceHessianOnManifold, traceHessian, hessian, sharpness } from "./models/nonlinear-hessian";
export { makeGaussianProblem } from "./data/gaussian";
export type { GaussianProblemConfig, TeacherKind } from "./data/gaussian";
export { runChains } from "./train/chains";
export type { ChainRecord, ChainResult, ChainStatus, RunChainsOptions } from "./train/chains";
export type { ChainConfig } from "./train/chain-config";
export { fitLine, fitExponential, fitPowerLaw, driftWindow, driftRate } from "./analysis/drift-rate";
export type { LineFit, ExponentialFit, PowerLawFit, DriftWindow } from "./analysis/drift-rate";
export * from "./experiments/nonlinear-config";
export * from "./experiments/nonlinear-theory";
export * from "./experiments/nonlinear-runs";
export * from "./experiments/nonlinear-landscape";
export * from "./experiments/nonlinear-phases";
export * from "./experiments/nonlinear-interpolants";
export * from "./experiments/nonlinear-ablations";
export * from "./experiments/nonlinear-figures";
export { modelLandscapeFigure } from "./figures/nonlinear-landscape";
export { phasesFigure, decayStepFigure, interpolantFigure } from "./figures/nonlinear-phases";
export { driftAxesFigure, driftMeasuredVsPredictedFigure, driftCurvesFigure } from "./figures/nonlinear-ablations";
// Issue 5/6: networks, data sets, parallel and sharded runs
export { networkOf } from "./models/network";
export type { Network, ModelConfig, VggModelConfig } from "./models/network";
export { loadSplit, describeData } from "./data/datasets";
export type { DataConfig, DatasetName } from "./data/datasets";
export { runLateDecayShard, shardItems } from "./experiments/late-decay-shard";
export { notebook01Configs } from "./experiments/late-decay-sweep";
export { defaultWorkers } from "./experiments/late-decay";
export { describeModel } from "./experiments/late-decay-figures";
