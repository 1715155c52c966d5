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
import { checkInt } from "../core/errors";
import { throwIfCancelled } from "../core/cancel";
import { runPool } from "./worker-pool";
import { chainCost, runChainPart, splitByCost, type PartResult } from "./nonlinear-parts";
import type { ChainPartJob } from "./nonlinear-worker";
import type { ChainSweepConfig } from "./nonlinear-runs";

/**
 * Below this estimated cost (chainCost units, ≈ 4–5 ns each) a sweep runs serially unless the
 * caller asks for workers. Measured on this 2-core machine: a worker thread starts in ~0.1 s
 * (it loads the engine only: no TF.js, no danfo), and 2 workers first beat one thread at about
 * PARALLEL_MIN_COST units (≈ 0.3 s serial); see the measurement notes in the commit / report.
 */
export const PARALLEL_MIN_COST = 60e6;

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
  const workerFile = path.join(__dirname, `nonlinear-worker${path.extname(__filename)}`);
  await runPool(workerFile, jobs, workers, {
    signal: opts.signal, onProgress: (units) => opts.onSteps?.(units), onResult: (_job, data) => results.push(data as PartResult),
  });
  return results;
}
