/**
 * Why src/kernels/conv.ts exists: on wasm, tf.conv2d has a forward kernel but no gradient
 * kernels, so training through it throws; our conv2d and conv2dIm2col train there and give the
 * same values and gradients as tf.conv2d computed on the cpu backend.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend, assertClose } from "../helpers";
import { conv2d, conv2dIm2col } from "../../src/kernels/conv";
import { Rng } from "../../src/core/rng";

before(async () => {
  assert.equal(await setupBackend(), "wasm");
});

test("on wasm, the gradient of tf.conv2d throws: Conv2DBackpropFilter is not registered", () => {
  const x = tf.ones([1, 4, 4, 2]) as tf.Tensor4D,
    w = tf.ones([3, 3, 2, 2]) as tf.Tensor4D;
  assert.throws(
    () =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same")))([
        x,
        w,
      ]),
    /Conv2DBackprop(Filter|Input)' not registered for backend 'wasm'/,
  );
  tf.dispose([x, w]);
});

for (const [vname, conv] of Object.entries({ conv2d, conv2dIm2col }))
  test(`on wasm, ${vname}'s value and gradients equal tf.conv2d's on cpu`, async () => {
    const r = new Rng(5);
    const xv = r.fillNormal(new Float32Array(3 * 9 * 7 * 4)),
      wv = r.fillNormal(new Float32Array(3 * 3 * 4 * 6));
    const uv = r.fillNormal(new Float32Array(3 * 9 * 7 * 6));
    const compute = (useTf: boolean) =>
      tf.tidy(() => {
        const x = tf.tensor4d(xv, [3, 9, 7, 4]),
          w = tf.tensor4d(wv, [3, 3, 4, 6]),
          up = tf.tensor4d(uv, [3, 9, 7, 6]);
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.mul(
              useTf
                ? tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same")
                : conv(a as tf.Tensor4D, b as tf.Tensor4D),
              up,
            ),
          );
        const y = useTf ? tf.conv2d(x, w, 1, "same") : conv(x, w);
        const [dx, dw] = tf.grads(f)([x, w]);
        return [y, dx, dw].map((t) => Array.from(t.dataSync()));
      });
    const before = tf.memory().numTensors;
    const ours = compute(false);
    assert.equal(tf.memory().numTensors, before, "no tensor leak on wasm");
    assert.ok(await tf.setBackend("cpu"));
    const ref = compute(true);
    assert.ok(await tf.setBackend("wasm"));
    ["y", "dL/dx", "dL/dw"].forEach((what, i) =>
      assertClose(ours[i], ref[i], 1e-4 * Math.max(1, ...ref[i].map(Math.abs)), what),
    );
  });
