import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Matrix, SingularValueDecomposition, solve } from "ml-matrix";
import { Rng } from "../../src/core/rng";
import { makeGaussianProblem } from "../../src/data/gaussian";
import {
  alphaOf,
  wOfAlpha,
  norm,
  trainLoss,
  testLoss,
  trainLossGradient,
  manifoldDecomposition,
  matVec,
  makeProblem,
  type NonlinearProblem,
} from "../../src/models/nonlinear";
import { hessian, sharpness, traceHessian, traceHessianOnManifold } from "../../src/models/nonlinear-hessian";
import { trainLossAndGradTf } from "./nonlinear-tfjs";

const GAMMAS = [0, 0.5, 1, 2];
const problem = makeGaussianProblem({ n: 6, d: 10, seed: 3 });
const randomVec = (d: number, seed: number, std = 1) => new Rng(seed).fillNormal(new Float64Array(d), std);
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0,
    den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
};

/** Central-difference gradient of f at w with step h. */
function fdGrad(f: (w: Float64Array) => number, w: Float64Array, h = 1e-5): Float64Array {
  return w.map((_, j) => {
    const wp = Float64Array.from(w),
      wm = Float64Array.from(w);
    wp[j] += h;
    wm[j] -= h;
    return (f(wp) - f(wm)) / (2 * h);
  });
}

/** Hessian [d][d] by central differences of the closed-form gradient, symmetrized. */
function fdHessian(p: NonlinearProblem, w: Float64Array, gamma: number, h = 1e-5): number[][] {
  const cols = Array.from(w, (_, j) => {
    const wp = Float64Array.from(w),
      wm = Float64Array.from(w);
    wp[j] += h;
    wm[j] -= h;
    const gp = trainLossGradient(p, wp, gamma),
      gm = trainLossGradient(p, wm, gamma);
    return Array.from(gp, (v, i) => (v - gm[i]) / (2 * h));
  });
  return cols.map((c, i) => c.map((v, j) => (v + cols[j][i]) / 2));
}

/** A point on the minima manifold: α = α_mn + (null-space vector), w = α⁻¹(α). */
function pointOnManifold(p: NonlinearProblem, gamma: number, seed: number): Float64Array {
  const v = randomVec(p.d, seed, 0.5);
  const along = Float64Array.from(v, (x, j) => x - matVec(p.pinvX, p.d, p.n, matVec(p.X, p.n, p.d, v))[j]);
  return wOfAlpha(
    p.alphaMn.map((a, j) => a + along[j]),
    gamma,
  );
}

test("alpha: hand-computed values; alpha and its inverse are inverses; ‖α‖ = ‖w‖^(1+γ)", () => {
  assert.deepEqual(Array.from(alphaOf(Float64Array.of(3, 4), 1)), [15, 20]);
  assert.deepEqual(Array.from(wOfAlpha(Float64Array.of(15, 20), 1)), [3, 4]);
  assert.deepEqual(Array.from(alphaOf(Float64Array.of(3, 4), 0)), [3, 4]);
  for (const gamma of GAMMAS) {
    const w = randomVec(10, 11);
    const alpha = alphaOf(w, gamma);
    assert.ok(Math.abs(norm(alpha) - norm(w) ** (1 + gamma)) < 1e-12 * norm(alpha));
    assert.ok(relErr(wOfAlpha(alpha, gamma), w) < 1e-14, `gamma ${gamma}`);
    assert.ok(relErr(alphaOf(wOfAlpha(w, gamma), gamma), w) < 1e-14, `gamma ${gamma}`);
  }
  assert.deepEqual(Array.from(wOfAlpha(new Float64Array(3), 0.5)), [0, 0, 0]);
});

test("gradient matches central finite differences (rel err < 1e-6, float64)", () => {
  for (const gamma of GAMMAS) {
    const w = randomVec(problem.d, 21, 0.4);
    const err = relErr(
      trainLossGradient(problem, w, gamma),
      fdGrad((v) => trainLoss(problem, v, gamma), w),
    );
    assert.ok(err < 1e-6, `gamma ${gamma}: rel err ${err}`);
  }
});

test("gradient matches tf.grad of the float32 tfjs reference; no tensor leak", async () => {
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  for (const gamma of GAMMAS) {
    const w = randomVec(problem.d, 31, 0.4); // off the manifold: residuals O(1), no cancellation
    const { loss, grad } = trainLossAndGradTf(problem, w, gamma);
    // float32 has eps ≈ 1.2e-7; each entry goes through a d-term dot product, the n-term sum and a
    // pow, so errors up to ~10·eps are expected; observed ≤ 2.1e-7 (≈ 2 eps), so 2e-5 leaves 100× margin
    // while still catching any real formula error (those are O(1) relative).
    assert.ok(relErr(grad, trainLossGradient(problem, w, gamma)) < 2e-5, `gamma ${gamma} grad`);
    assert.ok(
      Math.abs(loss - trainLoss(problem, w, gamma)) < 2e-5 * trainLoss(problem, w, gamma),
      `gamma ${gamma} loss`,
    );
  }
  assert.equal(tf.memory().numTensors, before);
});

test("tr(H) on the manifold matches the trace of a finite-difference Hessian", () => {
  for (const gamma of GAMMAS) {
    const w = pointOnManifold(problem, gamma, 41);
    assert.ok(trainLoss(problem, w, gamma) < 1e-25, "point is on M");
    const H = fdHessian(problem, w, gamma);
    const trFd = H.reduce((s, row, i) => s + row[i], 0);
    const tr = traceHessianOnManifold(problem, w, gamma);
    assert.ok(Math.abs(tr - trFd) < 1e-7 * tr, `gamma ${gamma}: ${tr} vs ${trFd}`);
    assert.ok(Math.abs(traceHessian(problem, w, gamma) - tr) < 1e-12 * tr, "general formula reduces to it on M");
  }
  // γ = 0: H = XᵀX/n, trace = ‖X‖_F²/n by hand
  const frob = problem.X.reduce((s, v) => s + v * v, 0) / problem.n;
  assert.ok(Math.abs(traceHessianOnManifold(problem, randomVec(10, 1), 0) - frob) < 1e-12 * frob);
});

test("Hessian, its trace and sharpness off the manifold match finite differences", () => {
  for (const gamma of GAMMAS) {
    const w = randomVec(problem.d, 51, 0.4);
    const Hfd = fdHessian(problem, w, gamma);
    const H = hessian(problem, w, gamma);
    assert.ok(relErr(H.to1DArray(), Hfd.flat()) < 1e-7, `gamma ${gamma} Hessian`);
    const trFd = Hfd.reduce((s, row, i) => s + row[i], 0);
    assert.ok(Math.abs(traceHessian(problem, w, gamma) - trFd) < 1e-7 * Math.abs(trFd), `gamma ${gamma} trace`);
    if (gamma > 0)
      assert.ok(
        Math.abs(traceHessianOnManifold(problem, w, gamma) - trFd) > 1e-3,
        "the manifold formula is not exact off M",
      );
  }
  // γ = 0: sharpness = λ_max(XᵀX/n) = σ_max(X)²/n, via an independent SVD
  const svd = new SingularValueDecomposition(
    new Matrix(Array.from({ length: problem.n }, (_, i) => Array.from(problem.X.subarray(i * 10, i * 10 + 10)))),
    { autoTranspose: true },
  );
  const expected = svd.diagonal[0] ** 2 / problem.n;
  assert.ok(Math.abs(sharpness(problem, randomVec(10, 2), 0) - expected) < 1e-10 * expected);
});

test("α_mn solves Xα = y and is orthogonal to the null space of X", () => {
  const { X, n, d, y, alphaMn } = problem;
  assert.ok(relErr(matVec(X, n, d, alphaMn), y) < 1e-12);
  // null-space vectors built independently of the pseudo-inverse: v − Xᵀ(XXᵀ)⁻¹Xv
  const Xm = new Matrix(Array.from({ length: n }, (_, i) => Array.from(X.subarray(i * d, (i + 1) * d))));
  for (let s = 0; s < 5; s++) {
    const v = randomVec(d, 60 + s);
    const c = solve(Xm.mmul(Xm.transpose()), Matrix.columnVector(Array.from(matVec(X, n, d, v))));
    const u = v.map((x, j) => x - Xm.transpose().mmul(c).get(j, 0));
    assert.ok(norm(matVec(X, n, d, u)) < 1e-12 * norm(v), "u is in the null space");
    assert.ok(Math.abs(u.reduce((t, x, j) => t + x * alphaMn[j], 0)) < 1e-12 * norm(u) * norm(alphaMn));
  }
});

test("decomposition: orthogonal parts, along-part in the null space, off-part = α − α_mn on M", () => {
  const alpha = randomVec(problem.d, 71);
  const m = manifoldDecomposition(problem, alpha);
  assert.ok(Math.abs(m.distMn ** 2 - m.distOff ** 2 - m.distAlong ** 2) < 1e-12 * m.distMn ** 2);
  assert.ok(norm(matVec(problem.X, problem.n, problem.d, m.alongPart)) < 1e-12 * m.distAlong);
  assert.ok(Math.abs(m.offPart.reduce((s, x, j) => s + x * m.alongPart[j], 0)) < 1e-12);
  const onM = alphaOf(pointOnManifold(problem, 1, 72), 1);
  assert.ok(manifoldDecomposition(problem, onM).distOff < 1e-12, "points on M have no off part");
});

test("test loss: closed form ½‖α − α*‖² + ½σ_ε² matches a Monte Carlo estimate", () => {
  const p = makeGaussianProblem({ n: 3, d: 5, seed: 9, labelNoiseStd: 0.5 });
  const alpha = randomVec(5, 81, 0.5);
  assert.equal(testLoss(p, wOfAlpha(p.alphaStar, 1), 1).toFixed(12), (0.125).toFixed(12));
  const rng = new Rng(82),
    x = new Float64Array(5),
    N = 200_000;
  let sum = 0;
  for (let s = 0; s < N; s++) {
    rng.fillNormal(x);
    let e = -0.5 * rng.normal();
    for (let j = 0; j < 5; j++) e += (alpha[j] - p.alphaStar[j]) * x[j];
    sum += 0.5 * e * e;
  }
  const exact = testLoss(p, wOfAlpha(alpha, 1), 1);
  assert.ok(Math.abs(sum / N - exact) < 0.02 * exact, `${sum / N} vs ${exact}`); // MC rel. std ≈ √2/√N ≈ 0.3%
});

test("bad inputs throw errors naming the value", () => {
  assert.throws(() => alphaOf(Float64Array.of(1, 2), -0.5), /gamma .* got -0.5/);
  assert.throws(() => trainLossGradient(problem, randomVec(10, 1), NaN), /gamma .* got NaN/);
  assert.throws(
    () => makeProblem({ n: 3, d: 3, X: new Float64Array(9), y: new Float64Array(3), alphaStar: new Float64Array(3) }),
    /n < d .* n = 3, d = 3/,
  );
  assert.throws(
    () => makeProblem({ n: 2, d: 3, X: new Float64Array(5), y: new Float64Array(2), alphaStar: new Float64Array(3) }),
    /X must have n\*d = 6 entries, got 5/,
  );
  assert.throws(() => traceHessianOnManifold(problem, new Float64Array(10), 0.5), /undefined at w = 0 for gamma = 0.5/);
});
