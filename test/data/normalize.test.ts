/** Per-channel standardisation, hand-computed on tiny sets. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { channelStats, standardize } from "../../src/data/normalize";
import { ImageSet } from "../../src/data/image-set";
import { assertClose } from "../helpers";

const set = (x: number[], shape: [number, number, number]): ImageSet =>
  ({ x: Float32Array.from(x), y: new Int32Array(x.length / (shape[0] * shape[1] * shape[2])), n: x.length / (shape[0] * shape[1] * shape[2]), dim: shape[0] * shape[1] * shape[2], shape });

test("one channel: train [0, 1 | 2, 3] → mean 1.5, std √1.25; the same map applied to train and to test", () => {
  const train = set([0, 1, 2, 3], [1, 2, 1]), testSet = set([1.5, 4], [1, 2, 1]);
  const st = channelStats(train);
  assertClose(st.mean, [1.5], 1e-12);
  assertClose(st.std, [Math.sqrt(1.25)], 1e-12); // ((1.5² + 0.5² + 0.5² + 1.5²) / 4) = 1.25
  const r = 1 / Math.sqrt(1.25);
  assertClose(standardize(train, st).x, [-1.5 * r, -0.5 * r, 0.5 * r, 1.5 * r], 1e-6);
  assertClose(standardize(testSet, st).x, [0, 2.5 * r], 1e-6); // test values use the train statistics
  assert.deepEqual(Array.from(testSet.x), [1.5, 4], "input not modified");
});

test("NHWC channels: images [0, 10] and [2, 30] → channel 0 mean 1 std 1, channel 1 mean 20 std 10", () => {
  const train = set([0, 10, 2, 30], [1, 1, 2]);
  const st = channelStats(train);
  assertClose(st.mean, [1, 20], 1e-12);
  assertClose(st.std, [1, 10], 1e-12);
  assertClose(standardize(set([1, 40, 3, 0], [1, 1, 2]), st).x, [0, 2, 2, -2], 1e-6);
});

test("bad input: constant channel, empty set, statistics of the wrong width, non-positive std — each named", () => {
  assert.throws(() => channelStats(set([0.5, 0.5, 0.5], [1, 1, 1])), /channel 0 of the training subset is constant \(std 0, mean 0\.5\)/);
  assert.throws(() => channelStats(set([], [1, 1, 1])), /empty set/);
  assert.throws(() => standardize(set([1, 2], [1, 1, 2]), { mean: [0], std: [1] }), /statistics for 1 channel\(s\) given for images with 2 channel\(s\)/);
  assert.throws(() => standardize(set([1], [1, 1, 1]), { mean: [0], std: [0] }), /std of channel 0 must be positive, got 0/);
});
