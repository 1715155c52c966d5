/**
 * The one linear-algebra module: the only importer of ml-matrix. Every dense decomposition the
 * project uses goes through here, so the library can be swapped (or a routine checked against an
 * independent reference) in one place. Inputs are either ml-matrix {@link Matrix} objects (for
 * callers that build one, e.g. a Hessian) or row-major Float64Arrays.
 *
 * Used by: the minimum-norm solution α_mn = X⁺y (models/nonlinear.ts, Sec. 4), the sharpness
 * λ_max(∇²L) (models/nonlinear-hessian.ts), PCA's Gram eigenpairs (analysis/pca.ts, Sec. 3), the
 * curved surface's quadratic fit (analysis/surface.ts) and the drift-rate fits (analysis/drift-rate.ts).
 */
import {
  EigenvalueDecomposition,
  Matrix,
  QrDecomposition,
  pseudoInverse as mlPseudoInverse,
  solve as mlSolve,
} from "ml-matrix";
import { check } from "./errors";

/** Dense float64 matrix (ml-matrix's class: get/set, transpose, mmul, div, getColumn, to1DArray). */
export { Matrix };

/**
 * A matrix from row-major values.
 * @param a [rows, cols] row-major
 * @throws ConfigError when a.length ≠ rows·cols
 */
export function matrixFromRowMajor(a: ArrayLike<number>, rows: number, cols: number): Matrix {
  check(a.length === rows * cols, `matrixFromRowMajor: ${a.length} values for a ${rows} × ${cols} matrix`);
  const rowArrays = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => a[i * cols + j]));
  return new Matrix(rowArrays);
}

/**
 * Moore–Penrose pseudo-inverse A⁺ (by SVD; ml-matrix's default singular-value threshold).
 * @param a A [rows, cols] row-major
 * @returns A⁺ [cols, rows] row-major
 */
export function pseudoInverse(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  return Float64Array.from(mlPseudoInverse(matrixFromRowMajor(a, rows, cols)).to1DArray());
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix (symmetric tridiagonal QL).
 * @param a symmetric [n, n]
 * @returns values [n] in ascending order (as ml-matrix returns them); vectors [n, n] whose
 *   column i is the unit eigenvector of values[i]
 */
export function symmetricEigen(a: Matrix): { values: number[]; vectors: Matrix } {
  const evd = new EigenvalueDecomposition(a, { assumeSymmetric: true });
  return { values: evd.realEigenvalues, vectors: evd.eigenvectorMatrix };
}

/**
 * Solves A X = B: by LU when A is square, else least squares by QR.
 * @param a A [m, n]; @param b B [m, k]; @returns X [n, k]
 */
export function solve(a: Matrix, b: Matrix): Matrix {
  return mlSolve(a, b);
}

/**
 * Least squares min ‖A X − B‖ by Householder QR (A of full column rank).
 * @param a A [m, n], m ≥ n; @param b B [m, k]; @returns X [n, k]
 */
export function qrLeastSquares(a: Matrix, b: Matrix): Matrix {
  return new QrDecomposition(a).solve(b);
}
