import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend, assertClose } from "../helpers";
import { Rng } from "../../src/core/rng";
import { initMlp, mlpForward, mlpLayout, type MlpConfig } from "../../src/models/mlp";
import { halfSquaredLoss } from "../../src/models/losses";
import { sgdMomentumUpdate, type SgdHyper } from "../../src/train/sgd";
import { toTensors, toFlat } from "../../src/train/state";
import { mlpSgdStep, sgdScalars, disposeSgdScalars } from "../../src/train/mlp-step";
import { mlpLossGrads, denseInputGrad } from "../../src/kernels/mlp-grads";

before(setupBackend);

const hyper: SgdHyper = { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 };

/** A batch of B rows with dim features and one-hot targets, seeded. */
function batch(rng: Rng, B: number, dim: number, C: number): [tf.Tensor2D, tf.Tensor2D] {
  const x = tf.tensor2d(rng.fillNormal(new Float32Array(B * dim)), [B, dim]);
  const labels = Array.from({ length: B }, () => rng.int(C));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), C).toFloat() as tf.Tensor2D);
  return [x, y];
}

/** The plain step of src/train/path.ts: tf.grads through mlpForward, then sgdMomentumUpdate. */
function plainStep(params: tf.Tensor[], vel: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D) {
  return tf.tidy(() => {
    const grads = tf.grads((...ps: tf.Tensor[]) => halfSquaredLoss(mlpForward(ps, x), y))(params);
    const u = sgdMomentumUpdate(params, grads, vel, hyper);
    return { params: u.params, velocity: u.velocity };
  });
}

/** Runs the plain step and mlpSgdStep side by side for 5 steps from the same init and batches; checks no tensor leaks. */
function fiveSteps(
  c: MlpConfig,
  batchRows: number,
): { flat: Float32Array; params: [Float32Array, Float32Array]; velocity: [Float32Array, Float32Array] } {
  const layout = mlpLayout(c),
    rng = new Rng(11);
  const flat = initMlp(c, rng);
  let [pa, va] = [toTensors(layout, flat), toTensors(layout, new Float32Array(layout.size))];
  let [pb, vb] = [toTensors(layout, flat), toTensors(layout, new Float32Array(layout.size))];
  const s = sgdScalars(hyper);
  const before = tf.memory().numTensors;
  for (let t = 0; t < 5; t++) {
    const [x, y] = batch(rng, batchRows, c.inputDim, c.numClasses);
    const a = plainStep(pa, va, x, y),
      b = mlpSgdStep(pb, vb, x, y, s);
    tf.dispose([...pa, ...va, ...pb, ...vb, x, y]);
    [pa, va, pb, vb] = [a.params, a.velocity, b.params, b.velocity];
  }
  assert.equal(tf.memory().numTensors, before, "no tensor leak");
  const out = {
    flat,
    params: [toFlat(layout, pa), toFlat(layout, pb)] as [Float32Array, Float32Array],
    velocity: [toFlat(layout, va), toFlat(layout, vb)] as [Float32Array, Float32Array],
  };
  tf.dispose([...pa, ...va, ...pb, ...vb]);
  disposeSgdScalars(s);
  return out;
}

for (const hidden of [[7], [6, 5]]) {
  test(`mlpSgdStep equals the plain step over 5 steps to float32 tolerance (hidden ${JSON.stringify(hidden)})`, () => {
    const {
      flat,
      params: [fa, fb],
      velocity: [va, vb],
    } = fiveSteps({ inputDim: 9, hidden, numClasses: 4 }, 6);
    assert.ok(
      fa.some((v, i) => Math.abs(v - flat[i]) > 1e-3),
      "the parameters moved",
    );
    assertClose(fb, fa, 2e-6, "params after 5 steps");
    assertClose(vb, va, 2e-5, "velocity after 5 steps");
  });
}

test("mlpSgdStep equals the plain step on the wide 784-256-256-10 MLP at B = 125 over 5 steps", () => {
  // The shape of `npm run bench`'s wide MLP; its 256×256 layer takes denseInputGrad's (W·dzᵀ)ᵀ route.
  // The two steps differ only in float32 rounding ((out − y)/B vs tf.grads' 2(out − y)·1/(2B); the
  // ReLU mask from h instead of z), which stays at a few ulps of the largest entries (measured after
  // 5 steps: |Δθ| ≤ 1.2e-8 with |θ| ≤ 0.1, |Δv| ≤ 6e-8 with |v| ≤ 0.4); a wrong transpose, mask or
  // scale moves entries by 1e-3 or more. Tolerances: ~10 ulps of those magnitudes.
  const {
    flat,
    params: [fa, fb],
    velocity: [va, vb],
  } = fiveSteps({ inputDim: 784, hidden: [256, 256], numClasses: 10 }, 125);
  assert.ok(
    fa.some((v, i) => Math.abs(v - flat[i]) > 1e-2),
    "the parameters moved",
  );
  assertClose(fb, fa, 1e-7, "params after 5 steps");
  assertClose(vb, va, 3e-7, "velocity after 5 steps");
});

test("denseInputGrad: both routes give dz·Wᵀ bitwise equal to the explicit-transpose matMul, and close to float64", () => {
  const rng = new Rng(5);
  // [B, in, out]: the first two take the (W·dzᵀ)ᵀ route (in·out ≥ B(in+out)/2), the last two dz·(Wᵀ)
  for (const [B, nIn, nOut] of [
    [125, 256, 256],
    [4, 9, 7],
    [125, 256, 10],
    [6, 3, 2],
  ]) {
    const dzv = rng.fillNormal(new Float32Array(B * nOut)),
      wv = rng.fillNormal(new Float32Array(nIn * nOut));
    const dz = tf.tensor2d(dzv, [B, nOut]),
      w = tf.tensor2d(wv, [nIn, nOut]);
    const got = denseInputGrad(dz, w),
      ref = tf.tidy(() => tf.matMul(dz, tf.transpose(w)));
    assert.deepEqual(got.shape, [B, nIn]);
    const [g, r] = [got.dataSync(), ref.dataSync()];
    for (let i = 0; i < g.length; i++) assert.equal(g[i], r[i], `[${B},${nIn},${nOut}] entry ${i}: ${g[i]} vs ${r[i]}`);
    const f64 = new Float64Array(B * nIn); // plain float64 dz·Wᵀ; float32 sums of `out` unit normals are within 1e-4
    for (let b = 0; b < B; b++)
      for (let i = 0; i < nIn; i++)
        for (let j = 0; j < nOut; j++) f64[b * nIn + i] += dzv[b * nOut + j] * wv[i * nOut + j];
    assertClose(g, f64, 1e-4, `dz·Wᵀ [${B},${nIn},${nOut}]`);
    tf.dispose([dz, w, got, ref]);
  }
  const [dz, w] = [tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([4, 5]) as tf.Tensor2D];
  assert.throws(() => denseInputGrad(dz, w), /dz is \[2,3\] but the kernel is \[4,5\]/);
  tf.dispose([dz, w]);
});

test("mlpLossGrads matches a central finite difference of the loss (float64 reference on the cpu math)", () => {
  // 1 hidden layer, 2 inputs, 2 rows: check d/dθ_k of L = Σ(out − y)²/(2B) numerically
  const p = [
    tf.tensor2d([
      [0.3, -0.2],
      [0.1, 0.4],
    ]),
    tf.tensor1d([0.05, -0.1]),
    tf.tensor2d([[0.7], [-0.5]]),
    tf.tensor1d([0.2]),
  ];
  const x = tf.tensor2d([
      [1, 2],
      [-1, 0.5],
    ]),
    y = tf.tensor2d([[1], [0]]);
  const g = mlpLossGrads(p, x, y);
  const vals = p.map((t) => Array.from(t.dataSync()));
  const loss = (v: number[][]) => {
    // plain float64 forward
    let s = 0;
    for (const [r, row] of [
      [1, 2],
      [-1, 0.5],
    ].entries()) {
      const h = [0, 1].map((j) => Math.max(0, row[0] * v[0][j] + row[1] * v[0][2 + j] + v[1][j]));
      const out = h[0] * v[2][0] + h[1] * v[2][1] + v[3][0];
      s += (out - [1, 0][r]) ** 2;
    }
    return s / 4;
  };
  const eps = 1e-6;
  vals.forEach((v, e) =>
    v.forEach((_, i) => {
      const up = vals.map((a) => a.slice()),
        dn = vals.map((a) => a.slice());
      up[e][i] += eps;
      dn[e][i] -= eps;
      const fd = (loss(up) - loss(dn)) / (2 * eps);
      assert.ok(Math.abs(g[e].dataSync()[i] - fd) < 1e-5, `grad of entry ${e}[${i}]: ${g[e].dataSync()[i]} vs ${fd}`);
    }),
  );
  tf.dispose([...p, ...g, x, y]);
});

test("mlpSgdStep and mlpLossGrads name bad inputs", () => {
  const x = tf.zeros([1, 2]) as tf.Tensor2D;
  assert.throws(() => mlpLossGrads([tf.zeros([2, 2])], x, x), /kernel\/bias pairs, got 1 tensors/);
  assert.throws(() => sgdScalars({ lr: 0, momentum: 0.9, weightDecay: 0 }), /lr .*got 0/);
  tf.dispose(x);
});
