import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend, assertClose } from "../helpers";
import { dense, mlpForward, mlpLayout, initMlp } from "../../src/models/mlp";
import { halfSquaredLoss, lossAndCorrectSums } from "../../src/models/losses";
import { toTensors } from "../../src/train/state";
import { Rng } from "../../src/core/rng";

before(setupBackend);

test("halfSquaredLoss and accuracy on a 2-sample batch equal the hand computation", () => {
  // sample 1: out [0.5,0,0], label 0 → ‖·‖² = 0.25 ; sample 2: out [1,1,0], label 2 → 1+1+1 = 3
  // loss = (0.25 + 3) / 2 / 2 = 0.8125 ; argmax: 0 (right), 0 (wrong: label 2) → acc 1/2
  const out = tf.tensor2d([
    [0.5, 0, 0],
    [1, 1, 0],
  ]);
  const labels = tf.tensor1d([0, 2], "int32");
  const onehot = tf.oneHot(labels, 3).toFloat() as tf.Tensor2D;
  const loss = halfSquaredLoss(out, onehot);
  assert.ok(Math.abs(loss.dataSync()[0] - 0.8125) < 1e-7);
  const [lsum, correct] = lossAndCorrectSums(out, onehot, labels);
  assert.ok(Math.abs(lsum.dataSync()[0] - 1.625) < 1e-7);
  assert.equal(correct.dataSync()[0], 1);
  tf.dispose([out, labels, onehot, loss, lsum, correct]);
});

test("mlpLayout: the authors' 784-100-10 net has 79 510 parameters in kernel/bias order", () => {
  const layout = mlpLayout({ inputDim: 784, hidden: [100], numClasses: 10 });
  assert.equal(layout.size, 784 * 100 + 100 + 100 * 10 + 10);
  assert.deepEqual(
    layout.entries.map((e) => [e.name, e.offset]),
    [
      ["dense0/kernel", 0],
      ["dense0/bias", 78400],
      ["dense1/kernel", 78500],
      ["dense1/bias", 79500],
    ],
  );
  assert.throws(() => mlpLayout({ inputDim: 784, hidden: [0], numClasses: 10 }), /hidden\[0\].*got 0/);
});

test("initMlp: entries lie in ±1/√fan_in and the init is seeded", () => {
  const cfg = { inputDim: 16, hidden: [4], numClasses: 3 };
  const a = initMlp(cfg, new Rng(5)),
    b = initMlp(cfg, new Rng(5));
  assert.deepEqual(a, b);
  const layout = mlpLayout(cfg);
  for (const e of layout.entries) {
    const fanIn = e.name.startsWith("dense0") ? 16 : 4;
    for (let i = 0; i < e.size; i++) assert.ok(Math.abs(a[e.offset + i]) <= 1 / Math.sqrt(fanIn));
  }
});

test("dense with explicit-transpose gradient equals tf.matMul + add in value and gradient", () => {
  const r = new Rng(1);
  const x = tf.tensor2d(r.fillNormal(new Float32Array(5 * 4)), [5, 4]);
  const w = tf.tensor2d(r.fillNormal(new Float32Array(4 * 3)), [4, 3]);
  const b = tf.tensor1d(r.fillNormal(new Float32Array(3)));
  const up = tf.tensor2d(r.fillNormal(new Float32Array(5 * 3)), [5, 3]);
  const f1 = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
    tf.sum(tf.mul(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D), up));
  const f2 = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(xx, ww), bb), up));
  assertClose(f1(x, w, b).dataSync(), f2(x, w, b).dataSync(), 1e-5, "value");
  const g1 = tf.grads(f1)([x, w, b]),
    g2 = tf.grads(f2)([x, w, b]);
  g1.forEach((g, i) => assertClose(g.dataSync(), g2[i].dataSync(), 1e-5, `grad ${i}`));
});

test("MLP loss gradient matches central finite differences (float32 tolerance)", () => {
  const cfg = { inputDim: 6, hidden: [5, 4], numClasses: 3 };
  const layout = mlpLayout(cfg);
  const r = new Rng(2);
  const flat = initMlp(cfg, r);
  const x = tf.tensor2d(r.fillNormal(new Float32Array(7 * 6)), [7, 6]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0], "int32"), 3).toFloat() as tf.Tensor2D;
  const lossAt = (v: Float32Array) =>
    tf.tidy(() => halfSquaredLoss(mlpForward(toTensors(layout, v), x), y).dataSync()[0]);
  const ps = toTensors(layout, flat);
  const grads = tf.grads((...p: tf.Tensor[]) => halfSquaredLoss(mlpForward(p, x), y))(ps);
  const g = new Float32Array(layout.size);
  layout.entries.forEach((e, i) => g.set(grads[i].dataSync() as Float32Array, e.offset));
  const h = 1e-2; // float32: truncation error O(h²) ~ 1e-4 relative, rounding ~ 1e-7/h ~ 1e-5
  for (let i = 0; i < layout.size; i += 3) {
    const vp = flat.slice();
    vp[i] += h;
    const vm = flat.slice();
    vm[i] -= h;
    const fd = (lossAt(vp) - lossAt(vm)) / (2 * h);
    assert.ok(Math.abs(fd - g[i]) <= 2e-3 * Math.max(1, Math.abs(g[i])), `param ${i}: fd ${fd} vs grad ${g[i]}`);
  }
  tf.dispose([x, y, ...ps, ...grads]);
});
