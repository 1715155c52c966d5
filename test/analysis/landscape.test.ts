// Landscape grid evaluation on synthetic trajectories: a surface point at a checkpoint's own
// (a, b) loads the checkpoint itself when the trajectory lies on the surface; no tensor leaks.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { setupBackend, tf } from "../helpers";
import { Rng } from "../../src/core/rng";
import { mlpLayout, mlpForward } from "../../src/models/mlp";
import { toSetTensors, disposeSet, evaluateSet, SetTensors } from "../../src/train/evaluate";
import { toTensors } from "../../src/train/state";
import { rowsFromArrays, trajectoryPca } from "../../src/analysis/pca";
import { curvedPcaSurface, flatPcaSurface } from "../../src/analysis/surface";
import { gridFromRange } from "../../src/analysis/grid";
import { evaluateFlat, evaluateLandscape, landscapeMatrix } from "../../src/analysis/landscape";

const model = { inputDim: 5, hidden: [4], numClasses: 3 };
const layout = mlpLayout(model); // P = 5·4 + 4 + 4·3 + 3 = 39
const net = { layout, forward: mlpForward };
let sets: { train: SetTensors; test: SetTensors };

function randomSet(n: number, rng: Rng) {
  const x = new Float32Array(n * 5).map(() => rng.normal());
  const y = Int32Array.from({ length: n }, () => rng.int(3));
  return toSetTensors({ x, y, n, dim: 5 }, 3);
}

/** Orthonormal u, w, z with disjoint supports (entries 0–12, 13–25, 26–38). */
function orthonormal(rng: Rng): Float32Array[] {
  return [0, 13, 26].map((start) => {
    const v = new Float32Array(layout.size);
    for (let p = start; p < start + 13; p++) v[p] = rng.normal();
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

/** θ = c + 3α·u + 2β·w + s·α²·z for α ∈ {−2..2}, β = ±1: PC coordinates (3α, 2β, s(α² − 2)) up to sign. */
function parabolicTrajectory(rng: Rng, s: number): Float32Array[] {
  const c = new Float32Array(layout.size).map(() => 0.5 * rng.normal());
  const [u, w, z] = orthonormal(rng);
  const rows: Float32Array[] = [];
  for (const alpha of [-2, -1, 0, 1, 2]) {
    for (const beta of [-1, 1])
      rows.push(c.map((cp, p) => cp + 3 * alpha * u[p] + 2 * beta * w[p] + s * alpha * alpha * z[p]));
  }
  return rows;
}

const directLoss = (flat: Float32Array, set: SetTensors) => {
  const ts = toTensors(layout, flat);
  const m = evaluateSet(ts, set);
  tf.dispose(ts);
  return m;
};

before(async () => {
  await setupBackend();
  const rng = new Rng(11);
  sets = { train: randomSet(30, rng), test: randomSet(50, rng) };
});

test("flat surface through a planar trajectory: the grid value at a checkpoint's (a, b) is the checkpoint's own loss", async () => {
  const rows = parabolicTrajectory(new Rng(1), 0); // s = 0: the trajectory lies in the plane of u, w
  const pca = trajectoryPca(rowsFromArrays(rows), { k: 2 });
  const surface = flatPcaSurface(pca);
  for (const t of [0, 3, 9]) {
    const a = pca.coords[t * 2],
      b = pca.coords[t * 2 + 1];
    const [row] = await evaluateLandscape(
      net,
      surface,
      gridFromRange({ aMin: a, aMax: a, bMin: b, bMax: b }, 1, 1),
      sets,
    );
    const tr = directLoss(rows[t], sets.train),
      te = directLoss(rows[t], sets.test);
    assert.ok(Math.abs(row.trainLoss - tr.loss) < 1e-5 * tr.loss, `train ${row.trainLoss} vs ${tr.loss}`);
    assert.ok(Math.abs(row.testLoss - te.loss) < 1e-5 * te.loss, `test ${row.testLoss} vs ${te.loss}`);
    assert.equal(row.trainAcc, tr.acc);
    assert.equal(row.testAcc, te.acc);
  }
});

test("curved surface through a parabolic trajectory: q(a) puts every checkpoint on the surface", async () => {
  const rows = parabolicTrajectory(new Rng(2), 0.5); // PC3 coordinate = ±0.5(α² − 2), a parabola in PC1 = ±3α
  const pca = trajectoryPca(rowsFromArrays(rows), { k: 3 });
  assert.deepEqual(
    pca.explainedVarianceRatio.map((r) => r.toFixed(6)),
    [18, 4, 0.7].map((v) => (v / 22.7).toFixed(6)),
  );
  const surface = curvedPcaSurface(pca);
  const flat = flatPcaSurface(pca);
  for (const t of [0, 4, 8]) {
    const a = pca.coords[t * 3],
      b = pca.coords[t * 3 + 1];
    const grid = gridFromRange({ aMin: a, aMax: a, bMin: b, bMax: b }, 1, 1);
    const [onCurved] = await evaluateLandscape(net, surface, grid, sets);
    const own = directLoss(rows[t], sets.train);
    assert.ok(
      Math.abs(onCurved.trainLoss - own.loss) < 1e-5 * own.loss,
      `t=${t}: ${onCurved.trainLoss} vs ${own.loss}`,
    );
    if (t !== 4 && t !== 5) {
      // α = ±2: far off the flat plane, so the flat surface gives another loss
      const [onFlat] = await evaluateLandscape(net, flat, grid, sets);
      assert.ok(Math.abs(onFlat.trainLoss - own.loss) > 1e-4, `flat plane should miss checkpoint ${t}`);
    }
  }
});

test("grid value equals the loss of center + Σ coord·pc reconstructed independently in float64", async () => {
  const rng = new Rng(3);
  const rows = Array.from({ length: 8 }, () => new Float32Array(layout.size).map(() => rng.normal())); // full-rank: off-surface
  const pca = trajectoryPca(rowsFromArrays(rows), { k: 3 });
  const surface = curvedPcaSurface(pca);
  const t = 7,
    a = pca.coords[t * 3],
    b = pca.coords[t * 3 + 1];
  const q = surface.quad.c0 + surface.quad.c1 * a + surface.quad.c2 * a * a;
  const recon = new Float32Array(layout.size);
  for (let p = 0; p < recon.length; p++) {
    recon[p] = pca.mean[p] + a * pca.components[0][p] + b * pca.components[1][p] + q * pca.components[2][p];
  }
  const [row] = await evaluateLandscape(
    net,
    surface,
    gridFromRange({ aMin: a, aMax: a, bMin: b, bMax: b }, 1, 1),
    sets,
  );
  const want = evaluateFlat(net, recon, sets.test);
  assert.ok(Math.abs(row.testLoss - want.loss) < 1e-6 * want.loss, `${row.testLoss} vs ${want.loss}`);
  assert.ok(
    Math.abs(row.testLoss - directLoss(rows[t], sets.test).loss) > 1e-3,
    "8 random rows do not lie on a 2D surface",
  );
});

test("a 4 × 3 grid: rows in grid order, matrix [nB][nA], progress to 12/12, no tensor leak", async () => {
  const pca = trajectoryPca(rowsFromArrays(parabolicTrajectory(new Rng(4), 0.5)), { k: 3 });
  const grid = gridFromRange({ aMin: -6, aMax: 6, bMin: -2, bMax: 2 }, 4, 3);
  const before = tf.memory().numTensors;
  const seen: number[] = [];
  const rows = await evaluateLandscape(net, curvedPcaSurface(pca), grid, sets, {
    onRow: (_r, done, total) => seen.push(done, total),
  });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(
    rows.map((r) => r.index),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  assert.deepEqual([rows[5].a, rows[5].b], [grid.as[1], grid.bs[1]]);
  assert.deepEqual(seen.slice(-2), [12, 12]);
  const m = landscapeMatrix(grid, rows, "testLoss");
  assert.equal(m.length, 3);
  assert.deepEqual(
    m[2],
    rows.slice(8).map((r) => r.testLoss),
  );
  const resumed = await evaluateLandscape(net, curvedPcaSurface(pca), grid, sets, { start: 9 });
  assert.deepEqual(resumed, rows.slice(9));
  assert.throws(() => landscapeMatrix(grid, rows.slice(1), "testLoss"), /needs 12 rows/);
});

test("evaluateLandscape rejects a surface of the wrong length and stops on an aborted signal", async () => {
  const pca = trajectoryPca(
    rowsFromArrays([new Float32Array([0, 1, 2]), new Float32Array([1, 0, 2]), new Float32Array([2, 2, 0])]),
    { k: 2 },
  );
  const grid = gridFromRange({ aMin: 0, aMax: 1, bMin: 0, bMax: 1 }, 2, 2);
  await assert.rejects(
    evaluateLandscape(net, flatPcaSurface(pca), grid, sets),
    /surface has length 3, the network has P = 39/,
  );
  const good = flatPcaSurface(trajectoryPca(rowsFromArrays(parabolicTrajectory(new Rng(5), 0)), { k: 2 }));
  const ctrl = new AbortController();
  ctrl.abort();
  const before = tf.memory().numTensors;
  await assert.rejects(evaluateLandscape(net, good, grid, sets, { signal: ctrl.signal }), /CancelledError|cancelled/);
  assert.equal(tf.memory().numTensors, before);
});

test("teardown", () => {
  disposeSet(sets.train);
  disposeSet(sets.test);
});
