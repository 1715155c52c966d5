/**
 * The engine choice, in one place: which runtime computes the network experiments' hot loops.
 *   - `onnx`: onnxruntime-node's CPU execution provider (graphs of ../kernels/onnx-*.ts): the MLP's
 *     training epochs, full-set evaluation and the landscape grid's batched evaluation; VGG convnets'
 *     training epochs and their paths' full-set evaluations when they have no dropout
 *     (../train/path.ts's pathEngine says which network trains where, and why). Everything else
 *     (convnets with dropout, PCA, the nonlinear model) still runs on TensorFlow.js.
 *   - `tfjs`: TensorFlow.js alone (the reference; backends as ./backend.ts chooses them).
 * Default: `onnx` where onnxruntime-node loads, else `tfjs` (with the reason in the banner, e.g. no
 * binary for macOS x64). LATE_DECAY_ENGINE=onnx|tfjs forces one; a forced engine that does not
 * load is an error, never a silent fallback.
 */
import { ConfigError } from "../core/errors";
import { loadOrt, ortLoadError, ortVersion } from "./ort";
import { tf } from "./tf";

/** The engines. */
export const ENGINES = ["onnx", "tfjs"] as const;
export type EngineName = (typeof ENGINES)[number];

/** The engine in use and why. */
export interface EngineInfo {
  engine: EngineName;
  /** the engine's package and version, e.g. "onnxruntime-node 1.30.0" or "@tensorflow/tfjs-core 4.22.0" */
  version: string;
  /** "forced by LATE_DECAY_ENGINE", "first available", or why onnx was passed over */
  reason: string;
}

let chosen: EngineInfo | null = null;

/**
 * Chooses the engine once per process (LATE_DECAY_ENGINE, else onnx where it loads, else tfjs).
 * @throws ConfigError when LATE_DECAY_ENGINE is not onnx or tfjs, or names an engine that does not load here
 */
export function chooseEngine(): EngineInfo {
  if (chosen) return chosen;
  const forced = process.env.LATE_DECAY_ENGINE?.trim();
  if (forced && !(ENGINES as readonly string[]).includes(forced)) {
    throw new ConfigError(`LATE_DECAY_ENGINE=${JSON.stringify(forced)} is not one of ${ENGINES.join(", ")}`);
  }
  const tfjs = (reason: string): EngineInfo => ({
    engine: "tfjs",
    version: `@tensorflow/tfjs-core ${tf.version_core}`,
    reason,
  });
  if (forced === "tfjs") return (chosen = tfjs("forced by LATE_DECAY_ENGINE"));
  if (loadOrt()) {
    return (chosen = {
      engine: "onnx",
      version: `onnxruntime-node ${ortVersion()}`,
      reason: forced ? "forced by LATE_DECAY_ENGINE" : "first available",
    });
  }
  if (forced === "onnx")
    throw new ConfigError(`LATE_DECAY_ENGINE="onnx" is not available on this machine: ${ortLoadError()}`);
  return (chosen = tfjs(`onnx not available (${ortLoadError()})`));
}

/** The engine chosen by {@link chooseEngine} in this process, or null before it ran. */
export function currentEngine(): EngineInfo | null {
  return chosen;
}

/** Forgets the choice (tests that change LATE_DECAY_ENGINE within one process). */
export function resetEngineChoice(): void {
  chosen = null;
}
