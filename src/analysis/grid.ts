/**
 * Landscape grid geometry: which (a, b) surface coordinates a loss landscape is evaluated at
 * (Ren, Ma, Ying 2024, Sec. 3; Li et al. 2018's `xcoordinates`/`ycoordinates`). Geometry only:
 * no network evaluation here.
 *
 * Order: row-major over b then a, matching plotly's surface/contour `z[row = b][col = a]`;
 * flat index = j·nA + i for a = as[i], b = bs[j]. A computation that stopped after index n−1
 * resumes with `gridPoints(grid, n)`.
 */
import { check, checkInt, checkNumber } from "../core/errors";

/** Grid axes: the a values (columns) and b values (rows), each increasing. */
export interface LandscapeGrid {
  /** a coordinates (PC1 / direction 1), [nA] */
  as: number[];
  /** b coordinates (PC2 / direction 2), [nB] */
  bs: number[];
}

/** One grid point: its flat index, column i (a), row j (b) and coordinates. */
export interface GridPoint {
  index: number;
  i: number;
  j: number;
  a: number;
  b: number;
}

/** Options of {@link gridAroundPoints}. */
export interface GridOptions {
  /** extra room on each side as a fraction of the points' extent along that axis (default 0.2) */
  margin?: number;
  /** number of a values (default 41) */
  nA?: number;
  /** number of b values (default 31) */
  nB?: number;
}

/**
 * `n` evenly spaced values from `min` to `max` inclusive (n = 1 gives [min]).
 * @throws ConfigError when n < 1 or the bounds are not finite with min < max (min = max allowed only for n = 1)
 */
export function linspace(min: number, max: number, n: number): number[] {
  checkInt("grid resolution n", n, 1);
  checkNumber("grid minimum", min);
  checkNumber("grid maximum", max);
  check(n === 1 ? min <= max : min < max, `grid range must satisfy min < max, got [${min}, ${max}]`);
  if (n === 1) return [min];
  return Array.from({ length: n }, (_, k) => (k === n - 1 ? max : min + ((max - min) * k) / (n - 1)));
}

/**
 * A grid over an explicit rectangle, e.g. Li et al.'s [−1, 1]² for random directions.
 * @param range aMin < aMax, bMin < bMax
 * @param nA number of a values (default 41); nB number of b values (default 31)
 */
export function gridFromRange(
  range: { aMin: number; aMax: number; bMin: number; bMax: number },
  nA = 41,
  nB = 31,
): LandscapeGrid {
  return { as: linspace(range.aMin, range.aMax, nA), bs: linspace(range.bMin, range.bMax, nB) };
}

/**
 * The rectangle covering all checkpoints' (a, b) coordinates plus a margin on each side
 * (a fraction of the extent along that axis), split into nA × nB points.
 * @param a checkpoints' a coordinates [T]; b their b coordinates [T]
 * @throws ConfigError when a, b are empty, of different lengths, non-finite, all equal along an
 *   axis (no extent to take a margin of: use gridFromRange), or the options are out of range
 */
export function gridAroundPoints(a: ArrayLike<number>, b: ArrayLike<number>, opts: GridOptions = {}): LandscapeGrid {
  check(
    a.length > 0 && a.length === b.length,
    `gridAroundPoints needs equally many a and b coordinates (≥ 1), got ${a.length} and ${b.length}`,
  );
  const margin = checkNumber("grid margin", opts.margin ?? 0.2, 0);
  const nA = checkInt("grid resolution nA", opts.nA ?? 41, 2);
  const nB = checkInt("grid resolution nB", opts.nB ?? 31, 2);
  const [aMin, aMax] = paddedExtent("a", a, margin);
  const [bMin, bMax] = paddedExtent("b", b, margin);
  return gridFromRange({ aMin, aMax, bMin, bMax }, nA, nB);
}

/** Number of points nA·nB. */
export function gridSize(grid: LandscapeGrid): number {
  return grid.as.length * grid.bs.length;
}

/** The grid point with flat index `index` (row-major: j = ⌊index / nA⌋, i = index mod nA). */
export function gridPointAt(grid: LandscapeGrid, index: number): GridPoint {
  checkInt(`grid index (grid has ${gridSize(grid)} points)`, index, 0, gridSize(grid) - 1);
  const nA = grid.as.length;
  const i = index % nA,
    j = Math.floor(index / nA);
  return { index, i, j, a: grid.as[i], b: grid.bs[j] };
}

/**
 * Grid points in row order (b outer, a inner) from `start` (default 0) to the end, so a landscape
 * computation can resume after its last saved index.
 * @throws ConfigError when start ∉ [0, nA·nB]
 */
export function* gridPoints(grid: LandscapeGrid, start = 0): Generator<GridPoint> {
  const n = gridSize(grid);
  checkInt(`grid start index (grid has ${n} points)`, start, 0, n);
  for (let index = start; index < n; index++) yield gridPointAt(grid, index);
}

/** [min − margin·extent, max + margin·extent] of finite values. */
function paddedExtent(axis: string, v: ArrayLike<number>, margin: number): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (let t = 0; t < v.length; t++) {
    checkNumber(`${axis} coordinate [${t}]`, v[t]);
    lo = Math.min(lo, v[t]);
    hi = Math.max(hi, v[t]);
  }
  check(hi > lo, `all ${axis} coordinates equal ${lo}: no extent to put a margin around; use gridFromRange`);
  const pad = margin * (hi - lo);
  return [lo - pad, hi + pad];
}
