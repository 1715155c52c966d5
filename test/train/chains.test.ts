import { test } from "node:test";
import assert from "node:assert/strict";
import { makeGaussianProblem } from "../../src/data/gaussian";
import { makeProblem, matVec, norm } from "../../src/models/nonlinear";
import { runChains, type ChainRecord, type ChainResult } from "../../src/train/chains";
import type { ChainConfig } from "../../src/train/chain-config";

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const stdErr = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1) / a.length);
const lastRecord = (r: ChainResult, k: number): ChainRecord => r.records.filter((x) => x.chain === k).at(-1)!;
/** Records and final row of chain k, renumbered as chain 0, for comparing runs. */
const chainView = (r: ChainResult, k: number) => ({
  records: r.records.filter((x) => x.chain === k).map((x) => ({ ...x, chain: 0 })),
  finalW: Array.from(r.finalW.subarray(k * r.d, (k + 1) * r.d)),
  status: r.chains[k].status,
  stoppedAtStep: r.chains[k].stoppedAtStep,
});

test("γ = 0, full-batch GD from w0 converges to the closed form w0 − X⁺(Xw0 − y)", async () => {
  const p = makeGaussianProblem({ n: 10, d: 20, seed: 2 });
  const w0 = Float64Array.from({ length: 20 }, (_, j) => Math.sin(j + 1));
  const r = await runChains(p, [{ seed: 0, gamma: 0, lr: 0.1, stepsBeforeDecay: 4000, stepsAfterDecay: 0, w0 }], {
    recordEverySteps: 1000,
  });
  const res = matVec(p.X, 10, 20, w0).map((v, i) => v - p.y[i]);
  const expected = w0.map((v, j) => v - matVec(p.pinvX, 20, 10, res)[j]);
  const err = norm(r.finalW.map((v, j) => v - expected[j]));
  assert.ok(err < 1e-10, `‖w_T − w*‖ = ${err}`);
  assert.equal(r.chains[0].status, "completed");
  assert.deepEqual(
    r.records.map((x) => x.step),
    [0, 1000, 2000, 3000, 4000],
  );
  assert.ok(lastRecord(r, 0).trainLoss < 1e-20);
});

/**
 * Drift along the manifold (Sec. 4). d = 40, n = 20, B = 1, η = 0.02, σ = 1, decay ×0.1 for
 * T′ = 5000 steps; large-LR phase T = 100 (short) vs 20000 (long); 8 chains with seeds 100..107
 * on one dataset (seed 1). Measured when written: γ = 1 short 0.237, long 0.127 (paired difference
 * 0.110, standard error 0.011); γ = 0 short 0.7065, long 0.7061 (difference 3e-4, SE 2e-3).
 * Criteria: γ = 1 — long mean < 0.75 × short mean and the paired difference > 4 SE;
 * γ = 0 — |difference| < 3 SE and < 2% of the short mean (noise only), and the null-space part of
 * α − α_mn is exactly invariant (linear GD/SGD moves only in the row space of X).
 */
async function driftRun(gamma: number, stepsBeforeDecay: number): Promise<ChainResult> {
  const p = makeGaussianProblem({ n: 20, d: 40, seed: 1 });
  const chains: ChainConfig[] = Array.from({ length: 8 }, (_, k) => ({
    seed: 100 + k,
    gamma,
    lr: 0.02,
    stepsBeforeDecay,
    stepsAfterDecay: 5000,
    lrDecayFactor: 0.1,
    batchSize: 1,
    labelNoiseStd: 1,
  }));
  const r = await runChains(p, chains, { recordEverySteps: 1e9 });
  assert.deepEqual(new Set(r.chains.map((c) => c.status)), new Set(["completed"]));
  return r;
}

test("γ = 1 with label noise: a long large-LR phase ends closer to α_mn than a short one", async () => {
  const [short, long] = [await driftRun(1, 100), await driftRun(1, 20000)];
  const s = short.chains.map((_, k) => lastRecord(short, k).distMn);
  const l = long.chains.map((_, k) => lastRecord(long, k).distMn);
  const diff = s.map((v, k) => v - l[k]);
  assert.ok(mean(l) < 0.75 * mean(s), `means short ${mean(s)} long ${mean(l)}`);
  assert.ok(mean(diff) > 4 * stdErr(diff), `difference ${mean(diff)} se ${stdErr(diff)}`);
});

test("γ = 0 with label noise: phase length changes ‖α − α_mn‖ only within noise", async () => {
  const [short, long] = [await driftRun(0, 100), await driftRun(0, 20000)];
  const s = short.chains.map((_, k) => lastRecord(short, k).distMn);
  const l = long.chains.map((_, k) => lastRecord(long, k).distMn);
  const diff = s.map((v, k) => v - l[k]);
  assert.ok(
    Math.abs(mean(diff)) < 3 * stdErr(diff) && Math.abs(mean(diff)) < 0.02 * mean(s),
    `difference ${mean(diff)} se ${stdErr(diff)}`,
  );
  for (let k = 0; k < 8; k++) {
    const first = long.records.find((x) => x.chain === k && x.step === 0)!;
    assert.ok(
      Math.abs(lastRecord(long, k).distAlong - first.distAlong) < 1e-9 * first.distAlong,
      "null part invariant",
    );
  }
});

const mixed: ChainConfig[] = [
  { seed: 1, gamma: 1, lr: 0.01, stepsBeforeDecay: 300, stepsAfterDecay: 100, batchSize: 1, labelNoiseStd: 1 },
  {
    seed: 2,
    gamma: 0,
    lr: 0.02,
    stepsBeforeDecay: 200,
    stepsAfterDecay: 250,
    batchSize: 5,
    labelNoiseStd: 0.5,
    lrDecayFactor: 0.5,
  },
  { seed: 3, gamma: 0.5, lr: 0.02, stepsBeforeDecay: 150, stepsAfterDecay: 0 },
  { seed: 4, gamma: 2, lr: 0.005, stepsBeforeDecay: 123, stepsAfterDecay: 77, batchSize: 3, labelNoiseStd: 0.3 },
];

test("a batched run of K chains equals K single runs with the same seeds, exactly", async () => {
  const p = makeGaussianProblem({ n: 20, d: 40, seed: 4 });
  const batched = await runChains(p, mixed, { recordEverySteps: 50 });
  for (let k = 0; k < mixed.length; k++) {
    const single = await runChains(p, [mixed[k]], { recordEverySteps: 50 });
    assert.deepEqual(chainView(batched, k), chainView(single, 0), `chain ${k}`);
    assert.equal(chainView(batched, k).status, "completed");
  }
  // per-chain problems: the same problem passed per chain gives the same numbers
  const perChain = await runChains(
    mixed.map(() => p),
    mixed,
    { recordEverySteps: 50 },
  );
  assert.deepEqual(perChain, batched);
  const steps = batched.records.filter((x) => x.chain === 3).map((x) => x.step);
  assert.deepEqual(steps, [0, 50, 100, 150, 200], "records every 50 steps and at the last step");
});

test("a diverging chain is marked and frozen and leaves the other chains unchanged", async () => {
  const p = makeGaussianProblem({ n: 20, d: 40, seed: 4 });
  const huge: ChainConfig = { seed: 9, gamma: 1, lr: 5, stepsBeforeDecay: 400, stepsAfterDecay: 0, batchSize: 1 };
  const withIt = await runChains(p, [mixed[0], huge, mixed[1]], { recordEverySteps: 10 });
  const without = await runChains(p, [mixed[0], mixed[1]], { recordEverySteps: 10 });
  assert.equal(withIt.chains[1].status, "diverged");
  const stop = withIt.chains[1].stoppedAtStep!;
  assert.ok(stop > 0 && stop < 400, `stopped at ${stop}`);
  assert.ok(withIt.records.filter((x) => x.chain === 1).every((x) => x.step <= stop && Number.isFinite(x.trainLoss)));
  assert.deepEqual(chainView(withIt, 0), chainView(without, 0));
  assert.deepEqual(chainView(withIt, 2), chainView(without, 1));
});

test("a chain reaching w = 0 (γ > 0) is reported and frozen, not NaN; γ = 0 passes through 0", async () => {
  // X rows e_1, e_2 in ℝ³, y = 0, w0 = e_1, B = 2: for γ = 1 the first step is
  // w ← w − (η‖w‖/B)(g + γ(w·g)w/‖w‖²) with g = e_1, i.e. 1 − (1/2)(1 + 1) = 0 exactly.
  const X = Float64Array.of(1, 0, 0, 0, 1, 0);
  const p = makeProblem({ n: 2, d: 3, X, y: new Float64Array(2), alphaStar: new Float64Array(3) });
  const w0 = Float64Array.of(1, 0, 0);
  const r = await runChains(
    p,
    [
      { seed: 0, gamma: 1, lr: 1, stepsBeforeDecay: 5, stepsAfterDecay: 0, w0 },
      { seed: 0, gamma: 0, lr: 2, stepsBeforeDecay: 5, stepsAfterDecay: 0, w0 }, // w ← w − (2/2)·w = 0
    ],
    { recordEverySteps: 1 },
  );
  assert.equal(r.chains[0].status, "reachedZero");
  assert.equal(r.chains[0].stoppedAtStep, 1);
  assert.deepEqual(Array.from(r.finalW.subarray(0, 3)), [0, 0, 0]);
  assert.deepEqual(
    r.records.filter((x) => x.chain === 0).map((x) => x.step),
    [0],
  );
  assert.ok(r.records.every((x) => Object.values(x).every(Number.isFinite)));
  assert.equal(r.chains[1].status, "completed");
  assert.equal(r.records.filter((x) => x.chain === 1).length, 6);
});
