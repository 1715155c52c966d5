// Batched landscape grids (src/analysis/landscape-batched.ts) against the per-point reference
// (evaluateFlat through evaluateLandscape with batched: false): flat, curved and random-direction
// surfaces, one and two hidden layers, chunks that split grid rows; chunk bookkeeping; no leaks. The grid
// tests run on the process's engine (onnx where it loads); the onnx and tfjs batched routes are compared directly too.
//
// Tolerance: |Δloss| ≤ 2e-6·(1 + loss). Both paths work in float32 (ε = 1.2e-7) but round in
// different places: the reference rounds θ = Σ c_m θ_m (summed in float64) once, the batched path
// sums the layers' float32 outputs Σ_m c_m (X W_m + b_m); with |c_m| ≤ 3 and terms of the size of
// the result the pre-activations differ by a few ε relative, and the mean of ½‖f − y‖² inherits
// that (measured ≤ 4e-7 relative here). Accuracies must be equal: the data are seeded, and a flipped
// argmax near-tie would change one accuracy by 1/n ≥ 1/60, far above rounding.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { setupBackend, tf } from "../helpers";
import { Rng } from "../../src/core/rng";
import { networkOf, type Network } from "../../src/models/network";
import { toSetTensors, SetTensors } from "../../src/train/evaluate";
import { Surface, planeSurface } from "../../src/analysis/surface";
import { randomDirectionsSurface } from "../../src/analysis/directions";
import { gridFromRange } from "../../src/analysis/grid";
import { evaluateLandscape, evaluateFlat, LandscapeRow } from "../../src/analysis/landscape";
import { batchedSurface, canBatch, defaultPointChunk, gridChunks } from "../../src/analysis/landscape-batched";
import { surfacePoint } from "../../src/analysis/surface";
import { mlpLayout } from "../../src/models/mlp";

const ONE = networkOf({ inputDim: 6, hidden: [5], numClasses: 3 });
const TWO = networkOf({ inputDim: 6, hidden: [5, 4], numClasses: 3 });
let sets: { train: SetTensors; test: SetTensors };
const grid = gridFromRange({ aMin: -3, aMax: 2, bMin: -1.5, bMax: 2.5 }, 5, 3); // 15 points, rows of 5

function randomSet(n: number, rng: Rng): SetTensors {
  const x = new Float32Array(n * 6).map(() => rng.normal());
  return toSetTensors({ x, y: Int32Array.from({ length: n }, () => rng.int(3)), n, dim: 6 }, 3);
}
const unit = (P: number, rng: Rng) => {
  const v = rng.fillNormal(new Float32Array(P));
  const s = Math.hypot(...v);
  return v.map((x) => x / s);
};

/** Flat PCA-like plane, the authors' curved surface, and Li et al.'s random filter-normalized directions. */
function surfaces(net: Network, seed: number): [string, Surface][] {
  const rng = new Rng(seed),
    P = net.layout.size;
  const center = net.init(rng);
  const [pc1, pc2, pc3] = [unit(P, rng), unit(P, rng), unit(P, rng)];
  return [
    ["flat", planeSurface(center, pc1, pc2)],
    [
      "curved",
      { kind: "curved", center: Float64Array.from(center), pc1, pc2, pc3, quad: { c0: 0.3, c1: -0.4, c2: 0.25 } },
    ],
    ["random directions", randomDirectionsSurface(net.layout, center, rng)],
  ];
}

function assertRowsClose(got: LandscapeRow[], want: LandscapeRow[], what: string): void {
  assert.equal(got.length, want.length, `${what}: row count`);
  got.forEach((g, k) => {
    const w = want[k];
    assert.deepEqual(
      [g.index, g.a, g.b, g.trainAcc, g.testAcc],
      [w.index, w.a, w.b, w.trainAcc, w.testAcc],
      `${what} row ${k}`,
    );
    for (const m of ["trainLoss", "testLoss"] as const) {
      assert.ok(Math.abs(g[m] - w[m]) <= 2e-6 * (1 + w[m]), `${what} row ${k} ${m}: ${g[m]} vs ${w[m]}`);
    }
  });
}

before(async () => {
  await setupBackend();
  const rng = new Rng(5);
  sets = { train: randomSet(60, rng), test: randomSet(90, rng) };
});

for (const [depth, net] of [
  ["1 hidden layer", ONE],
  ["2 hidden layers", TWO],
] as const) {
  test(`batched grid rows equal per-point evaluateFlat rows (${depth}; flat, curved, random directions; chunks of ≤ 4 in rows of 5)`, async () => {
    for (const [name, surface] of surfaces(net, depth.length)) {
      const before = tf.memory().numTensors;
      const ref = await evaluateLandscape(net, surface, grid, sets, { batched: false });
      const got = await evaluateLandscape(net, surface, grid, sets, { pointChunk: 4 });
      assert.equal(tf.memory().numTensors, before, `${name}: tensors leaked`);
      assertRowsClose(got, ref, `${depth} ${name}`);
      // the reference itself: row 7 through evaluateFlat directly
      const flat = surfacePoint(surface, ref[7].a, ref[7].b);
      assert.equal(evaluateFlat(net, flat, sets.test).loss, ref[7].testLoss);
      assert.ok(
        ref.some((r) => r.trainLoss > 2 * ref[0].trainLoss || ref[0].trainLoss > 2 * r.trainLoss),
        `${name}: the grid varies`,
      );
    }
  });
}

test("batched values do not depend on the chunk size (1, 3, whole rows) beyond rounding", async () => {
  const [, surface] = surfaces(ONE, 9)[1];
  const ones = await evaluateLandscape(ONE, surface, grid, sets, { pointChunk: 1 });
  assertRowsClose(await evaluateLandscape(ONE, surface, grid, sets, { pointChunk: 3 }), ones, "chunk 3");
  assertRowsClose(await evaluateLandscape(ONE, surface, grid, sets), ones, "default chunk");
});

test("batched grid: onRow in index order, resume mid-row equals the tail, cancellation disposes the basis", async () => {
  const [, surface] = surfaces(TWO, 4)[0];
  const seen: number[] = [],
    live: number[] = [];
  const whole = await evaluateLandscape(TWO, surface, grid, sets, {
    pointChunk: 4,
    onRow: (r, done, total) => {
      seen.push(r.index, done, total);
      live.push(tf.memory().numTensors);
    },
  });
  assert.deepEqual(seen, Array.from({ length: 15 }, (_, i) => [i, i + 1, 15]).flat());
  assert.deepEqual(new Set(live).size, 1, `tensors live during the grid stay flat: ${live}`);
  assert.deepEqual(await evaluateLandscape(TWO, surface, grid, sets, { pointChunk: 4, start: 7 }), whole.slice(7));
  const before = tf.memory().numTensors,
    ctrl = new AbortController(),
    got: number[] = [];
  await assert.rejects(
    evaluateLandscape(TWO, surface, grid, sets, {
      pointChunk: 4,
      signal: ctrl.signal,
      onRow: (r) => {
        got.push(r.index);
        ctrl.abort();
      },
    }),
    /CancelledError|cancelled/,
  );
  assert.deepEqual(got, [0, 1], "the chunk under way (row 0 splits 2 + 3) finishes, the next one is not started");
  assert.equal(tf.memory().numTensors, before, "basis tensors disposed after cancellation");
});

test("gridChunks: at most pointChunk indices, balanced, never across a grid row; bad sizes name the value", () => {
  assert.deepEqual(gridChunks(5, 3, 15, 4), [
    [3, 5],
    [5, 7],
    [7, 10],
    [10, 12],
    [12, 15],
  ]);
  assert.deepEqual(gridChunks(5, 0, 10, 8), [
    [0, 5],
    [5, 10],
  ]);
  assert.deepEqual(
    gridChunks(41, 0, 41, 8).map(([s, e]) => e - s),
    [6, 7, 7, 7, 7, 7],
  );
  assert.deepEqual(gridChunks(3, 2, 5, 1), [
    [2, 3],
    [3, 4],
    [4, 5],
  ]);
  assert.deepEqual(gridChunks(5, 15, 15, 4), []);
  assert.throws(() => gridChunks(5, 0, 10, 0), /pointChunk must be an integer in \[1, Infinity\], got 0/);
});

test("canBatch: MLPs with a hidden layer only; defaultPointChunk keeps K·n·h ≤ 8 Mi floats", () => {
  assert.equal(canBatch(ONE), true);
  assert.equal(canBatch({ layout: ONE.layout }), false, "no kind: the per-point path");
  assert.equal(canBatch(networkOf({ inputDim: 6, hidden: [], numClasses: 3 })), false, "no hidden layer");
  const vgg = networkOf({
    kind: "vgg",
    inputShape: [4, 4, 1],
    widths: [2, "M"],
    hidden: [3],
    numClasses: 2,
    dropout: 0,
  });
  assert.equal(canBatch(vgg), false);
  const quick = mlpLayout({ inputDim: 784, hidden: [100], numClasses: 10 });
  assert.equal(defaultPointChunk(quick, { train: { n: 500 }, test: { n: 9500 } }), 8); // ⌊8 388 608 / 950 000⌋
  assert.equal(defaultPointChunk(quick, { train: { n: 100 }, test: { n: 200 } }), 64);
});

test("batchedSurface errors name the bad value (both engines)", async () => {
  const [, surface] = surfaces(ONE, 2)[0];
  assert.throws(() => batchedSurface(TWO.layout, surface, sets), /surface has length 53, the network has P = 74/);
  const vgg = networkOf({
    kind: "vgg",
    inputShape: [4, 4, 1],
    widths: [2, "M"],
    hidden: [3],
    numClasses: 2,
    dropout: 0,
  });
  assert.throws(() => batchedSurface(vgg.layout, surface, sets), /needs an MLP layout/);
  for (const engine of ["tfjs", "onnx"] as const) {
    const b = batchedSurface(ONE.layout, surface, sets, engine);
    try {
      await assert.rejects(
        b.evaluate([
          { a: 0, b: 0 },
          { a: NaN, b: 1 },
        ]),
        /surface coordinate a of point 1/,
        engine,
      );
    } finally {
      b.dispose();
    }
  }
});

for (const [depth, net] of [
  ["1 hidden layer", ONE],
  ["2 hidden layers", TWO],
] as const) {
  test(`the onnx engine's batched points equal the tfjs engine's (${depth}; flat, curved, random directions)`, async () => {
    for (const [name, surface] of surfaces(net, 3 + depth.length)) {
      const points = Array.from({ length: 15 }, (_, i) => ({ a: grid.as[i % 5], b: grid.bs[Math.floor(i / 5)] }));
      const [t, o] = [
        batchedSurface(net.layout, surface, sets, "tfjs"),
        batchedSurface(net.layout, surface, sets, "onnx"),
      ];
      try {
        const want = (await t.evaluate(points)).map((m, index) => ({ index, ...m }));
        assertRowsClose(
          (await o.evaluate(points)).map((m, index) => ({ index, ...m })),
          want,
          `${depth} ${name}`,
        );
      } finally {
        t.dispose();
        o.dispose();
      }
    }
  });
}
