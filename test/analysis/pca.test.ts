import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/rng";
import { RowSource, projectOnComponents, rowsFromArrays, trajectoryPca } from "../../src/analysis/pca";

const P = 500,
  T = 200;
const SCALES = [5, 3, 2, 1]; // s_j of the four axes; the PCA keeps k = 3

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < x.length; p++) s += x[p] * y[p];
  return s;
}

/** m orthonormal vectors in R^P (Gram–Schmidt of Gaussian vectors). */
function orthonormal(m: number, rng: Rng): Float64Array[] {
  const es: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const v = rng.fillNormal(new Float64Array(P));
    for (const e of es) {
      const c = dot(v, e);
      for (let p = 0; p < P; p++) v[p] -= c * e[p];
    }
    const n = Math.sqrt(dot(v, v));
    es.push(v.map((x) => x / n));
  }
  return es;
}

/** Discrete Fourier patterns: exactly centered and orthogonal over i = 0..T−1, each with Σ z² = T/2. */
function pattern(j: number, i: number): number {
  const w = (2 * Math.PI * i) / T;
  return [Math.cos(w), Math.sin(w), Math.cos(2 * w), Math.sin(2 * w)][j];
}

/** points_i = mean + Σ_j s_j z_ij e_j + noise, as Float32 rows. */
function synthetic(noise: number, seed = 1) {
  const rng = new Rng(seed);
  const axes = orthonormal(SCALES.length, rng);
  const mean = rng.fillNormal(new Float64Array(P), 3);
  const rows = Array.from({ length: T }, (_, i) => {
    const x = Float32Array.from(mean);
    for (let p = 0; p < P; p++) {
      let v = mean[p] + noise * rng.normal();
      for (let j = 0; j < SCALES.length; j++) v += SCALES[j] * pattern(j, i) * axes[j][p];
      x[p] = v;
    }
    return x;
  });
  return { axes, mean, rows };
}

test("trajectoryPca recovers known principal axes and their closed-form variance ratios", () => {
  const { axes, mean, rows } = synthetic(1e-4);
  const pca = trajectoryPca(rowsFromArrays(rows), { k: 3 });
  const total = SCALES.reduce((s, x) => s + x * x, 0); // each pattern has Σ z² = T/2
  for (let j = 0; j < 3; j++) {
    assert.ok(Math.abs(Math.sqrt(dot(pca.components[j], pca.components[j])) - 1) < 1e-6, `unit norm ${j}`);
    const cos = Math.abs(dot(pca.components[j], axes[j]));
    assert.ok(cos > 0.999, `|cos(pc${j + 1}, e${j + 1})| = ${cos}`);
    const expected = SCALES[j] ** 2 / total;
    assert.ok(
      Math.abs(pca.explainedVarianceRatio[j] - expected) < 1e-4,
      `ratio ${j}: ${pca.explainedVarianceRatio[j]} vs ${expected}`,
    );
  }
  let maxMeanErr = 0;
  for (let p = 0; p < P; p++) maxMeanErr = Math.max(maxMeanErr, Math.abs(pca.mean[p] - mean[p]));
  assert.ok(maxMeanErr < 1e-4, `mean error ${maxMeanErr}`);
});

test("trajectoryPca coords reconstruct the points within the rank-k residual", () => {
  const { rows } = synthetic(1e-4);
  const noiseNorm = 1e-4 * Math.sqrt(P);
  for (const k of [3, 4]) {
    const pca = trajectoryPca(rowsFromArrays(rows), { k });
    for (let i = 0; i < T; i += 7) {
      let sq = 0;
      for (let p = 0; p < P; p++) {
        let x = pca.mean[p];
        for (let j = 0; j < k; j++) x += pca.coords[i * k + j] * pca.components[j][p];
        sq += (rows[i][p] - x) ** 2;
      }
      const residual = k === 3 ? Math.abs(SCALES[3] * pattern(3, i)) : 0; // the dropped 4th axis
      assert.ok(Math.sqrt(sq) <= residual + 2 * noiseNorm, `k=${k} row ${i}: error ${Math.sqrt(sq)} > ${residual}`);
      assert.ok(Math.sqrt(sq) >= residual - 2 * noiseNorm, `k=${k} row ${i}: error ${Math.sqrt(sq)} < ${residual}`);
    }
    assert.deepEqual(
      projectOnComponents(pca, rows[5]).map((c) => c.toFixed(6)),
      Array.from(pca.coords.subarray(5 * k, 6 * k)).map((c) => c.toFixed(6)),
    );
  }
});

test("trajectoryPca sign convention: stable across runs, signRow positive, invariant under data ↦ −data", () => {
  const { rows } = synthetic(1e-4);
  const a = trajectoryPca(rowsFromArrays(rows), { k: 3, signRow: 40 });
  const b = trajectoryPca(rowsFromArrays(rows), { k: 3, signRow: 40 });
  assert.deepEqual(a, b);
  for (let j = 0; j < 3; j++) assert.ok(a.coords[40 * 3 + j] > 0, `coord of signRow on pc${j + 1}`);
  const neg = trajectoryPca(rowsFromArrays(rows.map((r) => r.map((x) => -x))), { k: 3, signRow: 40 });
  for (let t = 0; t < a.coords.length; t++) assert.ok(Math.abs(neg.coords[t] - a.coords[t]) < 1e-6, `coord ${t}`);
  for (let j = 0; j < 3; j++) assert.ok(dot(neg.components[j], a.components[j]) < -0.999999, `pc${j + 1} flips`);
});

test("trajectoryPca sign falls back to the largest-|coordinate| row when signRow's coordinate is ~0", () => {
  // centered coords: on e1 [3, 0, 0, −3]; on e2 [−ε, 2, −2 + 2ε, −ε] (orthogonal, zero mean, variances 18 > 8)
  const eps = 1e-7;
  const c2 = [-eps, 2, -2 + 2 * eps, -eps];
  const rows = [3, 0, 0, -3].map((c1, i) => new Float32Array([c1, c2[i], 0]));
  for (const data of [rows, rows.map((r) => r.map((x) => -x))]) {
    const pca = trajectoryPca(rowsFromArrays(data), { k: 2, signRow: 0 });
    assert.ok(Math.abs(pca.coords[0] - 3) < 1e-6, `pc1 oriented by signRow 0: ${pca.coords[0]}`);
    // row 0's pc2 coordinate −ε is "~0": row 1 (|coord| 2, the largest) decides, so row 0 stays negative
    assert.ok(Math.abs(pca.coords[1 * 2 + 1] - 2) < 1e-6, `row 1 on pc2: ${pca.coords[3]}`);
    assert.ok(pca.coords[0 * 2 + 1] < 0 && pca.coords[1] > -1e-6, `row 0 on pc2: ${pca.coords[1]}`);
  }
});

test("trajectoryPca defaults: k = 5 and the last row for the sign", () => {
  const { rows } = synthetic(1e-3);
  const pca = trajectoryPca(rowsFromArrays(rows));
  assert.equal(pca.k, 5);
  assert.equal(pca.coords.length, T * 5);
  for (let j = 0; j < 5; j++) assert.ok(pca.coords[(T - 1) * 5 + j] > 0);
  assert.equal(trajectoryPca(rowsFromArrays(rows.slice(0, 3))).k, 2); // capped at T − 1
});

test("trajectoryPca reads each row at most twice and never modifies it", () => {
  const { rows } = synthetic(1e-3);
  const copy = rows.map((r) => r.slice());
  const reads = new Array(T).fill(0);
  const source: RowSource = {
    count: T,
    dim: P,
    readRow: (i) => {
      reads[i]++;
      return rows[i];
    },
  };
  trajectoryPca(source, { k: 2 });
  assert.ok(
    reads.every((n) => n === 2),
    `reads ${reads.slice(0, 5)}`,
  );
  assert.deepEqual(rows, copy);
});

test("trajectoryPca errors name the bad value", () => {
  const rows = [new Float32Array([0, 1, 2]), new Float32Array([1, 1, 0]), new Float32Array([2, 0, 1])];
  assert.throws(() => trajectoryPca(rowsFromArrays(rows.slice(0, 1))), /row count T.*got 1/);
  assert.throws(() => trajectoryPca(rowsFromArrays(rows), { k: 3 }), /k \(with T = 3 rows\).*\[1, 2\], got 3/);
  assert.throws(() => trajectoryPca(rowsFromArrays(rows), { signRow: 3 }), /signRow.*got 3/);
  const short = [...rows, new Float32Array(2)];
  assert.throws(() => trajectoryPca(rowsFromArrays(short), { k: 2 }), /row 3 has length 2, expected P = 3/);
  const notF32 = { count: 2, dim: 3, readRow: () => new Float64Array(3) as unknown as Float32Array };
  assert.throws(() => trajectoryPca(notF32, { k: 1 }), /row 0 is not a Float32Array.*Float64Array/);
  const nan = [rows[0], new Float32Array([1, NaN, 0]), rows[2]];
  assert.throws(() => trajectoryPca(rowsFromArrays(nan), { k: 1 }), /row 1 contains non-finite/);
  const same = [rows[0], rows[0], rows[0]];
  assert.throws(() => trajectoryPca(rowsFromArrays(same), { k: 1 }), /all 3 trajectory rows are identical/);
  const line = [0, 1, 2, 3].map((t) => new Float32Array([t, 2 * t, 1]));
  assert.throws(() => trajectoryPca(rowsFromArrays(line), { k: 2 }), /component 2 has zero variance.*k = 2/);
});
