/**
 * Principal components of a weight trajectory (Ren, Ma, Ying 2024, Sec. 3:
 * the main path and its subpaths drawn on the top principal components).
 *
 * A trajectory is T checkpoints of P parameters (T ≈ 10²–10³, P up to 10⁶),
 * read row by row from a {@link RowSource}. Because P ≫ T we never form the
 * P × P covariance: we center the rows (mean in float64), form the T × T Gram
 * matrix G = C Cᵀ (float64 accumulation), take its top eigenpairs (λ_j, u_j)
 * with ml-matrix, and map back: principal component v_j = Cᵀ u_j / √λ_j.
 *
 * Memory: `readRow` is called twice per row (pass 1: mean, pass 2: centering)
 * and its arrays are never modified or kept. We hold one centered Float32 copy
 * of the trajectory (T·P·4 bytes, the size of the checkpoint data) plus the
 * mean and one accumulator (2 · 8P bytes), the components (k · 4P bytes) and
 * G (8T² bytes). If the caller also keeps all its rows in memory, the peak is
 * about twice the checkpoint data; a caller that reads rows from disk stays
 * near one times.
 */
import { matrixFromRowMajor, symmetricEigen } from "../core/linalg";
import { check, checkInt } from "../core/errors";

/** T checkpoints of P parameters each, read one row (one flat parameter vector) at a time. */
export interface RowSource {
  /** number of checkpoints T */
  count: number;
  /** number of parameters P */
  dim: number;
  /** row i ∈ [0, T) as a Float32Array of length P; may be a fresh array or a view (never modified); called twice per row, must return the same values */
  readRow(i: number): Float32Array;
}

/** Options of {@link trajectoryPca}. */
export interface PcaOptions {
  /** number of principal components k, 1 ≤ k ≤ T−1 (default 5, capped at T−1 when not given) */
  k?: number;
  /** checkpoint whose coordinate on every component is made positive (default: the last row, T−1) */
  signRow?: number;
}

/** Result of {@link trajectoryPca}. */
export interface TrajectoryPca {
  /** number of checkpoints T */
  count: number;
  /** number of parameters P */
  dim: number;
  /** number of principal components k */
  k: number;
  /** mean checkpoint, [P] (the center of the PCA surfaces) */
  mean: Float64Array;
  /** principal components, k × [P], unit norm, by decreasing variance */
  components: Float32Array[];
  /** fraction of the trajectory's total variance along each component, [k], decreasing */
  explainedVarianceRatio: number[];
  /** checkpoint coordinates on the components, [T, k] row-major: coords[i·k + j] = ⟨row_i − mean, v_j⟩ */
  coords: Float64Array;
}

/** A coordinate on a component whose |value| is below this fraction of the column's largest is "~0" for the sign rule. */
const SIGN_ZERO_RELATIVE = 1e-5;
/** An eigenvalue below this fraction of the total variance counts as zero (the trajectory spans fewer dimensions). */
const EIGEN_ZERO_RELATIVE = 1e-12;
/** Parameters per cache block in the Gram accumulation (all T rows of one block stay in cache). */
const GRAM_BLOCK = 512;

/** A {@link RowSource} over rows already in memory, e.g. `rowsFromArrays(checkpoints)`. @throws ConfigError if empty */
export function rowsFromArrays(rows: Float32Array[]): RowSource {
  check(rows.length > 0, "rowsFromArrays needs at least one row, got 0");
  return { count: rows.length, dim: rows[0].length, readRow: (i) => rows[i] };
}

/**
 * Top-k principal components of a trajectory through the T × T Gram matrix (Sec. 3).
 * Sign rule: each component is oriented so that checkpoint `signRow` has a positive
 * coordinate; if that coordinate is ~0 (below 1e-5 of the column's largest |coordinate|)
 * the checkpoint with the largest |coordinate| is used instead.
 * @param source T rows of length P
 * @returns mean [P], components k × [P], explained variance ratios [k], coords [T, k]
 * @throws ConfigError when T < 2, k ∉ [1, T−1], signRow ∉ [0, T), a row has the wrong
 *   type or length or non-finite values, or the trajectory spans fewer than k dimensions
 */
export function trajectoryPca(source: RowSource, opts: PcaOptions = {}): TrajectoryPca {
  const T = checkInt("trajectory row count T", source.count, 2);
  const P = checkInt("trajectory dim P", source.dim, 1);
  const k = checkInt(`k (with T = ${T} rows)`, opts.k ?? Math.min(5, T - 1), 1, T - 1);
  const signRow = checkInt(`signRow (with T = ${T} rows)`, opts.signRow ?? T - 1, 0, T - 1);
  const mean = rowMean(source);
  const centered = centerRows(source, mean);
  const gram = gramMatrix(centered);
  const total = trace(gram, T);
  check(total > 0, `all ${T} trajectory rows are identical: no variance to decompose`);
  const { values, vectors } = topEigenpairs(gram, T, k);
  const components: Float32Array[] = [];
  for (let j = 0; j < k; j++) {
    check(
      values[j] > EIGEN_ZERO_RELATIVE * total,
      `principal component ${j + 1} has zero variance (eigenvalue ${values[j]}): the trajectory spans ` +
        `fewer than k = ${k} dimensions; reduce k`,
    );
    components.push(componentFromGram(centered, vectors[j], values[j]));
  }
  const coords = projectRows(centered, components);
  orientComponents(components, coords, T, k, signRow);
  return { count: T, dim: P, k, mean, components, explainedVarianceRatio: values.map((v) => v / total), coords };
}

/** Coordinates of any parameter vector x [P] on the components: ⟨x − mean, v_j⟩, [k]. @throws ConfigError on wrong length */
export function projectOnComponents(pca: TrajectoryPca, x: Float32Array | Float64Array): number[] {
  check(x.length === pca.dim, `projectOnComponents: vector has length ${x.length}, expected P = ${pca.dim}`);
  return pca.components.map((v) => {
    let s = 0;
    for (let p = 0; p < x.length; p++) s += (x[p] - pca.mean[p]) * v[p];
    return s;
  });
}

/** Column j of the coordinates: every checkpoint's coordinate on principal component j (0-based), [T]. */
export function coordColumn(pca: TrajectoryPca, j: number): number[] {
  checkInt(`component index j (k = ${pca.k})`, j, 0, pca.k - 1);
  return Array.from({ length: pca.count }, (_, i) => pca.coords[i * pca.k + j]);
}

function readChecked(source: RowSource, i: number): Float32Array {
  const row = source.readRow(i);
  const tag = Object.prototype.toString.call(row); // not instanceof: a notebook's vm context has its own Float32Array
  check(tag === "[object Float32Array]", `trajectory row ${i} is not a Float32Array (got ${tag})`);
  check(row.length === source.dim, `trajectory row ${i} has length ${row.length}, expected P = ${source.dim}`);
  return row;
}

/** Pass 1: float64 mean of the rows, [P], checking each row's length and finiteness. */
function rowMean(source: RowSource): Float64Array {
  const mean = new Float64Array(source.dim);
  for (let i = 0; i < source.count; i++) {
    const row = readChecked(source, i);
    let sum = 0; // NaN or ±Infinity iff the row has one (a float64 sum of float32 values cannot overflow)
    for (let p = 0; p < row.length; p++) {
      mean[p] += row[p];
      sum += row[p];
    }
    check(Number.isFinite(sum), `trajectory row ${i} contains non-finite values (NaN or ±Infinity)`);
  }
  for (let p = 0; p < mean.length; p++) mean[p] /= source.count;
  return mean;
}

/** Pass 2: centered Float32 copies row_i − mean (the row is read again, not kept from pass 1). */
function centerRows(source: RowSource, mean: Float64Array): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < source.count; i++) {
    const row = readChecked(source, i);
    const c = new Float32Array(row.length);
    for (let p = 0; p < row.length; p++) c[p] = row[p] - mean[p];
    out.push(c);
  }
  return out;
}

/**
 * G = C Cᵀ, [T, T] row-major, float64 sums. Parameters are taken in blocks so that one
 * block of every row stays in cache, and rows in 2 × 2 tiles (each load used twice).
 */
function gramMatrix(rows: Float32Array[]): Float64Array {
  const T = rows.length,
    P = rows[0].length;
  const G = new Float64Array(T * T);
  for (let p0 = 0; p0 < P; p0 += GRAM_BLOCK) {
    const p1 = Math.min(P, p0 + GRAM_BLOCK);
    for (let i = 0; i + 1 < T; i += 2) {
      for (let j = 0; j <= i; j += 2) gramTile(G, T, rows, i, j, p0, p1);
    }
    if (T % 2 === 1) {
      for (let j = 0; j < T; j++) G[(T - 1) * T + j] += blockDot(rows[T - 1], rows[j], p0, p1);
    }
  }
  for (let i = 0; i < T; i++) for (let j = 0; j < i; j++) G[j * T + i] = G[i * T + j];
  return G;
}

/** Adds ⟨c_a, c_b⟩ over [p0, p1) for a ∈ {i, i+1}, b ∈ {j, j+1} to G (the upper entry of a diagonal tile is later overwritten). */
function gramTile(
  G: Float64Array,
  T: number,
  rows: Float32Array[],
  i: number,
  j: number,
  p0: number,
  p1: number,
): void {
  const a0 = rows[i],
    a1 = rows[i + 1],
    b0 = rows[j],
    b1 = rows[j + 1];
  let s00 = 0,
    s01 = 0,
    s10 = 0,
    s11 = 0;
  for (let p = p0; p < p1; p++) {
    const x0 = a0[p],
      x1 = a1[p],
      y0 = b0[p],
      y1 = b1[p];
    s00 += x0 * y0;
    s01 += x0 * y1;
    s10 += x1 * y0;
    s11 += x1 * y1;
  }
  G[i * T + j] += s00;
  G[i * T + j + 1] += s01;
  G[(i + 1) * T + j] += s10;
  G[(i + 1) * T + j + 1] += s11;
}

function blockDot(a: Float32Array, b: Float32Array, p0: number, p1: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let p = p0;
  for (; p + 3 < p1; p += 4) {
    s0 += a[p] * b[p];
    s1 += a[p + 1] * b[p + 1];
    s2 += a[p + 2] * b[p + 2];
    s3 += a[p + 3] * b[p + 3];
  }
  for (; p < p1; p++) s0 += a[p] * b[p];
  return s0 + s1 + s2 + s3;
}

function trace(G: Float64Array, T: number): number {
  let s = 0;
  for (let i = 0; i < T; i++) s += G[i * T + i];
  return s;
}

/** The k largest eigenvalues of the symmetric G and their unit eigenvectors ([T] each), decreasing. */
function topEigenpairs(G: Float64Array, T: number, k: number): { values: number[]; vectors: Float64Array[] } {
  const { values: lambda, vectors: U } = symmetricEigen(matrixFromRowMajor(G, T, T));
  const order = lambda
    .map((_, i) => i)
    .sort((a, b) => lambda[b] - lambda[a])
    .slice(0, k);
  return {
    values: order.map((i) => lambda[i]),
    vectors: order.map((i) => Float64Array.from(U.getColumn(i))),
  };
}

/** v = Cᵀ u / √λ, renormalised to unit length in float64, stored as Float32 [P]. */
function componentFromGram(rows: Float32Array[], u: Float64Array, lambda: number): Float32Array {
  const P = rows[0].length;
  const acc = new Float64Array(P);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i],
      w = u[i] / Math.sqrt(lambda);
    for (let p = 0; p < P; p++) acc[p] += w * r[p];
  }
  let sq = 0;
  for (let p = 0; p < P; p++) sq += acc[p] * acc[p];
  const inv = 1 / Math.sqrt(sq);
  const v = new Float32Array(P);
  for (let p = 0; p < P; p++) v[p] = acc[p] * inv;
  return v;
}

/** coords[i·k + j] = ⟨c_i, v_j⟩ in float64, [T, k]. */
function projectRows(rows: Float32Array[], comps: Float32Array[]): Float64Array {
  const k = comps.length,
    coords = new Float64Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < k; j++) coords[i * k + j] = blockDot(rows[i], comps[j], 0, rows[i].length);
  }
  return coords;
}

/** Flips components (and their coordinate columns) so that the reference checkpoint's coordinate is positive. */
function orientComponents(comps: Float32Array[], coords: Float64Array, T: number, k: number, signRow: number): void {
  for (let j = 0; j < k; j++) {
    let argMax = 0;
    for (let i = 1; i < T; i++) if (Math.abs(coords[i * k + j]) > Math.abs(coords[argMax * k + j])) argMax = i;
    const maxAbs = Math.abs(coords[argMax * k + j]);
    const ref = Math.abs(coords[signRow * k + j]) > SIGN_ZERO_RELATIVE * maxAbs ? signRow : argMax;
    if (coords[ref * k + j] >= 0) continue;
    const v = comps[j];
    for (let p = 0; p < v.length; p++) v[p] = -v[p];
    for (let i = 0; i < T; i++) coords[i * k + j] = -coords[i * k + j];
  }
}
