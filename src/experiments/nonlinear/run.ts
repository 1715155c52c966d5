/**
 * Cached batched chain runs of the nonlinear model (Ren, Ma, Ying 2024, Sec. 4) as long-format
 * DataFrames: the building block of notebooks 04–06.
 *
 * A sweep is one problem (Gaussian data from a seed, or explicit X, y, α*) and K chain configs; its
 * chains run with the typed-array engine (src/train/chains.ts), split over worker threads for large
 * sweeps (./nonlinear-parallel) or over machines (./nonlinear-shard), and it is stored as one cache
 * entry keyed by the full config and NONLINEAR_CODE_VERSION. Every split gives the numbers of one
 * serial run, since each chain draws from its own generators. Chains that share a seed and differ only in the decay
 * step T follow the same path until T (same init, same minibatches and label noise): each is a
 * "subpath" branching off one main path at its decay step.
 */
import * as fs from "fs";
import * as path from "path";
import { withInterrupt } from "../../core/cancel";
import { check } from "../../core/errors";
import type { TeacherKind } from "../../data/gaussian";
import { cached } from "../../store/cache";
import type { ChainStatus } from "../../train/chains";
import type { ChainConfig } from "../../train/chain-config";
import { toFrame, type DataFrame, type Row } from "../../frames/frames";
import { NONLINEAR_CODE_VERSION, buildProblem, chainSteps, mergeParts, type PartResult } from "./units";
import { computeChains } from "./parallel";
import { loadCachedChain } from "./chain-cache";

export { NONLINEAR_CODE_VERSION, buildProblem } from "./units";

/** The data of a sweep: seeded Gaussian data, or explicit arrays (X [n, d] row-major, y [n], α* [d]). */
export type ProblemSpec =
  | { kind: "gaussian"; n: number; d: number; seed: number; teacher?: TeacherKind; labelNoiseStd?: number }
  | { kind: "explicit"; n: number; d: number; X: number[]; y: number[]; alphaStar: number[] };

/** A chain as plain JSON (w0 as number[]), plus a free label carried into the frame. */
export interface ChainSpec extends Omit<ChainConfig, "w0"> {
  w0?: number[];
  /** label of the chain's group, e.g. "decay early" (frame column `tag`); default "" */
  tag?: string;
}

/** Everything that determines a sweep's numbers (the cache key). */
export interface ChainSweepConfig {
  problem: ProblemSpec;
  chains: ChainSpec[];
  /** record every s updates (and at step 0 and each chain's last step) */
  recordEverySteps: number;
  /** also record w (columns w0 … w{d−1}); for d = 2 trajectories */
  recordParams?: boolean;
}

/** Per-chain outcome, as a row. */
export interface ChainOutcome {
  chain: number;
  tag: string;
  status: ChainStatus;
  /** updates applied when the chain stopped early, else null */
  stoppedAtStep: number | null;
}

/** A cached sweep. */
export interface ChainSweep {
  config: ChainSweepConfig;
  /** long format: one row per chain × recorded step (columns: see {@link sweepRows}) */
  frame: DataFrame;
  rows: Row[];
  outcomes: ChainOutcome[];
  /** wall time and throughput of the computation (from the cache manifest on a hit) */
  wallSeconds: number;
  chainSteps: number;
  chainStepsPerSecond: number;
  cacheHit: boolean;
  /** chains whose results were read from shards' single-chain entries when the sweep entry was assembled */
  chainsFromShards: number;
}

/** Options of {@link runChainSweep}. */
export interface SweepOptions {
  onProgress?: (done: number, total: number, note?: string) => void;
  signal?: AbortSignal;
  /** worker threads for the chains; default: serial below PARALLEL_MIN_COST, else LATE_DECAY_WORKERS or the core count */
  workers?: number;
}

/**
 * Long-format rows: chain, tag, seed, gamma, eta (large LR), decay_step (T), steps_after_decay,
 * lr_decay_factor, batch_size, label_noise_std, status, step, lr (of that update), train_loss,
 * test_loss, dist_mn, dist_along, dist_off, norm_w, trace_h (and w0 … w{d−1} with recordParams).
 */
export function sweepRows(config: ChainSweepConfig, records: import("../../train/chains").ChainRecord[], outcomes: ChainOutcome[]): Row[] {
  return records.map((r) => {
    const c = config.chains[r.chain];
    const row: Row = {
      chain: r.chain, tag: c.tag ?? "", seed: c.seed, gamma: c.gamma, eta: c.lr, decay_step: c.stepsBeforeDecay,
      steps_after_decay: c.stepsAfterDecay, lr_decay_factor: c.lrDecayFactor ?? 0.1, batch_size: c.batchSize ?? config.problem.n,
      label_noise_std: c.labelNoiseStd ?? 0, status: outcomes[r.chain].status, step: r.step, lr: r.lr,
      train_loss: r.trainLoss, test_loss: r.testLoss, dist_mn: r.distMn, dist_along: r.distAlong, dist_off: r.distOff,
      norm_w: r.normW, trace_h: r.traceH,
    };
    r.w?.forEach((v, j) => { row[`w${j}`] = v; });
    return row;
  });
}

/**
 * Runs (or loads from cache) all chains of a sweep. Chains found as single-chain entries (written by
 * shards, ./nonlinear-shard) are read from there; the rest run on worker threads when the sweep is
 * large enough (./nonlinear-parallel), else in this thread. Either way the entry's files are exactly
 * those of one serial run. Progress counts updates over all chains (cached chains count as done).
 * Cancelled by a kernel interrupt (SIGINT) or opts.signal (workers are stopped, nothing is written).
 * `wallSeconds` is this computation's wall time plus the time shards spent on the chains read from them.
 * @throws ConfigError for a bad problem or chain (message names the chain) or worker count; CancelledError
 */
export async function runChainSweep(config: ChainSweepConfig, opts: SweepOptions = {}): Promise<ChainSweep> {
  check(config.chains.length > 0, "a sweep needs at least one chain");
  buildProblem(config.problem); // bad problems fail here, even on a cache hit
  const total = config.chains.reduce((s, c) => s + chainSteps(c), 0);
  const r = await cached({
    kind: "nonlinear-sweep", codeVersion: NONLINEAR_CODE_VERSION, config,
    compute: async (dir) => {
      const t0 = performance.now();
      const { records, outcomes: parts, shardSeconds, fromShards } = await computeSweep(config, total, opts);
      const wallSeconds = (performance.now() - t0) / 1000 + shardSeconds;
      const outcomes: ChainOutcome[] = parts.map((o) => ({ chain: o.chain, tag: config.chains[o.chain].tag ?? "", status: o.status, stoppedAtStep: o.stoppedAtStep }));
      fs.writeFileSync(path.join(dir, "rows.json"), JSON.stringify(sweepRows(config, records, outcomes)));
      fs.writeFileSync(path.join(dir, "outcomes.json"), JSON.stringify(outcomes));
      return { wallSeconds, chainSteps: total, chainsFromShards: fromShards };
    },
    load: (dir, manifest) => ({
      rows: JSON.parse(fs.readFileSync(path.join(dir, "rows.json"), "utf8")) as Row[],
      outcomes: JSON.parse(fs.readFileSync(path.join(dir, "outcomes.json"), "utf8")) as ChainOutcome[],
      wallSeconds: Number(manifest.meta.wallSeconds),
      chainsFromShards: Number(manifest.meta.chainsFromShards ?? 0),
    }),
  });
  if (r.hit) opts.onProgress?.(total, total, "cached");
  const { rows, outcomes, wallSeconds, chainsFromShards } = r.value;
  return { config, frame: toFrame(rows), rows, outcomes, wallSeconds, chainSteps: total,
    chainStepsPerSecond: total / Math.max(wallSeconds, 1e-9), cacheHit: r.hit, chainsFromShards };
}

/** All chains of a sweep merged in chain order: those cached by shards read, the others computed. */
async function computeSweep(config: ChainSweepConfig, total: number, opts: SweepOptions): Promise<PartResult & { shardSeconds: number; fromShards: number }> {
  const loaded = config.chains.map((_, k) => loadCachedChain(config, k));
  const missing = loaded.flatMap((p, k) => (p ? [] : [k]));
  const fromShards = config.chains.length - missing.length;
  let done = total - missing.reduce((s, k) => s + chainSteps(config.chains[k]), 0);
  const note = `${missing.length} chains${fromShards ? ` (${fromShards} read from shards)` : ""}`;
  if (fromShards) opts.onProgress?.(done, total, note);
  const computed = await withInterrupt((signal) => computeChains(config, missing, {
    workers: opts.workers, signal, onSteps: (steps) => { done += steps; opts.onProgress?.(done, total, note); },
  }), opts.signal);
  const merged = mergeParts(config.chains.length, [...loaded.flatMap((p) => (p ? [p.part] : [])), ...computed]);
  return { ...merged, shardSeconds: loaded.reduce((s, p) => s + (p?.wallSeconds ?? 0), 0), fromShards };
}

/** Rows of one chain, in step order. */
export function chainRows(sweep: Pick<ChainSweep, "rows">, chain: number): Row[] {
  return sweep.rows.filter((r) => r.chain === chain);
}

/** The last recorded row of every chain (its final state, or the last one before it stopped). */
export function finalRows(sweep: Pick<ChainSweep, "rows">): Row[] {
  const last = new Map<number, Row>();
  for (const r of sweep.rows) last.set(Number(r.chain), r);
  return [...last.values()];
}
