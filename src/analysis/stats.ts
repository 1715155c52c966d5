/**
 * Statistics behind the notebooks' verdict tables: a mean with its two-sided Student-t interval
 * and t-test (for paired differences over seeds: same seed, so the seed-to-seed offset cancels),
 * and the smallest difference a seed count resolves. The one importer of jStat.
 */
import { jStat } from "jstat";
import { check } from "../core/errors";
import { meanStdSkipping } from "../frames/frames";

/** A sample's mean with its 95 % t-interval and the two-sided t-test of mean = 0. */
export interface MeanInterval {
  /** values used (missing ones skipped) */
  n: number;
  mean: number;
  /** sample standard deviation (n − 1); 0 for n = 1 */
  std: number;
  /** two-sided 95 % Student-t interval of the mean; NaN for n < 2 */
  lo: number;
  hi: number;
  /** t = mean / (std/√n) with n − 1 degrees of freedom; NaN for n < 2 or zero spread */
  t: number;
  /** two-sided p-value of t; NaN where t is */
  p: number;
}

/**
 * Mean, sample std, 95 % t-interval mean ± t₀.₉₇₅,ₙ₋₁·std/√n and two-sided t-test of mean = 0.
 * Missing values (NaN, null) are skipped. With zero spread the interval is the point (lo = hi = mean).
 * @param xs e.g. paired differences final(late) − final(early), one per seed
 * @throws ConfigError when no value is present
 */
export function meanInterval(xs: readonly number[]): MeanInterval {
  const { mean, std, n } = meanStdSkipping([...xs]);
  check(n > 0, `meanInterval: no values (got ${xs.length}, all missing)`);
  if (n < 2) return { n, mean, std, lo: NaN, hi: NaN, t: NaN, p: NaN };
  const half = jStat.studentt.inv(0.975, n - 1) * std / Math.sqrt(n);
  const t = std > 0 ? mean / (std / Math.sqrt(n)) : NaN;
  return { n, mean, std, lo: mean - half, hi: mean + half, t, p: Number.isFinite(t) ? jStat.ttest(t, n, 2) : NaN };
}

/**
 * Paired differences b[s] − a[s] over the seeds both maps hold, in increasing seed order.
 * @param a, b seed → value (e.g. final test loss at the earliest and at the latest decay)
 * @throws ConfigError when the two share no seed
 */
export function pairedDifferences(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number[] {
  const seeds = [...a.keys()].filter((s) => b.has(s)).sort((x, y) => x - y);
  check(seeds.length > 0, `pairedDifferences: no common seed (first: ${[...a.keys()].join(", ")}; second: ${[...b.keys()].join(", ")})`);
  return seeds.map((s) => (b.get(s) as number) - (a.get(s) as number));
}

/**
 * The smallest true mean difference a two-sided paired t-test at level 0.05 detects with 80 % power,
 * (t₀.₉₇₅,ₙ₋₁ + t₀.₈₀,ₙ₋₁)·std/√n (the usual noncentral-t approximation), given the measured spread.
 * @param std sample std of the paired differences; @param n seeds (≥ 2)
 * @returns NaN for n < 2
 */
export function detectableDifference(std: number, n: number): number {
  if (n < 2) return NaN;
  return (jStat.studentt.inv(0.975, n - 1) + jStat.studentt.inv(0.8, n - 1)) * std / Math.sqrt(n);
}

/** A number for a table cell: 3 significant digits, no exponent between 1e-4 and 1e6 ("NaN" for NaN). */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-4 && a < 1e6 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1);
}

/**
 * "−0.00300 [95 % CI −0.00650, 0.000500], 3 seeds, p = 0.069" (the interval and p left out for n < 2).
 * @param withP print the p-value of mean = 0 (leave it out where zero is not the question, e.g. an exponent)
 */
export function fmtInterval(s: MeanInterval, unit = "seeds", withP = true): string {
  const ci = s.n >= 2 ? ` [95 % CI ${fmt(s.lo)}, ${fmt(s.hi)}]` : "";
  const p = withP && Number.isFinite(s.p) ? `, p = ${fmt(s.p, 2)}` : "";
  return `${fmt(s.mean)}${ci}, ${s.n} ${unit}${p}`;
}
