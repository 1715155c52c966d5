// The verdict rules (sign of a paired difference, trends), seed pairing and the number formats of the
// verdict tables. The intervals come from analysis/paired (tested in paired.test.ts); with 2 degrees of
// freedom t_0.975 = 0.95/√(2·0.975·0.025) = 4.3027, so the intervals below are computed by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pairedSummary } from "../../src/analysis/paired";
import { fmt, fmtInterval, pairedRow, signHolds, trendHolds } from "../../src/analysis/verdict";

test("signHolds: yes when the interval is on the claimed side, partly when only the mean is, no otherwise", () => {
  assert.equal(signHolds(pairedSummary([-0.5, -0.51, -0.49]), "negative"), "yes");
  assert.equal(signHolds(pairedSummary([-0.1, -0.3, -0.2]), "negative"), "partly");
  assert.equal(signHolds(pairedSummary([0.1, 0.2, 0.1]), "negative"), "no");
  assert.equal(signHolds(pairedSummary([0.5, 0.51, 0.49]), "positive"), "yes");
  assert.equal(signHolds(pairedSummary([-0.5, -0.51, -0.49]), "positive"), "no");
  assert.equal(signHolds(pairedSummary([-0.2]), "negative"), "partly", "one seed: no interval, direction only");
  assert.equal(signHolds(pairedSummary([0, 0, 0]), "negative"), "no");
});

test("trendHolds counts the steps against the claimed direction", () => {
  assert.deepEqual(trendHolds([3, 2, 2, 1], "decreasing"), { holds: "yes", against: 0, steps: 3 });
  assert.deepEqual(trendHolds([3, 3.5, 1], "decreasing"), { holds: "partly", against: 1, steps: 2 });
  assert.deepEqual(trendHolds([1, 0.5, 2], "decreasing"), { holds: "no", against: 1, steps: 2 });
  assert.deepEqual(trendHolds([1, 2, 3], "increasing"), { holds: "yes", against: 0, steps: 2 });
  assert.deepEqual(trendHolds([2, 2], "decreasing"), { holds: "no", against: 0, steps: 1 });
  assert.equal(trendHolds([1], "decreasing").holds, "not measured");
});

test("fmt and pairedRow print the interval, the seeds and p from the numbers", () => {
  assert.equal(fmt(0.0123456), "0.0123");
  assert.equal(fmt(-2.5e-6), "-2.50e-6");
  assert.equal(fmt(1234.5), "1230");
  const s = pairedSummary([-0.1, -0.3, -0.2]);
  // half-width 4.3027 · 0.1/√3 = 0.2484; p = 1 − |t|/√(2 + t²) with t = −2√3: 0.0742
  assert.match(fmtInterval(s), /^-0\.2 \[95 % CI -0\.448, 0\.0484\], 3 seeds, p = 0\.074$/);
  assert.equal(fmtInterval(s, "seeds", false), "-0.2 [95 % CI -0.448, 0.0484], 3 seeds");
  assert.equal(fmtInterval(pairedSummary([0.5])), "0.5, 1 seed");
  const row = pairedRow("claim", s, "negative", "how");
  const asTable: Record<string, unknown>[] = [row]; // what a notebook's showTable takes (npm run typecheck fails if rows stop fitting)
  assert.equal(asTable.length, 1);
  assert.deepEqual(row, { claim: "claim", measured: fmtInterval(s), holds: "partly", "how measured": "how" });
});
