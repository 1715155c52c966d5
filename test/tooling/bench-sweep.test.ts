import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathWork, sweepWork, workOfRun } from "../../scripts/bench/bench-sweep";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import { runLateDecay } from "../../src/experiments/late-decay/run";

// smoke: 100 train rows, batch 25 → 4 steps/epoch; main 6 epochs, eval every epoch, checkpoint every 2; subpaths 2 epochs
test("pathWork/sweepWork: hand-counted steps, evaluations and checkpoints of the smoke profile", () => {
  const c = lateDecayConfig("smoke");
  assert.deepEqual(pathWork(c, { id: "main/0", kind: "main", seed: 0 }, 100), { steps: 24, evaluations: 7, checkpoints: 4 });
  // subpath from E=2 to 4: evaluations at 2, 3, 4; checkpoints at 2, 4
  assert.deepEqual(pathWork(c, { id: "sub/0/2", kind: "subpath", seed: 0, decayEpoch: 2 }, 100), { steps: 8, evaluations: 3, checkpoints: 2 });
  // per seed 24 + 3·8 steps, 7 + 3·3 evaluations, 4 + 3·2 checkpoints; 3 seeds
  assert.deepEqual(sweepWork(c, 100), { steps: 144, evaluations: 48, checkpoints: 30 });
  // quick-derived: eval every 5, the last epoch 7 is not a multiple → counted once more; checkpoints at 0 and 5 only
  const q = lateDecayConfig("quick", { mainEpochs: 7, checkpointEveryEpochs: 5, evalEveryEpochs: 5, decayEpochs: [5], subpathEpochs: 3, seeds: [0] });
  assert.deepEqual(pathWork(q, { id: "main/0", kind: "main", seed: 0 }, 500), { steps: 28, evaluations: 3, checkpoints: 2 });
  assert.deepEqual(pathWork(q, { id: "sub/0/5", kind: "subpath", seed: 0, decayEpoch: 5 }, 500), { steps: 12, evaluations: 2, checkpoints: 1 });
});

test("sweepWork equals the work read back from a real smoke run's histories and checkpoint indexes", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sweep-test-"));
  const before = process.env.LATE_DECAY_DATA_DIR;
  process.env.LATE_DECAY_DATA_DIR = dir;
  try {
    const c = lateDecayConfig("smoke", { seeds: [0], mainEpochs: 5, checkpointEveryEpochs: 1, evalEveryEpochs: 2, decayEpochs: [1, 4], subpathEpochs: 3 });
    const r = await runLateDecay(c, { workers: 1 });
    // main: evals at 0, 2, 4, 5; subpath 1→4: 1, 2, 4; subpath 4→7: 4, 6, 7 → 10 evaluations
    assert.deepEqual(workOfRun(r.paths), { steps: 4 * (5 + 3 + 3), evaluations: 10, checkpoints: 6 + 4 + 4 });
    assert.deepEqual(workOfRun(r.paths), sweepWork(c, 100));
  } finally {
    if (before === undefined) delete process.env.LATE_DECAY_DATA_DIR; else process.env.LATE_DECAY_DATA_DIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
