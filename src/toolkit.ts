/**
 * The second entry point (`late-decay/dist/toolkit`): everything of ./index (the notebooks' API) and
 * the building blocks beneath it, for scripts, tests and users composing their own experiments —
 * the engines and TF.js, errors and checks, seeded randomness, the cache and checkpoints, data sets,
 * networks and the nonlinear model's closed forms, training paths and chains, PCA, surfaces and
 * landscape grids, paired statistics, DataFrames, the runner, every family's units, shards and work
 * counts, and the notebook registry (src/notebooks.ts).
 */
export * from "./index";
export * from "./experiments/late-decay";
export * from "./experiments/claim-map";
export * from "./experiments/landscape";
export * from "./experiments/nonlinear";
export type { Experiment, Overrides } from "./experiments/kit/experiment";
export { tf } from "./env/tf";
export * from "./core/errors";
export { Rng, deriveSeed } from "./core/rng";
export { stableJson } from "./core/hash";
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
export { lossCurvesFigure, decayEpochFigure } from "./figures/late-decay";
export * from "./notebook";
export { trajectoryPca, projectOnComponents, coordColumn, rowsFromArrays } from "./analysis/pca";
export type { TrajectoryPca, RowSource } from "./analysis/pca";
export {
  flatPcaSurface,
  curvedPcaSurface,
  surfacePoint,
  surfaceCoordsOf,
  fitQuadratic,
  evalQuadratic,
} from "./analysis/surface";
export type { Surface } from "./analysis/surface";
export { randomDirectionsSurface, filterNormalizedDirection } from "./analysis/directions";
export { gridAroundPoints, gridFromRange, gridSize } from "./analysis/grid";
export type { LandscapeGrid } from "./analysis/grid";
export { evaluateLandscape, evaluateFlat, landscapeMatrix } from "./analysis/landscape";
export {
  batchedSurface,
  canBatch,
  defaultPointChunk,
  gridChunks,
  type BatchedSurface,
} from "./analysis/landscape-batched";
export type { LandscapeRow } from "./analysis/landscape";
export { logTicks } from "./figures/landscape";
export { signHolds, trendHolds } from "./analysis/verdict";
export { weightDecaySweepFigure, subpathColor } from "./figures/late-decay";
export type { CurveSeries, DecayStat } from "./figures/late-decay";
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
export { modelLandscapeFigure } from "./figures/nonlinear-landscape";
export { phasesFigure, decayStepFigure } from "./figures/nonlinear-phases";
export { driftAxesFigure, driftMeasuredVsPredictedFigure, driftCurvesFigure } from "./figures/nonlinear-ablations";
export { networkOf } from "./models/network";
export type { Network, ModelConfig, VggModelConfig } from "./models/network";
export type { DatasetName } from "./data/datasets";
export { defaultWorkers, runUnits, parseShard, splitByCost } from "./runner";
export type { WorkUnit, UnitFamily, RunReport, ShardSpec } from "./runner";
export { loadCifar10, readCifar10Batch, CIFAR10_MEAN, CIFAR10_STD } from "./data/cifar10";
export { loadMnistIdx, readIdxImages, readIdxLabels } from "./data/idx";
export { perClassSubset, perClassIndices } from "./data/subset";
export { loadSeedSplit, DATASET_STATS, FASHION_MNIST_MEAN, FASHION_MNIST_STD } from "./data/seed-split";
export type { SeedSplit } from "./data/seed-split";
export {
  checkDataSpec,
  subsetSeedOf,
  dataTableRows,
  describeDataSpec,
  datasetLabel,
  DATA_SPEC_DEFAULTS,
  DATASET_LABELS,
} from "./data/data-spec";
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
export { pairedSummary, smallestDetectableDifference, pairBySeed } from "./analysis/paired";
export type { PairedSummary } from "./analysis/paired";
export { claimMapFigure, claimMapCellText } from "./figures/claim-map";
export type { ClaimMapCell, CellInterval } from "./figures/claim-map";
export { profileChanges } from "./core/profiles";
export * from "./notebooks";
