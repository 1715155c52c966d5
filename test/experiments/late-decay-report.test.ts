// Notebook 01's numbers and verdict tables on hand-made runs whose answers are known.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pairedDecayStats, pairedTTest } from "../../src/experiments/late-decay/report";
import { lateDecayVerdicts, weightDecaySweepVerdicts } from "../../src/experiments/late-decay/verdicts";
import type { LateDecayRuns, PathRun } from "../../src/experiments/late-decay/types";
import type { SweepEntry } from "../../src/experiments/late-decay/sweep";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import { sweepFigureOf, sweepTable } from "../../src/experiments/late-decay/figures";
import { ConfigError } from "../../src/core/errors";

interface Fake {
  /** decay epoch → final test loss per seed */
  testLoss: Record<number, number[]>;
  /** decay epoch → final test accuracy per seed (default 0.5 everywhere) */
  testAcc?: Record<number, number[]>;
  /** final train loss of every subpath (default 0.001); the main path starts at 0.5 */
  trainLoss?: number;
  /** main path ‖θ‖ at epochs 0, 2, 4 (its PathRun.norms: no file is read) */
  norms?: number[];
}

/** A main path per seed (train loss 0.5 at its start, the given norms) and subpaths with the given finals; no folder behind them. */
function fakeRuns(f: Fake): LateDecayRuns {
  const decayEpochs = Object.keys(f.testLoss).map(Number);
  const seeds = f.testLoss[decayEpochs[0]].map((_, s) => s);
  const paths: PathRun[] = seeds.map((seed) => ({
    kind: "main",
    seed,
    decayEpoch: null,
    dir: "",
    cacheHit: true,
    norms: { epochs: [0, 2, 4], norms: f.norms ?? [1, 1, 1] },
    history: [{ epoch: 0, step: 0, lr: 0.1, trainLoss: 0.5, trainAcc: 0.1, testLoss: 0.5, testAcc: 0.1 }],
  }));
  for (const e of decayEpochs) {
    f.testLoss[e].forEach((testLoss, seed) =>
      paths.push({
        kind: "subpath",
        seed,
        decayEpoch: e,
        dir: "",
        cacheHit: true,
        norms: { epochs: [], norms: [] },
        history: [
          {
            epoch: e + 2,
            step: 0,
            lr: 0.01,
            trainLoss: f.trainLoss ?? 0.001,
            trainAcc: 1,
            testLoss,
            testAcc: f.testAcc?.[e][seed] ?? 0.5,
          },
        ],
      }),
    );
  }
  return { config: { ...lateDecayConfig("smoke"), decayEpochs, seeds }, backend: "wasm", paths, wallSeconds: 0 };
}

/** A completed weight decay of a sweep (the kit's grid cell). */
const sweepCell = (weightDecay: number, runs: LateDecayRuns): SweepEntry => ({
  cell: { weightDecay, config: runs.config },
  runs,
});

const holdsOf = (rows: { claim: string; holds: string }[], claim: RegExp) => {
  const r = rows.filter((x) => claim.test(x.claim));
  assert.equal(r.length, 1, `one row matching ${claim}: ${rows.map((x) => x.claim).join(" | ")}`);
  return r[0].holds;
};

test("paired differences and the paired t-test equal the hand computation", () => {
  // Δ = [0.9−1, 1.7−2, 2.8−3] = [−0.1, −0.3, −0.2]: mean −0.2, sample std 0.1, t = −0.2/(0.1/√3) = −3.4641
  // t with 2 dof: F(t) = 1/2 + t/(2√(2+t²)) → two-sided p = 2(1 − F(3.4641)) = 1 − 3.4641/√14 = 0.074180
  const runs = fakeRuns({ testLoss: { 2: [1, 2, 3], 4: [0.9, 1.7, 2.8] } });
  const p = pairedDecayStats(runs);
  assert.ok(Math.abs(p[1].mean + 0.2) < 1e-12 && Math.abs(p[1].std - 0.1) < 1e-12);
  const tt = pairedTTest(runs);
  assert.ok(Math.abs(tt.t + 3.4641016) < 1e-6, `t = ${tt.t}`);
  assert.ok(Math.abs(tt.p - (1 - Math.sqrt(12) / Math.sqrt(14))) < 1e-6, `p = ${tt.p}`);
});

test("later decay lower: yes when the paired 95 % interval is below 0, partly when only the mean is, no for a rise", () => {
  const yes = lateDecayVerdicts(fakeRuns({ testLoss: { 2: [1, 2, 3], 4: [0.5, 1.49, 2.51] } })); // Δ = −0.5 ± 0.01
  assert.equal(holdsOf(yes, /lower final test loss$/), "yes");
  // half-width 4.3027 · 0.01/√3 = 0.0248; t = −50√3, p = 1 − 50√3/√7502 = 1.34e-4; detectable (4.3027 + 1.0607) · 0.01/√3 = 0.031
  assert.match(
    yes[0].measured,
    /^Δ = -0\.5 \[95 % CI -0\.525, -0\.475\], 3 seeds, p = 0\.00013; smallest \|Δ\| detectable at 80 % power with this spread: 0\.031$/,
  );
  const partly = lateDecayVerdicts(fakeRuns({ testLoss: { 2: [1, 2, 3], 4: [0.9, 1.7, 2.8] } })); // interval [−0.448, 0.048]
  assert.equal(holdsOf(partly, /lower final test loss$/), "partly");
  assert.match(partly[0].measured, /\[95 % CI -0\.448, 0\.0484\], 3 seeds, p = 0\.074/);
  assert.equal(
    holdsOf(lateDecayVerdicts(fakeRuns({ testLoss: { 2: [1, 2, 3], 4: [1.1, 2.2, 3.1] } })), /lower final test loss$/),
    "no",
  );
});

test("monotone in the decay epoch: counts the steps that go up", () => {
  const mono = (testLoss: Record<number, number[]>) =>
    lateDecayVerdicts(fakeRuns({ testLoss })).find((r) => /monotone/.test(r.claim))!;
  assert.equal(mono({ 2: [2, 2], 4: [1.9, 1.9], 8: [1.5, 1.5] }).holds, "yes");
  const partly = mono({ 2: [2, 2], 4: [2.1, 2.1], 8: [1.5, 1.5] });
  assert.equal(partly.holds, "partly");
  assert.match(partly.measured, /2: 2, 4: 2\.1, 8: 1\.5; 1 of 2 steps go up/);
  assert.equal(mono({ 2: [2, 2], 4: [1.9, 1.9], 8: [2.5, 2.5] }).holds, "no");
});

test("test accuracy is read beside the loss, paired, in the other direction", () => {
  const rows = lateDecayVerdicts(
    fakeRuns({
      testLoss: { 2: [1, 2, 3], 4: [0.5, 1.49, 2.51] },
      testAcc: { 2: [0.8, 0.82, 0.81], 4: [0.78, 0.8, 0.79] },
    }),
  );
  assert.equal(holdsOf(rows, /higher final test accuracy/), "no", "accuracy fell by 0.02 in every seed");
  const up = lateDecayVerdicts(
    fakeRuns({
      testLoss: { 2: [1, 2, 3], 4: [0.5, 1.49, 2.51] },
      testAcc: { 2: [0.8, 0.82, 0.81], 4: [0.83, 0.85, 0.83] },
    }),
  );
  assert.equal(holdsOf(up, /higher final test accuracy/), "yes");
});

test("near-zero training loss: yes at ≤ 1 % of the main path's initial loss, partly at ≤ 10 %, else no", () => {
  const tl = (trainLoss: number) =>
    lateDecayVerdicts(fakeRuns({ testLoss: { 2: [1, 2], 4: [0.9, 1.9] }, trainLoss })).find((r) =>
      /zero training loss/.test(r.claim),
    )!;
  assert.equal(tl(0.004).holds, "yes"); // 0.8 % of 0.5
  assert.match(tl(0.004).measured, /0\.004 .* = 0\.8 % of the main path's initial 0\.5/);
  assert.equal(tl(0.02).holds, "partly"); // 4 %
  assert.equal(tl(0.2).holds, "no"); // 40 %
});

test("too few decay epochs or no main path are errors that say so", () => {
  assert.throws(() => lateDecayVerdicts(fakeRuns({ testLoss: { 2: [1, 2] } })), /two decay epochs or more, found 1/);
  const runs = fakeRuns({ testLoss: { 2: [1, 2], 4: [0.9, 1.9] } });
  assert.throws(
    () => lateDecayVerdicts({ ...runs, paths: runs.paths.filter((p) => p.kind === "subpath") }),
    /no main path/,
  );
});

test("weight-decay sweep: a row per λ and its ‖θ‖, the trend over λ, and a diverged λ not measured", () => {
  const sweep: SweepEntry[] = [
    sweepCell(1e-2, fakeRuns({ testLoss: { 2: [1, 2, 3], 4: [0.5, 1.49, 2.51] }, norms: [6, 5, 4] })),
    sweepCell(1e-4, fakeRuns({ testLoss: { 2: [1, 2, 3], 4: [1.1, 2.2, 3.1] }, norms: [6, 6.5, 7] })),
    {
      cell: { weightDecay: 1e-3, config: lateDecayConfig("smoke") },
      diverged: { message: "main path (seed 1) diverged at epoch 3" },
    },
  ];
  const rows = weightDecaySweepVerdicts(sweep);
  assert.deepEqual(
    rows.map((r) => [r.claim.replace(/:.*/, ""), r.holds]),
    [
      ["λ = 0.0001", "no"],
      ["λ = 0.0001", "no"],
      ["λ = 0.001", "not measured"],
      ["λ = 0.01", "yes"],
      ["λ = 0.01", "yes"],
      ["The stronger the weight decay, the more later decay lowers the test loss", "yes"],
    ],
  );
  assert.match(rows[1].measured, /‖θ‖ at epoch 2 → 4: 6\.5 → 7 \(mean over 3 seeds\)/);
  assert.match(rows[2].measured, /diverged: main path \(seed 1\) diverged at epoch 3/);
  // Δ per seed: [0.1, 0.2, 0.1] at λ = 1e-4, [−0.5, −0.51, −0.49] at λ = 1e-2 → difference [−0.6, −0.71, −0.59]:
  // mean −0.6333, std 0.06658, half-width 4.3027 · 0.06658/√3 = 0.1654
  assert.match(
    rows[5].measured,
    /^mean paired Δ by λ: 0\.0001: 0\.133, 0\.01: -0\.5 \(0 of 1 steps go up\); Δ at λ = 0\.01 minus Δ at λ = 0\.0001: -0\.633 \[95 % CI -0\.799, -0\.468\], 3 seeds/,
  );
});

test("weight-decay trend: partly when the paired difference between the extreme λ is not resolved, no when it goes the other way", () => {
  const cell = (weightDecay: number, late: number[]): SweepEntry =>
    sweepCell(weightDecay, fakeRuns({ testLoss: { 2: [1, 2, 3], 4: late.map((d, s) => [1, 2, 3][s] + d) } }));
  const trend = (a: number[], b: number[]) => weightDecaySweepVerdicts([cell(1e-4, a), cell(1e-2, b)]).at(-1)!;
  // Δ [−0.1, −0.3, −0.2] then [−0.3, −0.2, −0.4]: difference [−0.2, 0.1, −0.2], mean −0.1, interval includes 0
  assert.equal(trend([-0.1, -0.3, -0.2], [-0.3, -0.2, -0.4]).holds, "partly");
  assert.equal(trend([-0.3, -0.2, -0.4], [-0.1, -0.3, -0.2]).holds, "no");
  assert.equal(weightDecaySweepVerdicts([cell(1e-4, [-0.1, -0.2, -0.1])]).at(-1)!.holds, "not measured");
  assert.deepEqual(
    weightDecaySweepVerdicts([]).map((r) => [r.measured, r.holds]),
    [["this profile runs no weight-decay sweep", "not measured"]],
  );
  assert.throws(
    () => sweepFigureOf([]),
    (e: Error) => e instanceof ConfigError && /empty weight-decay sweep.*weightDecays/.test(e.message),
  );
  assert.throws(
    () => sweepTable([]),
    (e: Error) => e instanceof ConfigError && /empty weight-decay sweep/.test(e.message),
  );
});
