import { test } from "node:test";
import assert from "node:assert/strict";
import { driftRate, driftWindow, fitExponential, fitLine, fitPowerLaw } from "../../src/analysis/drift-rate";
import { ConfigError } from "../../src/core/errors";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test("fitLine: exact line, and the hand-computed least-squares line through (0,0), (1,1), (2,3)", () => {
  const f = fitLine([0, 1, 2, 3], [1, 3, 5, 7]);
  close(f.slope, 2, 1e-12, "slope");
  close(f.intercept, 1, 1e-12, "intercept");
  close(f.r2, 1, 1e-12, "r2");
  // normal equations: slope = Sxy/Sxx = 3/2, intercept = 4/3 − 3/2 = −1/6; residuals 1/6, −1/3, 1/6 → SSres = 1/6, SStot = 14/3
  const g = fitLine([0, 1, 2], [0, 1, 3]);
  close(g.slope, 1.5, 1e-12, "slope");
  close(g.intercept, -1 / 6, 1e-12, "intercept");
  close(g.r2, 1 - 1 / 6 / (14 / 3), 1e-12, "r2");
});

test("fitExponential recovers A·exp(−λt) exactly; fitPowerLaw recovers c·x^k exactly", () => {
  const t = [0, 100, 250, 400, 1000];
  const e = fitExponential(
    t,
    t.map((s) => 0.7 * Math.exp(-3.2e-3 * s)),
  );
  close(e.rate, 3.2e-3, 1e-15, "rate");
  close(e.amplitude, 0.7, 1e-12, "amplitude");
  close(e.r2, 1, 1e-12, "r2");
  const x = [0.005, 0.007, 0.01, 0.02];
  const p = fitPowerLaw(
    x,
    x.map((v) => 8.6 * v ** 2),
  );
  close(p.exponent, 2, 1e-12, "exponent");
  close(p.coefficient, 8.6, 1e-9, "coefficient");
  const b = fitPowerLaw([1, 2, 4, 8], [1e-3, 5e-4, 2.5e-4, 1.25e-4]);
  close(b.exponent, -1, 1e-12, "batch exponent");
});

test("driftWindow starts at the first value ≤ startBelow and stops before the floor; driftRate fits only that part", () => {
  const steps = [0, 10, 20, 30, 40, 50, 60];
  const values = [5, 4, 0.9, 0.09, 0.009, 1e-12, 1e-13];
  assert.deepEqual(driftWindow(steps, values, { startBelow: 1, stopBelow: 1e-8 }), {
    steps: [20, 30, 40],
    values: [0.9, 0.09, 0.009],
  });
  assert.deepEqual(driftWindow(steps, values, { fromStep: 30, toStep: 40 }).steps, [30, 40]);
  const r = driftRate(steps, values, { startBelow: 1, stopBelow: 1e-8 })!;
  close(r.rate, Math.log(10) / 10, 1e-12, "rate of a decade per 10 steps");
  assert.equal(driftRate(steps, values, { startBelow: 1e-3 }), null, "too few points → null");
});

test("bad input: errors name the bad value", () => {
  assert.throws(
    () => fitLine([1, 1], [2, 3]),
    (e: Error) => e instanceof ConfigError && /all x equal 1/.test(e.message),
  );
  assert.throws(() => fitLine([1], [2]), /at least 2 points, got 1/);
  assert.throws(() => fitExponential([0, 1], [1, 0]), /value 1 = 0 must be > 0/);
  assert.throws(() => fitPowerLaw([0, 1], [1, 1]), /point 0 \(0, 1\) must be positive/);
  assert.throws(() => fitLine([0, NaN], [1, 2]), /point 1 \(NaN, 2\) is not finite/);
});
