/**
 * Parts of a nonlinear-model sweep (Ren, Ma, Ying 2024, Sec. 4): a sweep's K chains are
 * independent (each has its own generators, see src/train/chains.ts), so any subset of them can
 * run anywhere — on a worker thread (./nonlinear-worker) or in another process (./nonlinear-shard)
 * — and the results, merged back in chain order, are exactly those of one serial run.
 *
 * This module keeps to light imports (no danfo, no tfjs) because worker threads load it.
 */
import { checkInt, checkNumber } from "../../core/errors";
import { makeGaussianProblem } from "../../data/gaussian";
import { makeProblem, type NonlinearProblem } from "../../models/nonlinear";
import { runChains, type ChainRecord } from "../../train/chains";
import type { ChainConfig } from "../../train/chain-config";
import type { ChainOutcome, ChainSpec, ChainSweepConfig, ProblemSpec } from "./run";

/** Bump when a change alters the numbers the nonlinear sweeps produce. */
export const NONLINEAR_CODE_VERSION = "nonlinear-2";

/** Records and outcomes of some chains of a sweep; `chain` fields are indices into the sweep's chains. */
export interface PartResult {
  /** chain-major, then by step (the order runChains produces) */
  records: ChainRecord[];
  outcomes: Omit<ChainOutcome, "tag">[];
}

/** The problem of a spec. @throws ConfigError for bad sizes or values (from makeProblem / makeGaussianProblem) */
export function buildProblem(spec: ProblemSpec): NonlinearProblem {
  if (spec.kind === "gaussian") return makeGaussianProblem(spec);
  return makeProblem({ n: spec.n, d: spec.d, X: Float64Array.from(spec.X), y: Float64Array.from(spec.y), alphaStar: Float64Array.from(spec.alphaStar) });
}

/** The engine's config of a chain spec (tag dropped, w0 as Float64Array). */
export function toChainConfig(c: ChainSpec): ChainConfig {
  const { tag: _tag, w0, ...rest } = c;
  return w0 === undefined ? rest : { ...rest, w0: Float64Array.from(w0) };
}

/** Number of updates T + T′ of a chain spec. */
export function chainSteps(c: ChainSpec): number {
  return c.stepsBeforeDecay + c.stepsAfterDecay;
}

/**
 * Estimated cost of a chain in arbitrary work units (≈ 4–5 ns each on this 2-core EPYC):
 * steps·(5 + B·d) for the updates plus records·(1000 + 2·n·d) for the recorded points (full
 * losses, manifold distances, tr H). Fitted to single-chain timings at (n, d) = (1, 2), (10, 20),
 * (20, 40), (50, 100) with B = 1 and 8; records dominate dense-record sweeps such as the
 * three-phase runs of notebook 05. Used only to balance parts and to choose serial vs parallel.
 */
export function chainCost(problem: Pick<ProblemSpec, "n" | "d">, c: ChainSpec, recordEverySteps: number): number {
  const steps = chainSteps(c), B = c.batchSize ?? problem.n;
  const records = Math.floor(steps / recordEverySteps) + 1 + (steps % recordEverySteps ? 1 : 0);
  return steps * (5 + B * problem.d) + records * (1000 + 2 * problem.n * problem.d);
}

/**
 * Splits items with the given costs into `parts` groups of about equal total cost (greedy
 * longest-first: the costliest item goes to the currently cheapest group, ties to the lower index).
 * Deterministic; every item is in exactly one group; each group lists its items in ascending
 * order; a group may be empty when there are fewer items than parts.
 * @param costs cost of each item, finite and ≥ 0
 * @returns [parts] arrays of item indices
 * @throws ConfigError for parts not an integer ≥ 1 or a bad cost (message names the value)
 */
export function splitByCost(costs: readonly number[], parts: number): number[][] {
  checkInt("number of parts", parts, 1);
  costs.forEach((c, i) => checkNumber(`cost of item ${i}`, c, 0));
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  const groups = Array.from({ length: parts }, () => [] as number[]);
  const load = new Array<number>(parts).fill(0);
  for (const i of order) {
    let best = 0;
    for (let g = 1; g < parts; g++) if (load[g] < load[best]) best = g;
    groups[best].push(i);
    load[best] += costs[i];
  }
  return groups.map((g) => g.sort((a, b) => a - b));
}

/**
 * Runs the chains `indices` of a sweep (one after another, this thread).
 * @param onSteps called with the number of updates done since its previous call
 * @returns records and outcomes with sweep chain indices
 * @throws ConfigError for a bad chain (message names its sweep index); CancelledError when `signal` aborts
 */
export async function runChainPart(config: ChainSweepConfig, indices: readonly number[],
  opts: { signal?: AbortSignal; onSteps?: (steps: number) => void; problem?: NonlinearProblem } = {}): Promise<PartResult> {
  if (indices.length === 0) return { records: [], outcomes: [] };
  const problem = opts.problem ?? buildProblem(config.problem);
  let reported = 0;
  const res = await runChains(problem, indices.map((k) => toChainConfig(config.chains[k])), {
    recordEverySteps: config.recordEverySteps, recordParams: config.recordParams ?? false, signal: opts.signal,
    onProgress: (p) => { opts.onSteps?.(p.stepsDone - reported); reported = p.stepsDone; },
  }).catch((e: Error) => {
    // runChains names chains by their position in this part; name the sweep's index instead
    e.message = e.message.replace(/^chain (\d+):/, (_, j: string) => `chain ${indices[Number(j)]}:`);
    throw e;
  });
  for (const r of res.records) r.chain = indices[r.chain];
  const outcomes = res.chains.map((c) => ({ chain: indices[c.chain], status: c.status, stoppedAtStep: c.stoppedAtStep }));
  return { records: res.records, outcomes };
}

/**
 * Merges parts that together hold chains 0 … K−1 exactly once into one result in chain order
 * (records chain-major then by step: what one serial run of all K chains returns).
 * @throws Error if a chain is missing or appears twice
 */
export function mergeParts(K: number, parts: readonly PartResult[]): PartResult {
  const byChain = Array.from({ length: K }, () => [] as ChainRecord[]);
  const outcomes: PartResult["outcomes"] = new Array(K);
  for (const p of parts) {
    for (const o of p.outcomes) {
      if (outcomes[o.chain]) throw new Error(`chain ${o.chain} appears in two parts`);
      outcomes[o.chain] = o;
    }
    for (const r of p.records) byChain[r.chain].push(r);
  }
  for (let k = 0; k < K; k++) if (!outcomes[k]) throw new Error(`chain ${k} of ${K} is in no part`);
  return { records: byChain.flat(), outcomes };
}
