// The statistics and verdict rules of the verdict tables, against closed forms: with 2 degrees of
// freedom Student's t has the quantile t_p = (2p − 1)/√(2p(1 − p)) and a two-sided p-value
// 1 − |t|/√(2 + t²), so every number below is computed by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { detectableDifference, fmt, fmtInterval, meanInterval, pairedDifferences } from "../../src/analysis/stats";
import { pairedRow, signHolds, trendHolds } from "../../src/analysis/verdict";

const tQuantile2 = (p: number) => (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test("meanInterval: mean, sample std, 95 % t-interval and two-sided p equal the closed forms for n = 3", () => {
  const s = meanInterval([-0.1, -0.3, -0.2]);   // mean −0.2, std 0.1
  assert.equal(s.n, 3);
  close(s.mean, -0.2, 1e-15, "mean");
  close(s.std, 0.1, 1e-15, "std");
  const half = tQuantile2(0.975) * 0.1 / Math.sqrt(3);   // 4.302653 · 0.057735 = 0.248414
  close(half, 0.248414, 1e-6, "hand half-width");
  close(s.lo, -0.2 - half, 1e-9, "lo");
  close(s.hi, -0.2 + half, 1e-9, "hi");
  close(s.t, -0.2 / (0.1 / Math.sqrt(3)), 1e-12, "t");
  close(s.p, 1 - Math.abs(s.t) / Math.sqrt(2 + s.t ** 2), 1e-9, "p");
});

test("meanInterval: one value has no interval, missing values are skipped, none at all throws", () => {
  const one = meanInterval([0.5]);
  assert.deepEqual([one.n, one.mean, one.std], [1, 0.5, 0]);
  assert.ok(Number.isNaN(one.lo) && Number.isNaN(one.hi) && Number.isNaN(one.p));
  assert.equal(meanInterval([1, NaN, 3]).n, 2);
  assert.throws(() => meanInterval([NaN]), /no values/);
  const flat = meanInterval([2, 2, 2]);
  assert.deepEqual([flat.lo, flat.hi], [2, 2]);
  assert.ok(Number.isNaN(flat.t));
});

test("pairedDifferences pairs by seed (order of insertion does not matter) and refuses disjoint seeds", () => {
  const a = new Map([[2, 1], [0, 10], [1, 5]]), b = new Map([[0, 9], [1, 5.5], [2, 0], [3, 7]]);
  assert.deepEqual(pairedDifferences(a, b), [-1, 0.5, -1]);
  assert.throws(() => pairedDifferences(new Map([[0, 1]]), new Map([[1, 1]])), /no common seed/);
});

test("detectableDifference = (t_0.975 + t_0.80) · std / √n", () => {
  close(detectableDifference(0.1, 3), (tQuantile2(0.975) + tQuantile2(0.8)) * 0.1 / Math.sqrt(3), 1e-9, "n = 3");
  close(tQuantile2(0.8), 1.06066, 1e-5, "t_0.80 with 2 dof");
  assert.ok(Number.isNaN(detectableDifference(0.1, 1)));
});

test("signHolds: yes when the interval is on the claimed side, partly when only the mean is, no otherwise", () => {
  assert.equal(signHolds(meanInterval([-0.5, -0.51, -0.49]), "negative"), "yes");
  assert.equal(signHolds(meanInterval([-0.1, -0.3, -0.2]), "negative"), "partly");
  assert.equal(signHolds(meanInterval([0.1, 0.2, 0.1]), "negative"), "no");
  assert.equal(signHolds(meanInterval([0.5, 0.51, 0.49]), "positive"), "yes");
  assert.equal(signHolds(meanInterval([-0.5, -0.51, -0.49]), "positive"), "no");
  assert.equal(signHolds(meanInterval([-0.2]), "negative"), "partly", "one seed: no interval, direction only");
  assert.equal(signHolds(meanInterval([0, 0, 0]), "negative"), "no");
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
  const s = meanInterval([-0.1, -0.3, -0.2]);
  assert.equal(fmtInterval(s), `-0.2 [95 % CI ${fmt(s.lo)}, ${fmt(s.hi)}], 3 seeds, p = ${fmt(s.p, 2)}`);
  assert.match(fmtInterval(s), /^-0\.2 \[95 % CI -0\.448, 0\.0484\], 3 seeds, p = 0\.074$/);
  const row = pairedRow("claim", s, "negative", "how");
  const asTable: Record<string, unknown>[] = [row];   // what a notebook's showTable takes (npm run typecheck fails if rows stop fitting)
  assert.equal(asTable.length, 1);
  assert.deepEqual(row, { claim: "claim", measured: fmtInterval(s), holds: "partly", "how measured": "how" });
});
