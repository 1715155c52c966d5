// The onnx engine's MLP (src/kernels/onnx-mlp.ts, src/train/onnx-mlp.ts) against the tfjs engine, the reference.
//
// Tolerance, and why: the two engines run the same operations in the same order per element, but their GEMMs
// (MLAS in onnxruntime, XNNPACK on tfjs-wasm, plain loops on tfjs-cpu) accumulate dot products in different
// orders, so single results differ in the last float32 bits and 200 steps of SGD carry those differences on.
// The yardstick is the reference itself: the same 200 steps on tfjs's two backends (wasm and cpu) differ by
// δ = max|θ_wasm − θ_cpu| > 0. The onnx engine must be within 2δ of tfjs-wasm (and within 2δ of tfjs-cpu):
// as close to the reference as the reference's own backends are to each other, up to a factor 2 that
// leaves room for where the rounding falls. A wrong gradient, update or mask would be off by orders of
// magnitude more (δ is about 1e-7 here against parameters of about 0.5; one step moves them by about 1e-3).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend } from "../helpers";
import { trainPath, PathSpec } from "../../src/train/path";
import { TrainState } from "../../src/train/state";
import { mnistSplit } from "../../src/data/mnist";
import { toSetTensors, SetTensors, evaluateSet } from "../../src/train/evaluate";
import { initMlp, type MlpConfig } from "../../src/models/mlp";
import { networkOf } from "../../src/models/network";
import { Rng } from "../../src/core/rng";
import { OnnxMlpTrainer, onnxMlpEvaluate } from "../../src/train/onnx-mlp";
import { mlpWidths } from "../../src/kernels/onnx-mlp";

let train: SetTensors, test_: SetTensors;

before(async () => {
  await setupBackend();
  const split = mnistSplit({ trainPerClass: 10, testPerClass: 5, seed: 0 });
  train = toSetTensors(split.train, 10);
  test_ = toSetTensors(split.test, 10);
});

import {
  assertEpochEqualsSteps,
  assertHistoriesClose,
  assertWithinBackendSpread,
  maxDiff,
  threeRuns,
} from "./agreement";

function setup(model: MlpConfig) {
  const network = networkOf(model);
  const start = (): TrainState => ({
    params: initMlp(model, new Rng(1)),
    velocity: new Float32Array(network.layout.size),
    epoch: 0,
    step: 0,
    rngState: new Rng(2).state(),
  });
  // 100 rows, B = 20: 5 steps an epoch, 40 epochs = 200 steps
  const spec = (engine: "onnx" | "tfjs"): PathSpec => ({
    pathId: "engine",
    network,
    train,
    test: test_,
    hyper: { lr: 0.05, momentum: 0.9, weightDecay: 1e-4 },
    batchSize: 20,
    epochs: 40,
    evalEveryEpochs: 10,
    checkpointEveryEpochs: 0,
    batchSeed: 2,
    engine,
  });
  return { network, start, spec };
}

for (const model of [
  { name: "MLP 784-32-10", config: { inputDim: 784, hidden: [32], numClasses: 10 } },
  {
    name: "MLP 784-32-10 with dropout 0.5 before the class layer",
    config: { inputDim: 784, hidden: [32], numClasses: 10, dropout: 0.5 },
  },
  { name: "MLP 784-24-16-10 (two hidden layers)", config: { inputDim: 784, hidden: [24, 16], numClasses: 10 } },
] as { name: string; config: MlpConfig }[]) {
  test(`${model.name}: after 200 steps the onnx engine's θ and v equal the tfjs engine's within the tfjs backends' own spread`, async () => {
    const { start, spec } = setup(model.config);
    const tensorsBefore = tf.memory().numTensors;
    const runs = await threeRuns(start, spec);
    assert.equal(tf.memory().numTensors, tensorsBefore, "no tensor leak");
    assert.equal(runs.onnx.state.step, 200);
    assertWithinBackendSpread(runs, start().params, 1e-5);
    assertHistoriesClose(runs.onnx, runs.wasm);
  });
}

test("a whole epoch in one call equals the same steps one call each, byte for byte", async () => {
  const model: MlpConfig = { inputDim: 784, hidden: [32], numClasses: 10 };
  const network = networkOf(model),
    layout = network.layout;
  const params = initMlp(model, new Rng(3)),
    velocity = new Float32Array(layout.size);
  const hyper = { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 };
  const host = train.host,
    perm = new Rng(4).permutation(host.n),
    B = 20; // 5 steps
  const whole = await OnnxMlpTrainer.open(layout, params, velocity, hyper);
  const single = await OnnxMlpTrainer.open(layout, params, velocity, hyper);
  await assertEpochEqualsSteps(whole, single, host, perm, B, 5);
});

test("a last batch shorter than B (n = 100, B = 30: 30, 30, 30, 10) trains as the tfjs engine does", async () => {
  const { start, spec } = setup({ inputDim: 784, hidden: [16], numClasses: 10 });
  const s = (engine: "onnx" | "tfjs") => ({ ...spec(engine), batchSize: 30, epochs: 3 });
  const [a, b] = [await trainPath(start(), s("tfjs")), await trainPath(start(), s("onnx"))];
  assert.equal(b.state.step, 12);
  assert.ok(maxDiff(a.state.params, b.state.params) < 1e-6, `θ differs by ${maxDiff(a.state.params, b.state.params)}`);
});

test("full-set evaluation: the onnx engine's loss and accuracy equal evaluateSet's (hand-checked on 3 rows too)", async () => {
  const model: MlpConfig = { inputDim: 784, hidden: [32], numClasses: 10 };
  const network = networkOf(model),
    layout = network.layout;
  const flat = initMlp(model, new Rng(5));
  const parts = layout.entries.map((e) => flat.slice(e.offset, e.offset + e.size));
  const ps = layout.entries.map((e, i) => tf.tensor(parts[i], e.shape));
  const ref = evaluateSet(ps, test_);
  const got = await onnxMlpEvaluate(layout, parts, test_.host);
  assert.ok(Math.abs(got.loss - ref.loss) < 1e-6 * ref.loss, `loss ${got.loss} vs ${ref.loss}`);
  assert.equal(got.acc, ref.acc);
  // three rows by hand: loss = mean ½‖f(x) − onehot‖², acc = argmax hits
  const three = { ...test_.host, n: 3, x: test_.host.x.subarray(0, 3 * 784), labels: test_.host.labels.subarray(0, 3) };
  const out = network.forward(ps, tf.tensor2d(three.x, [3, 784])).arraySync() as number[][];
  const loss =
    out.reduce((s, row, i) => s + row.reduce((t, v, c) => t + (v - (c === three.labels[i] ? 1 : 0)) ** 2, 0) / 2, 0) /
    3;
  const acc = out.filter((row, i) => row.indexOf(Math.max(...row)) === three.labels[i]).length / 3;
  const small = await onnxMlpEvaluate(layout, parts, three);
  assert.ok(Math.abs(small.loss - loss) < 1e-5, `3-row loss ${small.loss} vs hand ${loss}`);
  assert.equal(small.acc, acc);
  tf.dispose(ps);
});

test("mlpWidths reads the layer widths and names a layout that is not an MLP's", () => {
  assert.deepEqual(mlpWidths([[784, 100], [100], [100, 10], [10]]), [784, 100, 10]);
  assert.throws(() => mlpWidths([[784, 100], [100], [50, 10], [10]]), /entry 2 is \[50,10\] after width 100/);
  assert.throws(() => mlpWidths([[784, 100]]), /kernel\/bias pairs, got 1/);
});
