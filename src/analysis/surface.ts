/**
 * Two-parameter surfaces in parameter space on which a loss landscape is drawn
 * (Ren, Ma, Ying 2024, Sec. 3: the train loss over the top principal components
 * shows a valley, and the large-LR main path moves along it).
 *
 * - flat:   θ(a, b) = center + a·pc1 + b·pc2
 * - curved: θ(a, b) = center + a·pc1 + b·pc2 + q(a)·pc3, the authors' surface, where q is the
 *           least-squares quadratic fit of the checkpoints' PC3 coordinate against their PC1
 *           coordinate, so the surface bends with the trajectory.
 * For PCA surfaces `center` is the PCA mean checkpoint (not the final parameters), and a
 * checkpoint's (a, b) are its PC1 and PC2 coordinates. For random filter-normalized directions
 * (directions.ts) `center` is the final parameters and pc1, pc2 are the two directions.
 */
import { Matrix, solve } from "../core/linalg";
import { check, checkNumber } from "../core/errors";
import { TrajectoryPca, coordColumn } from "./pca";

/** Coefficients of q(x) = c0 + c1·x + c2·x². */
export interface Quadratic {
  c0: number;
  c1: number;
  c2: number;
}

/** center + a·pc1 + b·pc2; every vector has length P. */
export interface FlatSurface {
  kind: "flat";
  center: Float32Array | Float64Array;
  pc1: Float32Array;
  pc2: Float32Array;
}

/** center + a·pc1 + b·pc2 + q(a)·pc3; every vector has length P. */
export interface CurvedSurface {
  kind: "curved";
  center: Float32Array | Float64Array;
  pc1: Float32Array;
  pc2: Float32Array;
  pc3: Float32Array;
  /** PC3 coordinate as a function of the PC1 coordinate */
  quad: Quadratic;
}

/** A flat plane or the authors' curved surface. */
export type Surface = FlatSurface | CurvedSurface;

/** q(x) = c0 + c1·x + c2·x². */
export function evalQuadratic(q: Quadratic, x: number): number {
  return q.c0 + x * (q.c1 + x * q.c2);
}

/**
 * Least-squares quadratic y ≈ c0 + c1·x + c2·x² (ml-matrix QR solve). x is centered and scaled
 * before the fit and the coefficients mapped back, so large coordinates stay well conditioned.
 * @param x abscissae [n], y ordinates [n]
 * @throws ConfigError when lengths differ, values are not finite, or x has fewer than 3 distinct values
 */
export function fitQuadratic(x: ArrayLike<number>, y: ArrayLike<number>): Quadratic {
  const n = x.length;
  check(n === y.length, `fitQuadratic: x has ${n} values but y has ${y.length}`);
  for (let i = 0; i < n; i++) {
    checkNumber(`fitQuadratic x[${i}]`, x[i]);
    checkNumber(`fitQuadratic y[${i}]`, y[i]);
  }
  const distinct = new Set(Array.from(x)).size;
  check(distinct >= 3, `fitQuadratic needs at least 3 distinct x values, got ${distinct}`);
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i] / n;
  let s = 0;
  for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(x[i] - m));
  const A = new Matrix(n, 3),
    Y = new Matrix(n, 1);
  for (let i = 0; i < n; i++) {
    const t = (x[i] - m) / s;
    A.set(i, 0, 1);
    A.set(i, 1, t);
    A.set(i, 2, t * t);
    Y.set(i, 0, y[i]);
  }
  const d = solve(A, Y).getColumn(0); // q(x) = d0 + d1·t + d2·t², t = (x − m)/s
  return {
    c0: d[0] - (d[1] * m) / s + (d[2] * m * m) / (s * s),
    c1: d[1] / s - (2 * d[2] * m) / (s * s),
    c2: d[2] / (s * s),
  };
}

/**
 * The plane center + a·d1 + b·d2.
 * @param center [P], d1 [P], d2 [P]
 * @throws ConfigError when lengths differ
 */
export function planeSurface(center: Float32Array | Float64Array, d1: Float32Array, d2: Float32Array): FlatSurface {
  checkSameLength(center.length, { d1, d2 });
  return { kind: "flat", center, pc1: d1, pc2: d2 };
}

/** The flat PCA plane: center = PCA mean, pc1, pc2 = the top two principal components. @throws ConfigError if k < 2 */
export function flatPcaSurface(pca: TrajectoryPca): FlatSurface {
  check(pca.k >= 2, `a flat PCA surface needs k ≥ 2 principal components, got k = ${pca.k}`);
  return planeSurface(pca.mean, pca.components[0], pca.components[1]);
}

/**
 * The authors' curved surface: center = PCA mean, q = least-squares quadratic fit of the
 * checkpoints' PC3 coordinate against their PC1 coordinate.
 * @throws ConfigError if k < 3 or the PC1 coordinates take fewer than 3 distinct values
 */
export function curvedPcaSurface(pca: TrajectoryPca): CurvedSurface {
  check(pca.k >= 3, `a curved PCA surface needs k ≥ 3 principal components, got k = ${pca.k}`);
  const quad = fitQuadratic(coordColumn(pca, 0), coordColumn(pca, 2));
  const [pc1, pc2, pc3] = pca.components;
  return { kind: "curved", center: pca.mean, pc1, pc2, pc3, quad };
}

/**
 * The parameter vector at surface coordinates (a, b), computed in float64 and stored as Float32.
 * @param out optional [P] buffer to write into (avoids allocating per landscape-grid point)
 * @returns [P]
 * @throws ConfigError when a or b is not finite or `out` has the wrong length
 */
export function surfacePoint(surface: Surface, a: number, b: number, out?: Float32Array): Float32Array {
  checkNumber("surface coordinate a", a);
  checkNumber("surface coordinate b", b);
  const { center, pc1, pc2 } = surface;
  const P = center.length;
  const res = out ?? new Float32Array(P);
  check(res.length === P, `surfacePoint: out has length ${res.length}, expected P = ${P}`);
  if (surface.kind === "flat") {
    for (let p = 0; p < P; p++) res[p] = center[p] + a * pc1[p] + b * pc2[p];
  } else {
    const c = evalQuadratic(surface.quad, a),
      pc3 = surface.pc3;
    for (let p = 0; p < P; p++) res[p] = center[p] + a * pc1[p] + b * pc2[p] + c * pc3[p];
  }
  return res;
}

/** Every checkpoint's surface coordinates on a PCA surface: a = PC1 coordinate, b = PC2 coordinate, each [T]. */
export function trajectorySurfaceCoords(pca: TrajectoryPca): { a: number[]; b: number[] } {
  check(pca.k >= 2, `surface coordinates need k ≥ 2 principal components, got k = ${pca.k}`);
  return { a: coordColumn(pca, 0), b: coordColumn(pca, 1) };
}

/**
 * Surface coordinates (a, b) of any parameter vector x [P]: the least-squares solution of
 * x − center ≈ a·pc1 + b·pc2 (2 × 2 normal equations). For orthonormal principal components this
 * is the projection, so a checkpoint gets its PC1, PC2 coordinates; on a curved surface the pc3
 * part is ignored (pc3 ⟂ pc1, pc2). Used to draw subpaths or a trajectory on random directions.
 * @throws ConfigError when x has the wrong length or the two directions are parallel
 */
export function surfaceCoordsOf(surface: Surface, x: Float32Array | Float64Array): { a: number; b: number } {
  const { center, pc1, pc2 } = surface;
  check(x.length === center.length, `surfaceCoordsOf: vector has length ${x.length}, expected P = ${center.length}`);
  let g11 = 0,
    g12 = 0,
    g22 = 0,
    r1 = 0,
    r2 = 0;
  for (let p = 0; p < x.length; p++) {
    const d = x[p] - center[p];
    g11 += pc1[p] * pc1[p];
    g12 += pc1[p] * pc2[p];
    g22 += pc2[p] * pc2[p];
    r1 += pc1[p] * d;
    r2 += pc2[p] * d;
  }
  const det = g11 * g22 - g12 * g12;
  check(det > 1e-12 * g11 * g22, `surfaceCoordsOf: the surface directions are parallel (Gram determinant ${det})`);
  return { a: (g22 * r1 - g12 * r2) / det, b: (g11 * r2 - g12 * r1) / det };
}

function checkSameLength(P: number, vectors: Record<string, { length: number }>): void {
  for (const [name, v] of Object.entries(vectors)) {
    check(v.length === P, `surface direction ${name} has length ${v.length}, expected P = ${P} (the center's length)`);
  }
}
