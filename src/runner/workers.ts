/** How many worker threads to use by default, for every family. */
import * as os from "os";
import { checkInt } from "../core/errors";

/**
 * Default worker threads: LATE_DECAY_WORKERS when set, else 1 on a native (GPU) TF.js backend
 * ("tensorflow": one process already uses the device), else the number of cores (wasm/cpu are
 * single-threaded under Node, and code that uses no backend — pass none — runs on any core).
 * @throws ConfigError if LATE_DECAY_WORKERS is not an integer ≥ 1
 */
export function defaultWorkers(backend?: string): number {
  const env = process.env.LATE_DECAY_WORKERS;
  if (env) return checkInt("LATE_DECAY_WORKERS", Number(env), 1);
  return backend === "tensorflow" ? 1 : Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}
