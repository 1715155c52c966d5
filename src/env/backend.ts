/**
 * Chooses the TensorFlow.js backend, in order of preference:
 *   1. `tensorflow` from @tensorflow/tfjs-node-gpu (CUDA; an optional dependency),
 *   2. `tensorflow` from @tensorflow/tfjs-node (native CPU, if the user installed it),
 *   3. `wasm` from @tensorflow/tfjs-backend-wasm (single-threaded under Node; tf.conv2d has no
 *      gradient kernels there, so convnets use src/kernels/conv.ts, which builds them from forward convolutions),
 *   4. `cpu`, the pure-JS backend (always available, slow).
 * The environment variable LATE_DECAY_BACKEND=tensorflow|wasm|cpu forces one (an
 * unavailable forced backend is an error, never a silent fallback).
 */
import { tf } from "./tf";
import { ConfigError } from "../core/errors";
import { EngineName, chooseEngine } from "./engine";

/** The backend in use and the versions that matter for reproducing a number. */
export interface BackendInfo {
  /** tfjs backend name: "tensorflow" | "wasm" | "cpu" */
  backend: string;
  /** npm package that provides it */
  package: string;
  /** version of that package */
  packageVersion: string;
  /** @tensorflow/tfjs-core version */
  tfjsCore: string;
  /** Node.js version */
  node: string;
  /** why this backend: "forced by LATE_DECAY_BACKEND" or "first available" */
  reason: string;
  /** the engine of the network experiments' hot loops (./engine.ts): "onnx" or "tfjs" */
  engine: EngineName;
  /** its package and version, e.g. "onnxruntime-node 1.30.0" */
  engineVersion: string;
  /** why this engine: "forced by LATE_DECAY_ENGINE", "first available", or why onnx was passed over */
  engineReason: string;
  /**
   * What computes the numbers, as it enters every cache key of the network experiments:
   * {@link computeIdOf}, e.g. "onnx onnxruntime-node 1.30.0 + wasm".
   */
  computeId: string;
}

const CANDIDATES = [
  { backend: "tensorflow", pkg: "@tensorflow/tfjs-node-gpu" },
  { backend: "tensorflow", pkg: "@tensorflow/tfjs-node" },
  { backend: "wasm", pkg: "@tensorflow/tfjs-backend-wasm" },
  { backend: "cpu", pkg: "@tensorflow/tfjs-backend-cpu" },
] as const;

let current: BackendInfo | null = null;

/**
 * Version of an installed package, or null when it is absent. The package name is
 * checked: danfojs-node's `@tensorflow/tfjs-node` is an npm alias of plain tfjs here
 * and must not be taken for the native backend.
 */
function installedVersion(pkg: string): string | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const meta = require(`${pkg}/package.json`) as { name: string; version: string };
    return meta.name === pkg ? meta.version : null;
  } catch {
    return null;
  }
}

async function tryCandidate(c: (typeof CANDIDATES)[number]): Promise<boolean> {
  const version = installedVersion(c.pkg);
  if (version === null) return false;
  try {
    if (c.backend !== "cpu") require(c.pkg); // registers the backend with tfjs-core
    return await tf.setBackend(c.backend);
  } catch {
    return false;
  }
}

/**
 * The cache identity of an engine on a tfjs backend, "<engine> <package version> + <backend>", e.g.
 * "onnx onnxruntime-node 1.30.0 + wasm" (tfjs still runs what the onnx engine does not) or
 * "tfjs @tensorflow/tfjs-core 4.22.0 + wasm".
 */
export function computeIdOf(backend: string, engine: EngineName, engineVersion: string): string {
  return `${engine} ${engineVersion} + ${backend}`;
}

/**
 * Initializes the backend once per process and returns what is in use.
 * Later calls return the same info without re-initializing.
 * Chooses the engine too (./engine.ts: LATE_DECAY_ENGINE, else onnx where it loads, else tfjs).
 * @throws ConfigError when LATE_DECAY_BACKEND names an unknown or unavailable backend, or
 *   LATE_DECAY_ENGINE an unknown or unavailable engine
 */
export async function initBackend(): Promise<BackendInfo> {
  if (current && tf.getBackend() === current.backend && current.engine === chooseEngine().engine) return current;
  const forced = process.env.LATE_DECAY_BACKEND?.trim();
  let list: readonly (typeof CANDIDATES)[number][] = CANDIDATES;
  if (forced) {
    list = CANDIDATES.filter((c) => c.backend === forced);
    if (list.length === 0) {
      throw new ConfigError(`LATE_DECAY_BACKEND=${JSON.stringify(forced)} is not one of tensorflow, wasm, cpu`);
    }
  }
  for (const c of list) {
    if (await tryCandidate(c)) {
      const engine = chooseEngine();
      current = {
        backend: c.backend,
        package: c.pkg,
        packageVersion: installedVersion(c.pkg) ?? "?",
        tfjsCore: tf.version_core,
        node: process.version,
        reason: forced ? "forced by LATE_DECAY_BACKEND" : "first available",
        engine: engine.engine,
        engineVersion: engine.version,
        engineReason: engine.reason,
        computeId: computeIdOf(c.backend, engine.engine, engine.version),
      };
      return current;
    }
  }
  throw new ConfigError(
    `LATE_DECAY_BACKEND=${JSON.stringify(forced)} is not available on this machine ` +
      `(install ${list.map((c) => c.pkg).join(" or ")})`,
  );
}
