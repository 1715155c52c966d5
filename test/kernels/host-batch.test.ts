import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend } from "../helpers";
import { Rng } from "../../src/core/rng";
import { toSetTensors, disposeSet } from "../../src/train/evaluate";
import { hostSetOf, hostBatch } from "../../src/kernels/host-batch";

before(setupBackend);

test("hostBatch equals tf.gather of the resident inputs and one-hot targets, exactly", () => {
  const rng = new Rng(5),
    n = 13,
    dim = 6;
  const x = rng.fillNormal(new Float32Array(n * dim));
  const y = Int32Array.from({ length: n }, () => rng.int(4));
  const set = toSetTensors({ x, y, n, dim }, 4);
  const host = hostSetOf(set);
  const idx = Int32Array.from([12, 0, 5, 5, 7]);
  const [bx, by] = hostBatch(host, idx);
  const [gx, gy] = tf.tidy(() => {
    const t = tf.tensor1d(idx, "int32");
    return [tf.gather(set.x, t), tf.gather(set.onehot, t)];
  });
  assert.deepEqual(bx.shape, [5, 6]);
  assert.deepEqual(Array.from(bx.dataSync()), Array.from(gx.dataSync()));
  assert.deepEqual(Array.from(by.dataSync()), Array.from(gy.dataSync()));
  assert.deepEqual(
    Array.from(by.dataSync().slice(0, 4)),
    [0, 0, 0, 0].map((_, c) => (c === y[12] ? 1 : 0)),
  );
  tf.dispose([bx, by, gx, gy]);
  assert.throws(() => hostBatch(host, [0, 13]), /idx\[1\] .* got 13/);
  assert.throws(() => hostBatch(host, []), /at least one row index, got 0/);
  disposeSet(set);
});
