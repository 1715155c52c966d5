/**
 * The one danfo import: trajectories as DataFrames, summaries, CSV export.
 * Long format: one row per path × recorded epoch (or chain × step).
 */
import * as dfd from "danfojs-node";
import { check } from "../core/errors";

export type DataFrame = dfd.DataFrame;
/** A plain row: column name → number or string. */
export type Row = Record<string, number | string>;

/** A DataFrame from rows that all have the same columns. @throws ConfigError on an empty list */
export function toFrame(rows: Row[]): DataFrame {
  check(rows.length > 0, "cannot build a DataFrame from 0 rows");
  return new dfd.DataFrame(rows);
}

/** The rows of a DataFrame as plain objects. */
export function toRows(df: DataFrame | { columns: string[]; values: unknown[] }): Row[] {
  return dfd.toJSON(df as DataFrame) as Row[];
}

export { writeCsv, readCsv, csvText, INDEX_COLUMN } from "./csv";

/**
 * Mean and sample standard deviation of `valueCol` per distinct value of the `by` columns, over
 * the group's present values; `skipped` counts its missing ones (NaN, null: e.g. a diverged run).
 */
export interface GroupStat extends Row {
  mean: number;
  std: number;
  /** values used */
  n: number;
  /** missing values left out */
  skipped: number;
}

/** Whether a cell is a missing number (NaN, null or undefined). */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

/**
 * The one rule for missing values in summaries, danfo's Series.mean rule: skip them, and count
 * what was skipped. Mean and sample std (n − 1; 0 when n = 1; NaN when n = 0) of the present values.
 * @throws ConfigError when a present value is not a number
 */
export function meanStdSkipping(values: unknown[]): { mean: number; std: number; n: number; skipped: number } {
  const xs: number[] = [];
  for (const v of values) {
    if (isMissing(v)) continue;
    check(typeof v === "number", `meanStdSkipping: values must be numbers, got ${JSON.stringify(v)}`);
    xs.push(v);
  }
  const n = xs.length, skipped = values.length - n;
  if (n === 0) return { mean: NaN, std: NaN, n, skipped };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n, skipped };
}

/**
 * Groups rows by the columns `by` and returns, per group, {@link meanStdSkipping} of `valueCol`
 * (missing values skipped and counted), sorted by the group values. A group whose values are all
 * missing is kept, with mean and std NaN, n 0.
 * @throws ConfigError when a column is absent
 */
export function meanStdBy(df: DataFrame, by: string[], valueCol: string): GroupStat[] {
  for (const c of [...by, valueCol]) check((df.columns as string[]).includes(c), `meanStdBy: no column ${JSON.stringify(c)} (have ${df.columns.join(", ")})`);
  const groups = new Map<string, { keys: Row; values: unknown[] }>();
  for (const r of toRows(df)) {
    const k = JSON.stringify(by.map((b) => r[b]));
    const g = groups.get(k) ?? { keys: Object.fromEntries(by.map((b) => [b, r[b]])), values: [] };
    g.values.push(r[valueCol]);
    groups.set(k, g);
  }
  const out = [...groups.values()].map((g): GroupStat => ({ ...meanStdSkipping(g.values), ...g.keys }));
  return out.sort((a, b) => {
    for (const c of by) {
      const x = a[c], y = b[c];
      if (x !== y) return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    }
    return 0;
  });
}
