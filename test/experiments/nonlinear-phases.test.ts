import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { phasesConfig, ablationConfig, landscapeModelConfig } from "../../src/experiments/nonlinear/config";
import {
  decayPoints,
  nonlinearDecayTable,
  phaseSeries,
  phaseTable,
  runDecaySweep,
  runPhaseCurves,
  alphaMnTestLoss,
} from "../../src/experiments/nonlinear/phases";
import { interpolantCheck, interpolantTable, INTERPOLANT_FAMILIES } from "../../src/experiments/nonlinear/interpolants";
import { driftPoints, driftRateRows, driftScalingTable, runAblations } from "../../src/experiments/nonlinear/ablations";
import { landscapePanels, runLandscapeModel } from "../../src/experiments/nonlinear/landscape";

before(() => {
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-nonlinear-phases-"));
});

test("smoke decay sweep: γ = 1 ends closer to α_mn after a later decay; for γ = 0 the null-space part never moves", async () => {
  const c = phasesConfig("smoke");
  const s = await runDecaySweep(c);
  const dist = decayPoints(s, "dist_mn");
  assert.equal(dist.length, c.gammas.length * c.decaySteps.length);
  const g1 = dist.filter((p) => p.gamma === 1);
  assert.ok(g1[2].mean < 0.6 * g1[0].mean, `γ = 1: T = 800 → ${g1[2].mean}, T = 0 → ${g1[0].mean}`);
  for (const ch of s.config.chains.keys()) {
    if (s.config.chains[ch].gamma !== 0) continue;
    const rows = s.rows.filter((r) => r.chain === ch);
    const a = Number(rows[0].dist_along),
      b = Number(rows.at(-1)!.dist_along);
    assert.ok(Math.abs(a - b) < 1e-9 * a, `chain ${ch}: along-M distance ${a} → ${b}`);
  }
  assert.ok(dist.every((p) => p.n === c.seeds.length && p.stopped === 0));
  const table = nonlinearDecayTable(s);
  assert.equal(table[0]["decay step T"], 0);
  assert.ok(alphaMnTestLoss(c) > 0);
});

test("three-phase series: means over seeds, phase I ends before the decay, ‖v‖ shrinks for γ = 1 only", async () => {
  const c = phasesConfig("smoke");
  const series = phaseSeries(await runPhaseCurves(c));
  const [g1, g0] = series;
  assert.deepEqual([g1.gamma, g0.gamma, g1.chains, g1.decayStep], [1, 0, c.seeds.length, c.phaseDecayStep]);
  assert.ok(g1.phaseOneEnd > 0 && g1.phaseOneEnd < c.phaseDecayStep);
  const at = (s: typeof g1, step: number) => s.distAlong[s.steps.indexOf(step)];
  assert.ok(at(g1, c.phaseDecayStep) < 0.2 * at(g1, 0), "γ = 1 drifts along M");
  assert.ok(Math.abs(at(g0, c.phaseDecayStep) - at(g0, 0)) < 1e-9, "γ = 0 does not");
  // the table reads the same series at steps 0, T/8, T/4, T/2, T (T = 800: 0, 100, 200, 400, 800, all recorded every 20)
  const [r1, r0] = phaseTable(series);
  assert.deepEqual(
    Object.keys(r1).filter((k) => k.startsWith("‖v‖")),
    [0, 100, 200, 400, 800].map((s) => `‖v‖ at step ${s}`),
  );
  assert.equal(r1["‖v‖ at step 400"], at(g1, 400).toPrecision(3));
  assert.equal(r0["‖v‖ at step 800"], at(g0, 800).toPrecision(3));
  assert.equal(r1["phase I ends (step)"], g1.phaseOneEnd);
  assert.equal(
    r1[`test loss at the end (step ${c.phaseDecayStep + c.stepsAfterDecay})`],
    g1.testLoss.at(-1)!.toFixed(4),
  );
});

test("interpolants: every family's mean test loss is within 4 SE of ½(‖v‖² + (d − n)/d); α_mn is the lowest", () => {
  const pts = interpolantCheck(phasesConfig("smoke"));
  assert.equal(pts.length, 2 * 3 + 1);
  for (const p of pts)
    assert.ok(
      Math.abs(p.mean - p.predicted) < 4 * p.se,
      `${p.family} at ${p.offset}: ${p.mean} vs ${p.predicted} (se ${p.se})`,
    );
  const mn = pts.find((p) => p.offset === 0 && p.family === INTERPOLANT_FAMILIES[0])!;
  assert.ok(Math.abs(mn.predicted - 0.25) < 1e-12, "(d − n)/2d = 0.25 for n = 10, d = 20");
  assert.ok(pts.every((p) => p.offset === 0 || p.mean > mn.mean));
  const row = interpolantTable(pts)[0];
  assert.equal(row["closed form"], "0.2500");
  assert.equal(row["(mean − closed form) / SE"], ((mn.mean - 0.25) / mn.se).toFixed(2));
});

test("smoke ablations: drift rates are fitted for every setting and lie within a factor 2 of the prediction", async () => {
  const c = ablationConfig("smoke");
  const pts = driftPoints(driftRateRows(c, await runAblations(c)));
  assert.equal(pts.length, 8);
  for (const p of pts) {
    assert.equal(p.n, c.seeds.length, `${p.axis} = ${p.value}: ${p.unfitted} without fit`);
    assert.ok(
      p.measured / p.predicted > 0.5 && p.measured / p.predicted < 2,
      `${p.axis} = ${p.value}: ${p.measured} vs ${p.predicted}`,
    );
  }
  assert.deepEqual(
    driftScalingTable(pts).map((r) => r.axis),
    ["lr", "labelNoiseStd", "batchSize", "gamma"],
  );
});

test("smoke landscape: γ = 0 ends at the same place for both decays; γ = 1 late decay is closer to α_mn", async () => {
  const c = landscapeModelConfig("smoke");
  const panels = landscapePanels(c, await runLandscapeModel(c));
  const [g1, g0] = panels;
  assert.equal(g1.trajectories.length, 2);
  assert.ok(g1.trajectories[1].finalDistMn < g1.trajectories[0].finalDistMn);
  assert.ok(
    Math.abs(g0.trajectories[1].finalDistMn - g0.trajectories[0].finalDistMn) < 0.05 * g0.trajectories[0].finalDistMn,
  );
  assert.equal(g1.trajectories[0].steps[0], 0);
  assert.equal(g1.flattest.length, 2);
  assert.equal(g0.flattest.length, 0);
});
