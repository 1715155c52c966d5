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
export { cached, entryDir, validEntry, entryContentHash } from "./store/cache";
export { codeVersion, codeVersionModules } from "./store/code-version";
export { CheckpointReader } from "./store/checkpoints";
export { mnistSplit, mnistClassCounts } from "./data/mnist";
export { mlpLayout, initMlp, mlpForward, mlpDropoutForward } from "./models/mlp";
export type { MlpConfig } from "./models/mlp";
export { trainPath } from "./train/path";
export type { EpochMetrics, Checkpoint, PathProgressOptions } from "./train/path";
export { EXPLOSION_FACTOR } from "./train/divergence";
export { toFrame, toRows, writeCsv, readCsv, meanStdBy } from "./frames/frames";
export { summarize, meanOf, type Summary } from "./analysis/summary";
export type { DataFrame, Row } from "./frames/frames";
export type { FigureSpec } from "./figures/types";
export { lossCurvesFigure, decayEpochFigure } from "./figures/late-decay";
export { lateDecayConfig, LATE_DECAY_PROFILES, checkLateDecayConfig, profileWithFallback } from "./experiments/late-decay/config";
export type { LateDecayConfig, LateDecayOverrides, ProfileName, UsedProfile } from "./experiments/late-decay/config";
export { runLateDecay, LATE_DECAY_CODE_VERSION } from "./experiments/late-decay/run";
export type { LateDecayRuns, PathRun } from "./experiments/late-decay/types";
export { trajectoryFrame, finalFrame, finalByDecayEpoch, curveSeries, decayStats, exportCsv } from "./experiments/late-decay/frames";
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
export { batchedSurface, canBatch, defaultPointChunk, gridChunks, type BatchedSurface } from "./analysis/landscape-batched";
export type { LandscapeRow } from "./analysis/landscape";
export { landscapeConfig, checkLandscapeConfig, landscapeExperiment } from "./experiments/landscape";
export type { LandscapeConfig, LandscapeOverrides, SurfaceKind } from "./experiments/landscape";
export { mergeOverrides } from "./core/profiles"; // notebooks 02–03 merge their overrides with their named parameters
export { trajectoryPcaRun, TRAJECTORY_PCA_CODE_VERSION } from "./experiments/landscape";
export type { TrajectoryPcaRun, PathCoords, DecayDirection } from "./experiments/landscape";
export { landscapeRun, landscapeSetup, LANDSCAPE_CODE_VERSION } from "./experiments/landscape";
export type { LandscapeRun, LandscapeSetup, PathOnSurface } from "./experiments/landscape";
export { runLandscapeShard } from "./experiments/landscape";
export { landscapeFigureData, landscapeTitle, trajectory3dData, explainedVarianceTable, landscapeSummary, landscapeTiming } from "./experiments/landscape";
export { landscapeVerdicts, trajectory3dVerdicts, decayDirectionsTable, varianceRow, FLOOR_FACTOR, WALL_FACTOR } from "./experiments/landscape";
export { landscapeFigure, logTicks } from "./figures/landscape";
export { trajectory3dFigure } from "./figures/trajectory-3d";
export { pairedDecayStats, finalDecayStats, decayTable, mainPathNorms, pairedTTest } from "./experiments/late-decay/report";
export { lateDecayVerdicts, weightDecaySweepVerdicts, latestMinusEarliest, NEAR_ZERO_TRAIN_LOSS_FRACTION } from "./experiments/late-decay/verdicts";
export { signHolds, trendHolds } from "./analysis/verdict";
export type { VerdictRow, Holds } from "./analysis/verdict";
export { runWeightDecaySweep, WEIGHT_DECAY_SWEEPS } from "./experiments/late-decay/sweep";
export type { SweepCell, SweepEntry } from "./experiments/late-decay/sweep";
export { lateDecayExperiment } from "./experiments/late-decay";
export { pathWork, pathsWork, seedWork, experimentWork } from "./experiments/late-decay/work";
export type { RunWork, PathOf } from "./experiments/late-decay/work";
export { weightDecaySweepFigure, subpathColor } from "./figures/late-decay";
export type { CurveSeries, DecayStat } from "./figures/late-decay";
export { lateDecayCurvesFigure, decayEpochPanelsFigure, sweepFigureOf, sweepTable, lateDecayConfigRows } from "./experiments/late-decay/figures";
export { resultsDir, displayPath } from "./store/paths";
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
export * from "./models/nonlinear-theory";
export * from "./experiments/nonlinear";
export { modelLandscapeFigure } from "./figures/nonlinear-landscape";
export { phasesFigure, decayStepFigure, interpolantFigure } from "./figures/nonlinear-phases";
export { driftAxesFigure, driftMeasuredVsPredictedFigure, driftCurvesFigure } from "./figures/nonlinear-ablations";
// Issue 5/6: networks, data sets, parallel and sharded runs
export { networkOf } from "./models/network";
export type { Network, ModelConfig, VggModelConfig } from "./models/network";
export type { DatasetName } from "./data/datasets";
export { runLateDecayShard, sweepUnits } from "./experiments/late-decay/shard";
export { nonlinearShardUnits, runNonlinearShard } from "./experiments/nonlinear";
export { defaultWorkers, runUnits, parseShard, splitByCost } from "./runner";
export type { WorkUnit, UnitFamily, RunReport, ShardSpec } from "./runner";
export { describeModel } from "./experiments/late-decay/figures";
export { loadCifar10, readCifar10Batch, CIFAR10_MEAN, CIFAR10_STD } from "./data/cifar10";
export { loadMnistIdx, readIdxImages, readIdxLabels } from "./data/idx";
export { perClassSubset, perClassIndices } from "./data/subset";
// Issue 11: the authors' data protocol (per-seed subsets, official test split, one normalisation), MNIST and Fashion-MNIST
export { loadSeedSplit, DATASET_STATS, FASHION_MNIST_MEAN, FASHION_MNIST_STD } from "./data/seed-split";
export type { SeedSplit } from "./data/seed-split";
export { checkDataSpec, subsetSeedOf, dataTableRows, describeDataSpec, datasetLabel, DATA_SPEC_DEFAULTS, DATASET_LABELS } from "./data/data-spec";
export type { DataSpec, ResolvedDataSpec, SubsetMode, Normalization } from "./data/data-spec";
export { datasetMissing } from "./data/datasets";
export { loadIdxDataset, clearIdxDatasets } from "./data/idx-datasets";
export { idxSource, idxSourceMissing } from "./data/sources";
export type { IdxSource, IdxDatasetName } from "./data/sources";
export { MNIST_MD5, FASHION_MNIST_MD5 } from "./data/checksums";
export { channelStats, standardize } from "./data/normalize";
export type { ChannelStats } from "./data/normalize";
export type { EvalProtocol } from "./data/subset";
export type { ImageSet } from "./data/image-set";
export { vggLayout, initVgg, vggForward, vggSmallConfig, VGG_SMALL_WIDTHS, VGG11_WIDTHS } from "./models/vgg";
export type { VggConfig } from "./models/vgg";
export { conv2d, conv2dIm2col, maxPool2x2 } from "./kernels/conv";
// Issue 11: paired statistics over seeds (interval, t-test, smallest detectable difference)
export { pairedSummary, smallestDetectableDifference, pairBySeed } from "./analysis/paired";
export type { PairedSummary } from "./analysis/paired";
// Issue 11: the claim map (notebook 01b) — the late-decay comparison over data set × model × weight decay, paired over seeds
export {
  claimMapConfig, checkClaimMapConfig, claimMapCellConfigs, CLAIM_MAP_PROFILES, CLAIM_MAP_PROFILE_CHANGES, CLAIM_MAP_PROFILE_ALIASES, mapCells, runClaimMap,
  claimMapEstimate, describeEstimate, CLAIM_MAP_MAX_HOURS_ON_SLOW_BACKEND, cellStats, claimMapFrame, claimMapTable, seedResolution, claimMapVerdicts,
  claimMapFigureOf, claimMapConfigRows, exportClaimMapCsv, claimMapUnits, runClaimMapShard, claimMapExperiment,
} from "./experiments/claim-map";
export type {
  ClaimMapProfile, ClaimMapOverrides, ClaimMapEstimate, ClaimMap, ClaimMapConfig, MapCell, MapModel, CellStats, CompletedMapCell, DivergedMapCell, MapCellResult,
} from "./experiments/claim-map";
export { claimMapFigure, claimMapCellText } from "./figures/claim-map";
export type { ClaimMapCell, CellInterval } from "./figures/claim-map";
export { profileChanges } from "./core/profiles";
// The notebook registry: each notebook's parameters, and what its shards run (scripts/cluster, scripts/notebooks read it)
export * from "./notebooks";
