/**
 * The one danfo import: trajectories as DataFrames, summaries, CSV export.
 * Long format: one row per path × recorded epoch (or chain × step).
 */
import * as dfd from "danfojs-node";
import { check } from "../core/errors";
import { summarize } from "../analysis/summary";

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

/**
 * Groups rows by the columns `by` and returns, per group, the summary of `valueCol` (analysis/summary: the one rule,
 * (missing values skipped and counted), sorted by the group values. A group whose values are all
 * missing is kept, with mean and std NaN, n 0.
 * @throws ConfigError when a column is absent
 */
export function meanStdBy(df: DataFrame, by: string[], valueCol: string): GroupStat[] {
  for (const c of [...by, valueCol])
    check(
      (df.columns as string[]).includes(c),
      `meanStdBy: no column ${JSON.stringify(c)} (have ${df.columns.join(", ")})`,
    );
  const groups = new Map<string, { keys: Row; values: unknown[] }>();
  for (const r of toRows(df)) {
    const k = JSON.stringify(by.map((b) => r[b]));
    const g = groups.get(k) ?? { keys: Object.fromEntries(by.map((b) => [b, r[b]])), values: [] };
    g.values.push(r[valueCol]);
    groups.set(k, g);
  }
  const out = [...groups.values()].map((g): GroupStat => {
    const { mean, std, n, skipped } = summarize(g.values);
    return { mean, std, n, skipped, ...g.keys };
  });
  return out.sort((a, b) => {
    for (const c of by) {
      const x = a[c],
        y = b[c];
      if (x !== y) return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    }
    return 0;
  });
}
