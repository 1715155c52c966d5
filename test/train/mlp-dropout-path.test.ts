// Training the MLP with dropout before the class layer through trainPath: the hand-written step
// (src/train/mlp-step.ts) equals the autodiff route with the same masks, a run is deterministic
// (same seed, same bytes), a path resumed from a saved state (rng state included) reproduces the
// masks, rate 0 is the plain MLP byte for byte, and tensors do not leak.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend, assertClose } from "../helpers";
import { trainPath, PathSpec } from "../../src/train/path";
import { TrainState } from "../../src/train/state";
import { mnistSplit } from "../../src/data/mnist";
import { toSetTensors, SetTensors } from "../../src/train/evaluate";
import { initMlp, type MlpConfig } from "../../src/models/mlp";
import { networkOf, type Network } from "../../src/models/network";
import { Rng } from "../../src/core/rng";

const plainModel: MlpConfig = { inputDim: 784, hidden: [16], numClasses: 10 };
const dropModel: MlpConfig = { ...plainModel, dropout: 0.5 };
let train: SetTensors, test_: SetTensors;

before(async () => {
  await setupBackend();
  const split = mnistSplit({ trainPerClass: 5, testPerClass: 5, seed: 0 });
  train = toSetTensors(split.train, 10);
  test_ = toSetTensors(split.test, 10);
});

const start = (): TrainState => ({
  params: initMlp(plainModel, new Rng(1)),
  velocity: new Float32Array(12730),
  epoch: 0,
  step: 0,
  rngState: new Rng(2).state(),
});
const spec = (network: Network, over: Partial<PathSpec> = {}): PathSpec => ({
  pathId: "dropout path",
  network,
  train,
  test: test_,
  hyper: { lr: 0.05, momentum: 0.9, weightDecay: 1e-4 },
  batchSize: 10,
  epochs: 4,
  evalEveryEpochs: 1,
  checkpointEveryEpochs: 1,
  batchSeed: 2,
  ...over,
});

test("dropout MLP: same seed, same bytes; resuming from a saved state (rng included) equals straight through; no tensor leak", async () => {
  const net = networkOf(dropModel);
  const before = tf.memory().numTensors;
  const a = await trainPath(start(), spec(net)),
    b = await trainPath(start(), spec(net));
  assert.equal(tf.memory().numTensors, before, "no tensor leak");
  assert.deepEqual(Buffer.from(b.state.params.buffer), Buffer.from(a.state.params.buffer));
  assert.deepEqual(b.history, a.history);
  const half = await trainPath(start(), spec(net, { epochs: 2 }));
  const resumed = await trainPath(half.state, spec(net, { epochs: 2 }));
  assert.deepEqual(resumed.state.params, a.state.params, "the resumed path draws the same masks");
  assert.deepEqual(resumed.state.velocity, a.state.velocity);
  const plain = await trainPath(start(), spec(networkOf(plainModel)));
  const moved = a.state.params.reduce((m, v, i) => Math.max(m, Math.abs(v - plain.state.params[i])), 0);
  assert.ok(moved > 1e-3, `dropout changes training (max |Δθ| vs the plain MLP = ${moved})`);
  assert.ok(a.history.at(-1)!.trainLoss < a.history[0].trainLoss, "the train loss falls");
});

test("dropout 0 trains byte for byte as the plain MLP", async () => {
  const plain = await trainPath(start(), spec(networkOf(plainModel), { epochs: 2 }));
  const zero = await trainPath(start(), spec(networkOf({ ...plainModel, dropout: 0 }), { epochs: 2 }));
  assert.deepEqual(Buffer.from(zero.state.params.buffer), Buffer.from(plain.state.params.buffer));
  assert.deepEqual(zero.state.rngState, plain.state.rngState);
  assert.deepEqual(zero.history, plain.history);
});

test("the hand-written dropout step equals the autodiff route (tf.valueAndGrads of forward in training mode) with the same masks", async () => {
  const net = networkOf(dropModel);
  // kind "vgg" sends the same network through path.ts's autodiff branch (its forward draws the seed from the rng)
  const autodiff: Network = { ...net, kind: "vgg" };
  const fast = await trainPath(start(), spec(net, { epochs: 2 }));
  const slow = await trainPath(start(), spec(autodiff, { epochs: 2 }));
  assert.deepEqual(fast.state.rngState, slow.state.rngState, "both routes draw the same number of seeds");
  // float32 rounding of the two gradient computations (as test/train/mlp-step.test.ts); other masks would differ by ≫ 1e-3
  assertClose(fast.state.params, slow.state.params, 1e-5, "params after 10 steps");
  assertClose(fast.state.velocity, slow.state.velocity, 1e-4, "velocity after 10 steps");
  fast.history.forEach((r, i) =>
    assert.ok(Math.abs(r.trainLoss - slow.history[i].trainLoss) < 1e-5, `epoch ${r.epoch} train loss`),
  );
});
