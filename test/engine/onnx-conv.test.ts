// The onnx engine's VGG convnet (src/kernels/onnx-vgg.ts, src/train/onnx-vgg.ts) against the tfjs engine, the reference.
//
// Tolerance, and why (as test/engine/onnx-mlp.test.ts): both engines run the same operations per element, but their
// convolutions and GEMMs (MLAS in onnxruntime, XNNPACK on tfjs-wasm, plain loops on tfjs-cpu) accumulate sums in
// different orders, so single results differ in the last float32 bits and 200 steps of SGD carry those differences on.
// The yardstick is the reference itself: the same 200 steps on tfjs's two backends (wasm and cpu) differ by
// δ = max|θ_wasm − θ_cpu| > 0; the onnx engine must be within 2δ of both. A wrong gradient (a transposed kernel, a
// pool gradient routed to another window position, a flatten in NCHW instead of NHWC order) moves θ by the size of
// a step (about 1e-3 and more here), orders of magnitude more than δ.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend } from "../helpers";
import { trainPath, pathEngine, PathSpec } from "../../src/train/path";
import { TrainState } from "../../src/train/state";
import { mnistSplit } from "../../src/data/mnist";
import { toSetTensors, SetTensors, evaluateSet } from "../../src/train/evaluate";
import { networkOf, type VggModelConfig } from "../../src/models/network";
import { Rng } from "../../src/core/rng";
import { OnnxVggTrainer, onnxVggEvaluate, onnxVggUnsupported, vggPlan } from "../../src/train/onnx-vgg";
import { vggEvalChunkRows } from "../../src/kernels/onnx-vgg";
import { maxPool2x2GradInto } from "../../src/kernels/pool";
import { OnnxGraph, cachedSession } from "../../src/env/ort";

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

/** The claim map's small convnet (src/experiments/claim-map/config.ts convSmall). */
const CONV_SMALL: VggModelConfig = {
  kind: "vgg",
  inputShape: [28, 28, 1],
  widths: ["M", 8, "M", 16],
  hidden: [32],
  dropout: 0,
  numClasses: 10,
};

function setup(model: VggModelConfig, lr = 0.05) {
  const network = networkOf(model);
  const start = (): TrainState => ({
    params: network.init(new Rng(1)),
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
    hyper: { lr, momentum: 0.9, weightDecay: 1e-3 },
    batchSize: 20,
    epochs: 40,
    evalEveryEpochs: 10,
    checkpointEveryEpochs: 0,
    batchSeed: 2,
    engine,
  });
  return { network, start, spec };
}

test("claim-map convnet: after 200 steps the onnx engine's θ and v equal the tfjs engine's within the tfjs backends' own spread", async (t) => {
  const { start, spec, network } = setup(CONV_SMALL);
  assert.equal(pathEngine(network, "onnx").engine, "onnx");
  const tensorsBefore = tf.memory().numTensors;
  const runs = await threeRuns(start, spec);
  const { onnx, wasm } = runs;
  assert.equal(tf.memory().numTensors, tensorsBefore, "no tensor leak");
  assert.equal(onnx.state.step, 200);
  const { delta, dw, dc, moved } = assertWithinBackendSpread(runs, start().params, 1e-4);
  t.diagnostic(`δ (tfjs wasm vs cpu) = ${delta}; onnx vs wasm ${dw}, vs cpu ${dc}; θ moved ${moved}`);
  assertHistoriesClose(onnx, wasm);
  onnx.history.forEach((r, i) => assert.equal(r.trainAcc, wasm.history[i].trainAcc, `train accuracy row ${i}`));
});

test("a VGG with a 3-channel input, two convs before a pool, a 5×5 kernel and two hidden layers: 30 steps as on tfjs", async () => {
  // NHWC → NCHW of a multi-channel input, an input gradient between two convs at the same size, kernel k ≠ 3
  const model: VggModelConfig = {
    kind: "vgg",
    inputShape: [8, 8, 3],
    widths: [4, 6, "M", 8, "M"],
    hidden: [12, 8],
    kernelSize: 5,
    dropout: 0,
    numClasses: 10,
  };
  const rng = new Rng(7),
    n = 60,
    x = new Float32Array(n * 192);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const set = toSetTensors({ x, y: Int32Array.from({ length: n }, () => rng.int(10)), n, dim: 192 }, 10);
  const network = networkOf(model);
  const start = (): TrainState => ({
    params: network.init(new Rng(1)),
    velocity: new Float32Array(network.layout.size),
    epoch: 0,
    step: 0,
    rngState: new Rng(2).state(),
  });
  const spec = (engine: "onnx" | "tfjs"): PathSpec => ({
    pathId: "engine",
    network,
    train: set,
    test: set,
    hyper: { lr: 0.05, momentum: 0.9, weightDecay: 1e-3 },
    batchSize: 25,
    epochs: 10,
    evalEveryEpochs: 10,
    checkpointEveryEpochs: 0,
    batchSeed: 3,
    engine, // 25, 25, 10: a short last batch
  });
  const runs = await threeRuns(start, spec);
  assert.equal(runs.onnx.state.step, 30);
  assertWithinBackendSpread(runs, start().params, 1e-4);
  set.x.dispose();
  set.onehot.dispose();
  set.labels.dispose();
  set.chunks.forEach((c) => tf.dispose([c.x, c.onehot, c.labels]));
});

test("max-pool gradient on ties: onnxruntime's MaxPool indices + MaxUnpool route dy as src/kernels/pool.ts does (first maximum), byte for byte", async () => {
  // values from {0, 1, 2}: most 2×2 windows hold tied maxima, in every tie pattern
  const shape = [3, 6, 8, 4],
    size = shape.reduce((a, b) => a * b),
    rng = new Rng(11);
  const xNhwc = Float32Array.from({ length: size }, () => rng.int(3));
  const dyNhwc = Float32Array.from({ length: size / 4 }, () => rng.normal());
  const expected = new Float32Array(size);
  maxPool2x2GradInto(xNhwc, dyNhwc, expected, shape);
  const g = new OnnxGraph("pool-grad", "q");
  g.input("x", "float", shape);
  g.input("dy", "float", [3, 3, 4, 4]);
  const xc = g.op("Transpose", ["x"], { perm: [0, 3, 1, 2] }),
    y = g.fresh(),
    idx = g.fresh();
  g.op("MaxPool", [xc], { kernel_shape: [2, 2], strides: [2, 2] }, [y, idx]);
  const dx = g.op("MaxUnpool", [g.op("Transpose", ["dy"], { perm: [0, 3, 1, 2] }), idx, g.op("Shape", [xc])], {
    kernel_shape: [2, 2],
    strides: [2, 2],
  });
  g.output(g.op("Transpose", [dx], { perm: [0, 2, 3, 1] }), "dx", "float", shape);
  const session = await cachedSession("test pool-grad", () => g);
  const out = await session.run({ x: { data: xNhwc, dims: shape }, dy: { data: dyNhwc, dims: [3, 3, 4, 4] } });
  assert.deepEqual(Buffer.from((out.dx.data as Float32Array).buffer), Buffer.from(expected.buffer));
  // and the test can tell: routing to the last maximum instead would differ on these ties
  let ties = 0;
  for (let i = 0; i < size; i += 1) if (expected[i] === 0 && xNhwc[i] === 2) ties++;
  assert.ok(ties > 20, `${ties} tied maxima that received no gradient`);
});

test("a whole epoch in one call equals the same steps one call each, byte for byte", async () => {
  const network = networkOf(CONV_SMALL),
    layout = network.layout;
  const params = network.init(new Rng(3)),
    velocity = new Float32Array(layout.size);
  const hyper = { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 };
  const host = train.host,
    perm = new Rng(4).permutation(host.n),
    B = 20; // 5 steps
  const whole = await OnnxVggTrainer.open(CONV_SMALL, layout, params, velocity, hyper);
  const single = await OnnxVggTrainer.open(CONV_SMALL, layout, params, velocity, hyper);
  const r = await assertEpochEqualsSteps(whole, single, host, perm, B, 5);
  assert.ok(maxDiff(r.params, params) > 1e-3, "the epoch moved θ");
});

test("full-set evaluation: the onnx engine's loss and accuracy equal evaluateSet's, in one chunk or several", async () => {
  // at a trained θ (5 epochs on tfjs), where the outputs are O(1) rather than the init's O(1e-3)
  const { start, spec, network } = setup(CONV_SMALL);
  const { layout } = network;
  const trained = await trainPath(start(), { ...spec("tfjs"), epochs: 5, evalEveryEpochs: 5 });
  const parts = layout.entries.map((e) => trained.state.params.slice(e.offset, e.offset + e.size));
  const ps = layout.entries.map((e, i) => tf.tensor(parts[i], e.shape));
  for (const set of [test_, train]) {
    const ref = evaluateSet(ps, set, undefined, network.forward);
    assert.ok(ref.loss < 0.45, `θ trained: loss ${ref.loss}`);
    // Tolerance: both sides sum m = n·C nonnegative float32 terms ½(f − y)², in different orders (one ReduceSum per
    // chunk here, chunk sums added in float64; tfjs's own reduction order); each order is within (m − 1)·u·Σ of the
    // exact sum (u = 2⁻²⁴, recursive summation), so they differ by at most 2(m − 1)·u·Σ plus the per-row outputs'
    // own rounding (a few u relative).
    const m = set.n * 10,
      tol = (2 * (m - 1) + 8) * 2 ** -24 * ref.loss;
    for (const chunk of [undefined, 7]) {
      // the default (one chunk here) and 7 rows per call (a short last chunk)
      const got = await onnxVggEvaluate(CONV_SMALL, layout, parts, set.host, chunk);
      assert.ok(Math.abs(got.loss - ref.loss) <= tol, `chunk ${chunk}: loss ${got.loss} vs ${ref.loss} (tol ${tol})`);
      assert.equal(got.acc, ref.acc, `chunk ${chunk}: accuracy`);
    }
    // row by row (m = 10 terms each: a tolerance of (2·9 + 8)·u relative), which no summation order can hide
    for (let r = 0; r < 5; r++) {
      const one = {
        ...set.host,
        n: 1,
        x: set.host.x.subarray(r * 784, (r + 1) * 784),
        labels: set.host.labels.subarray(r, r + 1),
      };
      const x = tf.tensor2d(one.x, [1, 784]),
        out = network.forward(ps, x).dataSync();
      const ref1 = Array.from(out).reduce((t, v, c) => t + (v - (c === one.labels[0] ? 1 : 0)) ** 2, 0) / 2;
      const got1 = await onnxVggEvaluate(CONV_SMALL, layout, parts, one);
      assert.ok(Math.abs(got1.loss - ref1) <= 26 * 2 ** -24 * ref1, `row ${r}: ${got1.loss} vs ${ref1}`);
      tf.dispose(x);
    }
  }
  tf.dispose(ps);
  // the default chunk bounds a chunk's largest buffer near 2^24 floats
  assert.equal(vggEvalChunkRows(vggPlan(CONV_SMALL, layout)), Math.floor(2 ** 24 / (7 * 7 * 9 * 8))); // conv1: 7×7 positions × (3·3·8) im2col columns
});

test("a convnet the onnx engine does not train (dropout > 0, or vggForward's default 0.5) trains on tfjs, and says why", async () => {
  const withDropout: VggModelConfig = { ...CONV_SMALL, dropout: 0.25 };
  const defaulted: VggModelConfig = { ...CONV_SMALL, dropout: undefined };
  for (const model of [withDropout, defaulted]) {
    const network = networkOf(model);
    const choice = pathEngine(network, "onnx");
    assert.equal(choice.engine, "tfjs");
    assert.match(choice.reason, /without dropout only \(this one has dropout 0\.(25|5)\)/);
    assert.equal(onnxVggUnsupported(model), choice.reason);
    await assert.rejects(
      OnnxVggTrainer.open(model, network.layout, network.init(new Rng(1)), new Float32Array(network.layout.size), {
        lr: 0.1,
        momentum: 0.9,
        weightDecay: 0,
      }),
      /without dropout only/,
    );
  }
  assert.deepEqual(pathEngine(networkOf(CONV_SMALL), "tfjs"), {
    engine: "tfjs",
    reason: "the process's engine is tfjs",
  });
  // trainPath asked for onnx runs the tfjs stepper: byte for byte the tfjs engine's result
  const { start, spec } = setup(withDropout);
  const short = (engine: "onnx" | "tfjs") => ({ ...spec(engine), epochs: 2 });
  const [a, b] = [await trainPath(start(), short("tfjs")), await trainPath(start(), short("onnx"))];
  assert.equal(b.state.step, 10);
  assert.deepEqual(Buffer.from(b.state.params.buffer), Buffer.from(a.state.params.buffer));
  assert.deepEqual(b.history, a.history);
});

test("vggPlan names a layout that is not the config's", () => {
  const layout = networkOf({ ...CONV_SMALL, widths: ["M", 8, "M", 12] as VggModelConfig["widths"] }).layout;
  assert.throws(() => vggPlan(CONV_SMALL, layout), /is not the VGG config's/);
});
