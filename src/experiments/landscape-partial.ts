/**
 * The partial file of a landscape grid being computed: one JSON row per finished grid point
 * (JSON lines), kept outside the cache entry folder so the entry itself stays atomic. A grid
 * computation that was interrupted resumes after the last valid row (Li et al. 2018's grid
 * computation resumes the same way).
 */
import * as fs from "fs";
import * as path from "path";
import { LandscapeRow } from "../analysis/landscape";
import { LandscapeGrid, gridPointAt, gridSize } from "../analysis/grid";

const METRICS = ["trainLoss", "trainAcc", "testLoss", "testAcc"] as const;

/** Whether `row` is the finished grid point `index` of `grid` (same coordinates, numeric metrics). */
function validRow(row: unknown, grid: LandscapeGrid, index: number): row is LandscapeRow {
  if (typeof row !== "object" || row === null || index >= gridSize(grid)) return false;
  const r = row as Record<string, unknown>;
  const pt = gridPointAt(grid, index);
  return r.index === index && r.a === pt.a && r.b === pt.b && METRICS.every((m) => typeof r[m] === "number");
}

/**
 * The rows 0 … n−1 stored in `file` for this grid: reading stops at the first line that is not
 * the next grid point (e.g. a line cut short by a kill). The file is rewritten with exactly
 * those rows so that appending continues cleanly. A missing file gives [].
 */
export function readPartialRows(file: string, grid: LandscapeGrid): LandscapeRow[] {
  if (!fs.existsSync(file)) return [];
  const rows: LandscapeRow[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      break;
    }
    if (!validRow(row, grid, rows.length)) break;
    rows.push(row);
  }
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r) + "\n").join(""));
  return rows;
}

/** Appends one finished row to the partial file (creating its folder). */
export function appendPartialRow(file: string, row: LandscapeRow): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, JSON.stringify(row) + "\n");
}
