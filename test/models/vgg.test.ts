/** VGG layouts (exact parameter counts by hand), init statistics, forward shape, seeded dropout, one wasm training step. */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { tf, setupBackend } from "../helpers";
import { vggLayout, initVgg, vggForward, vggSmallConfig, VGG11_WIDTHS, VggConfig } from "../../src/models/vgg";
import { halfSquaredLoss } from "../../src/models/losses";
import { sgdMomentumUpdate } from "../../src/train/sgd";
import { toTensors } from "../../src/train/state";
import { Rng } from "../../src/core/rng";

let backend = "";
before(async () => {
  backend = await setupBackend();
});

/** 3×3 conv cin→cout: 9·cin·cout weights + cout biases. */
const conv = (cin: number, cout: number) => 9 * cin * cout + cout;
/** dense in→out: in·out weights + out biases. */
const fc = (i: number, o: number) => i * o + o;

test("small VGG (config A) on 32×32×3, 10 classes: 1 250 634 parameters, by hand", () => {
  // convs 3→32 | M | 32→64 | M | 64→64, 64→64 | M | 64→128, 128→128 | M | 128→256, 256→256 | M  → 1×1×256
  const convs =
    conv(3, 32) +
    conv(32, 64) +
    conv(64, 64) +
    conv(64, 64) +
    conv(64, 128) +
    conv(128, 128) +
    conv(128, 256) +
    conv(256, 256);
  assert.equal(convs, 896 + 18496 + 36928 + 36928 + 73856 + 147584 + 295168 + 590080);
  const classifier = fc(256, 128) + fc(128, 128) + fc(128, 10); // 32 896 + 16 512 + 1 290
  assert.equal(classifier, 50698);
  const layout = vggLayout(vggSmallConfig());
  assert.equal(layout.size, convs + classifier);
  assert.equal(layout.size, 1250634);
  assert.deepEqual(
    layout.entries.slice(0, 2).map((e) => [e.name, e.shape]),
    [
      ["conv0/kernel", [3, 3, 3, 32]],
      ["conv0/bias", [32]],
    ],
  );
  assert.deepEqual(
    layout.entries.slice(-2).map((e) => [e.name, e.shape]),
    [
      ["dense2/kernel", [128, 10]],
      ["dense2/bias", [10]],
    ],
  );
});

test("VGG-11 widths on 32×32×3, 10 classes, classifier 256-256: 9 420 170 parameters, by hand", () => {
  const convs = conv(3, 64) + conv(64, 128) + conv(128, 256) + conv(256, 256) + conv(256, 512) + 3 * conv(512, 512);
  assert.equal(convs, 1792 + 73856 + 295168 + 590080 + 1180160 + 3 * 2359808); // 9 220 480
  const classifier = fc(512, 256) + fc(256, 256) + fc(256, 10); // 131 328 + 65 792 + 2 570
  const layout = vggLayout({ inputShape: [32, 32, 3], widths: VGG11_WIDTHS, numClasses: 10 });
  assert.equal(layout.size, convs + classifier);
  assert.equal(layout.size, 9420170);
});

test("a tiny CNN (conv16-pool-conv32-pool-dense) on 28×28×1: flatten 7·7·32 = 1568 → 10", () => {
  const layout = vggLayout({ inputShape: [28, 28, 1], widths: [16, "M", 32, "M"], hidden: [], numClasses: 10 });
  assert.equal(layout.size, conv(1, 16) + conv(16, 32) + fc(1568, 10));
});

test("vggLayout rejects bad configs naming the value", () => {
  const base = vggSmallConfig();
  assert.throws(() => vggLayout({ ...base, inputShape: [28, 28, 3] }), /divisible by 2\^pools = 32/);
  assert.throws(() => vggLayout({ ...base, widths: [32, 0, "M"] }), /widths\[1\].*got 0/);
  assert.throws(() => vggLayout({ ...base, dropout: 1 }), /dropout.*got 1/);
  assert.throws(() => vggLayout({ ...base, widths: ["M"] }), /at least one conv width/);
});

test("initVgg: seeded; conv std √(2/(9·cout)) (kaiming fan_out), dense std 0.01, zero biases", () => {
  const c = vggSmallConfig();
  const a = initVgg(c, new Rng(3));
  assert.deepEqual(a, initVgg(c, new Rng(3)));
  const layout = vggLayout(c);
  for (const e of layout.entries) {
    const v = a.subarray(e.offset, e.offset + e.size);
    if (e.kind === "bias") {
      assert.ok(
        v.every((t) => t === 0),
        `${e.name} not zero`,
      );
      continue;
    }
    const want = e.shape.length === 4 ? Math.sqrt(2 / (9 * e.shape[3])) : 0.01;
    const sd = Math.sqrt(v.reduce((s, t) => s + t * t, 0) / v.length);
    // relative std error of a sample std is ≈ 1/√(2n); n ≥ 864 here → < 2.5%; allow 4 of them (10%)
    assert.ok(Math.abs(sd / want - 1) < Math.max(0.1, 4 / Math.sqrt(2 * v.length)), `${e.name}: std ${sd} vs ${want}`);
  }
});

test("vggForward: eval is deterministic; training dropout is seeded by the rng and differs from eval", () => {
  const c: VggConfig = { inputShape: [8, 8, 3], widths: [4, "M", 8, "M"], hidden: [6, 6], numClasses: 3, dropout: 0.5 };
  const layout = vggLayout(c);
  const r = new Rng(1);
  const ps = toTensors(layout, initVgg(c, r));
  const x = tf.tensor4d(r.fillNormal(new Float32Array(2 * 8 * 8 * 3)), [2, 8, 8, 3]);
  const before = tf.memory().numTensors;
  const run = (o: Parameters<typeof vggForward>[3]) => tf.tidy(() => Array.from(vggForward(c, ps, x, o).dataSync()));
  const ev = run({});
  assert.equal(ev.length, 2 * 3);
  assert.deepEqual(run({ training: true, rng: new Rng(9) }), run({ training: true, rng: new Rng(9) }));
  assert.notDeepEqual(run({ training: true, rng: new Rng(9) }), ev);
  assert.equal(tf.memory().numTensors, before, "no tensor leak");
  assert.throws(() => vggForward(c, ps, x, { training: true }), /needs a seeded rng/);
  assert.throws(() => vggForward(c, ps.slice(1), x), /expected 10 parameter tensors, got 9/);
  tf.dispose([...ps, x]);
});

test("one SGD step of the small VGG on wasm lowers the half squared loss on a fixed batch of 8", () => {
  assert.equal(backend, "wasm", "this test is about the wasm backend");
  const c = { ...vggSmallConfig(), dropout: 0 }; // no dropout: the same function before and after the step
  const layout = vggLayout(c);
  const r = new Rng(11);
  let ps = toTensors(layout, initVgg(c, r));
  const x = tf.tensor4d(r.fillNormal(new Float32Array(8 * 32 * 32 * 3)), [8, 32, 32, 3]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], "int32"), 10).toFloat() as tf.Tensor2D;
  const lossFn = (...p: tf.Tensor[]) => halfSquaredLoss(vggForward(c, p, x), y);
  const { value, grads } = tf.tidy(() => {
    const g = tf.valueAndGrads(lossFn)(ps);
    return { value: g.value, grads: g.grads };
  });
  const l0 = value.dataSync()[0];
  const gnorm = Math.sqrt(grads.reduce((s, g) => s + tf.tidy(() => tf.sum(tf.square(g)).dataSync()[0]), 0));
  assert.ok(gnorm > 0 && Number.isFinite(gnorm), `gradient norm ${gnorm}`);
  const vel = ps.map((p) => tf.zerosLike(p));
  const next = sgdMomentumUpdate(ps, grads, vel, { lr: 0.05, momentum: 0.9, weightDecay: 1e-4 });
  const l1 = tf.tidy(() => lossFn(...next.params).dataSync()[0]);
  // init outputs ≈ 0 → loss ≈ ½; a small step along −∇L must lower it
  assert.ok(Math.abs(l0 - 0.5) < 0.1, `initial loss ${l0}`);
  assert.ok(l1 < l0, `loss after step ${l1} not below ${l0}`);
  tf.dispose([value, ...grads, ...vel, ...ps, ...next.params, ...next.velocity, x, y]);
  ps = [];
});
