import { test } from "node:test";
import assert from "node:assert/strict";
import { makeGaussianProblem } from "../../src/data/gaussian";
import { matVec, norm } from "../../src/models/nonlinear";

test("Gaussian problem: seeded, y = Xα* without noise, unit teacher has norm 1", () => {
  const a = makeGaussianProblem({ n: 4, d: 7, seed: 0 });
  const b = makeGaussianProblem({ n: 4, d: 7, seed: 0 });
  const c = makeGaussianProblem({ n: 4, d: 7, seed: 1 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.X, c.X);
  assert.deepEqual(Array.from(a.y), Array.from(matVec(a.X, 4, 7, a.alphaStar)));
  const u = makeGaussianProblem({ n: 4, d: 7, seed: 0, teacher: "unit" });
  assert.ok(Math.abs(norm(u.alphaStar) - 1) < 1e-15);
  assert.deepEqual(u.X, a.X, "X does not depend on the teacher kind");
});

test("Gaussian problem: entries ~ N(0, 1), teacher ~ N(0, I/d), label noise std σ_ε", () => {
  const p = makeGaussianProblem({ n: 150, d: 160, seed: 5, labelNoiseStd: 0.3 });
  const m = p.X.reduce((s, v) => s + v, 0) / p.X.length;
  const v = p.X.reduce((s, x) => s + x * x, 0) / p.X.length;
  assert.ok(Math.abs(m) < 0.03 && Math.abs(v - 1) < 0.04, `mean ${m} var ${v}`); // 24k samples: se 0.0065 and 0.009 (≥ 4 se margin)
  assert.ok(Math.abs(norm(p.alphaStar) ** 2 - 1) < 0.35, `‖α*‖² = ${norm(p.alphaStar) ** 2}`); // χ²_160/160: sd 0.11
  const eps = matVec(p.X, 150, 160, p.alphaStar).map((x, i) => p.y[i] - x);
  const s = Math.sqrt(eps.reduce((t, e) => t + e * e, 0) / 150);
  assert.ok(Math.abs(s - 0.3) < 0.05, `noise std ${s}`); // se ≈ 0.3/√300 ≈ 0.017
  const clean = makeGaussianProblem({ n: 150, d: 160, seed: 5 });
  assert.deepEqual(clean.X, p.X, "changing σ_ε leaves X unchanged");
});

test("Gaussian problem: bad configs throw errors naming the value", () => {
  assert.throws(() => makeGaussianProblem({ n: 10, d: 10, seed: 0 }), /n < d .* n = 10, d = 10/);
  assert.throws(() => makeGaussianProblem({ n: 2.5, d: 10, seed: 0 }), /n must be an integer .* got 2.5/);
  assert.throws(() => makeGaussianProblem({ n: 2, d: 10, seed: 0.1 }), /seed .* got 0.1/);
  assert.throws(() => makeGaussianProblem({ n: 2, d: 10, seed: 0, labelNoiseStd: -1 }), /labelNoiseStd .* got -1/);
  assert.throws(() => makeGaussianProblem({ n: 2, d: 10, seed: 0, teacher: "sphere" as never }), /teacher .* "sphere"/);
});
