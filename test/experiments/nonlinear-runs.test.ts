import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runChainSweep, buildProblem, type ChainSweepConfig } from "../../src/experiments/nonlinear/run";
import { finalRows } from "../../src/experiments/nonlinear/frames";
import { runChains } from "../../src/train/chains";
import { toRows } from "../../src/frames/frames";
import { trainLoss } from "../../src/models/nonlinear";

before(() => {
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-nonlinear-"));
});

const sweep: ChainSweepConfig = {
  problem: { kind: "gaussian", n: 6, d: 12, seed: 3 },
  chains: [
    {
      seed: 1,
      gamma: 1,
      lr: 0.02,
      stepsBeforeDecay: 60,
      stepsAfterDecay: 40,
      batchSize: 2,
      labelNoiseStd: 0.5,
      tag: "a",
    },
    { seed: 2, gamma: 0, lr: 0.05, stepsBeforeDecay: 30, stepsAfterDecay: 20, tag: "b" },
    { seed: 3, gamma: 1, lr: 50, stepsBeforeDecay: 200, stepsAfterDecay: 0, batchSize: 1, tag: "too large" },
  ],
  recordEverySteps: 20,
};

test("a sweep is cached: the second call is a hit with an identical frame, and the numbers are the engine's", async () => {
  const first = await runChainSweep(sweep);
  const second = await runChainSweep(sweep);
  assert.equal(first.cacheHit, false);
  assert.equal(second.cacheHit, true);
  assert.deepEqual(toRows(second.frame), toRows(first.frame));
  assert.deepEqual(second.outcomes, first.outcomes);
  assert.equal(second.chainSteps, 100 + 50 + 200);
  const direct = await runChains(
    buildProblem(sweep.problem),
    sweep.chains.map(({ tag: _t, w0: _w, ...c }) => c),
    { recordEverySteps: 20 },
  );
  assert.deepEqual(
    first.rows.map((r) => r.test_loss),
    direct.records.map((r) => r.testLoss),
  );
  assert.deepEqual(
    first.rows.map((r) => r.dist_along),
    direct.records.map((r) => r.distAlong),
  );
});

test("long format: one row per chain × recorded step with the chain's hyperparameters; diverged chains keep their status", async () => {
  const s = await runChainSweep(sweep);
  assert.deepEqual(s.frame.columns, [
    "chain",
    "tag",
    "seed",
    "gamma",
    "eta",
    "decay_step",
    "steps_after_decay",
    "lr_decay_factor",
    "batch_size",
    "label_noise_std",
    "status",
    "step",
    "lr",
    "train_loss",
    "test_loss",
    "dist_mn",
    "dist_along",
    "dist_off",
    "norm_w",
    "trace_h",
  ]);
  const a = s.rows.filter((r) => r.chain === 0);
  assert.deepEqual(
    a.map((r) => r.step),
    [0, 20, 40, 60, 80, 100],
  );
  assert.deepEqual(
    a.map((r) => r.lr),
    [0.02, 0.02, 0.02, 0.02, 0.002, 0.002],
    "η for steps ≤ T = 60, η·0.1 after",
  );
  assert.deepEqual(
    [a[0].tag, a[0].batch_size, a[0].label_noise_std, a[0].decay_step, a[0].lr_decay_factor],
    ["a", 2, 0.5, 60, 0.1],
  );
  assert.equal(s.rows.find((r) => r.chain === 1)!.batch_size, 6, "default B = n");
  assert.equal(s.outcomes[2].status, "diverged");
  assert.ok(s.rows.filter((r) => r.chain === 2).every((r) => r.status === "diverged"));
  assert.deepEqual(
    finalRows(s).map((r) => r.chain),
    [0, 1, 2],
  );
  for (const r of s.rows)
    assert.ok(
      Math.abs(Number(r.dist_mn) ** 2 - Number(r.dist_along) ** 2 - Number(r.dist_off) ** 2) <
        1e-9 * Math.max(1, Number(r.dist_mn) ** 2),
    );
});

test("recordParams: every row carries w, and w reproduces the recorded train loss and ‖w‖", async () => {
  const s = await runChainSweep({ ...sweep, chains: sweep.chains.slice(0, 2), recordParams: true });
  const p = buildProblem(sweep.problem);
  assert.ok(s.frame.columns.includes("w11"));
  for (const r of s.rows) {
    const w = Float64Array.from({ length: 12 }, (_, j) => Number(r[`w${j}`]));
    assert.ok(Math.abs(trainLoss(p, w, Number(r.gamma)) - Number(r.train_loss)) < 1e-12);
    assert.ok(Math.abs(Math.hypot(...w) - Number(r.norm_w)) < 1e-12);
  }
});

test("an explicit problem (d = 2, n = 1) builds α_mn = x·y/‖x‖²", () => {
  const p = buildProblem({ kind: "explicit", n: 1, d: 2, X: [1, 0.5], y: [1], alphaStar: [0.6, 0.8] });
  assert.ok(Math.abs(p.alphaMn[0] - 0.8) < 1e-12 && Math.abs(p.alphaMn[1] - 0.4) < 1e-12);
});
