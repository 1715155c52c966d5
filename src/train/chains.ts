/**
 * Batched SGD chains on the nonlinear model (Ren, Ma, Ying 2024, Sec. 4).
 *
 * K independent chains, each SGD with batch size B, optional label noise, and the two-phase
 * schedule (η for T steps, then η·factor for T′ steps); full-batch GD is B = n, σ = 0.
 * Parameters of all chains live in one [K, d] row-major Float64Array.
 *
 * Engine choice (evidence, this 2-core AMD EPYC, d = 40, n = 20, γ = 1, B = 1, σ = 0.5, K = 256):
 * plain TypeScript loops over Float64Array. One step is ~200 flops, far too small to amortize
 * tensor dispatch: batched tfjs-wasm reached ~1.4 M chain-steps/s and tfjs-cpu ~0.1 M (issue 5),
 * numpy vectorized over the K chains (scripts/bench/bench_torch.py) 5.3 M, this kernel 6.4 M (CPU time,
 * same machine, both loaded; before the changes below it ran 1.7 M). What made it fast:
 * the step never forms α (α·x = s·(w·x) with s = ‖w‖^γ) and gets w·g from the same pass;
 * the update and ‖w‖² are one fused pass; dot products use four partial sums (a single running
 * sum is a latency-bound chain of d adds); no allocation and no integer % per step; a faster
 * generator (./chain-rng: xoroshiro128+ and polar normals drawn in blocks). `npm run bench`
 * prints the current numbers next to numpy's. The hot loop is a synchronous function run in
 * chunks between cancellation checks (inside an async function V8 ran it ~3× slower). Chains share only the
 * read-only problem, so the engine runs them one after another (better cache locality than
 * interleaving steps); each chain draws from its own generators, so a batched run of K chains gives
 * exactly the numbers of K single runs with the same seeds.
 *
 * Sampling (random reshuffling, drop-last): each chain keeps an index order that it reshuffles
 * in place (Fisher–Yates with its generator, stream deriveSeed(seed, "chain", "sgd")) whenever fewer than B unused indices remain, then takes
 * the next B indices. So with B | n every sample is used exactly once per pass of n/B steps; with
 * B ∤ n the n mod B leftover indices of a pass are skipped. B = n takes all samples in natural
 * order every step and draws no permutation (plain GD). Label noise: the sampled labels become
 * y_i + σz_i with fresh z_i ~ N(0, 1) drawn at every step, in batch order, from the chain's own
 * noise stream deriveSeed(seed, "chain", "labelNoise") (so noise and shuffles never shift each other).
 */
import { CancelledError, check, checkInt, checkNumber } from "../core/errors";
import { deriveSeed } from "../core/rng";
import { ChainRng } from "./chain-rng";
import {
  manifoldDecomposition,
  norm,
  testLossOfAlpha,
  trainLossOfAlpha,
  type NonlinearProblem,
} from "../models/nonlinear";
import { traceHessianOnManifold } from "../models/nonlinear-hessian";
import { resolveChainConfig, totalSteps, type ChainConfig, type ResolvedChainConfig } from "./chain-config";
import type {
  ChainRecord,
  ChainStatus,
  ChainSummary,
  ChainResult,
  ChainProgress,
  RunChainsOptions,
} from "./chain-types";
import * as kernels from "../kernels/vector";

export type {
  ChainRecord,
  ChainStatus,
  ChainSummary,
  ChainResult,
  ChainProgress,
  RunChainsOptions,
} from "./chain-types";

/**
 * Runs K chains of SGD / label-noise SGD / GD on the nonlinear model (Sec. 4).
 * @param problem one problem shared by all chains, or one problem per chain (all with the same d)
 * @param chains K chain configs (see ChainConfig; each validated against its problem)
 * @returns records, per-chain status and the final [K, d] parameters
 * @throws ConfigError for a bad config (message names chain and value); CancelledError if aborted
 */
export async function runChains(
  problem: NonlinearProblem | readonly NonlinearProblem[],
  chains: readonly ChainConfig[],
  opts: RunChainsOptions,
): Promise<ChainResult> {
  const K = checkInt("number of chains", chains.length, 1);
  const problems = Array.isArray(problem)
    ? (problem as NonlinearProblem[])
    : Array<NonlinearProblem>(K).fill(problem as NonlinearProblem);
  check(problems.length === K, `need one problem per chain: got ${problems.length} problems for ${K} chains`);
  const d = problems[0].d;
  problems.forEach((p, k) => check(p.d === d, `all problems must share d = ${d}, problem ${k} has d = ${p.d}`));
  const ctl = makeControl(opts);
  if (opts.signal?.aborted) throw new CancelledError("runChains cancelled before it started");
  const configs = chains.map((c, k) => resolveChainConfig(problems[k], c, k));
  const progress: ChainProgress = {
    chainsDone: 0,
    chains: K,
    stepsDone: 0,
    stepsTotal: configs.reduce((s, c) => s + totalSteps(c), 0),
  };
  const finalW = new Float64Array(K * d);
  const records: ChainRecord[] = [];
  const summaries: ChainSummary[] = [];
  let stepsBefore = 0;
  for (let k = 0; k < K; k++) {
    const w = finalW.subarray(k * d, (k + 1) * d);
    w.set(configs[k].w0);
    const end = await runChain(problems[k], configs[k], k, w, ctl, records, progress);
    summaries.push({ chain: k, config: configs[k], ...end });
    progress.chainsDone++;
    progress.stepsDone = stepsBefore += totalSteps(configs[k]); // counts steps skipped by an early stop
    opts.onProgress?.({ ...progress });
    if (k < K - 1) await ctl.tick(progress); // many short chains are checked too
  }
  return { d, records, chains: summaries, finalW };
}

interface Control {
  every: number;
  recordEvery: number;
  maxLoss: number;
  zeroTol: number;
  recordParams: boolean;
  /** throws CancelledError if aborted; yields to the event loop (and reports progress) every ~50 ms */
  tick(progress: ChainProgress): Promise<void>;
}

function makeControl(opts: RunChainsOptions): Control {
  const recordEvery = checkInt("recordEverySteps", opts.recordEverySteps, 1);
  const every = checkInt("checkEverySteps", opts.checkEverySteps ?? 1000, 1);
  const maxLoss = checkNumber("maxLoss", opts.maxLoss ?? 1e10, 0);
  const zeroTol = checkNumber("zeroNormTol", opts.zeroNormTol ?? 1e-10, 0);
  let last = performance.now();
  const tick = async (progress: ChainProgress): Promise<void> => {
    if (opts.signal?.aborted) throw new CancelledError(`runChains cancelled after ${progress.stepsDone} steps`);
    if (performance.now() - last < 50) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
    if (opts.signal?.aborted) throw new CancelledError(`runChains cancelled after ${progress.stepsDone} steps`);
    opts.onProgress?.({ ...progress });
  };
  return { every, recordEvery, maxLoss, zeroTol, tick, recordParams: opts.recordParams ?? false };
}

/** Appends a record of chain k at `step`; returns false (no record) if the full loss diverged. */
function record(
  p: NonlinearProblem,
  c: ResolvedChainConfig,
  k: number,
  step: number,
  lr: number,
  w: Float64Array,
  alpha: Float64Array,
  ctl: Control,
  out: ChainRecord[],
): boolean {
  const trainLoss = trainLossOfAlpha(p, alpha);
  if (!(trainLoss <= ctl.maxLoss)) return false;
  const m = manifoldDecomposition(p, alpha);
  const rec: ChainRecord = {
    chain: k,
    step,
    lr,
    trainLoss,
    testLoss: testLossOfAlpha(p, alpha),
    distMn: m.distMn,
    distAlong: m.distAlong,
    distOff: m.distOff,
    normW: norm(w),
    traceH: traceHessianOnManifold(p, w, c.gamma),
  };
  if (ctl.recordParams) rec.w = Array.from(w);
  out.push(rec);
  return true;
}

// Bound once at load: tsx/esbuild compile each use of an imported function to a getter call,
// which showed in profiles of the hot loop.
const { dotRow, axpbyNorm2 } = kernels;

/** Label-noise normals drawn per block (a tight fill loop is ~30% cheaper per value than one at a time). */
const NOISE_BLOCK = 256;

/** Mutable state of one running chain; `w` is its row of the [K, d] state. */
interface ChainState {
  w: Float64Array;
  g: Float64Array;
  order: Int32Array;
  dots: Float64Array;
  rng: ChainRng;
  pos: number;
  r: number;
  t: number;
  /** label-noise normals from their own stream, drawn in blocks; `np` = next unused entry */
  noiseRng: ChainRng;
  noise: Float64Array;
  np: number;
}

/** s = ‖w‖^γ from r = ‖w‖ (γ = 1, the common case, skips Math.pow; r ** 1 === r exactly). */
const scaleOf = (r: number, gamma: number): number => (gamma === 0 ? 1 : gamma === 1 ? r : r ** gamma);

/** α = s·w into a new array (only at record time: the hot loop never forms α). */
function alphaAt(w: Float64Array, s: number): Float64Array {
  const a = new Float64Array(w.length);
  for (let j = 0; j < w.length; j++) a[j] = s * w[j];
  return a;
}

/** Runs one chain in place on `w`, in synchronous chunks of `ctl.every` steps between ticks. */
async function runChain(
  p: NonlinearProblem,
  c: ResolvedChainConfig,
  k: number,
  w: Float64Array,
  ctl: Control,
  records: ChainRecord[],
  progress: ChainProgress,
): Promise<Omit<ChainSummary, "chain" | "config">> {
  const st: ChainState = {
    w,
    g: new Float64Array(p.d),
    t: 0,
    dots: new Float64Array(c.batchSize),
    order: Int32Array.from({ length: p.n }, (_, i) => i),
    rng: new ChainRng(deriveSeed(c.seed, "chain", "sgd")),
    pos: p.n,
    r: norm(w),
    noiseRng: new ChainRng(deriveSeed(c.seed, "chain", "labelNoise")),
    noise: new Float64Array(NOISE_BLOCK),
    np: NOISE_BLOCK,
  };
  if (!record(p, c, k, 0, c.lr, w, alphaAt(w, scaleOf(st.r, c.gamma)), ctl, records))
    return { status: "diverged", stoppedAtStep: 0 };
  const T = totalSteps(c);
  while (st.t < T) {
    const status = advance(p, c, st, Math.min(T, st.t + ctl.every), ctl, k, records);
    if (status !== "completed") return { status, stoppedAtStep: st.t };
    if (st.t < T) {
      progress.stepsDone += ctl.every;
      await ctl.tick(progress);
    }
  }
  return { status: "completed", stoppedAtStep: null };
}

/**
 * Advances a chain from step st.t to tEnd (synchronous hot loop, kept out of the async function
 * so that V8 optimizes it). Returns "completed" if it got there, else the stop status with st.t
 * set to the number of updates applied.
 *
 * One step, with s = ‖w‖^γ, r = ‖w‖ and the sampled rows x_b, labels ỹ_b:
 *   u_b = x_b·w,  res_b = s·u_b − ỹ_b  (so α never needs forming: α·x_b = s·u_b),
 *   g = Σ_b res_b x_b,  w·g = Σ_b res_b u_b  (free from the same pass),
 *   w ← w − (ηs/B)(g + γ(w·g)/r² · w) = c₁w − Σ_b (ηs·res_b/B) x_b,  c₁ = 1 − ηsγ(w·g)/(B r²),
 * and ‖w‖² is summed while writing w. So a step reads w twice per sampled row and allocates nothing.
 */
function advance(
  p: NonlinearProblem,
  c: ResolvedChainConfig,
  st: ChainState,
  tEnd: number,
  ctl: Control,
  k: number,
  records: ChainRecord[],
): ChainStatus {
  const { n, d, X, y } = p;
  const { gamma, batchSize: B, labelNoiseStd: sigma, stepsBeforeDecay: T1 } = c;
  const { w, g, order, rng, dots, noise, noiseRng } = st;
  const T = totalSteps(c),
    fullBatch = B === n,
    maxLoss = ctl.maxLoss,
    zeroTol = ctl.zeroTol,
    every = ctl.recordEvery;
  const lr1 = c.lr,
    lr2 = c.lr * c.lrDecayFactor;
  let pos = st.pos,
    r = st.r,
    s = scaleOf(r, gamma),
    np = st.np,
    t = st.t;
  let nextRecord = (Math.floor(t / every) + 1) * every; // no integer % in the loop
  while (t < tEnd) {
    t++;
    if (!fullBatch && pos + B > n) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1),
          q = order[i];
        order[i] = order[j];
        order[j] = q;
      }
      pos = 0;
    }
    let loss = 0,
      wg = 0;
    for (let b = 0; b < B; b++) {
      const i = fullBatch ? b : order[pos + b];
      const u = dotRow(X, i * d, w, d);
      let yi = y[i];
      if (sigma > 0) {
        if (np === NOISE_BLOCK) {
          noiseRng.fillNormals(noise);
          np = 0;
        }
        yi += sigma * noise[np++];
      }
      const res = s * u - yi;
      loss += res * res;
      wg += res * u;
      dots[b] = res;
    }
    if (!(loss / (2 * B) <= maxLoss)) {
      st.t = t - 1;
      return "diverged";
    }
    const lr = t <= T1 ? lr1 : lr2;
    const a = (lr * s) / B;
    const c1 = gamma === 0 ? 1 : 1 - (a * gamma * wg) / (r * r);
    let r2: number;
    if (B === 1) {
      r2 = axpbyNorm2(w, c1, -a * dots[0], X, (fullBatch ? 0 : order[pos]) * d, d);
    } else {
      g.fill(0);
      for (let b = 0; b < B; b++) {
        const o = (fullBatch ? b : order[pos + b]) * d,
          rb = dots[b];
        for (let j = 0; j < d; j++) g[j] += rb * X[o + j];
      }
      r2 = axpbyNorm2(w, c1, -a, g, 0, d);
    }
    pos += B;
    r = Math.sqrt(r2);
    if (!Number.isFinite(r)) {
      st.t = t;
      return "diverged";
    }
    if (gamma > 0 && r <= zeroTol) {
      st.t = t;
      return "reachedZero";
    }
    s = scaleOf(r, gamma);
    if (t === nextRecord || t === T) {
      if (t === nextRecord) nextRecord += every;
      if (!record(p, c, k, t, lr, w, alphaAt(w, s), ctl, records)) {
        st.t = t;
        return "diverged";
      }
    }
  }
  st.t = t;
  st.pos = pos;
  st.r = r;
  st.np = np;
  return "completed";
}
