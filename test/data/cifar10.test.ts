/** CIFAR-10 binary reader on small files written here in the exact format. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  readCifar10Batch, loadCifar10, CIFAR10_RECORD_BYTES, CIFAR10_MEAN, CIFAR10_STD, CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE,
} from "../../src/data/cifar10";
import { DataFileError } from "../../src/core/errors";

/** Record i: label labels[i]; pixel byte of channel c at (h, w) = (i·7 + c·50 + h·3 + w) mod 256. */
export function cifarRecords(labels: number[]): Buffer {
  const buf = Buffer.alloc(labels.length * CIFAR10_RECORD_BYTES);
  labels.forEach((l, i) => {
    const r = i * CIFAR10_RECORD_BYTES;
    buf[r] = l;
    for (let c = 0; c < 3; c++) for (let h = 0; h < 32; h++) for (let w = 0; w < 32; w++) {
      buf[r + 1 + c * 1024 + h * 32 + w] = (i * 7 + c * 50 + h * 3 + w) % 256;
    }
  });
  return buf;
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cifar-"));
}

test("record layout: 1 label byte + 3072 pixel bytes = 3073", () => {
  assert.equal(CIFAR10_RECORD_BYTES, 3073);
});

test("round trip: channel-major planes become NHWC; [0,1] scaling and per-channel normalisation", () => {
  const dir = tmpDir();
  const file = path.join(dir, "b.bin");
  fs.writeFileSync(file, cifarRecords([3, 9]));
  const raw = readCifar10Batch(file, false);
  assert.deepEqual(raw.shape, [32, 32, 3]);
  assert.equal(raw.n, 2);
  assert.deepEqual(Array.from(raw.y), [3, 9]);
  // x[i, h, w, c] at ((i·32 + h)·32 + w)·3 + c ; record 1, h = 2, w = 5, c = 2 → byte (7 + 100 + 6 + 5) = 118
  const at = (s: typeof raw, i: number, h: number, w: number, c: number) => s.x[((i * 32 + h) * 32 + w) * 3 + c];
  assert.ok(Math.abs(at(raw, 1, 2, 5, 2) - 118 / 255) < 1e-7);
  assert.ok(Math.abs(at(raw, 0, 31, 31, 0) - ((93 + 31) % 256) / 255) < 1e-7);
  const norm = readCifar10Batch(file);
  for (const [i, h, w, c] of [[1, 2, 5, 2], [0, 0, 0, 0], [1, 31, 7, 1]]) {
    const want = (at(raw, i, h, w, c) - CIFAR10_MEAN[c]) / CIFAR10_STD[c];
    assert.ok(Math.abs(at(norm, i, h, w, c) - want) < 1e-5, `normalised (${i},${h},${w},${c})`);
  }
});

test("loadCifar10: five training batches concatenated in order, test batch separate", () => {
  const dir = tmpDir();
  CIFAR10_TRAIN_FILES.forEach((f, k) => fs.writeFileSync(path.join(dir, f), cifarRecords([k, k + 1])));
  fs.writeFileSync(path.join(dir, CIFAR10_TEST_FILE), cifarRecords([7, 8, 9]));
  const train = loadCifar10("train", { dir });
  assert.equal(train.n, 10);
  assert.deepEqual(Array.from(train.y), [0, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
  assert.equal(train.x.length, 10 * 3072);
  assert.deepEqual(Array.from(loadCifar10("test", { dir }).y), [7, 8, 9]);
});

test("bad files: truncated record, label > 9, missing file (with fetch command), each naming the file", () => {
  const dir = tmpDir();
  const trunc = path.join(dir, "trunc.bin");
  fs.writeFileSync(trunc, cifarRecords([1, 2]).subarray(0, 2 * 3073 - 5));
  assert.throws(() => readCifar10Batch(trunc), (e: Error) => e instanceof DataFileError &&
    e.message.includes(trunc) && /size 6141 bytes is not a positive multiple of the 3073-byte record \(1 whole records \+ 3068 bytes: truncated record\)/.test(e.message));
  const badLabel = path.join(dir, "label.bin");
  const b = cifarRecords([1, 2, 3]); b[2 * 3073] = 10; fs.writeFileSync(badLabel, b);
  assert.throws(() => readCifar10Batch(badLabel), new RegExp(`${badLabel}: record 2 has label byte 10, expected 0..9`));
  assert.throws(() => loadCifar10("test", { dir }),
    (e: Error) => e instanceof DataFileError && e.message.includes(path.join(dir, "test_batch.bin")) && e.message.includes("file not found") && e.message.includes("node scripts/fetch-datasets.mjs cifar10"));
  const empty = path.join(dir, "empty.bin"); fs.writeFileSync(empty, Buffer.alloc(0));
  assert.throws(() => readCifar10Batch(empty), /empty\.bin: size 0 bytes/);
  assert.throws(() => loadCifar10("val" as "test", { dir }), /split must be 'train' or 'test', got "val"/);
});
