// The one count of a late-decay run's work (src/experiments/late-decay/work.ts) against hand counts and against what
// a real run did; and the main path's ‖θ‖ stored with each path (norms.json) against a recomputation from its checkpoints.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend } from "../helpers";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import { runLateDecay } from "../../src/experiments/late-decay/run";
import { lateDecayUnits } from "../../src/experiments/late-decay/units";
import { mainPathNorms } from "../../src/experiments/late-decay/report";
import { experimentWork, pathWork, pathsWork, seedWork, trainRows } from "../../src/experiments/late-decay/work";
import { meanOf } from "../../src/analysis/summary";
import { CheckpointReader } from "../../src/store/checkpoints";

// 100 training digits (10 per class), batch 25: 4 steps per epoch. A 6-epoch main path, evaluations every 4 epochs,
// checkpoints every 2, subpaths of 3 epochs from epochs 2 and 6.
const c = lateDecayConfig("smoke", {
  data: { dataset: "mnist-package", trainPerClass: 10, testPerClass: 5 },
  model: { inputDim: 784, hidden: [8], numClasses: 10 },
  batchSize: 25,
  mainEpochs: 6,
  evalEveryEpochs: 4,
  checkpointEveryEpochs: 2,
  decayEpochs: [2, 6],
  subpathEpochs: 3,
  seeds: [0, 1],
});

before(async () => {
  await setupBackend();
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-work-"));
});

test("pathWork by hand: epochs, ⌈nTrain/B⌉ steps per epoch, evaluations at the start, every evalEvery multiple and the end, checkpoints at the start and every checkpointEvery multiple", () => {
  assert.equal(trainRows(c), 100);
  // main path, epochs 1..6: evaluations at 0, 4, 6 (the end); checkpoints at 0, 2, 4, 6
  assert.deepEqual(pathWork(c, { kind: "main" }), { epochs: 6, steps: 24, evaluations: 3, checkpoints: 4 });
  // subpath from 2, epochs 3..5: evaluations at 2 (its start), 4, 5 (its end); checkpoints at 2, 4
  assert.deepEqual(pathWork(c, { kind: "subpath", decayEpoch: 2 }), {
    epochs: 3,
    steps: 12,
    evaluations: 3,
    checkpoints: 2,
  });
  // subpath from 6, epochs 7..9: evaluations at 6, 8, 9; checkpoints at 6, 8
  assert.deepEqual(pathWork(c, { kind: "subpath", decayEpoch: 6 }), {
    epochs: 3,
    steps: 12,
    evaluations: 3,
    checkpoints: 2,
  });
  assert.deepEqual(seedWork(c), { epochs: 12, steps: 48, evaluations: 9, checkpoints: 8 });
  assert.deepEqual(experimentWork(c), { epochs: 24, steps: 96, evaluations: 18, checkpoints: 16 });
  assert.deepEqual(
    pathsWork(
      c,
      lateDecayUnits(c, "any").map((u) => u.payload),
    ),
    experimentWork(c),
    "the sum over the config's units",
  );
  assert.deepEqual(
    lateDecayUnits(c, "any").map((u) => [u.cost, u.size]),
    [
      [6, 6],
      [3, 3],
      [3, 3],
      [6, 6],
      [3, 3],
      [3, 3],
    ],
    "unit cost and size = the path's epochs",
  );
  // a batch that does not divide the rows: ⌈100/30⌉ = 4 steps per epoch; no checkpoints
  assert.deepEqual(pathWork({ ...c, batchSize: 30, checkpointEveryEpochs: 0 }, { kind: "main" }), {
    epochs: 6,
    steps: 24,
    evaluations: 3,
    checkpoints: 0,
  });
});

test("a real run does exactly the counted work (histories, steps, checkpoint indexes), and stores ‖θ‖₂ per checkpoint equal bit for bit to a recomputation", async () => {
  const runs = await runLateDecay(c, { workers: 1 });
  const units = lateDecayUnits(c, runs.backend);
  assert.equal(runs.paths.length, units.length);
  runs.paths.forEach((p, i) => {
    const want = pathWork(c, units[i].payload);
    const ck = new CheckpointReader(p.dir);
    const did = {
      epochs: p.history[p.history.length - 1].epoch - p.history[0].epoch,
      steps: p.history[p.history.length - 1].step - p.history[0].step,
      evaluations: p.history.length,
      checkpoints: ck.count,
    };
    assert.deepEqual(did, want, `${p.kind} seed ${p.seed} E=${p.decayEpoch}`);
    // the stored norms: Float32 params, sum of squares in double in index order, sqrt — recomputed here from the checkpoint files
    assert.deepEqual(p.norms.epochs, ck.index.epochs);
    const again = ck.index.epochs.map((_, r) => {
      const v = ck.params(r);
      let s = 0;
      for (let j = 0; j < v.length; j++) s += v[j] * v[j];
      return Math.sqrt(s);
    });
    assert.ok(
      Buffer.from(Float64Array.from(p.norms.norms).buffer).equals(Buffer.from(Float64Array.from(again).buffer)),
      `norms of ${p.kind} seed ${p.seed} bit for bit`,
    );
    assert.ok(again.every((x) => Number.isFinite(x) && x > 0));
  });
  // mainPathNorms reads them without a file: per checkpoint epoch, the mean over seeds of the main paths' norms
  const mains = runs.paths.filter((p) => p.kind === "main");
  const m = mainPathNorms({ ...runs, paths: runs.paths.map((p) => ({ ...p, dir: "/nonexistent" })) });
  assert.deepEqual(m.epochs, [0, 2, 4, 6]);
  assert.deepEqual(
    m.norms,
    m.epochs.map((_, i) => meanOf(mains.map((p) => p.norms.norms[i]))),
  );
});
