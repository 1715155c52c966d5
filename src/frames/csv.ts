/**
 * DataFrames ⇄ CSV files that read back as they were written (through danfo's own readCSV, or
 * pandas' `read_csv(file, index_col="row")`):
 *   - the index is written as the first column, named {@link INDEX_COLUMN} ("row": danfo cannot take a column named "index", which its DataFrame.index hides);
 *   - a missing number (NaN, e.g. decay_epoch on main-path rows) is written as an empty field, so
 *     the column reads back numeric (the text "NaN" would make danfo read the whole column as strings);
 *   - ±Infinity is written "inf" / "-inf" (pandas reads them as floats); {@link readCsv} turns them
 *     back into numbers in a column whose other fields are numbers or empty (danfo would read strings);
 *   - a field holding a comma, a quote or a line break is quoted (RFC 4180), which danfo's toCSV
 *     does not do.
 * Read back, a missing number is null in danfo (NaN in pandas); both skip it in their means. An
 * empty text is an empty field too, and reads back as null.
 */
import * as dfd from "danfojs-node";
import { writeAtomic } from "../store/files";
import { check } from "../core/errors";

/** Name of the column that holds the index in files written by {@link writeCsv}. */
export const INDEX_COLUMN = "row";

/** One CSV field: missing numbers empty, ±Infinity as "inf"/"-inf" (pandas' spelling), strings quoted when needed. */
function field(v: unknown): string {
  if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV text of a DataFrame: a header, then one line per row, the index first.
 * @param index write the index as the first column (default true)
 * @throws ConfigError when a column is named like the index column
 */
export function csvText(df: dfd.DataFrame, index = true): string {
  const columns = df.columns as string[];
  check(
    !index || !columns.includes(INDEX_COLUMN),
    `a DataFrame written with its index cannot have a column named ${INDEX_COLUMN}`,
  );
  const header = index ? [INDEX_COLUMN, ...columns] : columns;
  const labels = df.index as (string | number)[];
  const lines = (df.values as unknown[][]).map((row, i) => (index ? [labels[i], ...row] : row).map(field).join(","));
  return [header.map(field).join(","), ...lines].join("\n") + "\n";
}

/**
 * Writes a DataFrame as CSV atomically (temp file + rename); see the module note for the format.
 * @param opts.index write the index as the first column "row" (default true)
 */
export function writeCsv(df: dfd.DataFrame, file: string, opts: { index?: boolean } = {}): void {
  writeAtomic(file, csvText(df, opts.index ?? true));
}

/** The number an infinite CSV field stands for ("inf", "-inf", "+inf", "Infinity", "-Infinity"), or null. */
function infinity(v: unknown): number | null {
  if (typeof v !== "string") return null;
  const m = /^([+-]?)(inf|infinity)$/i.exec(v.trim());
  return m ? (m[1] === "-" ? -Infinity : Infinity) : null;
}

/**
 * The frame with ±Infinity fields as numbers: a string column whose every field is a number, an
 * infinity spelling or missing becomes numeric (its dtype inferred by danfo as for the written frame).
 */
function withInfinities(df: dfd.DataFrame): dfd.DataFrame {
  const columns = df.columns as string[],
    rows = df.values as unknown[][];
  const numeric = columns.map(
    (_, j) =>
      rows.some((r) => infinity(r[j]) !== null) &&
      rows.every((r) => r[j] === null || r[j] === undefined || typeof r[j] === "number" || infinity(r[j]) !== null),
  );
  if (!numeric.some(Boolean)) return df;
  const values = rows.map((r) => r.map((v, j) => (numeric[j] && infinity(v) !== null ? infinity(v) : v)));
  return new dfd.DataFrame(values, { columns });
}

/**
 * Reads a CSV written by {@link writeCsv} with danfo's readCSV, and makes its index column the
 * index again (files without one get the default 0…n−1). Missing numbers come back as null,
 * "inf" / "-inf" as ±Infinity.
 */
export async function readCsv(file: string): Promise<dfd.DataFrame> {
  const df = withInfinities((await dfd.readCSV(file)) as unknown as dfd.DataFrame);
  if (!(df.columns as string[]).includes(INDEX_COLUMN)) return df;
  return df.setIndex({ column: INDEX_COLUMN, drop: true }) as unknown as dfd.DataFrame;
}
