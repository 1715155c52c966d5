/**
 * The wasm fast paths against tfjs's own ops on cpu: convBiasRelu (FusedConv2D forward,
 * hand-written gradient, both weight-gradient methods, with and without dL/dx) and
 * maxPool2x2's scatter gradient, including exact ties (first maximum wins, as tf's MaxPoolGrad).
 * Tolerance 1e-4 relative to the largest reference entry: float32 sums of ≤ 3·3·8·(3·8·8) = 13 824
 * terms in a different order than cpu (XNNPACK / matMul vs tfjs-cpu loops); measured errors ~1e-6.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend, assertClose } from "../helpers";
import { convBiasRelu } from "../../src/kernels/conv-block";
import { maxPool2x2, maxPool2x2GradInto } from "../../src/kernels/pool";
import { Rng } from "../../src/core/rng";

before(async () => {
  assert.equal(await setupBackend(), "wasm");
});

const randn = (r: Rng, n: number) => r.fillNormal(new Float32Array(n));
const tol = (ref: number[]) => 1e-4 * Math.max(1, ...ref.map(Math.abs));

/** Runs `compute` on wasm (ours) and cpu (reference), checking for tensor leaks on wasm. */
async function both(compute: (ours: boolean) => number[][]): Promise<[number[][], number[][]]> {
  const before = tf.memory().numTensors;
  const ours = compute(true);
  assert.equal(tf.memory().numTensors, before, "no tensor leak on wasm");
  assert.ok(await tf.setBackend("cpu"));
  try {
    return [ours, compute(false)];
  } finally {
    assert.ok(await tf.setBackend("wasm"));
  }
}

// cin 3 uses the im2col weight gradient, cin 8 the Conv2D one; negative bias entries make ReLU cut
for (const cin of [3, 8])
  for (const inputGrad of [true, false]) {
    test(`convBiasRelu cin=${cin} inputGrad=${inputGrad}: value and dL/d(x, w, b) on wasm equal tf.relu(conv2d + b) on cpu`, async () => {
      const r = new Rng(40 + cin),
        xs = [3, 8, 8, cin],
        ws = [3, 3, cin, 5];
      const xv = randn(r, 3 * 64 * cin),
        wv = randn(r, 9 * cin * 5),
        bv = randn(r, 5),
        uv = randn(r, 3 * 64 * 5);
      const [ours, ref] = await both((fast) =>
        tf.tidy(() => {
          const x = tf.tensor4d(xv, xs as [number, number, number, number]),
            w = tf.tensor4d(wv, ws as [number, number, number, number]);
          const b = tf.tensor1d(bv),
            up = tf.tensor4d(uv, [3, 8, 8, 5]);
          const f = (a: tf.Tensor, k: tf.Tensor, c: tf.Tensor) =>
            fast
              ? convBiasRelu(a as tf.Tensor4D, k as tf.Tensor4D, c as tf.Tensor1D, "same", inputGrad)
              : tf.relu(tf.add(tf.conv2d(a as tf.Tensor4D, k as tf.Tensor4D, 1, "same"), c));
          const loss = inputGrad
            ? (a: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a, k, c), up))
            : (k: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(x, k, c), up));
          const grads = inputGrad ? tf.grads(loss)([x, w, b]) : [tf.zeros([1]), ...tf.grads(loss)([w, b])];
          return [f(x, w, b), ...grads].map((t) => Array.from(t.dataSync()));
        }),
      );
      const names = ["y", "dL/dx", "dL/dw", "dL/db"];
      for (let i = inputGrad ? 0 : 2; i < 4; i++) assertClose(ours[i], ref[i], tol(ref[i]), names[i]);
      assert.ok(
        ref[0].some((v) => v === 0) && ref[0].some((v) => v > 0),
        "the ReLU cuts some entries and passes others",
      );
    });
  }

test("convBiasRelu rejects a bias of the wrong length, naming both shapes", () => {
  assert.throws(
    () =>
      convBiasRelu(
        tf.zeros([1, 4, 4, 2]) as tf.Tensor4D,
        tf.zeros([3, 3, 2, 3]) as tf.Tensor4D,
        tf.zeros([2]) as tf.Tensor1D,
      ),
    /bias must be \[3\], got \[2\]/,
  );
});

test("maxPool2x2GradInto: hand-computed routing, ties go to the first maximum in (0,0), (0,1), (1,0), (1,1) order", () => {
  // one 2×4 image, 1 channel: windows [[1, 3], [3, 2]] (tie 3 at (0,1) and (1,0)) and [[5, 5], [5, 5]] (all tie)
  const x = Float32Array.from([1, 3, 5, 5, 3, 2, 5, 5]),
    out = new Float32Array(8);
  maxPool2x2GradInto(x, Float32Array.from([10, 20]), out, [1, 2, 4, 1]);
  assert.deepEqual(Array.from(out), [0, 10, 20, 0, 0, 0, 0, 0]);
});

test("maxPool2x2 on wasm: value and gradient equal tf.maxPool's on cpu, with exact ties (ReLU zeros, repeated values)", async () => {
  const r = new Rng(8),
    shape: [number, number, number, number] = [2, 6, 4, 3];
  // values rounded to halves and clipped at 0 make many windows tie, at 0 and at positive values
  const xv = randn(r, 2 * 6 * 4 * 3).map((v) => Math.max(0, Math.round(2 * v) / 2)),
    uv = randn(r, 2 * 3 * 2 * 3);
  const [ours, ref] = await both((fast) =>
    tf.tidy(() => {
      const x = tf.tensor4d(xv, shape),
        up = tf.tensor4d(uv, [2, 3, 2, 3]);
      const pool = (a: tf.Tensor) =>
        fast ? maxPool2x2(a as tf.Tensor4D) : tf.maxPool(a as tf.Tensor4D, 2, 2, "valid");
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a), up)))(x);
      return [pool(x), g].map((t) => Array.from(t.dataSync()));
    }),
  );
  assertClose(ours[0], ref[0], 0, "pool");
  assertClose(ours[1], ref[1], 0, "dL/dx"); // routing only: exact
});
