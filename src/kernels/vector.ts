/**
 * Small dense-vector kernels for the chain engine's hot loop (./chains). Plain loops over
 * Float64Array with four partial sums: d is small (tens), so call overhead and the latency of one
 * long chain of dependent floating-point adds, not memory, bound the time.
 */

/**
 * x·w for the row of X at offset o, with four partial sums: a single running sum is one chain of
 * d dependent floating-point adds (latency-bound); four chains let the CPU overlap them.
 */
export function dotRow(X: Float64Array, o: number, w: Float64Array, d: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += X[o + j] * w[j];
    s1 += X[o + j + 1] * w[j + 1];
    s2 += X[o + j + 2] * w[j + 2];
    s3 += X[o + j + 3] * w[j + 3];
  }
  for (; j < d; j++) s0 += X[o + j] * w[j];
  return s0 + s1 + (s2 + s3);
}

/** w ← c·w + e·v[o:o+d] in place; returns ‖w‖² of the result (four partial sums, as in dotRow). */
export function axpbyNorm2(w: Float64Array, c: number, e: number, v: Float64Array, o: number, d: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    j = 0;
  for (; j + 3 < d; j += 4) {
    const a0 = c * w[j] + e * v[o + j],
      a1 = c * w[j + 1] + e * v[o + j + 1];
    const a2 = c * w[j + 2] + e * v[o + j + 2],
      a3 = c * w[j + 3] + e * v[o + j + 3];
    w[j] = a0;
    w[j + 1] = a1;
    w[j + 2] = a2;
    w[j + 3] = a3;
    s0 += a0 * a0;
    s1 += a1 * a1;
    s2 += a2 * a2;
    s3 += a3 * a3;
  }
  for (; j < d; j++) {
    const a0 = c * w[j] + e * v[o + j];
    w[j] = a0;
    s0 += a0 * a0;
  }
  return s0 + s1 + (s2 + s3);
}
