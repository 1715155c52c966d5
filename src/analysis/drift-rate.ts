/**
 * Fits of the drift along the minima manifold (Ren, Ma, Ying 2024, Sec. 4; notebook 06).
 *
 * During the large-LR phase (phase II) label-noise SGD moves α along M toward α_mn; the
 * along-manifold distance D(t) = ‖(I − P_X)(α_t − α_mn)‖ is fitted by
 *  - an exponential  D(t) = A·exp(−λt)    (log D linear in t; λ = drift rate per step), or
 *  - a power law     y(x) = c·x^k        (log y linear in log x; used for D(t) and for how λ scales with η, σ, B).
 * Both are ordinary least squares on the log scale, solved with ml-matrix's QR decomposition.
 */
import { Matrix, qrLeastSquares } from "../core/linalg";
import { check } from "../core/errors";

/** A straight-line fit y ≈ intercept + slope·x. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** coefficient of determination on the fitted (transformed) values, in (−∞, 1] */
  r2: number;
  /** number of points used */
  n: number;
}

/**
 * Least-squares line through (x_i, y_i) via QR of the design matrix [1, x] ([n, 2]).
 * @throws ConfigError if lengths differ, n < 2, a value is not finite or all x are equal
 */
export function fitLine(x: readonly number[], y: readonly number[]): LineFit {
  check(x.length === y.length, `fitLine: x has ${x.length} values, y has ${y.length}`);
  check(x.length >= 2, `fitLine needs at least 2 points, got ${x.length}`);
  x.forEach((v, i) =>
    check(Number.isFinite(v) && Number.isFinite(y[i]), `fitLine: point ${i} (${v}, ${y[i]}) is not finite`),
  );
  check(
    x.some((v) => v !== x[0]),
    `fitLine: all x equal ${x[0]}; the slope is undefined`,
  );
  const A = new Matrix(x.map((v) => [1, v]));
  const coef = qrLeastSquares(A, Matrix.columnVector([...y])).to1DArray();
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  let ssRes = 0,
    ssTot = 0;
  y.forEach((v, i) => {
    ssRes += (v - coef[0] - coef[1] * x[i]) ** 2;
    ssTot += (v - mean) ** 2;
  });
  return { intercept: coef[0], slope: coef[1], r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot, n: x.length };
}

/** D(t) ≈ amplitude·exp(−rate·t). */
export interface ExponentialFit {
  /** λ, per step (> 0 for a decaying distance) */
  rate: number;
  amplitude: number;
  /** R² of log D against t */
  r2: number;
  n: number;
}

/**
 * Exponential fit D(t) = A·exp(−λt) by least squares of log D on t.
 * @param steps t, [m]; @param values D(t) > 0, [m]
 * @throws ConfigError if a value is ≤ 0 or the line fit fails (see fitLine)
 */
export function fitExponential(steps: readonly number[], values: readonly number[]): ExponentialFit {
  values.forEach((v, i) => check(v > 0, `fitExponential: value ${i} = ${v} must be > 0`));
  const f = fitLine(steps, values.map(Math.log));
  return { rate: -f.slope, amplitude: Math.exp(f.intercept), r2: f.r2, n: f.n };
}

/** y ≈ coefficient·x^exponent. */
export interface PowerLawFit {
  exponent: number;
  coefficient: number;
  /** R² of log y against log x */
  r2: number;
  n: number;
}

/**
 * Power-law fit y = c·x^k by least squares of log y on log x.
 * @param x > 0, [m]; @param y > 0, [m]
 * @throws ConfigError if a value is ≤ 0 or the line fit fails (see fitLine)
 */
export function fitPowerLaw(x: readonly number[], y: readonly number[]): PowerLawFit {
  x.forEach((v, i) => check(v > 0 && y[i] > 0, `fitPowerLaw: point ${i} (${v}, ${y[i]}) must be positive`));
  const f = fitLine(x.map(Math.log), y.map(Math.log));
  return { exponent: f.slope, coefficient: Math.exp(f.intercept), r2: f.r2, n: f.n };
}

/** Which part of a decaying curve to fit. */
export interface DriftWindow {
  /** start once D ≤ startBelow (the linear regime near α_mn); default Infinity (from the first point) */
  startBelow?: number;
  /** stop before D < stopBelow (numerical floor); default 0 */
  stopBelow?: number;
  /** ignore points with step < fromStep; default 0 */
  fromStep?: number;
  /** ignore points with step > toStep; default Infinity */
  toStep?: number;
}

/**
 * The points of a decaying curve inside a window: from the first point with D ≤ startBelow
 * (and step ≥ fromStep) up to, not including, the first point with D < stopBelow (or step > toStep).
 * @returns the selected steps and values (possibly fewer than 2: the caller decides)
 */
export function driftWindow(
  steps: readonly number[],
  values: readonly number[],
  w: DriftWindow = {},
): { steps: number[]; values: number[] } {
  check(steps.length === values.length, `driftWindow: ${steps.length} steps, ${values.length} values`);
  const hi = w.startBelow ?? Infinity,
    lo = w.stopBelow ?? 0,
    from = w.fromStep ?? 0,
    to = w.toStep ?? Infinity;
  const out = { steps: [] as number[], values: [] as number[] };
  let started = false;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] < from) continue;
    if (steps[i] > to || !(values[i] >= lo)) break;
    if (!started && values[i] <= hi) started = true;
    if (started) {
      out.steps.push(steps[i]);
      out.values.push(values[i]);
    }
  }
  return out;
}

/**
 * The drift rate of one curve: the exponential fit on its window, or null when fewer than
 * `minPoints` points (default 3) fall in the window.
 */
export function driftRate(
  steps: readonly number[],
  values: readonly number[],
  w: DriftWindow = {},
  minPoints = 3,
): ExponentialFit | null {
  const sel = driftWindow(steps, values, w);
  if (sel.steps.length < minPoints) return null;
  return fitExponential(sel.steps, sel.values);
}
