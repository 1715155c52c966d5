/** How many worker threads a run uses: the one policy, owned by the runner. */
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

/**
 * Worker threads for a run of `todo` (the units it will compute): `requested` when given (checked),
 * else one when the uncached cost is below `minParallelCost` (starting threads would cost more than
 * they save), else {@link defaultWorkers} for `backend` — never more than the units to compute.
 * @param todo costs of the units to compute
 * @throws ConfigError for a requested count that is not an integer ≥ 1, or a bad LATE_DECAY_WORKERS
 */
export function workerCount(
  todo: readonly { cost: number }[],
  opts: { requested?: number; backend?: string; minParallelCost?: number } = {},
): number {
  if (opts.requested !== undefined) return checkInt("workers", opts.requested, 1);
  const cost = todo.reduce((s, u) => s + u.cost, 0);
  if (opts.minParallelCost !== undefined && cost < opts.minParallelCost) return 1;
  return Math.max(1, Math.min(defaultWorkers(opts.backend), todo.length));
}
