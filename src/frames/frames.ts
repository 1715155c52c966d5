/**
 * The one danfo import: trajectories as DataFrames, summaries, CSV export.
 * Long format: one row per path × recorded epoch (or chain × step).
 */
import * as dfd from "danfojs-node";
import { writeAtomic } from "../store/files";
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

/** Writes a DataFrame as CSV atomically (temp file + rename). */
export function writeCsv(df: DataFrame, file: string): void {
  writeAtomic(file, dfd.toCSV(df) as string);
}

/** Mean and sample standard deviation of `valueCol` per distinct value of the `by` columns. */
export interface GroupStat extends Row {
  mean: number;
  std: number;
  n: number;
}

/**
 * Groups rows by the columns `by` and returns mean, sample std (n−1; 0 when n = 1)
 * and count of `valueCol`, sorted by the group values. Uses danfo's groupby.
 */
export function meanStdBy(df: DataFrame, by: string[], valueCol: string): GroupStat[] {
  const g = df.groupby(by).col([valueCol]);
  const means = toRows(g.mean());
  const stds = toRows(g.std());
  const counts = toRows(g.count());
  const key = (r: Row) => by.map((b) => String(r[b])).join("\u0000");
  const stdOf = new Map(stds.map((r) => [key(r), Number(r[`${valueCol}_std`])]));
  const nOf = new Map(counts.map((r) => [key(r), Number(r[`${valueCol}_count`])]));
  const out = means.map((r) => {
    const k = key(r);
    const n = nOf.get(k) ?? 0;
    const row: GroupStat = { mean: Number(r[`${valueCol}_mean`]), std: n > 1 ? stdOf.get(k) ?? NaN : 0, n };
    for (const b of by) row[b] = r[b];
    return row;
  });
  return out.sort((a, b) => {
    for (const c of by) {
      const x = a[c], y = b[c];
      if (x !== y) return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    }
    return 0;
  });
}
