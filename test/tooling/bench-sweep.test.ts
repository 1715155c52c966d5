import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { workOfRun } from "../../scripts/bench/bench-sweep";
import { experimentWork } from "../../src/experiments/late-decay/work";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import { runLateDecay } from "../../src/experiments/late-decay/run";

test("the one work count (late-decay/work.ts experimentWork) equals the work read back from a real smoke run's histories and checkpoint indexes", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sweep-test-"));
  const before = process.env.LATE_DECAY_DATA_DIR;
  process.env.LATE_DECAY_DATA_DIR = dir;
  try {
    const c = lateDecayConfig("smoke", {
      seeds: [0],
      mainEpochs: 5,
      checkpointEveryEpochs: 1,
      evalEveryEpochs: 2,
      decayEpochs: [1, 4],
      subpathEpochs: 3,
    });
    const r = await runLateDecay(c, { workers: 1 });
    // main: evals at 0, 2, 4, 5; subpath 1→4: 1, 2, 4; subpath 4→7: 4, 6, 7 → 10 evaluations
    assert.deepEqual(workOfRun(r.paths), {
      epochs: 5 + 3 + 3,
      steps: 4 * (5 + 3 + 3),
      evaluations: 10,
      checkpoints: 6 + 4 + 4,
    });
    assert.deepEqual(workOfRun(r.paths), experimentWork(c, 100));
  } finally {
    if (before === undefined) delete process.env.LATE_DECAY_DATA_DIR;
    else process.env.LATE_DECAY_DATA_DIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
