// Paths on worker threads (one TF.js backend per worker) write exactly the cache a serial run writes.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend } from "../helpers";
import { runLateDecay } from "../../src/experiments/late-decay";
import { lateDecayConfig, LateDecayConfig } from "../../src/experiments/late-decay-config";
import { CancelledError } from "../../src/core/errors";

const tiny: LateDecayConfig = lateDecayConfig("smoke", {
  data: { trainPerClass: 5, testPerClass: 5, splitSeed: 2 }, model: { inputDim: 784, hidden: [8], numClasses: 10 },
  batchSize: 25, mainEpochs: 4, checkpointEveryEpochs: 2, evalEveryEpochs: 1, decayEpochs: [2, 4], subpathEpochs: 2, seeds: [0, 1],
});

before(setupBackend);

/** Every file of every cache entry under `root`, relative path → bytes (manifests: only their file list, without the timestamp and wall time). */
function cacheFiles(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name === "manifest.json") out.set(path.relative(root, p), Buffer.from(JSON.stringify(JSON.parse(fs.readFileSync(p, "utf8")).files)));
      else out.set(path.relative(root, p), fs.readFileSync(p));
    }
  };
  walk(path.join(root, "cache"));
  return out;
}

async function runIn(dir: string, workers: number, c = tiny) {
  process.env.LATE_DECAY_DATA_DIR = dir;
  return runLateDecay(c, { workers });
}

test("2 workers produce the same cache entries, byte for byte, as a serial run", async () => {
  const serialDir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-serial-"));
  const parallelDir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-parallel-"));
  const serial = await runIn(serialDir, 1);
  const parallel = await runIn(parallelDir, 2);
  assert.deepEqual(parallel.paths.map((p) => p.history), serial.paths.map((p) => p.history));
  const a = cacheFiles(serialDir), b = cacheFiles(parallelDir);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  assert.equal(a.size, 6 * 5, "6 paths × (params.f32, velocity.f32, checkpoints.json, history.json, manifest.json)");
  for (const [k, v] of a) assert.ok(v.equals(b.get(k)!), `${k} differs between serial and parallel runs`);
});

test("an error in a worker reaches the caller with the path's name", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-diverge-"));
  const bad = { ...tiny, hyper: { ...tiny.hyper, lr: 1e4 }, seeds: [0, 1] };
  await assert.rejects(runIn(dir, 2, bad), /main path \(seed [01]\) diverged at epoch \d+, step \d+.*lr=10000/);
});

test("an aborted signal cancels the workers and leaves no partial entry", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-cancel-"));
  process.env.LATE_DECAY_DATA_DIR = dir;
  const long = { ...tiny, mainEpochs: 400, decayEpochs: [400] };
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 1500);
  await assert.rejects(runLateDecay(long, { workers: 2, signal: ctrl.signal }), (e: Error) => e.name === "CancelledError" || e instanceof CancelledError);
  const left = fs.existsSync(path.join(dir, "cache")) ? fs.readdirSync(path.join(dir, "cache"), { recursive: true }) as string[] : [];
  assert.deepEqual(left.filter((f) => /tmp-|manifest\.json/.test(f)), [], "no temporary folder and no completed entry");
});
