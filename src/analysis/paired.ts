/**
 * Statistics of paired differences over seeds (paper Sec. 2's comparison of decay epochs: the
 * same seed's subpaths share initialisation, training subset and minibatch order, so their
 * difference removes the seed-to-seed offset of the loss level): mean, sample std, a Student-t
 * confidence interval, the paired t-test, and the smallest difference the seed count resolves.
 * The one module of paired statistics; one rule for missing seeds: a paired difference needs both
 * values of every seed ({@link pairBySeed} refuses two sides with different seeds, or a missing
 * value, naming them) — a comparison never silently drops or invents a seed.
 */
import { jStat } from "jstat";
import { check, showValue } from "../core/errors";
import { isMissing, summarize } from "./summary";

/** Summary of n paired differences d₁…dₙ. */
export interface PairedSummary {
  n: number;
  mean: number;
  /** sample standard deviation (n − 1 in the denominator); NaN for n < 2 */
  std: number;
  /** the confidence interval of the mean, mean ± t_{1−α/2, n−1} · std/√n; NaN for n < 2 */
  ciLow: number;
  ciHigh: number;
  /** the interval's level, e.g. 0.95 */
  level: number;
  /** t = mean / (std/√n); NaN for n < 2 or zero spread */
  t: number;
  /** two-sided p-value of the paired t-test; NaN where t is */
  p: number;
  /** whether the interval excludes zero */
  excludesZero: boolean;
}

/**
 * Mean, sample std, the `level` Student-t interval and the two-sided paired t-test of `diffs`.
 * @param diffs paired differences, one per seed (finite numbers)
 * @param level confidence level in (0, 1), default 0.95
 * @throws ConfigError for an empty list, a non-finite difference or a level outside (0, 1)
 */
export function pairedSummary(diffs: number[], level = 0.95): PairedSummary {
  check(diffs.length > 0, "pairedSummary: no differences");
  diffs.forEach((d, i) => check(Number.isFinite(d), `pairedSummary: difference ${i} is ${showValue(d)}`));
  check(level > 0 && level < 1, `pairedSummary: level must be in (0, 1), got ${showValue(level)}`);
  const n = diffs.length;
  const s = summarize(diffs);
  const mean = s.mean,
    std = n > 1 ? s.std : NaN; // a t-interval needs n ≥ 2
  const half = n > 1 ? (jStat.studentt.inv(1 - (1 - level) / 2, n - 1) * std) / Math.sqrt(n) : NaN;
  const t = n > 1 && std > 0 ? mean / (std / Math.sqrt(n)) : NaN;
  const p = Number.isFinite(t) ? jStat.ttest(t, n, 2) : NaN;
  const ciLow = mean - half,
    ciHigh = mean + half;
  return { n, mean, std, ciLow, ciHigh, level, t, p, excludesZero: ciLow > 0 || ciHigh < 0 };
}

/**
 * The smallest true mean difference that a two-sided paired t-test at level `alpha` detects with
 * probability `power`, for n seeds whose differences have standard deviation `std`:
 * (t_{1−α/2, n−1} + t_{power, n−1}) · std/√n (the usual noncentral-t approximation).
 * @throws ConfigError for n < 2, a negative or non-finite std, alpha or power outside (0, 1)
 */
export function smallestDetectableDifference(std: number, n: number, alpha = 0.05, power = 0.8): number {
  check(Number.isInteger(n) && n >= 2, `smallestDetectableDifference: n must be an integer ≥ 2, got ${showValue(n)}`);
  check(
    Number.isFinite(std) && std >= 0,
    `smallestDetectableDifference: std must be finite and ≥ 0, got ${showValue(std)}`,
  );
  check(
    alpha > 0 && alpha < 1 && power > 0 && power < 1,
    `smallestDetectableDifference: alpha and power must be in (0, 1), got ${alpha}, ${power}`,
  );
  return ((jStat.studentt.inv(1 - alpha / 2, n - 1) + jStat.studentt.inv(power, n - 1)) * std) / Math.sqrt(n);
}

/**
 * Paired differences `after[s] − before[s]`, in ascending seed order, with the seeds.
 * @param after, before seed → value (e.g. final test loss at the latest and at the earliest decay)
 * @throws ConfigError when the two sides hold different seeds, no seed, or a missing value (null,
 *   undefined, NaN; naming the seed): a paired comparison needs both values of every seed
 */
export function pairBySeed(
  after: ReadonlyMap<number, number>,
  before: ReadonlyMap<number, number>,
): { seeds: number[]; diffs: number[] } {
  const a = [...after.keys()].sort((x, y) => x - y),
    b = [...before.keys()].sort((x, y) => x - y);
  check(
    a.join() === b.join(),
    `paired differences need the same seeds on both sides, got [${a.join(", ")}] and [${b.join(", ")}]`,
  );
  check(a.length > 0, "paired differences need at least one seed, got none");
  for (const s of a) {
    check(
      !isMissing(after.get(s)) && !isMissing(before.get(s)),
      `paired differences: seed ${s} has a missing value (${showValue(after.get(s))}, ${showValue(before.get(s))})`,
    );
  }
  return { seeds: a, diffs: a.map((s) => (after.get(s) as number) - (before.get(s) as number)) };
}
