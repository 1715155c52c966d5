/**
 * Fashion-MNIST: the IDX reader on gzipped files generated here (the format Debian's
 * `dataset-fashion-mnist` installs), and, when that package is installed, its real files.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { readIdxSplit, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from "../../src/data/idx";
import { loadIdxDataset, clearIdxDatasets } from "../../src/data/idx-datasets";
import { idxSource, DEBIAN_FASHION_MNIST_DIR } from "../../src/data/sources";
import { FASHION_MNIST_MD5, md5Hex } from "../../src/data/checksums";
import { FASHION_MNIST_MEAN, FASHION_MNIST_STD } from "../../src/data/seed-split";
import { DataFileError } from "../../src/core/errors";

/** IDX images [n, 28, 28] with pixel (i, p) = (7·i + p) mod 256, and labels. */
function images(n: number): Buffer {
  const b = Buffer.alloc(16 + n * 784);
  b.writeUInt32BE(IDX_IMAGES_MAGIC, 0); b.writeUInt32BE(n, 4); b.writeUInt32BE(28, 8); b.writeUInt32BE(28, 12);
  for (let i = 0; i < n; i++) for (let p = 0; p < 784; p++) b[16 + i * 784 + p] = (7 * i + p) % 256;
  return b;
}
function labels(ls: number[]): Buffer {
  const b = Buffer.alloc(8 + ls.length);
  b.writeUInt32BE(IDX_LABELS_MAGIC, 0); b.writeUInt32BE(ls.length, 4);
  ls.forEach((l, i) => (b[8 + i] = l));
  return b;
}
const counts = (ls: Uint8Array) => ls.reduce((a, l) => (a[l]++, a), new Array<number>(10).fill(0));

let saved: string | undefined, dataDir: string;
before(() => {
  saved = process.env.LATE_DECAY_DATA_DIR;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fashion-"));
  process.env.LATE_DECAY_DATA_DIR = dataDir;
  clearIdxDatasets();
});
after(() => {
  if (saved === undefined) delete process.env.LATE_DECAY_DATA_DIR; else process.env.LATE_DECAY_DATA_DIR = saved;
  clearIdxDatasets();
});

test("generated .gz files: read with gunzip, values and labels exact, MD5 checked on the decompressed content", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fashion-gz-"));
  const img = images(3), lbl = labels([9, 0, 3]);
  fs.writeFileSync(path.join(dir, "train-images-idx3-ubyte.gz"), zlib.gzipSync(img));
  fs.writeFileSync(path.join(dir, "train-labels-idx1-ubyte.gz"), zlib.gzipSync(lbl));
  const md5 = { "train-images-idx3-ubyte": md5Hex(img), "train-labels-idx1-ubyte": md5Hex(lbl) };
  const s = readIdxSplit(dir, "train", { md5 });
  assert.deepEqual([s.n, s.rows, s.cols, Array.from(s.labels)], [3, 28, 28, [9, 0, 3]]);
  assert.equal(s.pixels[2 * 784 + 100], (14 + 100) % 256);
  assert.equal(s.files.images, path.join(dir, "train-images-idx3-ubyte.gz"));
  assert.throws(() => readIdxSplit(dir, "train", { md5: { ...md5, "train-labels-idx1-ubyte": "0".repeat(32) } }),
    new RegExp(`${path.join(dir, "train-labels-idx1-ubyte.gz")}: MD5 of the decompressed content is ${md5Hex(lbl)}, expected 0{32}`));
});

test("a truncated .gz file reports the decompressed size, and the gzipped size, naming the file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fashion-trunc-"));
  const file = path.join(dir, "t10k-images-idx3-ubyte.gz");
  const gz = zlib.gzipSync(images(2).subarray(0, 16 + 784 + 5));
  fs.writeFileSync(file, gz);
  fs.writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"), zlib.gzipSync(labels([1, 2])));
  assert.throws(() => readIdxSplit(dir, "test"), (e: Error) => e instanceof DataFileError && e.message ===
    `${file}: truncated file: header says 2 images of 28×28 (1584 bytes), decompressed content has 805 bytes (${gz.length} bytes gzipped)`);
});

test("fashion-mnist: a user copy in <dataDir>/fashion-mnist wins and is MD5-verified (generated files are refused)", () => {
  const dir = path.join(dataDir, "fashion-mnist");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "t10k-images-idx3-ubyte.gz"), zlib.gzipSync(images(2)));
  fs.writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"), zlib.gzipSync(labels([1, 2])));
  assert.equal(idxSource("fashion-mnist").dir, dir);
  assert.throws(() => loadIdxDataset("fashion-mnist", "test"),
    new RegExp(`${path.join(dir, "t10k-images-idx3-ubyte.gz")}: MD5 of the decompressed content is [0-9a-f]{32}, expected ${FASHION_MNIST_MD5["t10k-images-idx3-ubyte"]}`));
  fs.rmSync(dir, { recursive: true });
  clearIdxDatasets();
});

const debianAbsent = fs.existsSync(DEBIAN_FASHION_MNIST_DIR) ? false
  : `skipped: ${DEBIAN_FASHION_MNIST_DIR} is absent (Debian package dataset-fashion-mnist not installed; bootstrap installs it on Debian as root)`;

test("Debian's dataset-fashion-mnist files: 6000 per class in train, 1000 per class in test, MD5-verified, usual constants", { skip: debianAbsent }, () => {
  assert.equal(idxSource("fashion-mnist").dir, DEBIAN_FASHION_MNIST_DIR);
  const train = loadIdxDataset("fashion-mnist", "train"), t10k = loadIdxDataset("fashion-mnist", "test");
  assert.equal(train.files.images, path.join(DEBIAN_FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz"));
  assert.deepEqual(counts(train.labels), new Array(10).fill(6000));
  assert.deepEqual(counts(t10k.labels), new Array(10).fill(1000));
  let s = 0, s2 = 0;
  for (const p of train.pixels) { s += p / 255; s2 += (p / 255) ** 2; }
  const mean = s / train.pixels.length, std = Math.sqrt(s2 / train.pixels.length - mean * mean);
  assert.ok(Math.abs(mean - FASHION_MNIST_MEAN) < 5e-5 && Math.abs(std - FASHION_MNIST_STD) < 5e-5, `mean ${mean}, std ${std}`);
});
