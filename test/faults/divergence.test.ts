// Fault injection: a path that blows up must be stopped on the step where its minibatch loss first
// leaves the allowed range (not at the next evaluation epoch), with a message naming path, seed,
// epoch, step, lr and weight decay. The expected step comes from an independent loop: tf.grads of
// halfSquaredLoss(mlpForward) + sgdMomentumUpdate on the same minibatch order.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend } from "../helpers";
import { trainPath } from "../../src/train/path";
import { mnistSplit } from "../../src/data/mnist";
import { toSetTensors, SetTensors, evaluateSet } from "../../src/train/evaluate";
import { initMlp, mlpForward } from "../../src/models/mlp";
import { networkOf } from "../../src/models/network";
import { halfSquaredLoss } from "../../src/models/losses";
import { sgdMomentumUpdate, SgdHyper } from "../../src/train/sgd";
import { hostBatch } from "../../src/kernels/host-batch";
import { toTensors } from "../../src/train/state";
import { Rng } from "../../src/core/rng";
import { DivergenceError } from "../../src/core/errors";
import { EXPLOSION_FACTOR, ZERO_OUTPUT_LOSS } from "../../src/train/divergence";

const model = { inputDim: 784, hidden: [16], numClasses: 10 };
const network = networkOf(model);
let train: SetTensors, testSet: SetTensors;
before(async () => {
  await setupBackend();
  const split = mnistSplit({ trainPerClass: 5, testPerClass: 5, seed: 0 });
  train = toSetTensors(split.train, 10);
  testSet = toSetTensors(split.test, 10);
});
const B = 10,
  STEPS_PER_EPOCH = 5;

/** The first 1-based step whose minibatch loss is non-finite or above the threshold, by the plain loop. */
function firstBadStep(hyper: SgdHyper, maxSteps: number): { step: number; loss: number } | null {
  let params = toTensors(network.layout, initMlp(model, new Rng(1)));
  let velocity = params.map((p) => tf.zerosLike(p));
  const threshold = EXPLOSION_FACTOR * Math.max(evaluateSet(params, train).loss, ZERO_OUTPUT_LOSS);
  const rng = new Rng(2);
  try {
    for (let step = 1; step <= maxSteps;) {
      const perm = rng.permutation(train.n);
      for (let b = 0; b < train.n; b += B, step++) {
        const [x, y] = hostBatch(train.host, perm.subarray(b, b + B));
        const loss = tf.tidy(() => halfSquaredLoss(mlpForward(params, x), y).dataSync()[0]);
        if (!(loss <= threshold)) return { step, loss };
        const grads = tf.grads((...ps: tf.Tensor[]) => halfSquaredLoss(mlpForward(ps, x), y))(params);
        const upd = sgdMomentumUpdate(params, grads, velocity, hyper);
        tf.dispose([x, y, ...grads, ...params, ...velocity]);
        params = upd.params;
        velocity = upd.velocity;
      }
    }
    return null;
  } finally {
    tf.dispose([...params, ...velocity]);
  }
}

// lr 2: the loss explodes to ~840 on step 3 without overflowing; lr 50: it blows up at once
for (const lr of [2, 50]) {
  test(`lr ${lr}: divergence is found on its step (evaluation every 5 epochs), with the full message`, async () => {
    const hyper = { lr, momentum: 0.9, weightDecay: 5e-4 };
    const expected = firstBadStep(hyper, 100);
    assert.ok(expected, `the plain loop diverges within 100 steps at lr ${lr}`);
    const before = tf.memory().numTensors;
    await assert.rejects(
      trainPath(
        {
          params: initMlp(model, new Rng(1)),
          velocity: new Float32Array(network.layout.size),
          epoch: 0,
          step: 0,
          rngState: new Rng(2).state(),
        },
        {
          pathId: `main path (seed 4)`,
          seed: 4,
          network,
          train,
          test: testSet,
          hyper,
          batchSize: B,
          epochs: 20,
          evalEveryEpochs: 5,
          checkpointEveryEpochs: 0,
          batchSeed: 2,
        },
      ),
      (e: Error) => {
        assert.ok(e instanceof DivergenceError, String(e));
        const d = e.details!;
        assert.equal(d.step, expected.step, `found on step ${expected.step} (loss ${expected.loss}), not later`);
        assert.equal(d.epoch, Math.floor((expected.step - 1) / STEPS_PER_EPOCH));
        assert.equal(Number.isFinite(d.loss), Number.isFinite(expected.loss));
        if (lr === 2) assert.equal(d.kind, "explosion", "a finite explosion is flagged before any overflow");
        assert.match(
          e.message,
          new RegExp(
            `^main path \\(seed 4\\) diverged at epoch ${d.epoch}, step ${d.step} with lr=${lr}, weight decay λ=0\\.0005: minibatch loss `,
          ),
        );
        return true;
      },
    );
    assert.equal(tf.memory().numTensors, before, "no tensors leak when a path diverges");
  });
}
