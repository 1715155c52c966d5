/**
 * The work units of a nonlinear-model sweep (Ren, Ma, Ying 2024, Sec. 4): one unit per chain, each
 * its own cache entry "nonlinear-chain" keyed by everything that fixes the chain's numbers — the
 * problem, the chain spec without its tag, recordEverySteps, recordParams — and
 * NONLINEAR_CODE_VERSION (derived from the code), but not the chain's index or the other chains (the same chain reached
 * from two sweeps is one entry). Chains are independent (each has its own generators, see
 * src/train/chains.ts), so the runner may run them anywhere; merged in chain order they are exactly
 * one serial run's results, and an interrupted sweep keeps every finished chain.
 *
 * This module keeps to light imports (no danfo, no tfjs) because worker threads load it.
 */
import { makeGaussianProblem } from "../../data/gaussian";
import { makeProblem, type NonlinearProblem } from "../../models/nonlinear";
import { runChains, type ChainRecord } from "../../train/chains";
import type { ChainConfig } from "../../train/chain-config";
import { readJson, writeJson } from "../../store/files";
import { codeVersion } from "../../store/code-version";
import type { FamilyTable, UnitFamily, WorkUnit } from "../../runner";
import { familyTable } from "../kit/families";
import type { ChainPayload, ChainSpec, ChainSweepConfig, PartResult, ProblemSpec } from "./types";

/** The code version of the chain and sweep entries: derived from this module (which computes the chains) and every local module it imports. */
export const NONLINEAR_CODE_VERSION = codeVersion("experiments/nonlinear/units");

/** The problem of a spec. @throws ConfigError for bad sizes or values (from makeProblem / makeGaussianProblem) */
export function buildProblem(spec: ProblemSpec): NonlinearProblem {
  if (spec.kind === "gaussian") return makeGaussianProblem(spec);
  return makeProblem({
    n: spec.n,
    d: spec.d,
    X: Float64Array.from(spec.X),
    y: Float64Array.from(spec.y),
    alphaStar: Float64Array.from(spec.alphaStar),
  });
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
 * three-phase runs of notebook 05. Used only to balance shards and to choose serial vs parallel.
 */
export function chainCost(problem: Pick<ProblemSpec, "n" | "d">, c: ChainSpec, recordEverySteps: number): number {
  const steps = chainSteps(c),
    B = c.batchSize ?? problem.n;
  const records = Math.floor(steps / recordEverySteps) + 1 + (steps % recordEverySteps ? 1 : 0);
  return steps * (5 + B * problem.d) + records * (1000 + 2 * problem.n * problem.d);
}

/** Unit id of chain k. */
export const chainUnitId = (k: number) => `chain/${k}`;

/** Registered name of {@link nonlinearChainFamily} (src/experiments/families.ts). */
export const NONLINEAR_CHAINS = "nonlinear-chains";

/** One unit per chain of a sweep; cost = chainCost, size = updates (progress counts chain steps). */
export function chainUnits(config: ChainSweepConfig): WorkUnit<ChainPayload>[] {
  const recordParams = config.recordParams ?? false;
  return config.chains.map((chain, k) => {
    const { tag, ...keyed } = chain;
    return {
      id: chainUnitId(k),
      family: NONLINEAR_CHAINS,
      dependsOn: {},
      cost: chainCost(config.problem, chain, config.recordEverySteps),
      size: chainSteps(chain),
      label: `chain ${k} (${tag ?? ""}, seed ${chain.seed}, ${chain.stepsBeforeDecay}+${chain.stepsAfterDecay} steps)`,
      entry: {
        kind: "nonlinear-chain",
        codeVersion: NONLINEAR_CODE_VERSION,
        config: { problem: config.problem, chain: keyed, recordEverySteps: config.recordEverySteps, recordParams },
      },
      payload: { problem: config.problem, chain, index: k, recordEverySteps: config.recordEverySteps, recordParams },
    };
  });
}

/** Chain k's stored part (records and outcome with chain index k). */
export function loadChain(dir: string, k: number): PartResult {
  const records = readJson<Omit<ChainRecord, "chain">[]>(dir, "records.json").map((r) => ({ chain: k, ...r }));
  const outcome = readJson<Omit<PartResult["outcomes"][number], "chain">>(dir, "outcome.json");
  return { records, outcomes: [{ chain: k, ...outcome }] };
}

/**
 * The worker-side computation of a chain: the typed-array engine (no TF.js backend), one problem
 * per thread and problem spec; writes records.json (without the chain index) and outcome.json.
 * @throws ConfigError for a bad chain (naming its index in the sweep); CancelledError when cancelled
 */
export const nonlinearChainFamily: UnitFamily<ChainPayload, NonlinearProblem> = {
  setupKey: (p) => p.problem,
  setup: (p) => buildProblem(p.problem),
  async compute(problem, p, dir, api) {
    const t0 = performance.now();
    let reported = 0,
      pending = 0,
      last = performance.now();
    const res = await runChains(problem, [toChainConfig(p.chain)], {
      recordEverySteps: p.recordEverySteps,
      recordParams: p.recordParams,
      signal: api.signal,
      onProgress: (q) => {
        pending += q.stepsDone - reported;
        reported = q.stepsDone;
        if (performance.now() - last < 50) return; // at most ~20 progress calls per second
        api.progress(pending);
        pending = 0;
        last = performance.now();
      },
    }).catch((e: Error) => {
      e.message = e.message.replace(/^chain 0:/, `chain ${p.index}:`); // the engine numbers chains within its call
      throw e;
    });
    if (pending > 0) api.progress(pending);
    writeJson(
      dir,
      "records.json",
      res.records.map(({ chain: _c, ...r }) => r),
    );
    const c = res.chains[0];
    writeJson(dir, "outcome.json", { status: c.status, stoppedAtStep: c.stoppedAtStep });
    return { wallSeconds: (performance.now() - t0) / 1000 };
  },
};

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

/** The family table of the nonlinear model's sweeps (their units name only {@link nonlinearChainFamily}). */
export const NONLINEAR_FAMILIES: FamilyTable = familyTable({ [NONLINEAR_CHAINS]: nonlinearChainFamily });
