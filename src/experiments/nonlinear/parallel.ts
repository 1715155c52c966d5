/**
 * Runs chains of a nonlinear-model sweep on worker threads (./nonlinear-worker), one engine per
 * thread, or serially when the sweep is too small to pay for starting workers. The chains are
 * split into parts of about equal estimated cost (./nonlinear-parts: chainCost, splitByCost);
 * the pool hands the costliest parts out first and each free worker takes the next, so a core
 * slowed by other load simply does fewer parts. Results merged in chain order are exactly a
 * serial run's (each chain has its own generators).
 */
import * as os from "os";
import * as path from "path";
import { checkInt } from "../../core/errors";
import { throwIfCancelled } from "../../core/cancel";
import { runPool } from "../worker-pool";
import { chainCost, runChainPart, splitByCost, type PartResult } from "./units";
import type { ChainPartJob } from "./worker";
import type { ChainSweepConfig } from "./run";

/**
 * Below this estimated cost (chainCost units, ≈ 4–5 ns each here) a sweep runs serially unless the
 * caller asks for workers. Measured on this shared 2-core VM (notebook build, dist/): a worker is
 * online ~30–65 ms after it is created and returns a 40 ms job after ~0.2 s (module load, cold JIT),
 * and 2 workers cost ~0.3 s more than one thread on notebook 04's sweep (3 M units). Notebook 05's
 * quick sweeps (101 M and 181 M units, 0.7–1 s serial) were no faster with 2 workers (0.9–1.7 s,
 * other jobs were loading the cores), notebook 06's (438 M, 2.0–2.8 s serial) gained while a core
 * was free (1.4–2.0 s) and lost while it was not (2.7–3.6 s); notebook 05's paper three-phase sweep
 * (1041 M) ran in 2.6–2.7 s on 2 workers against 4.2–4.4 s serial. So the break-even lies near
 * 1 s serial: 250 M units.
 */
export const PARALLEL_MIN_COST = 250e6;

/** Parts per worker: more parts than workers balance a noisy machine dynamically. */
const PARTS_PER_WORKER = 4;

/**
 * Worker threads for a sweep's chains: LATE_DECAY_WORKERS when set (as for the late-decay runs),
 * else the number of cores (the chain engine uses no TF.js backend, so it is the CPU count).
 * @throws ConfigError if LATE_DECAY_WORKERS is not an integer ≥ 1
 */
export function chainWorkers(): number {
  const env = process.env.LATE_DECAY_WORKERS;
  if (env) return checkInt("LATE_DECAY_WORKERS", Number(env), 1);
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** Options of {@link computeChains}. */
export interface ComputeOptions {
  /** worker threads; default: 1 below PARALLEL_MIN_COST, else chainWorkers() */
  workers?: number;
  signal?: AbortSignal;
  /** called with the number of updates done since its previous call (summed over workers) */
  onSteps?: (steps: number) => void;
}

/**
 * Runs chains `indices` of a sweep, in parallel when worth it.
 * @returns one PartResult per part (sweep chain indices; merge with mergeParts)
 * @throws ConfigError for a bad chain or worker count; CancelledError when `signal` aborts (workers are stopped)
 */
export async function computeChains(config: ChainSweepConfig, indices: readonly number[], opts: ComputeOptions = {}): Promise<PartResult[]> {
  throwIfCancelled(opts.signal, "nonlinear sweep");
  const costs = indices.map((k) => chainCost(config.problem, config.chains[k], config.recordEverySteps));
  const total = costs.reduce((a, b) => a + b, 0);
  const workers = opts.workers === undefined ? (total < PARALLEL_MIN_COST ? 1 : chainWorkers()) : checkInt("workers", opts.workers, 1);
  if (workers <= 1 || indices.length <= 1) return [await runChainPart(config, indices, { signal: opts.signal, onSteps: opts.onSteps })];
  const groups = splitByCost(costs, Math.min(indices.length, PARTS_PER_WORKER * workers)).filter((g) => g.length > 0);
  const cost = (g: number[]) => g.reduce((a, i) => a + costs[i], 0);
  const jobs: ChainPartJob[] = groups.sort((a, b) => cost(b) - cost(a))
    .map((g, j) => ({ id: `part ${j}`, config, chains: g.map((i) => indices[i]) }));
  const results: PartResult[] = [];
  const workerFile = path.join(__dirname, `worker${path.extname(__filename)}`);
  await runPool(workerFile, jobs, workers, {
    signal: opts.signal, onProgress: (units) => opts.onSteps?.(units), onResult: (_job, data) => results.push(data as PartResult),
  });
  return results;
}
