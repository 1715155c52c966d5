/**
 * The nonlinear overparameterized model of Ren, Ma, Ying 2024, Sec. 4.
 *
 * Parameters w ∈ ℝ^d and an exponent γ ≥ 0 define the effective linear
 * predictor α(w) = ‖w‖^γ w, so f(x; w) = α(w)·x. γ = 0 is linear regression.
 * Training loss L(w) = (1/2n) Σ_i (α(w)·x_i − y_i)²; its minimizers form the
 * minima manifold M = {w : Xα(w) = y} (n < d, so M is a (d − n)-dimensional set).
 *
 * All vectors are Float64Array; matrices are row-major Float64Array with the
 * shape stated in brackets. The problem type and α_mn live here; the Hessian
 * and sharpness live in ./nonlinear-hessian.
 */
import { pseudoInverse } from "../core/linalg";
import { check, checkInt, checkNumber } from "../core/errors";

/** A regression problem for the nonlinear model (Sec. 4). */
export interface NonlinearProblem {
  /** number of samples (n < d) */
  readonly n: number;
  /** input dimension */
  readonly d: number;
  /** inputs, [n, d] row-major */
  readonly X: Float64Array;
  /** labels y = Xα* + ε, [n] */
  readonly y: Float64Array;
  /** teacher α*, [d] */
  readonly alphaStar: Float64Array;
  /** std σ_ε of the fixed label noise ε already inside y (0 = clean labels) */
  readonly labelNoiseStd: number;
  /** minimum-norm solution α_mn = X⁺y, [d] */
  readonly alphaMn: Float64Array;
  /** pseudo-inverse X⁺, [d, n] row-major (X⁺X is the projector P_X onto the row space of X) */
  readonly pinvX: Float64Array;
}

/**
 * Builds a problem from explicit data and computes α_mn = X⁺y with ml-matrix's
 * SVD-based pseudo-inverse.
 * @param X inputs [n, d] row-major; @param y labels [n]; @param alphaStar teacher [d]
 * @param labelNoiseStd σ_ε, the std of the noise inside y (enters the test loss)
 * @throws ConfigError if n ≥ d (Sec. 4 is overparameterized), shapes disagree or values are not finite
 */
export function makeProblem(args: {
  n: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
  alphaStar: Float64Array;
  labelNoiseStd?: number;
}): NonlinearProblem {
  const n = checkInt("n", args.n, 1);
  const d = checkInt("d", args.d, 2);
  check(n < d, `the nonlinear model needs n < d (overparameterized), got n = ${n}, d = ${d}`);
  check(args.X.length === n * d, `X must have n*d = ${n * d} entries, got ${args.X.length}`);
  check(args.y.length === n, `y must have n = ${n} entries, got ${args.y.length}`);
  check(args.alphaStar.length === d, `alphaStar must have d = ${d} entries, got ${args.alphaStar.length}`);
  for (const [name, a] of [
    ["X", args.X],
    ["y", args.y],
    ["alphaStar", args.alphaStar],
  ] as const) {
    check(a.every(Number.isFinite), `${name} contains a non-finite value`);
  }
  const labelNoiseStd = checkNumber("labelNoiseStd", args.labelNoiseStd ?? 0, 0);
  const pinvX = pseudoInverse(args.X, n, d);
  const alphaMn = matVec(pinvX, d, n, args.y);
  return {
    n,
    d,
    X: Float64Array.from(args.X),
    y: Float64Array.from(args.y),
    alphaStar: Float64Array.from(args.alphaStar),
    labelNoiseStd,
    alphaMn,
    pinvX,
  };
}

/** A·v for A [rows, cols] row-major and v [cols]; returns [rows]. */
export function matVec(
  A: Float64Array,
  rows: number,
  cols: number,
  v: Float64Array,
  out = new Float64Array(rows),
): Float64Array {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += A[o + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** Euclidean norm of v. */
export function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * Effective linear predictor α(w) = ‖w‖^γ w (Sec. 4).
 * @param w parameters [d]; @param gamma γ ≥ 0; @returns α [d] (written into `out` if given)
 * @throws ConfigError if γ < 0
 */
export function alphaOf(w: Float64Array, gamma: number, out = new Float64Array(w.length)): Float64Array {
  checkGamma(gamma);
  const s = gamma === 0 ? 1 : norm(w) ** gamma;
  for (let i = 0; i < w.length; i++) out[i] = s * w[i];
  return out;
}

/**
 * Inverse map w = α⁻¹(α) = ‖α‖^(−γ/(1+γ)) α, using ‖α‖ = ‖w‖^(1+γ) (Sec. 4). α = 0 maps to w = 0.
 * @param alpha predictor [d]; @param gamma γ ≥ 0; @returns w [d]
 */
export function wOfAlpha(alpha: Float64Array, gamma: number, out = new Float64Array(alpha.length)): Float64Array {
  checkGamma(gamma);
  const a = norm(alpha);
  const s = gamma === 0 || a === 0 ? 1 : a ** (-gamma / (1 + gamma));
  for (let i = 0; i < alpha.length; i++) out[i] = s * alpha[i];
  return out;
}

/** Residual r = Xα − y, [n]. */
export function residual(p: NonlinearProblem, alpha: Float64Array): Float64Array {
  const r = matVec(p.X, p.n, p.d, alpha);
  for (let i = 0; i < p.n; i++) r[i] -= p.y[i];
  return r;
}

/** Training loss in α-space, (1/2n)‖Xα − y‖² (Sec. 4). */
export function trainLossOfAlpha(p: NonlinearProblem, alpha: Float64Array): number {
  const r = residual(p, alpha);
  let s = 0;
  for (let i = 0; i < p.n; i++) s += r[i] * r[i];
  return s / (2 * p.n);
}

/** Training loss L(w) = (1/2n) Σ_i (α(w)·x_i − y_i)² (Sec. 4). @param w [d] */
export function trainLoss(p: NonlinearProblem, w: Float64Array, gamma: number): number {
  return trainLossOfAlpha(p, alphaOf(w, gamma));
}

/** Population test loss in α-space: ½‖α − α*‖² + ½σ_ε² (x ~ N(0, I_d), Sec. 4). */
export function testLossOfAlpha(p: NonlinearProblem, alpha: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.d; i++) s += (alpha[i] - p.alphaStar[i]) ** 2;
  return 0.5 * s + 0.5 * p.labelNoiseStd ** 2;
}

/** Population test loss L_test(w) = ½‖α(w) − α*‖² + ½σ_ε² (Sec. 4). @param w [d] */
export function testLoss(p: NonlinearProblem, w: Float64Array, gamma: number): number {
  return testLossOfAlpha(p, alphaOf(w, gamma));
}

/** The linear-regression gradient in α-space, g = (1/n) Xᵀ(Xα − y), [d]. */
export function alphaGradient(p: NonlinearProblem, alpha: Float64Array): Float64Array {
  const r = residual(p, alpha);
  const g = new Float64Array(p.d);
  for (let i = 0; i < p.n; i++) {
    const o = i * p.d,
      ri = r[i] / p.n;
    for (let j = 0; j < p.d; j++) g[j] += ri * p.X[o + j];
  }
  return g;
}

/**
 * Gradient ∇L(w) = Jᵀg = ‖w‖^γ (g + γ(ŵ·g)ŵ), with J = ∂α/∂w = ‖w‖^γ(I + γŵŵᵀ) and
 * g = (1/n)Xᵀ(Xα − y) (Sec. 4). At w = 0 with γ > 0 the gradient is 0.
 * @param w [d]; @returns ∇L(w) [d]
 */
export function trainLossGradient(p: NonlinearProblem, w: Float64Array, gamma: number): Float64Array {
  const alpha = alphaOf(w, gamma);
  const g = alphaGradient(p, alpha);
  const r = norm(w);
  if (gamma === 0) return g;
  if (r === 0) return new Float64Array(p.d);
  let wg = 0;
  for (let j = 0; j < p.d; j++) wg += w[j] * g[j];
  const s = r ** gamma,
    c = (gamma * wg) / (r * r);
  for (let j = 0; j < p.d; j++) g[j] = s * (g[j] + c * w[j]);
  return g;
}

/** Minimum-norm solution in w-space, w_mn = α⁻¹(α_mn) (Sec. 4). @returns [d] */
export function minNormW(p: NonlinearProblem, gamma: number): Float64Array {
  return wOfAlpha(p.alphaMn, gamma);
}

/** Distances of α to the minimum-norm solution, split by the row space of X. */
export interface ManifoldDecomposition {
  /** ‖α − α_mn‖ */
  distMn: number;
  /** ‖P_X(α − α_mn)‖ = ‖X⁺(Xα − y)‖: distance off the minima manifold (α-space) */
  distOff: number;
  /** ‖(I − P_X)(α − α_mn)‖: distance along the manifold (null-space part) */
  distAlong: number;
  /** P_X(α − α_mn), [d] */
  offPart: Float64Array;
  /** (I − P_X)(α − α_mn), [d] */
  alongPart: Float64Array;
}

/**
 * Splits α − α_mn into its row-space part P_X(α − α_mn) = X⁺(Xα − y) (uses Xα_mn = y)
 * and its null-space part (Sec. 4); the two are orthogonal, so distMn² = distOff² + distAlong².
 * @param alpha [d]
 */
export function manifoldDecomposition(p: NonlinearProblem, alpha: Float64Array): ManifoldDecomposition {
  const offPart = matVec(p.pinvX, p.d, p.n, residual(p, alpha));
  const alongPart = new Float64Array(p.d);
  for (let j = 0; j < p.d; j++) alongPart[j] = alpha[j] - p.alphaMn[j] - offPart[j];
  let distMn = 0;
  for (let j = 0; j < p.d; j++) distMn += (alpha[j] - p.alphaMn[j]) ** 2;
  return { distMn: Math.sqrt(distMn), distOff: norm(offPart), distAlong: norm(alongPart), offPart, alongPart };
}

/** Throws a ConfigError naming γ unless it is a finite number ≥ 0. */
export function checkGamma(gamma: number): number {
  return checkNumber("gamma", gamma, 0);
}
