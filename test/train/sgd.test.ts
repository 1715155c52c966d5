import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend, assertClose } from "../helpers";
import { sgdMomentumUpdate, checkSgdHyper } from "../../src/train/sgd";

before(setupBackend);

test("one SGD-momentum-weight-decay step equals the hand-computed update", () => {
  // v' = 0.9·v + g + λθ ; θ' = θ − η v'
  // θ = [1, −2], g = [0.5, 0.5], v = [0.1, 0], η = 0.1, μ = 0.9, λ = 0.01
  // v' = [0.09 + 0.5 + 0.01, 0 + 0.5 − 0.02] = [0.6, 0.48] ; θ' = [1 − 0.06, −2 − 0.048] = [0.94, −2.048]
  const p = [tf.tensor1d([1, -2])],
    g = [tf.tensor1d([0.5, 0.5])],
    v = [tf.tensor1d([0.1, 0])];
  const out = sgdMomentumUpdate(p, g, v, { lr: 0.1, momentum: 0.9, weightDecay: 0.01 });
  assertClose(out.velocity[0].dataSync(), [0.6, 0.48], 1e-6, "velocity");
  assertClose(out.params[0].dataSync(), [0.94, -2.048], 1e-6, "params");
  tf.dispose([...p, ...g, ...v, ...out.params, ...out.velocity]);
});

test("checkSgdHyper names the bad value", () => {
  assert.throws(() => checkSgdHyper({ lr: -1, momentum: 0.9, weightDecay: 0 }), /lr .*got -1/);
  assert.throws(() => checkSgdHyper({ lr: 0.1, momentum: 1, weightDecay: 0 }), /momentum .*got 1/);
  assert.throws(() => checkSgdHyper({ lr: 0.1, momentum: 0.9, weightDecay: NaN }), /weightDecay .*got NaN/);
});
