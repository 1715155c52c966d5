import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/rng";
import { rowsFromArrays, trajectoryPca } from "../../src/analysis/pca";
import {
  CurvedSurface,
  curvedPcaSurface,
  evalQuadratic,
  fitQuadratic,
  flatPcaSurface,
  planeSurface,
  surfaceCoordsOf,
  surfacePoint,
  trajectorySurfaceCoords,
} from "../../src/analysis/surface";

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < x.length; p++) s += x[p] * y[p];
  return s;
}

test("fitQuadratic reproduces a known parabola exactly, also far from the origin", () => {
  for (const shift of [0, 1000]) {
    const x = [-3, -1, 0, 2, 5, 7].map((v) => v + shift);
    const q = { c0: 1.5, c1: -0.25, c2: 0.125 };
    const fit = fitQuadratic(
      x,
      x.map((v) => evalQuadratic(q, v)),
    );
    for (const v of x) assert.ok(Math.abs(evalQuadratic(fit, v) - evalQuadratic(q, v)) < 1e-9, `q(${v})`);
    if (shift === 0) {
      assert.ok(
        Math.abs(fit.c0 - 1.5) < 1e-12 && Math.abs(fit.c1 + 0.25) < 1e-12 && Math.abs(fit.c2 - 0.125) < 1e-12,
        JSON.stringify(fit),
      );
    }
  }
});

test("fitQuadratic is least squares: residual orthogonal to 1, x, x² and equal to the hand-computed fit", () => {
  // y = x³ at x = −1, 0, 1, 2: normal equations [4 2 6; 2 6 8; 6 8 18]·c = [8; 18; 32],
  // solved by hand: c0 = −0.9, c1 = 1.3, c2 = 1.5
  const x = [-1, 0, 1, 2],
    y = x.map((v) => v ** 3);
  const q = fitQuadratic(x, y);
  assert.ok(
    Math.abs(q.c0 + 0.9) < 1e-12 && Math.abs(q.c1 - 1.3) < 1e-12 && Math.abs(q.c2 - 1.5) < 1e-12,
    JSON.stringify(q),
  );
  const r = x.map((v, i) => y[i] - evalQuadratic(q, v));
  for (const basis of [x.map(() => 1), x, x.map((v) => v * v)]) assert.ok(Math.abs(dot(r, basis)) < 1e-12);
});

test("fitQuadratic errors name the bad value", () => {
  assert.throws(() => fitQuadratic([1, 2, 3], [1, 2]), /x has 3 values but y has 2/);
  assert.throws(() => fitQuadratic([1, 1, 2, 2], [0, 1, 2, 3]), /at least 3 distinct x values, got 2/);
  assert.throws(() => fitQuadratic([0, 1, NaN], [0, 1, 2]), /x\[2\].*got NaN/);
});

test("surfacePoint on hand-computed flat and curved surfaces; out buffer reused", () => {
  const center = new Float32Array([1, 2, 3]);
  const pc1 = new Float32Array([1, 0, 0]),
    pc2 = new Float32Array([0, 1, 0]),
    pc3 = new Float32Array([0, 0, 1]);
  const flat = planeSurface(center, pc1, pc2);
  assert.deepEqual(Array.from(surfacePoint(flat, 2, -1)), [3, 1, 3]);
  const curved: CurvedSurface = { kind: "curved", center, pc1, pc2, pc3, quad: { c0: 1, c1: 0, c2: 0.5 } };
  const out = new Float32Array(3);
  assert.equal(surfacePoint(curved, 2, -1, out), out);
  assert.deepEqual(Array.from(out), [3, 1, 6]); // q(2) = 1 + 0.5·4 = 3
  assert.throws(() => surfacePoint(flat, 0, 0, new Float32Array(2)), /out has length 2, expected P = 3/);
  assert.throws(() => surfacePoint(flat, NaN, 0), /surface coordinate a.*got NaN/);
  assert.throws(() => planeSurface(center, pc1, new Float32Array(4)), /d2 has length 4, expected P = 3/);
});

test("surfaceCoordsOf inverts surfacePoint, also for non-orthogonal directions", () => {
  const s = planeSurface(new Float32Array([1, 1, 1]), new Float32Array([1, 0, 0]), new Float32Array([1, 1, 0]));
  const x = surfacePoint(s, 2, 3);
  x[2] += 5; // off-plane part is ignored
  const { a, b } = surfaceCoordsOf(s, x);
  assert.ok(Math.abs(a - 2) < 1e-12 && Math.abs(b - 3) < 1e-12, `${a}, ${b}`);
  const parallel = planeSurface(new Float32Array(3), new Float32Array([1, 0, 0]), new Float32Array([2, 0, 0]));
  assert.throws(() => surfaceCoordsOf(parallel, x), /parallel/);
});

/**
 * A trajectory in P = 300 dims whose PC3 coordinate lies exactly on a parabola in its PC1 coordinate:
 * t symmetric in [−1, 1]; z1 ∝ t, z2 ∝ t³ − αt, z3 ∝ t² − mean(t²) are exactly orthogonal and centered.
 */
function parabolicTrajectory() {
  const P = 300,
    T = 41,
    S = [10, 4, 2];
  const rng = new Rng(5);
  const axes: Float64Array[] = [];
  for (let j = 0; j < 3; j++) {
    // orthonormal e_j by Gram–Schmidt
    const v = rng.fillNormal(new Float64Array(P));
    for (const e of axes) {
      const c = dot(v, e);
      for (let p = 0; p < P; p++) v[p] -= c * e[p];
    }
    const n = Math.sqrt(dot(v, v));
    axes.push(v.map((x) => x / n));
  }
  const t = Array.from({ length: T }, (_, i) => -1 + (2 * i) / (T - 1));
  const m2 = t.reduce((s, x) => s + x * x, 0) / T,
    alpha = t.reduce((s, x) => s + x ** 4, 0) / (m2 * T);
  const raw = [t, t.map((x) => x ** 3 - alpha * x), t.map((x) => x * x - m2)];
  const z = raw.map((col) => {
    const n = Math.sqrt(dot(col, col));
    return col.map((x) => x / n);
  });
  const norms = raw.map((col) => Math.sqrt(dot(col, col)));
  const center = rng.fillNormal(new Float64Array(P));
  const rows = t.map((_, i) =>
    Float32Array.from(
      center,
      (c, p) => c + S[0] * z[0][i] * axes[0][p] + S[1] * z[1][i] * axes[1][p] + S[2] * z[2][i] * axes[2][p],
    ),
  );
  // PC3 coordinate s3·(t² − m2)/n3 with t = a·n1/s1: c2 = s3 n1² / (s1² n3), c1 = 0, c0 = −s3 m2 / n3
  const quad = { c0: (-S[2] * m2) / norms[2], c1: 0, c2: (S[2] * norms[0] ** 2) / (S[0] ** 2 * norms[2]) };
  return { rows, axes, quad, P, T };
}

test("curved PCA surface: quadratic fit of PC3 on PC1 and surfacePoint at each checkpoint's (a, b)", () => {
  const { rows, axes, quad, P, T } = parabolicTrajectory();
  const pca = trajectoryPca(rowsFromArrays(rows), { k: 3 });
  // the sign rule (last row, t = 1, positive on all three patterns) makes pc_j = +e_j
  for (let j = 0; j < 3; j++) assert.ok(dot(pca.components[j], axes[j]) > 0.99999, `pc${j + 1}`);
  const s = curvedPcaSurface(pca);
  assert.equal(s.center, pca.mean);
  assert.ok(
    Math.abs(s.quad.c0 - quad.c0) < 1e-5 && Math.abs(s.quad.c1) < 1e-5 && Math.abs(s.quad.c2 - quad.c2) < 1e-5,
    `${JSON.stringify(s.quad)} vs ${JSON.stringify(quad)}`,
  );
  const { a, b } = trajectorySurfaceCoords(pca);
  const out = new Float32Array(P);
  for (let i = 0; i < T; i++) {
    surfacePoint(s, a[i], b[i], out);
    let maxDiff = 0,
      maxRow = 0;
    for (let p = 0; p < P; p++) {
      let x = pca.mean[p];
      for (let j = 0; j < 3; j++) x += pca.coords[i * 3 + j] * pca.components[j][p];
      maxDiff = Math.max(maxDiff, Math.abs(out[p] - x));
      maxRow = Math.max(maxRow, Math.abs(out[p] - rows[i][p]));
    }
    assert.ok(maxDiff < 1e-5 && maxRow < 1e-5, `checkpoint ${i}: ${maxDiff}, ${maxRow}`);
    const back = surfaceCoordsOf(s, rows[i]);
    assert.ok(Math.abs(back.a - a[i]) < 1e-5 && Math.abs(back.b - b[i]) < 1e-5, `inverse at ${i}`);
  }
  const flat = flatPcaSurface(pca);
  const mid = surfacePoint(flat, a[20], b[20]); // t = 0: PC3 coordinate −s3·m2/n3 is dropped by the plane
  let off = 0;
  for (let p = 0; p < P; p++) off += (rows[20][p] - mid[p]) * pca.components[2][p];
  assert.ok(Math.abs(off - quad.c0) < 1e-5, `flat plane misses the PC3 offset ${off}`);
});

test("PCA surfaces need enough components", () => {
  const rows = [
    [0, 0, 0],
    [1, 0, 0],
    [0, 2, 0],
    [0, 0, 3],
  ].map((r) => new Float32Array(r));
  const pca1 = trajectoryPca(rowsFromArrays(rows), { k: 1 });
  assert.throws(() => flatPcaSurface(pca1), /k ≥ 2.*got k = 1/);
  assert.throws(() => trajectorySurfaceCoords(pca1), /k ≥ 2.*got k = 1/);
  const pca2 = trajectoryPca(rowsFromArrays(rows), { k: 2 });
  assert.throws(() => curvedPcaSurface(pca2), /k ≥ 3.*got k = 2/);
});
