import { test } from "node:test";
import assert from "node:assert/strict";
import { makeGaussianProblem } from "../../src/data/gaussian";
import { matVec, norm, trainLoss, wOfAlpha } from "../../src/models/nonlinear";
import { traceHessianOnManifold } from "../../src/models/nonlinear-hessian";
import {
  flattestNorm,
  manifoldConstants,
  predictedDriftRate,
  traceHOnManifoldAtNorm,
} from "../../src/models/nonlinear-theory";
import { buildProblem } from "../../src/experiments/nonlinear/run";
import { flattestPoints, landscapeGrid, manifoldCurve } from "../../src/experiments/nonlinear/landscape";
import { Rng } from "../../src/core/rng";

const p = makeGaussianProblem({ n: 10, d: 20, seed: 5 });
/** A point of M: α_mn plus a null-space vector of norm c. */
function onManifold(c: number, seed: number): Float64Array {
  const v = new Rng(seed).fillNormal(new Float64Array(p.d));
  const r = matVec(p.pinvX, p.d, p.n, matVec(p.X, p.n, p.d, v));
  const u = v.map((x, j) => x - r[j]);
  const s = c / norm(u);
  return p.alphaMn.map((a, j) => a + s * u[j]);
}

test("tr H on M depends on ‖α‖ only and equals the Hessian module's trace at points of M", () => {
  const k = manifoldConstants(p);
  for (const gamma of [0, 0.5, 1, 2]) {
    for (const [c, seed] of [
      [0, 1],
      [0.3, 2],
      [1.2, 3],
    ] as const) {
      const alpha = onManifold(c, seed);
      const w = wOfAlpha(alpha, gamma);
      assert.ok(trainLoss(p, w, gamma) < 1e-20, "the point is on M");
      const a = traceHessianOnManifold(p, w, gamma),
        b = traceHOnManifoldAtNorm(k, gamma, norm(alpha));
      assert.ok(Math.abs(a - b) < 1e-10 * a, `γ = ${gamma}, c = ${c}: ${a} vs ${b}`);
    }
  }
});

test("flattestNorm is the grid minimizer of tr H over ‖α‖ ≥ ‖α_mn‖; for n = 1 it is sqrt(2+γ)·‖α_mn‖", () => {
  const k = manifoldConstants(p);
  for (const gamma of [0.5, 1, 2]) {
    const rs = Array.from({ length: 4001 }, (_, i) => k.normAlphaMn * (1 + (3 * i) / 4000));
    const best = rs.reduce((b, r) =>
      traceHOnManifoldAtNorm(k, gamma, r) < traceHOnManifoldAtNorm(k, gamma, b) ? r : b,
    );
    assert.ok(
      Math.abs(best - flattestNorm(k, gamma)) < 1e-3 * k.normAlphaMn,
      `γ = ${gamma}: grid ${best} vs ${flattestNorm(k, gamma)}`,
    );
  }
  const one = buildProblem({ kind: "explicit", n: 1, d: 2, X: [1, 0.5], y: [1], alphaStar: [0.6, 0.8] });
  const a = Math.hypot(0.8, 0.4);
  assert.ok(Math.abs(flattestNorm(manifoldConstants(one), 1) - Math.sqrt(3) * a) < 1e-12);
  for (const w of flattestPoints(one, 1)) {
    assert.ok(trainLoss(one, Float64Array.from(w), 1) < 1e-24, "flattest points lie on M");
    assert.ok(
      traceHessianOnManifold(one, Float64Array.from(w), 1) < traceHessianOnManifold(one, wOfAlpha(one.alphaMn, 1), 1),
    );
  }
});

test("predicted drift rate = (η²σ²/4B)·‖w_mn‖^(2γ)·2·dtrH/d‖v‖² at 0 (finite differences), 0 for γ = 0", () => {
  const k = manifoldConstants(p);
  for (const gamma of [0.5, 1, 2]) {
    const a = k.normAlphaMn,
      h = 1e-6 * a * a;
    const R = (s: number) => traceHOnManifoldAtNorm(k, gamma, Math.sqrt(a * a + s));
    const dR = (R(h) - R(-h)) / (2 * h);
    const expected = ((0.01 ** 2 * 0.7 ** 2) / (4 * 3)) * a ** ((2 * gamma) / (1 + gamma)) * 2 * dR;
    const got = predictedDriftRate(k, { lr: 0.01, labelNoiseStd: 0.7, batchSize: 3, gamma });
    assert.ok(Math.abs(got - expected) < 1e-6 * Math.abs(expected), `γ = ${gamma}: ${got} vs ${expected}`);
  }
  assert.equal(predictedDriftRate(k, { lr: 0.01, labelNoiseStd: 1, batchSize: 1, gamma: 0 }), 0);
  assert.throws(() => predictedDriftRate(k, { lr: 0.01, labelNoiseStd: 1, batchSize: 0, gamma: 1 }), /batchSize/);
});

test("notebook 04 geometry: grid values are the losses, the manifold curve has zero train loss", () => {
  const one = buildProblem({ kind: "explicit", n: 1, d: 2, X: [1, 0.5], y: [1], alphaStar: [0.6, 0.8] });
  const g = landscapeGrid(one, 1, 2, 5);
  assert.deepEqual(g.axis, [-2, -1, 0, 1, 2]);
  // w = (1, 0) (row 2 = w₂ = 0, column 3 = w₁ = 1): α = w, L = ½(1 − 1)² = 0; test = ½((1 − .6)² + .8²) = 0.4
  assert.ok(Math.abs(g.train[2][3]) < 1e-15 && Math.abs(g.test[2][3] - 0.4) < 1e-12);
  // w = (0, 2): ‖w‖ = 2, α = (0, 4), x·α = 2 → L = ½
  assert.ok(Math.abs(g.train[4][2] - 0.5) < 1e-12);
  const m = manifoldCurve(one, 1, 3, 51);
  m.w0.forEach((w0, i) => assert.ok(trainLoss(one, Float64Array.from([w0, m.w1[i]]), 1) < 1e-24));
});
