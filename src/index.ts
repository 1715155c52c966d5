/**
 * Public API that the notebooks import (`import * as ld from "../dist"`).
 * Reproduces Ren, Ma, Ying, "Understanding the Generalization Benefits of Late
 * Learning Rate Decay", AISTATS 2024.
 */
export { tf } from "./env/tf";
export { initBackend, canTrainConvnets } from "./env/backend";
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
export { lateDecayConfig, LATE_DECAY_PROFILES, checkLateDecayConfig } from "./experiments/late-decay-config";
export type { LateDecayConfig, ProfileName } from "./experiments/late-decay-config";
export { runLateDecay, LATE_DECAY_CODE_VERSION } from "./experiments/late-decay";
export type { LateDecayRuns, PathRun } from "./experiments/late-decay";
export { trajectoryFrame, finalFrame, finalByDecayEpoch, curveSeries, decayStats, exportCsv } from "./experiments/late-decay-frames";
export * from "./notebook";
export { showBackendBanner, withProgress } from "./notebook/run";
