/** MNIST IDX reader on small plain and gzipped files written here in the exact format. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { loadMnistIdx, readIdxImages, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, MNIST_MEAN, MNIST_STD } from "../../src/data/idx";
import { DataFileError } from "../../src/core/errors";

/** IDX images file: magic, n, rows, cols (big-endian int32) + pixel (i, r, c) = (i·11 + r·28 + c) mod 256. */
function idxImages(n: number, rows = 28, cols = 28, magic = IDX_IMAGES_MAGIC): Buffer {
  const b = Buffer.alloc(16 + n * rows * cols);
  b.writeUInt32BE(magic, 0); b.writeUInt32BE(n, 4); b.writeUInt32BE(rows, 8); b.writeUInt32BE(cols, 12);
  for (let i = 0; i < n; i++) for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) b[16 + (i * rows + r) * cols + c] = (i * 11 + r * 28 + c) % 256;
  return b;
}
function idxLabels(labels: number[], magic = IDX_LABELS_MAGIC): Buffer {
  const b = Buffer.alloc(8 + labels.length);
  b.writeUInt32BE(magic, 0); b.writeUInt32BE(labels.length, 4);
  labels.forEach((l, i) => (b[8 + i] = l));
  return b;
}
function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "idx-"));
}

test("magic numbers: 2051 images (0x00000803), 2049 labels (0x00000801)", () => {
  assert.equal(IDX_IMAGES_MAGIC, 0x803);
  assert.equal(IDX_LABELS_MAGIC, 0x801);
});

test("round trip (plain): [n, 28, 28, 1] in [0,1], labels; and normalised with 0.1307 / 0.3081", () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, "train-images-idx3-ubyte"), idxImages(3));
  fs.writeFileSync(path.join(dir, "train-labels-idx1-ubyte"), idxLabels([5, 0, 4]));
  const s = loadMnistIdx("train", { dir });
  assert.deepEqual([s.n, s.dim, s.shape], [3, 784, [28, 28, 1]]);
  assert.deepEqual(Array.from(s.y), [5, 0, 4]);
  // image 2, row 3, col 4: (22 + 84 + 4) = 110
  assert.ok(Math.abs(s.x[2 * 784 + 3 * 28 + 4] - 110 / 255) < 1e-7);
  const z = loadMnistIdx("train", { dir, normalize: true });
  assert.ok(Math.abs(z.x[2 * 784 + 3 * 28 + 4] - (110 / 255 - MNIST_MEAN) / MNIST_STD) < 1e-5);
});

test("round trip (gzip): .gz files are found and decompressed, same values as plain", () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, "t10k-images-idx3-ubyte.gz"), zlib.gzipSync(idxImages(2)));
  fs.writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"), zlib.gzipSync(idxLabels([7, 2])));
  const s = loadMnistIdx("test", { dir });
  assert.deepEqual(Array.from(s.y), [7, 2]);
  assert.ok(Math.abs(s.x[784 + 27 * 28 + 27] - ((11 + 27 * 28 + 27) % 256) / 255) < 1e-7);
});

test("bad files: wrong magic, truncated, count mismatch, label > 9, bad gzip, missing — each naming the file", () => {
  const dir = tmpDir();
  const img = path.join(dir, "train-images-idx3-ubyte"), lbl = path.join(dir, "train-labels-idx1-ubyte");
  fs.writeFileSync(img, idxImages(2, 28, 28, 2049));
  fs.writeFileSync(lbl, idxLabels([1, 2]));
  assert.throws(() => loadMnistIdx("train", { dir }), new RegExp(`${img}: wrong magic number 2049, expected 2051`));
  fs.writeFileSync(img, idxImages(2).subarray(0, 16 + 784 + 100));
  assert.throws(() => loadMnistIdx("train", { dir }), new RegExp(`${img}: truncated file: header says 2 images of 28×28 \\(1584 bytes\\), file has 900 bytes`));
  fs.writeFileSync(img, Buffer.alloc(10));
  assert.throws(() => readIdxImages(img), /truncated file: file has 10 bytes, shorter than the 16-byte IDX header/);
  fs.writeFileSync(img, idxImages(3));
  assert.throws(() => loadMnistIdx("train", { dir }), new RegExp(`${img} has 3 images but ${lbl} has 2 labels`));
  fs.writeFileSync(lbl, idxLabels([1, 12, 3]));
  assert.throws(() => loadMnistIdx("train", { dir }), new RegExp(`${lbl}: label 1 is 12, expected 0..9`));
  fs.writeFileSync(lbl, idxLabels([1, 2, 3], 2051));
  assert.throws(() => loadMnistIdx("train", { dir }), /wrong magic number 2051, expected 2049/);
  fs.writeFileSync(path.join(dir, "t10k-images-idx3-ubyte.gz"), Buffer.from("not gzip"));
  assert.throws(() => loadMnistIdx("test", { dir }), /t10k-images-idx3-ubyte\.gz: not a valid gzip file/);
  fs.rmSync(path.join(dir, "t10k-images-idx3-ubyte.gz"));
  assert.throws(() => loadMnistIdx("test", { dir }), (e: Error) => e instanceof DataFileError &&
    e.message.includes(path.join(dir, "t10k-images-idx3-ubyte")) && e.message.includes("node scripts/fetch-datasets.mjs mnist"));
});
