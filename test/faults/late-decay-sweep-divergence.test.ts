// Fault injection: in a weight-decay sweep, a λ whose main path diverges is recorded as diverged
// (with the DivergenceError's details: path, seed, epoch, step, lr, λ) while the other λ completes,
// and the sweep's figure and table show it as diverged.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend } from "../helpers";
import { runWeightDecaySweep, type SweepEntry } from "../../src/experiments/late-decay/sweep";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import { sweepFigureOf, sweepTable } from "../../src/experiments/late-decay/figures";

const c = lateDecayConfig("smoke", { seeds: [0], decayEpochs: [2, 6] });
const HUGE = 1e4; // lr·λ = 1000: every step multiplies θ by about −999, the loss explodes within a few steps

before(async () => {
  await setupBackend();
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-sweep-div-"));
});

for (const workers of [1, 2]) {
  test(`sweep [λ=${HUGE}, λ=1e-3] on ${workers} worker(s): the first cell is recorded as diverged with its details, the second completes; figure and table say so`, async () => {
    const sweep: SweepEntry[] = await runWeightDecaySweep(c, [HUGE, 1e-3], { workers });
    assert.equal(sweep.length, 2);
    const [bad, good] = sweep;
    assert.ok(bad.diverged, "λ = 1e4 is a diverged cell");
    const d = bad.diverged.details!;
    assert.ok(d, `details kept (${bad.diverged.message})`);
    assert.equal(d.weightDecay, HUGE);
    assert.equal(d.lr, c.hyper.lr);
    assert.equal(d.seed, 0, "the seed is named");
    assert.equal(d.pathId, "main path (seed 0)");
    assert.equal(d.epoch, 0, "found in the first epoch");
    assert.ok(d.step >= 1 && d.step <= 4, `on its step (4 steps per epoch): ${d.step}`);
    assert.match(
      bad.diverged.message,
      /main path \(seed 0\) diverged at epoch 0, step \d with lr=0\.\d+, weight decay λ=10000/,
    );

    assert.equal(good.diverged, undefined);
    assert.equal(good.runs!.paths.length, 3, "main path and two subpaths of λ = 1e-3 completed");
    assert.ok(good.runs!.paths.every((p) => Number.isFinite(p.history[p.history.length - 1].testLoss)));

    const fig = sweepFigureOf(sweep);
    assert.deepEqual(
      fig.data.map((t) => (t as { name: string }).name),
      ["λ = 0.001", "λ = 0.001"],
      "curves only for the completed λ",
    );
    const notes = (fig.layout as { annotations: { text: string }[] }).annotations.map((a) => a.text);
    assert.equal(notes.length, 1);
    assert.match(
      notes[0],
      new RegExp(
        `^λ = 10000: diverged \\(main path \\(seed 0\\) diverged at epoch 0, step ${d.step} \\(lr ${c.hyper.lr}, minibatch loss`,
      ),
    );

    const rows = sweepTable(sweep);
    assert.deepEqual(Object.keys(rows[0]), Object.keys(rows[1]), "same columns in every row");
    assert.equal(rows[0]["weight decay"], "10000");
    assert.equal(rows[0]["test loss, decay at 2"], "diverged");
    assert.match(String(rows[0].status), /^diverged: main path \(seed 0\) diverged at epoch 0/);
    assert.equal(rows[1].status, "completed");
    assert.match(String(rows[1]["test loss, decay at 6"]), /^\d\.\d{4} ± \d\.\d{4}$/);
  });
}
