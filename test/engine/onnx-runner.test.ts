// Within the onnx engine, the late-decay paths are the same bytes however they run: serially, on 2 worker
// threads, and as 2 shards run one after the other into one cache (the runner's property, on this engine's
// entries: every checkpoint, history and manifest file list of the smoke profile's main paths and subpaths).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheFiles, setupBackend } from "../helpers";
import { lateDecayConfig, runLateDecay, runLateDecayShard } from "../../src/toolkit";
import { initBackend } from "../../src/env/backend";

const fresh = () => (process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-onnx-runner-")));

test("onnx engine: serial = 2 worker threads = 2 shards, byte for byte (smoke late-decay paths)", async () => {
  await setupBackend();
  assert.equal((await initBackend()).engine, "onnx", "this test is about the onnx engine");
  const c = lateDecayConfig("smoke");
  const serial = fresh();
  const runs = await runLateDecay(c, { workers: 1 });
  assert.match(runs.backend, /^onnx onnxruntime-node /, "the engine is part of the paths' key");
  const threads = fresh();
  await runLateDecay(c, { workers: 2 });
  const shards = fresh();
  for (let k = 0; k < 2; k++) await runLateDecayShard([c], { index: k, count: 2 });
  const want = cacheFiles(serial);
  assert.ok(want.size >= 4 * c.seeds.length, `${want.size} files`);
  assert.deepEqual([...cacheFiles(threads).keys()].sort(), [...want.keys()].sort());
  for (const [dir, files] of [
    ["threads", cacheFiles(threads)],
    ["shards", cacheFiles(shards)],
  ] as const) {
    for (const [rel, bytes] of want) assert.ok(files.get(rel)?.equals(bytes), `${dir}: ${rel} differs`);
  }
});
