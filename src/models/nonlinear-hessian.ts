/**
 * Curvature of the nonlinear model's training loss (Ren, Ma, Ying 2024, Sec. 4):
 * trace of the Hessian on the minima manifold in closed form, the full Hessian
 * at any point, and the sharpness λ_max(∇²L).
 *
 * Derivation. Write r = ‖w‖, ŵ = w/r, S = XᵀX/n, g = (1/n)Xᵀ(Xα − y).
 *  - Jacobian: ∂α_k/∂w_j = r^γ δ_kj + γ r^(γ−2) w_k w_j, i.e. J = r^γ (I + γŵŵᵀ) (symmetric).
 *  - Hessian: ∇²L = JᵀSJ + Σ_k g_k ∇²α_k. On M, Xα = y so g = 0 and H = JᵀSJ.
 *  - J² = r^(2γ)(I + γŵŵᵀ)² = r^(2γ)(I + (2γ + γ²)ŵŵᵀ) since (ŵŵᵀ)² = ŵŵᵀ.
 *  - tr(H) = tr(S J²) = r^(2γ) [ tr(S) + γ(2 + γ) ŵᵀSŵ ]
 *          = ‖w‖^(2γ) [ ‖X‖_F²/n + γ(2 + γ) ‖Xŵ‖²/n ].
 *  - Off M the second term of ∇²L adds, with ∂²α_k/∂w_j∂w_l =
 *      γ r^(γ−2)(δ_kj w_l + δ_kl w_j + δ_jl w_k) + γ(γ−2) r^(γ−4) w_k w_j w_l,
 *    whose contraction with g has trace γ(d + γ) r^(γ−2) (g·w) = γ(d + γ) r^(γ−1) (g·ŵ).
 *    So at any point tr(∇²L) = r^(2γ)[tr S + γ(2+γ)ŵᵀSŵ] + γ(d + γ) r^(γ−1) (g·ŵ).
 * For γ = 0 everything reduces to H = S. At w = 0 with 0 < γ < 1 the Hessian is undefined.
 */
import { Matrix, symmetricEigen } from "../core/linalg";
import { ConfigError } from "../core/errors";
import { alphaGradient, alphaOf, checkGamma, norm, type NonlinearProblem } from "./nonlinear";

/**
 * tr(H) on the minima manifold, ‖w‖^(2γ)[‖X‖_F²/n + γ(2+γ)‖Xŵ‖²/n] (derivation above).
 * Exact on M; elsewhere it is the trace of the Gauss–Newton part JᵀSJ only.
 * @param w [d] (w ≠ 0 when γ > 0); @returns tr(H), units of loss / parameter²
 * @throws ConfigError if γ > 0 and w = 0
 */
export function traceHessianOnManifold(p: NonlinearProblem, w: Float64Array, gamma: number): number {
  checkGamma(gamma);
  const r = norm(w);
  let trS = 0,
    wSw = 0;
  for (let i = 0; i < p.n; i++) {
    let xw = 0;
    const o = i * p.d;
    for (let j = 0; j < p.d; j++) {
      trS += p.X[o + j] * p.X[o + j];
      xw += p.X[o + j] * w[j];
    }
    wSw += xw * xw;
  }
  trS /= p.n;
  if (gamma === 0) return trS;
  if (r === 0) throw new ConfigError(`tr(H) is undefined at w = 0 for gamma = ${gamma}`);
  wSw /= p.n * r * r;
  return r ** (2 * gamma) * (trS + gamma * (2 + gamma) * wSw);
}

/**
 * tr(∇²L(w)) at any point: the manifold formula plus γ(d + γ)‖w‖^(γ−1)(g·ŵ) (derivation above).
 * @param w [d], w ≠ 0 when γ > 0
 */
export function traceHessian(p: NonlinearProblem, w: Float64Array, gamma: number): number {
  const onM = traceHessianOnManifold(p, w, gamma);
  if (gamma === 0) return onM;
  const g = alphaGradient(p, alphaOf(w, gamma));
  const r = norm(w);
  let gw = 0;
  for (let j = 0; j < p.d; j++) gw += g[j] * w[j];
  return onM + gamma * (p.d + gamma) * r ** (gamma - 2) * gw;
}

/**
 * Full Hessian ∇²L(w) = JSJ + Σ_k g_k ∇²α_k, [d, d] (formulas above).
 * @param w [d], w ≠ 0 when γ > 0; @returns ml-matrix Matrix [d, d]
 * @throws ConfigError if γ > 0 and w = 0
 */
export function hessian(p: NonlinearProblem, w: Float64Array, gamma: number): Matrix {
  checkGamma(gamma);
  const { n, d, X } = p;
  const r = norm(w);
  if (gamma > 0 && r === 0) throw new ConfigError(`the Hessian is undefined at w = 0 for gamma = ${gamma}`);
  const s = gamma === 0 ? 1 : r ** gamma;
  // rows of XJ: (XJ)_i = s (x_i + γ (x_i·ŵ) ŵ); then JSJ = (XJ)ᵀ(XJ)/n
  const XJ = new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    let xw = 0;
    for (let j = 0; j < d; j++) xw += X[i * d + j] * w[j];
    const c = gamma === 0 ? 0 : (gamma * xw) / (r * r);
    for (let j = 0; j < d; j++) XJ.set(i, j, s * (X[i * d + j] + c * w[j]));
  }
  const H = XJ.transpose().mmul(XJ).div(n);
  if (gamma === 0) return H;
  const g = alphaGradient(p, alphaOf(w, gamma));
  let gw = 0;
  for (let j = 0; j < d; j++) gw += g[j] * w[j];
  const a = gamma * r ** (gamma - 2),
    b = gamma * (gamma - 2) * r ** (gamma - 4) * gw;
  for (let j = 0; j < d; j++) {
    for (let l = 0; l < d; l++) {
      const extra = a * (g[j] * w[l] + w[j] * g[l] + (j === l ? gw : 0)) + b * w[j] * w[l];
      H.set(j, l, H.get(j, l) + extra);
    }
  }
  return H;
}

/**
 * Sharpness λ_max(∇²L(w)), the largest Hessian eigenvalue (symmetric eigendecomposition
 * from ml-matrix). @param w [d]
 */
export function sharpness(p: NonlinearProblem, w: Float64Array, gamma: number): number {
  const H = hessian(p, w, gamma);
  return Math.max(...symmetricEigen(H).values);
}
