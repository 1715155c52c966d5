import { test } from "node:test";
import assert from "node:assert/strict";
import { DivergenceWatch, EXPLOSION_FACTOR, ZERO_OUTPUT_LOSS } from "../../src/train/divergence";
import { DivergenceError } from "../../src/core/errors";

const ctx = { pathId: "main path (seed 3)", seed: 3, lr: 2, weightDecay: 5e-4 };

test("an explosion without overflow (0.85 → 540) is divergence; the message names path, seed, epoch, step, lr and λ", () => {
  const w = new DivergenceWatch(ctx, 0.85);
  assert.equal(w.threshold, EXPLOSION_FACTOR * 0.85);
  w.checkStep(0.85, 0, 1);
  w.checkStep(80, 0, 2); // below 85: not flagged
  assert.throws(
    () => w.checkStep(540, 1, 17),
    (e: Error) => {
      assert.ok(e instanceof DivergenceError);
      assert.equal(
        e.message,
        "main path (seed 3) diverged at epoch 1, step 17 with lr=2, weight decay λ=0.0005: " +
          "minibatch loss 540 exceeds 85 = 100 × reference loss 0.85 (explosion)",
      );
      assert.deepEqual(e.details, {
        pathId: "main path (seed 3)",
        seed: 3,
        epoch: 1,
        step: 17,
        lr: 2,
        weightDecay: 5e-4,
        loss: 540,
        lossOf: "minibatch",
        kind: "explosion",
        threshold: 85,
        factor: 100,
        referenceLoss: 0.85,
      });
      return true;
    },
  );
});

test("NaN and ±Infinity are divergence, named as such; the reference never drops below the zero-output loss", () => {
  const w = new DivergenceWatch({ ...ctx, seed: undefined }, 1e-3);
  assert.equal(w.referenceLoss, ZERO_OUTPUT_LOSS);
  w.checkStep(2, 4, 40); // 2000 × the start loss, but under 100 × 0.5
  assert.throws(
    () => w.checkStep(NaN, 4, 41),
    /DivergenceError: main path \(seed 3\) diverged at epoch 4, step 41 with lr=2, weight decay λ=0\.0005: minibatch loss NaN is not finite$/,
  );
  assert.throws(() => w.checkSets(0.1, -Infinity, 5, 50), /test set loss -Infinity is not finite/);
  assert.throws(() => w.checkSets(Infinity, 0.1, 5, 50), /train set loss Infinity is not finite/);
});

test("factor Infinity turns the explosion check off but not the non-finite check", () => {
  const w = new DivergenceWatch({ ...ctx, factor: Infinity }, 0.5);
  w.checkStep(1e30, 0, 1);
  assert.throws(() => w.checkStep(Infinity, 0, 2), /not finite/);
});
