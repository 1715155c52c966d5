/**
 * The im2col convolution against tfjs's own conv2d on the cpu backend, where
 * Conv2DBackpropFilter / Conv2DBackpropInput exist: values and gradients.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, assertClose } from "../helpers";
import { conv2d, conv2dIm2col, convPadding, maxPool2x2, ConvPadding } from "../../src/kernels/conv";

const VARIANTS = { conv2d, conv2dIm2col };
import { Rng } from "../../src/core/rng";

before(async () => {
  assert.ok(await tf.setBackend("cpu"));
});

function randn(r: Rng, shape: number[]): tf.Tensor {
  return tf.tensor(r.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);
}

/** max |a − b| relative to max |b| (≥ 1). */
function relErr(a: tf.Tensor, b: tf.Tensor): number {
  const da = a.dataSync(),
    db = b.dataSync();
  assert.equal(da.length, db.length);
  let m = 0,
    s = 1;
  for (let i = 0; i < da.length; i++) {
    m = Math.max(m, Math.abs(da[i] - db[i]));
    s = Math.max(s, Math.abs(db[i]));
  }
  return m / s;
}

const cases: [number[], number[], ConvPadding][] = [
  [[2, 5, 5, 3], [3, 3, 3, 4], "same"],
  [[1, 8, 6, 2], [3, 3, 2, 5], "same"],
  [[3, 7, 7, 4], [5, 5, 4, 3], "same"],
  [[2, 6, 6, 3], [2, 2, 3, 2], "same"], // even kernel: asymmetric padding (0 top, 1 bottom)
  [[2, 4, 5, 3], [1, 1, 3, 6], "same"],
  [[2, 6, 5, 3], [3, 2, 3, 4], "valid"],
  [[4, 32, 32, 3], [3, 3, 3, 8], "same"],
];

for (const [vname, conv] of Object.entries(VARIANTS))
  for (const [xs, ws, pad] of cases) {
    test(`${vname} x${JSON.stringify(xs)} w${JSON.stringify(ws)} '${pad}': value, dL/dx, dL/dw equal tf.conv2d's`, () => {
      const r = new Rng(xs.concat(ws).reduce((a, b) => 31 * a + b, 7));
      const x = randn(r, xs) as tf.Tensor4D,
        w = randn(r, ws) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const ours = conv(x, w, pad),
          ref = tf.conv2d(x, w, 1, pad);
        assert.deepEqual(ours.shape, ref.shape);
        assert.ok(relErr(ours, ref) < 1e-5, `value rel err ${relErr(ours, ref)}`);
        const up = randn(r, ref.shape); // a random upstream gradient: L = Σ up ⊙ conv(x, w)
        const g1 = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D, pad), up)),
        )([x, w]);
        const g2 = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, pad), up)),
        )([x, w]);
        assert.ok(relErr(g1[0], g2[0]) < 1e-5, `dx rel err ${relErr(g1[0], g2[0])}`);
        assert.ok(relErr(g1[1], g2[1]) < 1e-5, `dw rel err ${relErr(g1[1], g2[1])}`);
      });
      assert.equal(tf.memory().numTensors, before, "no tensor leak");
      tf.dispose([x, w]);
    });
  }

for (const [vname, conv] of Object.entries(VARIANTS))
  test(`${vname} on a hand-sized case: 1-channel 3×3 input, 3×3 all-ones kernel, 'same' = neighbourhood sums`, () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    // corners: 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28; edges: 1+2+3+4+5+6 = 21, ...; centre 45
    assertClose(conv(x, w).dataSync(), [12, 21, 16, 27, 45, 33, 24, 39, 28], 1e-6, "y");
    // dL/dx for L = Σ y: each pixel counted once per output window containing it → 4 6 4 / 6 9 6 / 4 6 4
    assertClose(
      tf
        .grad((a: tf.Tensor) => tf.sum(conv(a as tf.Tensor4D, w)))(x)
        .dataSync(),
      [4, 6, 4, 6, 9, 6, 4, 6, 4],
      1e-6,
      "dx",
    );
  });

test("convPadding: TF 'same' puts the extra row/column at the end; 'valid' pads nothing", () => {
  assert.deepEqual(convPadding(3, 3, "same"), [1, 1, 1, 1]);
  assert.deepEqual(convPadding(2, 4, "same"), [0, 1, 1, 2]);
  assert.deepEqual(convPadding(5, 5, "valid"), [0, 0, 0, 0]);
});

test("conv2d and maxPool2x2 reject mismatched shapes with messages naming them", () => {
  const x = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
  assert.throws(() => conv2d(x, tf.zeros([3, 3, 2, 4]) as tf.Tensor4D), /3 channels but the kernel expects 2/);
  assert.throws(() => conv2d(x, tf.zeros([5, 5, 3, 1]) as tf.Tensor4D, "valid"), /4×4 is smaller than the kernel 5×5/);
  assert.throws(
    () => conv2dIm2col(x, tf.zeros([3, 3, 3]) as unknown as tf.Tensor4D),
    /w \[kh, kw, cin, cout\], got \[1,4,4,3\] and \[3,3,3\]/,
  );
  assert.throws(() => maxPool2x2(tf.zeros([1, 5, 4, 3]) as tf.Tensor4D), /even H and W, got \[1,5,4,3\]/);
});

test("maxPool2x2: hand-computed values and gradient (routes to the window's max)", () => {
  const x = tf.tensor4d([1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 1, 1, 9, 0, 1, 2], [1, 4, 4, 1]);
  assertClose(maxPool2x2(x).dataSync(), [5, 8, 9, 2], 0, "pool");
  const g = tf.grad((a: tf.Tensor) => tf.sum(maxPool2x2(a as tf.Tensor4D)))(x);
  assertClose(g.dataSync(), [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1], 0, "dpool");
});
