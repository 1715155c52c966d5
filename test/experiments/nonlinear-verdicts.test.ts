// Notebooks 04–06's verdict tables on hand-made sweeps (rows written by the test, no simulation),
// so every verdict has a known answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ablationConfig, landscapeModelConfig, phasesConfig } from "../../src/experiments/nonlinear/config";
import { landscapeSweepConfig } from "../../src/experiments/nonlinear/landscape";
import { decaySweepConfig, phaseSweepConfig, alphaMnTestLoss } from "../../src/experiments/nonlinear/phases";
import { ablationSweepConfig } from "../../src/experiments/nonlinear/ablations";
import { buildProblem, type ChainSweep, type ChainSweepConfig } from "../../src/experiments/nonlinear/run";
import { landscapeModelVerdicts } from "../../src/experiments/nonlinear/landscape-verdicts";
import { interpolantRows, phasesVerdicts } from "../../src/experiments/nonlinear/phases-verdicts";
import { ablationVerdicts } from "../../src/experiments/nonlinear/ablation-verdicts";
import { manifoldConstants, predictedDriftRate } from "../../src/models/nonlinear-theory";
import type { Row } from "../../src/frames/frames";
import type { InterpolantPoint } from "../../src/figures/nonlinear-phases";

/** A sweep whose rows are `rowsOf(chain index)` (each row gets its chain, γ, seed and T). */
function fakeSweep(
  config: ChainSweepConfig,
  rowsOf: (k: number) => Row[],
  status = (_k: number) => "completed",
): ChainSweep {
  const rows = config.chains.flatMap((ch, k) =>
    rowsOf(k).map((r) => ({
      chain: k,
      gamma: ch.gamma,
      seed: ch.seed,
      decay_step: ch.stepsBeforeDecay,
      status: status(k),
      tag: ch.tag ?? "",
      ...r,
    })),
  );
  const outcomes = config.chains.map((ch, k) => ({
    chain: k,
    tag: ch.tag ?? "",
    status: status(k) as "completed",
    stoppedAtStep: null,
  }));
  return {
    config,
    frame: undefined as never,
    rows,
    outcomes,
    wallSeconds: 1,
    chainSteps: 1,
    chainStepsPerSecond: 1,
    cacheHit: true,
    chainsFromShards: 0,
  };
}

test("04: flattest-point distance s = √(‖α_flat‖² − ‖α_mn‖²) = √1.6 for x = (1, 0.5), α* = (0.6, 0.8), γ = 1", () => {
  // tr S = 1.25, q = y² = 1, ‖α_mn‖² = y²/‖x‖² = 0.8, ‖α_flat‖² = max(0.8, 3q/tr S = 2.4) → s = √1.6 = 1.265
  const c = landscapeModelConfig("smoke");
  const finals: Record<string, [number, number]> = {
    "1|50": [0.75, 1.67],
    "1|400": [0.29, 1.2],
    "0|50": [1.523, 2.192],
    "0|400": [1.521, 2.191],
  };
  const sweepOf = (f: Record<string, [number, number]>) =>
    fakeSweep(landscapeSweepConfig(c), (k) => {
      const ch = landscapeSweepConfig(c).chains[k],
        [test_loss, dist_mn] = f[`${ch.gamma}|${ch.stepsBeforeDecay}`];
      return [
        { step: 0, w0: 0, w1: 0, test_loss: 2, dist_mn: 3 },
        { step: 500, w0: 0.1, w1: 0.2, test_loss, dist_mn },
      ];
    });
  const rows = landscapeModelVerdicts(c, sweepOf(finals));
  assert.deepEqual(
    rows.map((r) => r.holds),
    ["yes", "yes", "yes", "yes"],
  );
  assert.match(rows[2].measured, /late run's ‖α − α_mn‖ 1\.2; flattest points at 1\.26 from α_mn/);
  assert.match(rows[3].measured, /0\.002 at γ = 0, 0\.46 at γ = 1/);
  const bad = landscapeModelVerdicts(
    c,
    sweepOf({ "1|50": [0.29, 1.2], "1|400": [0.75, 0.1], "0|50": [1.2, 2.1], "0|400": [1.5, 2.3] }),
  );
  assert.deepEqual(
    bad.map((r) => r.holds),
    ["yes", "no", "no", "no"],
  );
  const halfway = landscapeModelVerdicts(c, sweepOf({ ...finals, "1|400": [0.29, 0.7] }));
  assert.equal(halfway[2].holds, "partly", "0.7 is nearer 1.26 than 0 but not within 25 %");
  const diverged = landscapeModelVerdicts(
    c,
    fakeSweep(
      landscapeSweepConfig(c),
      () => [{ step: 0, w0: 0, w1: 0, test_loss: 1, dist_mn: 1 }],
      (k) => (k === 1 ? "diverged" : "completed"),
    ),
  );
  assert.deepEqual(
    diverged.map((r) => r.holds),
    ["not measured", "not measured"],
  );
});

const c5 = phasesConfig("smoke", { seeds: [0, 1, 2] }); // γ ∈ {1, 0}, T ∈ {0, 200, 800}, phase plot at T = 800

/** Phase runs: train loss 1 at step 0, then its floor 0.01; ‖v‖ = 0.7·e^(−step/100) for γ > 0 and 0.68 for γ = 0. */
const phases = fakeSweep(phaseSweepConfig(c5), (k) => {
  const g = phaseSweepConfig(c5).chains[k].gamma;
  return Array.from({ length: 19 }, (_, i) => ({
    step: 50 * i,
    train_loss: i === 0 ? 1 : 0.01,
    test_loss: 0.3,
    dist_along: g > 0 ? 0.7 * Math.exp(-0.5 * i) : 0.68,
    dist_off: 0,
  }));
});

/** Decay sweep with final (test loss, ‖α − α_mn‖) from `f(γ, T, seed)`. */
const decayOf = (f: (g: number, T: number, s: number) => [number, number]) =>
  fakeSweep(decaySweepConfig(c5), (k) => {
    const ch = decaySweepConfig(c5).chains[k],
      [test_loss, dist_mn] = f(ch.gamma, ch.stepsBeforeDecay, ch.seed);
    return [{ step: ch.stepsBeforeDecay + ch.stepsAfterDecay, test_loss, dist_mn }];
  });

const points = (mnMean: number, zOff = 0): InterpolantPoint[] => [
  { family: "fixed", offset: 0, mean: mnMean, se: 0.001, predicted: 0.25, teachers: 200 },
  { family: "fixed", offset: 0.5, mean: 0.375 + zOff * 0.001, se: 0.001, predicted: 0.375, teachers: 200 },
  { family: "GD", offset: 0.7, mean: 0.495, se: 0.002, predicted: 0.495, teachers: 200 },
];

test("05: later decay nearer α_mn and lower, γ = 0 flat, phases and interpolants: known answers", () => {
  const ref = alphaMnTestLoss(c5);
  // γ = 1: test loss ref + 0.2 / (1 + T/100) + 0.001·seed (gap falls to 1/9), ‖α − α_mn‖ 0.5/(1 + T/100); γ = 0: test loss ref + 0.3 + 1e-4·T/800·seed
  const good = decayOf((g, T, s) =>
    g > 0
      ? [ref + 0.2 / (1 + T / 100) + 0.001 * s, 0.5 / (1 + T / 100) + 0.01 * s]
      : [ref + 0.3 + 1e-4 * (T / 800) * s, 0.7],
  );
  const rows = phasesVerdicts(c5, phases, good, points(0.25));
  assert.deepEqual(
    rows.map((r) => [r.claim.slice(0, 40), r.holds]),
    [
      ["γ = 1, phase I: the training loss falls t", "yes"],
      ["γ = 1, phase II: at the large LR α drifts ", "yes"],
      ["γ = 0, phase I: the training loss falls t", "yes"],
      ["γ = 0: no drift along M (‖v‖ stays)", "yes"],
      ["γ = 1: the later the decay, the nearer the", "yes"],
      ["γ = 1: the later the decay, the lower the ", "yes"],
      ["γ = 1: the final ‖α − α_mn‖ falls with eve", "yes"],
      ["γ = 1: with the latest decay the test loss", "partly"],
      ["γ = 0 (linear regression): the decay step", "yes"],
      ["α_mn has the lowest mean test loss of the", "yes"],
      ["The Monte Carlo test loss matches the clo", "yes"],
    ].map(([c, h]) => [c.slice(0, 40), h]),
  );
  assert.match(rows[0].measured, /phase I ends at step 50 of 800/);
  // gap at T = 0: 0.2 + 0.001 (mean seed term); at T = 800: 0.2/9 + 0.001 → 0.023222/0.201 = 11.55 %
  assert.match(rows[7].measured, /the gap shrinks to 11\.6 % of the earliest/);
  // γ = 0: Δ = 1e-4·seed → mean 1e-4; γ = 1: Δ = 0.2/9 − 0.2 = −0.17778 → ratio 5.625e-4
  assert.match(
    rows[8].measured,
    /^paired Δ test loss \(latest − earliest T\): (1\.00e-4|0\.0001) \[95 % CI .*\], 3 seeds, p = .* at γ = 0, mean -0\.178 at γ = 1 \(ratio 0\.00056[23]\)$/,
  );
  const bad = phasesVerdicts(
    c5,
    phases,
    decayOf((g, T, s) => (g > 0 ? [ref + 0.1 + 0.0001 * T + 0.001 * s, 0.2 + T / 1000] : [ref + 0.3 - 1e-4 * T, 0.7])),
    points(0.4, 5),
  );
  assert.deepEqual(
    bad.slice(4).map((r) => r.holds),
    ["no", "no", "no", "no", "no", "no", "no"],
  );
});

test("05: the interpolant rows read α_mn's mean against the lowest other, and the largest |z|", () => {
  const [best, mc] = interpolantRows(points(0.25, 4));
  assert.equal(best.holds, "yes");
  assert.match(best.measured, /α_mn 0\.25 ± 0\.001 \(SE\); lowest other 0\.379 ± 0\.001 \(fixed, ‖v‖ = 0\.5\)/);
  assert.equal(mc.holds, "no");
  assert.match(mc.measured, /over 3 points: 4$/);
});

test("06: exponents per seed against the prediction (yes / partly / no), level, gap with η, γ and chain counts", () => {
  const c = ablationConfig("smoke", { seeds: [0, 1, 2, 3] });
  const sweepCfg = ablationSweepConfig(c);
  const k = manifoldConstants(buildProblem({ kind: "gaussian", ...c.problem }));
  const a0 = 0.4 * k.normAlphaMn; // below the window's start (0.5·‖α_mn‖): every point from step 0 is fitted
  /** κ = predicted·(value/smallest)^(extra(seed)) along the chain's axis: the fitted exponent is the prediction + extra. */
  const sweepWith = (extra: (seed: number) => number) =>
    fakeSweep(sweepCfg, (i) => {
      const ch = sweepCfg.chains[i],
        [axis, v] = (ch.tag as string).split("="),
        smallest = Math.min(...c.sweeps[axis as "lr"]);
      const kappa =
        predictedDriftRate(k, {
          lr: ch.lr,
          labelNoiseStd: ch.labelNoiseStd ?? 0,
          batchSize: ch.batchSize ?? 1,
          gamma: ch.gamma,
        }) *
        (Number(v) / smallest) ** extra(ch.seed);
      return Array.from({ length: 11 }, (_, j) => ({ step: 100 * j, dist_along: a0 * Math.exp(-kappa * 100 * j) }));
    });
  const yes = ablationVerdicts(
    c,
    sweepWith((s) => (s % 2 ? 0.05 : -0.05)),
  );
  assert.deepEqual(
    yes.slice(0, 3).map((r) => r.holds),
    ["yes", "yes", "yes"],
  );
  assert.equal(yes[3].holds, "yes", yes[3].measured);
  assert.equal(yes[6].holds, "yes", "κ > 0 at every γ");
  assert.equal(yes[7].holds, "yes");
  assert.match(yes[7].measured, /^0 diverged, 0 with too few points in the fit window, of 32 chains$/);
  const partly = ablationVerdicts(
    c,
    sweepWith((s) => 0.2 + 0.001 * s),
  );
  assert.deepEqual(
    partly.slice(0, 3).map((r) => r.holds),
    ["partly", "partly", "no"],
    "+0.2 is within 15 % of 2 but not of −1",
  );
  assert.match(
    partly[0].measured,
    /^exponent 2\.2 \[95 % CI 2\.2, 2\.2\], 4 seeds \(predicted 2\)$/,
    "no p-value: zero is not the question for an exponent",
  );
  const no = ablationVerdicts(
    c,
    sweepWith(() => 0.5),
  );
  assert.deepEqual(
    no.slice(0, 3).map((r) => r.holds),
    ["no", "no", "no"],
  );
  assert.equal(
    no[4].holds,
    "yes",
    "the gap to the prediction grows with η: 1 at the smallest, (0.02/0.014)^0.5 at the largest",
  );
  assert.match(no[4].measured, /0\.014: 1, 0\.02: 1\.195/);
  assert.equal(no[5].holds, "no", "the gap grows with B here: 1 at B = 1, 2^0.5 at B = 2");
  assert.match(no[5].measured, /1: 1, 2: 1\.414; 1 of 1 steps against/);
});
