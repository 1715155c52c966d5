/** The per-class subset protocol on a small hand-made set. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { perClassSubset } from "../../src/data/subset";
import { ImageSet } from "../../src/data/image-set";

/** n images of shape [1, 1, 1] whose only pixel is the row index; labels given. */
function set(labels: number[], offset = 0): ImageSet {
  return { x: Float32Array.from(labels, (_, i) => i + offset), y: Int32Array.from(labels), n: labels.length, dim: 1, shape: [1, 1, 1] };
}
const TRAIN = set([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]); // 4 per class
const TEST = set([2, 1, 0, 2], 100);

test("N per class: exact counts, rows are the right class, seeded, distinct rows", () => {
  const a = perClassSubset(TRAIN, TEST, { perClass: 2, seed: 1, evaluation: "test-split" });
  assert.deepEqual(Array.from(a.train.y), [0, 0, 1, 1, 2, 2]);
  a.train.x.forEach((v, r) => assert.equal(TRAIN.y[v], a.train.y[r], `row ${r} is image ${v} of another class`));
  assert.equal(new Set(a.train.x).size, 6);
  assert.deepEqual(perClassSubset(TRAIN, TEST, { perClass: 2, seed: 1, evaluation: "test-split" }).train.x, a.train.x);
  const seeds = [2, 3, 4, 5].map((s) => Array.from(perClassSubset(TRAIN, TEST, { perClass: 2, seed: s, evaluation: "test-split" }).train.x).join());
  assert.ok(seeds.some((k) => k !== Array.from(a.train.x).join()), "the choice depends on the seed");
});

test("evaluation 'test-split' restricts the test split to the classes; 'train-pool' is the whole training split of the classes", () => {
  const t = perClassSubset(TRAIN, TEST, { perClass: 1, classes: [2, 0], seed: 0, evaluation: "test-split" });
  assert.equal(t.protocol, "test-split");
  assert.deepEqual(Array.from(t.train.y), [2, 0]);
  assert.deepEqual(Array.from(t.test.x), [100, 102, 103]);
  const p = perClassSubset(TRAIN, null, { perClass: 3, classes: [1], seed: 0, evaluation: "train-pool" });
  assert.equal(p.protocol, "train-pool");
  assert.deepEqual(Array.from(p.test.x), [1, 4, 7, 10]); // every class-1 training row, in file order
  assert.ok(Array.from(p.train.x).every((v) => [1, 4, 7, 10].includes(v)));
});

test("bad options throw errors naming the value", () => {
  assert.throws(() => perClassSubset(TRAIN, TEST, { perClass: 5, seed: 0, evaluation: "test-split" }), /perClass .*got 5/);
  assert.throws(() => perClassSubset(TRAIN, TEST, { perClass: 0, seed: 0, evaluation: "test-split" }), /perClass .*got 0/);
  assert.throws(() => perClassSubset(TRAIN, TEST, { perClass: 1, classes: [7], seed: 0, evaluation: "test-split" }), /class 7 does not occur/);
  assert.throws(() => perClassSubset(TRAIN, null, { perClass: 1, seed: 0, evaluation: "test-split" }), /needs the test split/);
  assert.throws(() => perClassSubset(TRAIN, TEST, { perClass: 1, seed: 0, evaluation: "val" as "test-split" }), /evaluation must be .*got "val"/);
});
