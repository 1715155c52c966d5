import { test } from "node:test";
import assert from "node:assert/strict";
import { pairedDecayStats, pairedTTest, lateDecayVerdict } from "../../src/experiments/late-decay/report";
import { LateDecayRuns, PathRun } from "../../src/experiments/late-decay/types";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";

/** Subpaths with given final test losses: finals[decayEpoch] = [seed0, seed1, seed2]. */
function fakeRuns(finals: Record<number, number[]>): LateDecayRuns {
  const paths: PathRun[] = [];
  for (const [e, values] of Object.entries(finals)) {
    values.forEach((testLoss, seed) => paths.push({
      kind: "subpath", seed, decayEpoch: Number(e), dir: "", cacheHit: true,
      history: [{ epoch: Number(e) + 2, step: 0, lr: 0.01, trainLoss: 0, trainAcc: 1, testLoss, testAcc: 0.5 }],
    }));
  }
  return { config: lateDecayConfig("smoke"), backend: "wasm", paths, wallSeconds: 0 };
}

test("paired differences and the paired t-test equal the hand computation", () => {
  // Δ = [0.9−1, 1.7−2, 2.8−3] = [−0.1, −0.3, −0.2]: mean −0.2, sample std 0.1, t = −0.2/(0.1/√3) = −3.4641
  // t with 2 dof: F(t) = 1/2 + t/(2√(2+t²)) → two-sided p = 2(1 − F(3.4641)) = 1 − 3.4641/√14 = 0.074180
  const runs = fakeRuns({ 2: [1, 2, 3], 4: [0.9, 1.7, 2.8] });
  const p = pairedDecayStats(runs);
  assert.ok(Math.abs(p[1].mean + 0.2) < 1e-12 && Math.abs(p[1].std - 0.1) < 1e-12);
  const tt = pairedTTest(runs);
  assert.ok(Math.abs(tt.t + 3.4641016) < 1e-6, `t = ${tt.t}`);
  assert.ok(Math.abs(tt.p - (1 - Math.sqrt(12) / Math.sqrt(14))) < 1e-6, `p = ${tt.p}`);
  assert.equal(lateDecayVerdict(runs)["later decay lowers the test loss"], "lower on average, not significant at p < 0.05 with 3 seeds");
});

test("a consistent large improvement is reported as significant; a rise as no", () => {
  assert.equal(lateDecayVerdict(fakeRuns({ 2: [1, 2, 3], 4: [0.5, 1.49, 2.51] }))["later decay lowers the test loss"], "yes (p < 0.05)");
  assert.equal(lateDecayVerdict(fakeRuns({ 2: [1, 2, 3], 4: [1.1, 2.2, 3.1] }))["later decay lowers the test loss"], "no");
});
