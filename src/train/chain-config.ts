/**
 * Configuration of one SGD chain on the nonlinear model (Ren, Ma, Ying 2024, Sec. 4):
 * types, validation, the initial point and the two-phase learning-rate schedule.
 * The engine that runs chains is ./chains.
 */
import { check, checkInt, checkNumber } from "../core/errors";
import { Rng, deriveSeed } from "../core/rng";
import { checkGamma, wOfAlpha, type NonlinearProblem } from "../models/nonlinear";

/** One chain: hyperparameters of SGD (with optional label noise) on the nonlinear model. */
export interface ChainConfig {
  /** integer seed of this chain (init, minibatches, label noise); 0 is valid */
  seed: number;
  /** exponent γ ≥ 0 of α(w) = ‖w‖^γ w (γ = 0: linear regression) */
  gamma: number;
  /** learning rate η > 0 of the first phase */
  lr: number;
  /** number T of steps (updates) at rate η, integer ≥ 0 */
  stepsBeforeDecay: number;
  /** number T′ of steps at rate η·lrDecayFactor after the decay, integer ≥ 0 */
  stepsAfterDecay: number;
  /** factor applied to η at the decay, > 0; default 0.1 */
  lrDecayFactor?: number;
  /** minibatch size B, 1 ≤ B ≤ n; default n (full batch) */
  batchSize?: number;
  /** std σ of the fresh label noise N(0, σ²) added to each sampled label at every step; default 0 */
  labelNoiseStd?: number;
  /** initial parameters w0 [d]; if absent, w0 = α⁻¹(α0) with α0 ~ N(0, initScale²·I_d/d) */
  w0?: Float64Array;
  /** scale of the random initial predictor (E‖α0‖² = initScale²); default 1. Ignored when w0 is given */
  initScale?: number;
}

/** A validated chain config with every default filled in and w0 resolved. */
export interface ResolvedChainConfig {
  seed: number;
  gamma: number;
  lr: number;
  stepsBeforeDecay: number;
  stepsAfterDecay: number;
  lrDecayFactor: number;
  batchSize: number;
  labelNoiseStd: number;
  /** initial parameters w0 [d] (a copy; the caller's array is never modified) */
  w0: Float64Array;
}

/**
 * Validates a chain against its problem and fills defaults.
 * Default init: α0 ~ N(0, initScale²·I_d/d) from the stream deriveSeed(seed, "chain", "init"),
 * then w0 = α⁻¹(α0) = ‖α0‖^(−γ/(1+γ)) α0; a random α0 is nonzero with probability 1, which keeps
 * the start away from the non-differentiable point w = 0.
 * @throws ConfigError naming the bad value: non-integer seed or steps, γ < 0, η ≤ 0, factor ≤ 0,
 *   B not in [1, n], σ < 0, w0 of the wrong length / non-finite / zero with γ > 0
 */
export function resolveChainConfig(p: NonlinearProblem, c: ChainConfig, index = 0): ResolvedChainConfig {
  const at = `chain ${index}: `;
  const named = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof Error) e.message = at + e.message;
      throw e;
    }
  };
  return named(() => {
    const seed = checkInt("seed", c.seed);
    const gamma = checkGamma(c.gamma);
    const lr = checkNumber("lr", c.lr, 0);
    check(lr > 0, `lr must be > 0, got ${lr}`);
    const stepsBeforeDecay = checkInt("stepsBeforeDecay", c.stepsBeforeDecay, 0);
    const stepsAfterDecay = checkInt("stepsAfterDecay", c.stepsAfterDecay, 0);
    const lrDecayFactor = checkNumber("lrDecayFactor", c.lrDecayFactor ?? 0.1, 0);
    check(lrDecayFactor > 0, `lrDecayFactor must be > 0, got ${lrDecayFactor}`);
    const batchSize = checkInt("batchSize", c.batchSize ?? p.n, 1, p.n);
    const labelNoiseStd = checkNumber("labelNoiseStd", c.labelNoiseStd ?? 0, 0);
    const initScale = checkNumber("initScale", c.initScale ?? 1, 0);
    let w0: Float64Array;
    if (c.w0 !== undefined) {
      check(c.w0.length === p.d, `w0 must have d = ${p.d} entries, got ${c.w0.length}`);
      check(c.w0.every(Number.isFinite), "w0 contains a non-finite value");
      w0 = Float64Array.from(c.w0);
    } else {
      check(initScale > 0, `initScale must be > 0, got ${initScale}`);
      const alpha0 = new Rng(deriveSeed(seed, "chain", "init")).fillNormal(
        new Float64Array(p.d),
        initScale / Math.sqrt(p.d),
      );
      w0 = wOfAlpha(alpha0, gamma);
    }
    check(gamma === 0 || w0.some((v) => v !== 0), `w0 must be nonzero when gamma = ${gamma} > 0`);
    return { seed, gamma, lr, stepsBeforeDecay, stepsAfterDecay, lrDecayFactor, batchSize, labelNoiseStd, w0 };
  });
}

/**
 * Learning rate of update number `step` (1-based): η for step ≤ T, η·factor after.
 * Step 0 (the initial point) reports η.
 */
export function lrAtStep(c: ResolvedChainConfig, step: number): number {
  return step <= c.stepsBeforeDecay ? c.lr : c.lr * c.lrDecayFactor;
}

/** Total number of updates T + T′ of a chain. */
export function totalSteps(c: ResolvedChainConfig): number {
  return c.stepsBeforeDecay + c.stepsAfterDecay;
}
