/**
 * Seeded Gaussian data for the nonlinear model of Ren, Ma, Ying 2024, Sec. 4.
 *
 * Rows x_i ~ N(0, I_d), i = 1..n with n < d; a teacher α*; labels y = Xα* + ε with an
 * optional fixed noise ε_i ~ N(0, σ_ε²) drawn once with the data. X, α* and ε come from
 * three independent streams derived from one seed, so e.g. changing σ_ε leaves X and α* unchanged.
 */
import { check, checkInt, checkNumber, showValue } from "../core/errors";
import { Rng, deriveSeed } from "../core/rng";
import { makeProblem, matVec, type NonlinearProblem } from "../models/nonlinear";

/** How the teacher α* is drawn. */
export type TeacherKind =
  /** α* ~ N(0, I_d/d), so E‖α*‖² = 1 */
  | "gaussian"
  /** α* uniform on the unit sphere (a N(0, I_d) draw normalized to ‖α*‖ = 1) */
  | "unit";

/** Options for {@link makeGaussianProblem}. */
export interface GaussianProblemConfig {
  /** number of samples, 1 ≤ n < d */
  n: number;
  /** input dimension */
  d: number;
  /** integer seed (0 is valid) */
  seed: number;
  /** teacher distribution; default "gaussian" (N(0, I_d/d)) */
  teacher?: TeacherKind;
  /** std σ_ε of the fixed label noise in y; default 0 (y = Xα*) */
  labelNoiseStd?: number;
}

/**
 * Draws X [n, d] with i.i.d. N(0, 1) entries, the teacher α* [d] and y = Xα* + ε [n]
 * (Sec. 4), and computes α_mn = X⁺y.
 * @throws ConfigError if n ≥ d, n < 1, seed is not an integer, teacher is unknown or σ_ε < 0
 */
export function makeGaussianProblem(cfg: GaussianProblemConfig): NonlinearProblem {
  const n = checkInt("n", cfg.n, 1);
  const d = checkInt("d", cfg.d, 2);
  check(n < d, `the nonlinear model needs n < d (overparameterized), got n = ${n}, d = ${d}`);
  const seed = checkInt("seed", cfg.seed);
  const teacher = cfg.teacher ?? "gaussian";
  check(teacher === "gaussian" || teacher === "unit", `teacher must be "gaussian" or "unit", got ${showValue(teacher)}`);
  const labelNoiseStd = checkNumber("labelNoiseStd", cfg.labelNoiseStd ?? 0, 0);

  const X = new Rng(deriveSeed(seed, "gaussian", "X")).fillNormal(new Float64Array(n * d));
  const alphaStar = new Rng(deriveSeed(seed, "gaussian", "teacher")).fillNormal(new Float64Array(d));
  let scale = 1 / Math.sqrt(d);
  if (teacher === "unit") scale = 1 / Math.hypot(...alphaStar);
  for (let j = 0; j < d; j++) alphaStar[j] *= scale;
  const y = matVec(X, n, d, alphaStar);
  if (labelNoiseStd > 0) {
    const eps = new Rng(deriveSeed(seed, "gaussian", "labelNoise")).fillNormal(new Float64Array(n), labelNoiseStd);
    for (let i = 0; i < n; i++) y[i] += eps[i];
  }
  return makeProblem({ n, d, X, y, alphaStar, labelNoiseStd });
}
