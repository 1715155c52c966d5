/**
 * Closed forms for the nonlinear model on its minima manifold (Ren, Ma, Ying 2024, Sec. 4),
 * used to draw theory on top of the simulations of notebooks 04–06.
 *
 * On M (Xα = y) write α = α_mn + v with v in the null space of X, so ‖α‖² = ‖α_mn‖² + ‖v‖², and
 * αᵀSα = yᵀXα/n = ‖y‖²/n =: q for every point of M (S = XᵀX/n). With p = 2γ/(1+γ) and ‖w‖ = ‖α‖^(1/(1+γ)),
 * the trace of the Hessian (src/models/nonlinear-hessian.ts) depends on ‖α‖ only:
 *     tr H(‖α‖) = tr(S)·‖α‖^p + γ(2+γ)·q·‖α‖^(p−2).
 * The first term grows with ‖α‖, the second shrinks; their minimum over r = ‖α‖ ≥ ‖α_mn‖ is at
 *     r² = max(‖α_mn‖², (2+γ)q / tr S),
 * i.e. at α_mn whenever (2+γ)q < tr(S)‖α_mn‖² (Gaussian data with n = d/2: q ≈ tr(S)‖α_mn‖²/n, true for n > 2+γ),
 * but NOT for n = 1 (notebook 04), where (2+γ)q/tr S = (2+γ)‖α_mn‖².
 *
 * Drift rate. Label-noise SGD (step η, noise σ, batch B) has gradient-noise covariance (σ²/B)·H near M;
 * by Li, Wang & Arora (2022, label-noise corollary) its slow motion along M is the Riemannian gradient
 * flow ζ' = −(σ²/(4B))·∇_M tr H in time t = η²·steps. Linearized at w_mn (where J restricted to the null space is
 * ‖w‖^γ·I, so the metric on v is ‖w_mn‖^(−2γ)·I), ‖v‖ decays like exp(−κ·steps) with
 *     κ = (η²σ²/(4B)) · (2γ/(1+γ)) · [tr(S)·a^(2p−2) − (2+γ)·q·a^(2p−4)],   a = ‖α_mn‖.
 * For γ = 0 the rate is 0 (linear regression: the null-space part never moves).
 */
import { checkGamma, norm, type NonlinearProblem } from "./nonlinear";
import { check, checkInt, checkNumber } from "../core/errors";

/** The three numbers of a problem that the closed forms need. */
export interface ManifoldConstants {
  /** tr(S) = ‖X‖_F²/n */
  traceS: number;
  /** q = ‖y‖²/n = αᵀSα for every α on M */
  q: number;
  /** a = ‖α_mn‖ */
  normAlphaMn: number;
}

/** tr(S), q and ‖α_mn‖ of a problem (see the module comment). */
export function manifoldConstants(p: NonlinearProblem): ManifoldConstants {
  let traceS = 0;
  for (let i = 0; i < p.X.length; i++) traceS += p.X[i] * p.X[i];
  let q = 0;
  for (let i = 0; i < p.n; i++) q += p.y[i] * p.y[i];
  return { traceS: traceS / p.n, q: q / p.n, normAlphaMn: norm(p.alphaMn) };
}

/**
 * tr(H) at the points of M with ‖α‖ = r: tr(S)·r^p + γ(2+γ)·q·r^(p−2), p = 2γ/(1+γ).
 * @param r ‖α‖ > 0 (≥ ‖α_mn‖ for a point of M)
 * @throws ConfigError if γ < 0 or r ≤ 0
 */
export function traceHOnManifoldAtNorm(c: ManifoldConstants, gamma: number, r: number): number {
  checkGamma(gamma);
  check(r > 0, `r = ‖α‖ must be > 0, got ${r}`);
  const p = (2 * gamma) / (1 + gamma);
  return c.traceS * r ** p + gamma * (2 + gamma) * c.q * r ** (p - 2);
}

/**
 * ‖α‖ of the flattest points of M (smallest tr H): sqrt(max(‖α_mn‖², (2+γ)q/tr S)); ‖α_mn‖ for γ = 0
 * (tr H is constant on M then, and α_mn is reported).
 */
export function flattestNorm(c: ManifoldConstants, gamma: number): number {
  checkGamma(gamma);
  if (gamma === 0) return c.normAlphaMn;
  return Math.sqrt(Math.max(c.normAlphaMn ** 2, ((2 + gamma) * c.q) / c.traceS));
}

/** The SGD settings that enter the predicted drift rate. */
export interface DriftSettings {
  /** learning rate η of the large-LR phase */
  lr: number;
  /** label-noise std σ */
  labelNoiseStd: number;
  /** batch size B */
  batchSize: number;
  gamma: number;
}

/**
 * Predicted drift rate κ (per step) of ‖v‖ = ‖(I − P_X)(α − α_mn)‖ near α_mn (module comment):
 * (η²σ²/(4B))·(2γ/(1+γ))·[tr(S)a^(2p−2) − (2+γ)q·a^(2p−4)]. Negative means α_mn is not the flattest point.
 * @throws ConfigError for η ≤ 0, σ < 0, B < 1 or γ < 0
 */
export function predictedDriftRate(c: ManifoldConstants, s: DriftSettings): number {
  const gamma = checkGamma(s.gamma);
  checkNumber("lr", s.lr, Number.MIN_VALUE);
  const sigma = checkNumber("labelNoiseStd", s.labelNoiseStd, 0);
  const B = checkInt("batchSize", s.batchSize, 1);
  if (gamma === 0) return 0;
  const p = (2 * gamma) / (1 + gamma),
    a = c.normAlphaMn;
  const bracket = c.traceS * a ** (2 * p - 2) - (2 + gamma) * c.q * a ** (2 * p - 4);
  return ((s.lr ** 2 * sigma ** 2) / (4 * B)) * ((2 * gamma) / (1 + gamma)) * bracket;
}
