/**
 * The rows of a notebook's verdict table: one claim of the paper (or of the notebook's reading),
 * what this run measured, whether it holds, and how it was measured. Computed from the run's own
 * objects, so the prose can point at the table instead of quoting numbers that go stale. The
 * statistics (paired differences over seeds, Student-t intervals) are analysis/paired's.
 */
import type { PairedSummary } from "./paired";

/**
 * Whether a claim holds on this run: "yes", "no", "partly" (the direction holds but not the whole
 * statement, e.g. lower on average but the 95 % interval includes zero), or "not measured" (the run
 * cannot say: a diverged run, fewer than two seeds, a figure the claim needs is missing).
 */
export type Holds = "yes" | "no" | "partly" | "not measured";

/**
 * One row of a verdict table. Every number in `measured` comes from the run. (A type alias, not an
 * interface, so that rows pass as the `Record<string, unknown>[]` a notebook's showTable takes.)
 */
export type VerdictRow = {
  claim: string;
  measured: string;
  holds: Holds;
  "how measured": string;
};

/** A row (the columns in display order). */
export function verdict(claim: string, measured: string, holds: Holds, how: string): VerdictRow {
  return { claim, measured, holds, "how measured": how };
}

/**
 * The sign verdict of a mean difference with its 95 % interval, when the claim is that it is below
 * zero (`want` = "negative", e.g. Δ test loss late − early) or above zero ("positive"):
 * "yes" when the whole interval is on the claimed side, "partly" when only the mean is (the interval
 * includes zero, or n < 2 gives no interval), "no" when the mean is zero or on the other side.
 */
export function signHolds(s: PairedSummary, want: "negative" | "positive"): Holds {
  const sign = want === "negative" ? -1 : 1;
  if (!(sign * s.mean > 0)) return "no";
  return s.n >= 2 && sign * (want === "negative" ? s.ciHigh : s.ciLow) > 0 ? "yes" : "partly";
}

/** A row for a paired difference: measured = mean [95 % CI], n, p; holds by {@link signHolds}. */
export function pairedRow(
  claim: string,
  s: PairedSummary,
  want: "negative" | "positive",
  how: string,
  unit = "seeds",
): VerdictRow {
  return verdict(claim, fmtInterval(s, unit), signHolds(s, want), how);
}

/**
 * How a sequence moves against its order (e.g. mean final test loss by decay epoch):
 * "yes" when it never goes the wrong way, "partly" when its last value is on the claimed side of the
 * first but some steps go the wrong way, "no" otherwise.
 * @param want "decreasing" or "increasing" (ties count as neither way)
 * @returns holds and the number of steps that go the wrong way, of values.length − 1
 */
export function trendHolds(
  values: readonly number[],
  want: "decreasing" | "increasing",
): { holds: Holds; against: number; steps: number } {
  const sign = want === "decreasing" ? -1 : 1;
  const steps = Math.max(0, values.length - 1);
  let against = 0;
  for (let i = 1; i < values.length; i++) if (sign * (values[i] - values[i - 1]) < 0) against++;
  if (steps === 0) return { holds: "not measured", against, steps };
  const overall = sign * (values[values.length - 1] - values[0]) > 0;
  return { holds: against === 0 && overall ? "yes" : overall ? "partly" : "no", against, steps };
}

/** A number for a table cell: 3 significant digits, no exponent between 1e-4 and 1e6 ("NaN" for NaN). */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-4 && a < 1e6 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1);
}

/**
 * "−0.003 [95 % CI −0.0065, 0.0005], 3 seeds, p = 0.069" (the interval and p left out for n < 2).
 * @param withP print the p-value of mean = 0 (leave it out where zero is not the question, e.g. an exponent)
 */
export function fmtInterval(s: PairedSummary, unit = "seeds", withP = true): string {
  const ci = s.n >= 2 ? ` [${Math.round(100 * s.level)} % CI ${fmt(s.ciLow)}, ${fmt(s.ciHigh)}]` : "";
  const p = withP && Number.isFinite(s.p) ? `, p = ${fmt(s.p, 2)}` : "";
  return `${fmt(s.mean)}${ci}, ${s.n} ${s.n === 1 ? unit.replace(/s$/, "") : unit}${p}`;
}
