// Full-set evaluation on resident chunks: the same sums as slicing the set per call, chunk by
// chunk, and as one pass; hand-computed loss/accuracy on a tiny set; no tensor left behind.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { setupBackend, tf } from "../helpers";
import { Rng } from "../../src/core/rng";
import { initMlp, mlpForward, mlpLayout } from "../../src/models/mlp";
import { lossAndCorrectSums } from "../../src/models/losses";
import { toTensors } from "../../src/train/state";
import { EVAL_CHUNK_ROWS, disposeSet, evaluateSet, toSetTensors } from "../../src/train/evaluate";

before(setupBackend);

function randomSet(n: number, dim: number, seed: number) {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: n * dim }, () => rng.uniform());
  return { x, y: Int32Array.from({ length: n }, () => rng.int(10)), n, dim };
}

test("evaluateSet on resident chunks = the same chunks sliced per call (bitwise) ≈ one pass; tensors all freed", () => {
  const before0 = tf.memory().numTensors;
  const n = 2 * EVAL_CHUNK_ROWS + 123,
    c = { inputDim: 20, hidden: [7], numClasses: 10 };
  const set = toSetTensors(randomSet(n, 20, 1), 10);
  assert.deepEqual(
    set.chunks.map((p) => p.n),
    [EVAL_CHUNK_ROWS, EVAL_CHUNK_ROWS, 123],
  );
  const params = toTensors(mlpLayout(c), initMlp(c, new Rng(2)));
  const got = evaluateSet(params, set);
  const sliced = tf.tidy(() => {
    let l = 0,
      k = 0;
    for (let s = 0; s < n; s += EVAL_CHUNK_ROWS) {
      const size = Math.min(EVAL_CHUNK_ROWS, n - s);
      const [ls, cs] = lossAndCorrectSums(
        mlpForward(params, tf.slice(set.x, [s, 0], [size, -1])),
        tf.slice(set.onehot, [s, 0], [size, -1]),
        tf.slice(set.labels, [s], [size]),
      );
      l = Math.fround(l + ls.dataSync()[0]);
      k += cs.dataSync()[0];
    }
    return { loss: l / n, acc: k / n };
  });
  assert.equal(got.loss, sliced.loss);
  assert.equal(got.acc, sliced.acc);
  // other chunkings sum ~5 000 float32 terms in another order: typical relative error √n·2⁻²⁴ ≈ 4e-6
  const whole = evaluateSet(params, set, n);
  assert.ok(Math.abs(whole.loss - got.loss) < 3e-5 * got.loss, `${whole.loss} vs ${got.loss}`);
  assert.equal(whole.acc, got.acc);
  const odd = evaluateSet(params, set, 1000);
  assert.ok(Math.abs(odd.loss - got.loss) < 3e-5 * got.loss, `${odd.loss} vs ${got.loss}`);
  tf.dispose(params);
  disposeSet(set);
  assert.equal(tf.memory().numTensors, before0);
});

test("evaluateSet: hand-computed loss and accuracy of a zero network on 3 rows", () => {
  // zero weights and biases: f(x) = 0, loss = ½‖onehot‖² = ½ per row; argmax of equal outputs is class 0
  const c = { inputDim: 2, hidden: [3], numClasses: 4 };
  const set = toSetTensors(
    { x: Float32Array.from([1, 2, 3, 4, 5, 6]), y: Int32Array.from([0, 2, 0]), n: 3, dim: 2 },
    4,
  );
  const params = toTensors(mlpLayout(c), new Float32Array(mlpLayout(c).size));
  const m = evaluateSet(params, set);
  assert.equal(m.loss, 0.5);
  assert.equal(m.acc, 2 / 3);
  tf.dispose(params);
  disposeSet(set);
});
