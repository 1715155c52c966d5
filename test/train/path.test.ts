import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend } from "../helpers";
import { trainPath, PathSpec } from "../../src/train/path";
import { TrainState } from "../../src/train/state";
import { mnistSplit } from "../../src/data/mnist";
import { toSetTensors, SetTensors } from "../../src/train/evaluate";
import { mlpLayout, initMlp } from "../../src/models/mlp";
import { networkOf } from "../../src/models/network";
import { Rng } from "../../src/core/rng";
import { CancelledError, DivergenceError } from "../../src/core/errors";

const model = { inputDim: 784, hidden: [16], numClasses: 10 };
const layout = mlpLayout(model);
const network = networkOf(model);
let train: SetTensors, test_: SetTensors;

before(async () => {
  await setupBackend();
  const split = mnistSplit({ trainPerClass: 5, testPerClass: 5, seed: 0 });
  train = toSetTensors(split.train, 10);
  test_ = toSetTensors(split.test, 10);
});

const start = (): TrainState => ({
  params: initMlp(model, new Rng(1)),
  velocity: new Float32Array(layout.size),
  epoch: 0,
  step: 0,
  rngState: new Rng(2).state(),
});
const spec = (over: Partial<PathSpec> = {}): PathSpec => ({
  pathId: "test path",
  network,
  train,
  test: test_,
  hyper: { lr: 0.05, momentum: 0.9, weightDecay: 1e-4 },
  batchSize: 10,
  epochs: 3,
  evalEveryEpochs: 1,
  checkpointEveryEpochs: 1,
  batchSeed: 2,
  ...over,
});

test("a short training run leaves tf.memory().numTensors unchanged and lowers the train loss", async () => {
  const before = tf.memory().numTensors;
  const { history, state } = await trainPath(start(), spec({ epochs: 5 }));
  assert.equal(tf.memory().numTensors, before);
  assert.equal(state.epoch, 5);
  assert.equal(state.step, 5 * 5); // 50 examples, batch 10
  assert.ok(history[history.length - 1].trainLoss < history[0].trainLoss);
});

test("training is deterministic for a seed, and resuming from a saved state equals training straight through", async () => {
  const straight = await trainPath(start(), spec({ epochs: 4 }));
  const half = await trainPath(start(), spec({ epochs: 2 }));
  const resumed = await trainPath(half.state, spec({ epochs: 2 }));
  assert.deepEqual(resumed.state.params, straight.state.params);
  assert.deepEqual(resumed.state.velocity, straight.state.velocity);
});

test("a diverging path stops with an error naming the path, epoch and lr", async () => {
  await assert.rejects(
    trainPath(start(), spec({ hyper: { lr: 1e4, momentum: 0.9, weightDecay: 0 }, epochs: 20, seed: 7 })),
    (e: Error) =>
      e instanceof DivergenceError &&
      /^test path diverged at epoch 0, step 2, seed 7 with lr=10000, weight decay λ=0: minibatch loss .*/.test(
        e.message,
      ) &&
      e.details?.step === 2 &&
      e.details.lossOf === "minibatch" &&
      e.details.kind === "explosion",
  );
});

test("an aborted signal stops the loop within one step, without leaking tensors", async () => {
  const before = tf.memory().numTensors;
  const ctrl = new AbortController();
  let steps = 0;
  const run = trainPath(
    start(),
    spec({
      epochs: 100,
      signal: ctrl.signal,
      onProgress: () => {
        if (++steps === 2) ctrl.abort();
      },
    }),
  );
  await assert.rejects(run, (e: Error) => e instanceof CancelledError && /test path: cancelled/.test(e.message));
  assert.equal(steps, 2, "no epoch completes after the abort");
  assert.equal(tf.memory().numTensors, before);
});
