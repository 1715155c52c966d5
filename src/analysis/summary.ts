/**
 * Summary statistics over seeds (or teachers, chains): the one place where a mean and a spread
 * are computed. One rule for missing values: null, undefined and NaN are missing — skipped and
 * counted (a diverged or unmeasured cell, an empty CSV field) — while ±Infinity is a value and
 * propagates. The sample standard deviation divides by n − 1; it is 0 for one value (a single
 * seed has no spread to draw) and NaN for none. Paired differences are in ./paired.ts.
 */
import { check } from "../core/errors";

/** Mean and spread of the present values of a list. */
export interface Summary {
  /** present values */
  n: number;
  /** missing values skipped (null, undefined, NaN) */
  skipped: number;
  /** NaN when n = 0 */
  mean: number;
  /** sample standard deviation (n − 1); 0 when n = 1; NaN when n = 0 */
  std: number;
  /** standard error std/√n; 0 when n = 1; NaN when n = 0 */
  se: number;
}

/** Whether a value counts as missing: null, undefined or NaN. */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

/**
 * Mean, sample std and standard error of the present values (missing ones skipped and counted).
 * @param values numbers, or missing values (null, undefined, NaN)
 * @throws ConfigError when a present value is not a number (naming it)
 */
export function summarize(values: readonly unknown[]): Summary {
  const xs: number[] = [];
  for (const v of values) {
    if (isMissing(v)) continue;
    check(typeof v === "number", `summarize: values must be numbers, got ${JSON.stringify(v)}`);
    xs.push(v as number);
  }
  const n = xs.length,
    skipped = values.length - n;
  if (n === 0) return { n, skipped, mean: NaN, std: NaN, se: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, skipped, mean, std, se: std / Math.sqrt(n) };
}

/** The mean of the present values ({@link summarize}'s rule); NaN when none. @throws ConfigError for a non-number */
export function meanOf(values: readonly unknown[]): number {
  return summarize(values).mean;
}
