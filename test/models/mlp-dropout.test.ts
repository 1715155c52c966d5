// The MLP with dropout before the class layer (MlpConfig.dropout; src/kernels/dropout.ts):
// the mask against tf.dropout, its statistics and seeding, rate 0 = the plain MLP bitwise,
// evaluation mode without dropout, gradients with a fixed mask against finite differences and
// tf.grads, and config errors naming the value.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend, assertClose } from "../helpers";
import { Rng } from "../../src/core/rng";
import {
  checkMlpConfig,
  initMlp,
  mlpDropoutForward,
  mlpForward,
  mlpLayout,
  type MlpConfig,
} from "../../src/models/mlp";
import { networkOf } from "../../src/models/network";
import { halfSquaredLoss } from "../../src/models/losses";
import { toTensors } from "../../src/train/state";
import { dropoutMask } from "../../src/kernels/dropout";
import { mlpLossGrads } from "../../src/kernels/mlp-grads";
import { describeModel } from "../../src/experiments/late-decay/figures";

before(setupBackend);

const normals = (rng: Rng, n: number) => rng.fillNormal(new Float32Array(n));

/** Params of `c` (seeded), a seeded batch of B rows and its one-hot targets. */
function problem(c: MlpConfig, B: number, seed: number) {
  const rng = new Rng(seed),
    layout = mlpLayout(c),
    flat = initMlp(c, rng);
  const x = tf.tensor2d(normals(rng, B * c.inputDim), [B, c.inputDim]);
  const y = tf.tidy(
    () =>
      tf
        .oneHot(
          tf.tensor1d(
            Array.from({ length: B }, () => rng.int(c.numClasses)),
            "int32",
          ),
          c.numClasses,
        )
        .toFloat() as tf.Tensor2D,
  );
  return { layout, flat, params: toTensors(layout, flat), x, y };
}

test("dropoutMask: x ⊙ mask equals tf.dropout(x, rate, seed) bitwise; entries 0 or 1/(1 − rate); seeded", () => {
  const x = tf.tensor2d(normals(new Rng(3), 40 * 30), [40, 30]);
  for (const rate of [0.1, 0.5, 0.8]) {
    const mask = dropoutMask([40, 30], rate, 1234),
      again = dropoutMask([40, 30], rate, 1234),
      other = dropoutMask([40, 30], rate, 1235);
    const ours = tf.mul(x, mask),
      theirs = tf.dropout(x, rate, undefined, 1234);
    assert.deepEqual(ours.dataSync(), theirs.dataSync(), `rate ${rate}`);
    const m = mask.dataSync(),
      keptValue = Math.fround(1 / Math.fround(1 - rate));
    assert.ok(
      m.every((v) => v === 0 || Math.abs(v - 1 / (1 - rate)) < 1e-6),
      `rate ${rate}: entries are 0 or 1/(1 − rate) = ${keptValue}`,
    );
    assert.deepEqual(again.dataSync(), m, "same seed, same mask");
    assert.notDeepEqual(other.dataSync(), m, "another seed, another mask");
    tf.dispose([mask, again, other, ours, theirs]);
  }
  tf.dispose(x);
});

test("dropoutMask: the fraction of dropped units is the rate (n = 100 000, within 5 standard errors)", () => {
  for (const rate of [0.2, 0.5]) {
    const mask = dropoutMask([1000, 100], rate, 7),
      m = mask.dataSync() as Float32Array;
    const dropped = m.reduce((s, v) => s + (v === 0 ? 1 : 0), 0) / m.length;
    const se = Math.sqrt((rate * (1 - rate)) / m.length); // binomial: 0.0013 at n = 1e5, rate 0.2
    assert.ok(Math.abs(dropped - rate) < 5 * se, `rate ${rate}: dropped ${dropped}`);
    // inverted dropout keeps the mean activation: E[m] = 1
    assert.ok(Math.abs(m.reduce((s, v) => s + v, 0) / m.length - 1) < (5 * se) / (1 - rate), "mean multiplier ≈ 1");
    mask.dispose();
  }
});

test("rate 0 is the plain MLP bitwise, draws nothing from the rng, and dropout 0 / absent give the same network", () => {
  const c: MlpConfig = { inputDim: 8, hidden: [6], numClasses: 3 };
  const { params, x, y } = problem(c, 5, 1);
  const plain = mlpForward(params, x),
    zero = mlpDropoutForward(params, x, { rate: 0, seed: 9 });
  assert.deepEqual(zero.dataSync(), plain.dataSync());
  const rng = new Rng(4),
    state = JSON.stringify(rng.state());
  for (const net of [networkOf(c), networkOf({ ...c, dropout: 0 })]) {
    assert.equal(net.stochastic, false);
    assert.deepEqual(net.forward(params, x, { training: true, rng }).dataSync(), plain.dataSync());
  }
  assert.equal(JSON.stringify(rng.state()), state, "no seed drawn at rate 0");
  const g0 = mlpLossGrads(params, x, y),
    gz = mlpLossGrads(params, x, y, { rate: 0, seed: 9 });
  g0.forEach((g, i) => assert.deepEqual(gz[i].dataSync(), g.dataSync(), `grad ${i}`));
  assert.equal(describeModel(c), "MLP 8-6-3, ReLU (75 parameters)");
  assert.equal(describeModel({ ...c, dropout: 0 }), "MLP 8-6-3, ReLU (75 parameters)");
  assert.equal(
    describeModel({ ...c, dropout: 0.5 }),
    "MLP 8-6-3, ReLU, dropout 0.5 before the class layer (75 parameters)",
  );
  tf.dispose([...params, x, y, plain, zero, ...g0, ...gz]);
});

test("a dropout MLP evaluates without dropout; in training the mask depends only on the rng state", () => {
  const c: MlpConfig = { inputDim: 8, hidden: [6, 5], numClasses: 3, dropout: 0.5 };
  const { params, x, y } = problem(c, 7, 2);
  const net = networkOf(c),
    plain = mlpForward(params, x);
  assert.equal(net.stochastic, true);
  assert.deepEqual(net.forward(params, x).dataSync(), plain.dataSync(), "evaluation mode = the plain MLP");
  assert.deepEqual(net.forward(params, x, { training: false, rng: new Rng(1) }).dataSync(), plain.dataSync());
  assert.throws(() => net.forward(params, x, { training: true }), /training with dropout needs a seeded rng/);
  const rng = new Rng(11);
  rng.permutation(50); // a path's generator mid-stream
  const saved = rng.state();
  const a = net.forward(params, x, { training: true, rng }),
    b = net.forward(params, x, { training: true, rng });
  const resumed = net.forward(params, x, { training: true, rng: new Rng(11, saved) });
  assert.deepEqual(resumed.dataSync(), a.dataSync(), "same rng state, same mask");
  assert.notDeepEqual(b.dataSync(), a.dataSync(), "the next draw, another mask");
  assert.notDeepEqual(a.dataSync(), plain.dataSync());
  // the same draw by hand: the seed is the generator's next rng.int(2 ** 31)
  const manual = mlpDropoutForward(params, x, { rate: 0.5, seed: new Rng(11, saved).int(2 ** 31) });
  assert.deepEqual(manual.dataSync(), a.dataSync());
  tf.dispose([...params, x, y, plain, a, b, resumed, manual]);
});

/**
 * The loss ½Σ‖f(x) − y‖²/B of the MLP in plain float64, with `mask` [B, h_last] multiplying the last
 * hidden layer's output: an independent reference for the gradients.
 */
function lossF64(
  c: MlpConfig,
  theta: Float64Array,
  x: Float32Array,
  y: Float32Array,
  mask: Float32Array,
  B: number,
): number {
  const sizes = [c.inputDim, ...c.hidden, c.numClasses];
  let loss = 0;
  for (let r = 0; r < B; r++) {
    let h = Array.from(x.subarray(r * c.inputDim, (r + 1) * c.inputDim), Number);
    let off = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [nIn, nOut] = [sizes[l], sizes[l + 1]],
        last = l + 2 === sizes.length;
      if (last) h = h.map((v, j) => v * mask[r * nIn + j]);
      const z = Array.from({ length: nOut }, (_, j) =>
        h.reduce((s, v, i) => s + v * theta[off + i * nOut + j], theta[off + nIn * nOut + j]),
      );
      off += nIn * nOut + nOut;
      h = last ? z : z.map((v) => Math.max(0, v));
    }
    loss += h.reduce((s, v, k) => s + (v - y[r * c.numClasses + k]) ** 2, 0);
  }
  return loss / (2 * B);
}

for (const hidden of [[6], [6, 5]]) {
  test(`gradient with a fixed mask: hand-written = tf.grads of mlpDropoutForward = float64 finite differences (hidden ${JSON.stringify(hidden)})`, () => {
    const c: MlpConfig = { inputDim: 7, hidden, numClasses: 3, dropout: 0.4 };
    const B = 9,
      { layout, flat, params, x, y } = problem(c, B, 3);
    const draw = { rate: 0.4, seed: 2024 };
    const ref = tf.grads((...ps: tf.Tensor[]) => halfSquaredLoss(mlpDropoutForward(ps, x, draw), y))(params);
    const ours = mlpLossGrads(params, x, y, draw),
      plain = mlpLossGrads(params, x, y);
    ours.forEach((g, i) => assertClose(g.dataSync(), ref[i].dataSync(), 1e-6, `grad ${layout.entries[i].name}`));
    const last = params.length - 2; // the class layer's kernel sees the masked activations
    assert.ok(
      ours[last].dataSync().some((v, i) => Math.abs(v - plain[last].dataSync()[i]) > 1e-3),
      "the mask changes the gradient",
    );
    const mask = dropoutMask([B, hidden[hidden.length - 1]], draw.rate, draw.seed);
    const [xv, yv, mv] = [x.dataSync() as Float32Array, y.dataSync() as Float32Array, mask.dataSync() as Float32Array];
    assert.ok(mv.some((v) => v === 0) && mv.some((v) => v > 0), "the mask drops some units and keeps others");
    const g = new Float32Array(layout.size);
    layout.entries.forEach((e, i) => g.set(ours[i].dataSync() as Float32Array, e.offset));
    const theta = Float64Array.from(flat),
      eps = 1e-6; // float64: truncation ~eps², rounding ~1e-16/eps
    for (let i = 0; i < layout.size; i++) {
      const up = theta.slice(),
        dn = theta.slice();
      up[i] += eps;
      dn[i] -= eps;
      const fd = (lossF64(c, up, xv, yv, mv, B) - lossF64(c, dn, xv, yv, mv, B)) / (2 * eps);
      // float32 gradient of O(0.1–1) terms: a few ulps, 1e-6 absolute covers it
      assert.ok(Math.abs(fd - g[i]) <= 1e-6 + 1e-5 * Math.abs(fd), `param ${i}: fd ${fd} vs grad ${g[i]}`);
    }
    tf.dispose([...params, x, y, mask, ...ref, ...ours, ...plain]);
  });
}

test("a dropout rate out of [0, 1), or dropout without a hidden layer, is refused naming the value", () => {
  const c = { inputDim: 4, hidden: [3], numClasses: 2 };
  for (const [rate, shown] of [
    [1, "1"],
    [-0.1, "-0.1"],
    [1.5, "1.5"],
    [NaN, "NaN"],
    ["0.5", '"0.5"'],
  ] as const) {
    assert.throws(
      () => checkMlpConfig({ ...c, dropout: rate as number }),
      new RegExp(`model\\.dropout must be in \\[0, 1\\), got ${shown.replace(".", "\\.")}$`),
    );
    assert.throws(() => networkOf({ ...c, dropout: rate as number }), /model\.dropout must be in \[0, 1\)/);
  }
  assert.throws(() => networkOf({ ...c, hidden: [], dropout: 0.3 }), /model\.dropout 0\.3 needs a hidden layer/);
  assert.doesNotThrow(() => networkOf({ ...c, hidden: [], dropout: 0 }));
  assert.throws(() => dropoutMask([2, 2], 1, 0), /dropout rate must be in \[0, 1\), got 1/);
  assert.throws(() => dropoutMask([2, 2], 0.5, 0.5), /dropout seed must be an integer .* got 0\.5/);
});
