import { test } from "node:test";
import assert from "node:assert/strict";
import { pairBySeed, pairedSummary, smallestDetectableDifference } from "../../src/analysis/paired";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test("paired summary of [1, 2, 3, 4]: mean 2.5, std √(5/3), 95% interval 2.5 ± 3.182446·std/2, t = 3.873, p = 0.0305", () => {
  const s = pairedSummary([1, 2, 3, 4]);
  assert.equal(s.n, 4);
  assert.equal(s.mean, 2.5);
  close(s.std, Math.sqrt(5 / 3), 1e-12, "std");
  // t_{0.975, 3} = 3.182446305 (tables); half-width = 3.182446305 · 1.290994 / 2 = 2.054260
  close(s.ciLow, 2.5 - 2.05426, 1e-5, "ciLow");
  close(s.ciHigh, 2.5 + 2.05426, 1e-5, "ciHigh");
  close(s.t, 2.5 / (Math.sqrt(5 / 3) / 2), 1e-12, "t");
  close(s.p, 0.030466, 1e-5, "p"); // two-sided P(|T₃| > 3.873): scipy.stats.t.sf · 2 = 0.030466
  assert.equal(s.excludesZero, true);
});

test("an interval that straddles zero; a 90% interval is narrower; one difference has no spread", () => {
  const s = pairedSummary([-1, 1, 0.5]);
  assert.equal(s.excludesZero, false);
  assert.ok(s.ciLow < 0 && s.ciHigh > 0);
  const s90 = pairedSummary([-1, 1, 0.5], 0.9);
  assert.ok(s90.ciHigh - s90.ciLow < s.ciHigh - s.ciLow);
  const one = pairedSummary([0.3]);
  assert.ok(Number.isNaN(one.std) && Number.isNaN(one.ciLow) && Number.isNaN(one.p));
  assert.equal(one.excludesZero, false);
});

test("smallest detectable difference: n = 8, std 1 → (2.364624 + 0.896030)/√8 = 1.152821 (quantiles from scipy); bad input named", () => {
  close(smallestDetectableDifference(1, 8), (2.3646243 + 0.8960296) / Math.sqrt(8), 1e-5, "n = 8"); // jStat's inverse t agrees to ≈ 2e-5
  close(smallestDetectableDifference(0.002, 8), 0.002 * smallestDetectableDifference(1, 8), 1e-15, "scales with std");
  assert.ok(smallestDetectableDifference(1, 16) < smallestDetectableDifference(1, 8));
  assert.throws(() => smallestDetectableDifference(1, 1), /n must be an integer ≥ 2, got 1/);
  assert.throws(() => smallestDetectableDifference(NaN, 8), /std must be finite and ≥ 0, got NaN/);
  assert.throws(() => pairedSummary([1, Infinity]), /difference 1 is Infinity/);
  assert.throws(() => pairedSummary([]), /no differences/);
});

test("pairBySeed, the one rule for missing seeds: differences after − before in seed order; different seeds, no seed or a missing value are refused, naming them", () => {
  const after = new Map([
      [2, 0.5],
      [0, 0.25],
      [1, 1],
    ]),
    before = new Map([
      [0, 0.5],
      [1, 0.5],
      [2, 0.75],
    ]);
  assert.deepEqual(pairBySeed(after, before), { seeds: [0, 1, 2], diffs: [-0.25, 0.5, -0.25] });
  assert.throws(
    () =>
      pairBySeed(
        after,
        new Map([
          [0, 1],
          [1, 1],
        ]),
      ),
    /same seeds on both sides, got \[0, 1, 2\] and \[0, 1\]/,
  );
  assert.throws(
    () => pairBySeed(new Map([[0, 1]]), new Map([[1, 1]])),
    /same seeds on both sides, got \[0\] and \[1\]/,
  );
  assert.throws(() => pairBySeed(new Map(), new Map()), /at least one seed/);
  assert.throws(
    () =>
      pairBySeed(
        new Map([
          [0, 1],
          [3, NaN],
        ]),
        new Map([
          [0, 1],
          [3, 2],
        ]),
      ),
    /seed 3 has a missing value \(NaN, 2\)/,
  );
});
