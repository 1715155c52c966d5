import { test } from "node:test";
import assert from "node:assert/strict";
import { mnistSplit, mnistClassCounts } from "../../src/data/mnist";

test("the mnist package holds 10 000 digits", () => {
  assert.equal(mnistClassCounts().reduce((a, b) => a + b, 0), 10000);
});

test("mnistSplit: stratified counts are exact, shapes documented, values in [0,1]", () => {
  const s = mnistSplit({ trainPerClass: 50, testPerClass: 30, seed: 0 });
  assert.equal(s.train.n, 500);
  assert.equal(s.train.x.length, 500 * 784);
  assert.equal(s.test.n, 300);
  for (let c = 0; c < 10; c++) {
    assert.equal(s.train.y.filter((y) => y === c).length, 50);
    assert.equal(s.test.y.filter((y) => y === c).length, 30);
  }
  assert.ok(s.train.x.every((v) => v >= 0 && v <= 1));
});

test("mnistSplit: deterministic for a seed, different for another, train and test disjoint", () => {
  const key = (x: Float32Array, i: number) => Buffer.from(x.buffer, i * 784 * 4, 784 * 4).toString("base64");
  const a = mnistSplit({ trainPerClass: 20, seed: 3 }), b = mnistSplit({ trainPerClass: 20, seed: 3 }), c = mnistSplit({ trainPerClass: 20, seed: 4 });
  assert.deepEqual(a.train.x, b.train.x);
  assert.notDeepEqual(a.train.x, c.train.x);
  const trainKeys = new Set(Array.from({ length: a.train.n }, (_, i) => key(a.train.x, i)));
  let overlap = 0;
  for (let i = 0; i < a.test.n; i++) if (trainKeys.has(key(a.test.x, i))) overlap++;
  // the package has no two identical images, so disjoint indices mean no shared image
  assert.equal(overlap, 0, `${overlap} test images equal a training image`);
  assert.equal(a.train.n + a.test.n, 10 * 20 + (10000 - 10 * 20));
});

test("mnistSplit: bad arguments throw errors naming the value", () => {
  assert.throws(() => mnistSplit({ trainPerClass: 0, seed: 0 }), /trainPerClass .*got 0/);
  assert.throws(() => mnistSplit({ trainPerClass: 5000, seed: 0 }), /trainPerClass .*got 5000/);
  assert.throws(() => mnistSplit({ trainPerClass: 5, classes: [3, 11], seed: 0 }), /unknown class 11/);
  assert.throws(() => mnistSplit({ trainPerClass: 5, seed: 0.5 }), /seed .*0\.5/);
});
