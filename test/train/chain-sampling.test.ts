import { test } from "node:test";
import assert from "node:assert/strict";
import { CancelledError, ConfigError } from "../../src/core/errors";
import { makeGaussianProblem } from "../../src/data/gaussian";
import { makeProblem } from "../../src/models/nonlinear";
import { runChains, type ChainProgress } from "../../src/train/chains";
import type { ChainConfig } from "../../src/train/chain-config";

/**
 * Coordinate problem: X = [I_n | 0] (rows e_i in ℝ^(n+1)), y = 1, γ = 0, w0 = 0. A step with batch
 * S moves exactly the coordinates i ∈ S: w_i ← w_i − (η/B)(w_i − ỹ_i), so w reveals the batches.
 */
function coordinateProblem(n: number, label = 1) {
  const d = n + 1,
    X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) X[i * d + i] = 1;
  return makeProblem({ n, d, X, y: new Float64Array(n).fill(label), alphaStar: new Float64Array(d) });
}
const countOf = (w: ArrayLike<number>, v: number) => Array.from(w).filter((x) => x === v).length;

test("sampling: random reshuffling, each index once per pass when B divides n", async () => {
  const n = 6,
    B = 2,
    p = coordinateProblem(n);
  for (const seed of [0, 1, 2]) {
    // chains with T = 1..6 and one seed are prefixes of the same run; η/B = 1/2
    const chains: ChainConfig[] = [1, 2, 3, 4, 5, 6].map((T) => ({
      seed,
      gamma: 0,
      lr: 1,
      stepsBeforeDecay: T,
      stepsAfterDecay: 0,
      batchSize: B,
      w0: new Float64Array(n + 1),
    }));
    const r = await runChains(p, chains, { recordEverySteps: 100 });
    for (let t = 1; t <= 6; t++) {
      const w = r.finalW.subarray((t - 1) * (n + 1), t * (n + 1));
      assert.equal(w[n], 0, "the coordinate outside the data never moves");
      if (t <= 3) assert.deepEqual([countOf(w, 0.5), countOf(w, 0)], [2 * t, 7 - 2 * t], `seed ${seed} step ${t}`);
      else
        assert.deepEqual([countOf(w, 0.75), countOf(w, 0.5)], [2 * (t - 3), 6 - 2 * (t - 3)], `seed ${seed} step ${t}`);
    }
  }
});

test("sampling: with B ∤ n the n mod B leftover indices of a pass are skipped", async () => {
  const n = 5,
    p = coordinateProblem(n);
  const chains: ChainConfig[] = [2, 3].map((T) => ({
    seed: 7,
    gamma: 0,
    lr: 2,
    stepsBeforeDecay: T,
    stepsAfterDecay: 0,
    batchSize: 2,
    w0: new Float64Array(n + 1),
  })); // η/B = 1: a sampled coordinate jumps to 1
  const r = await runChains(p, chains, { recordEverySteps: 100 });
  assert.equal(countOf(r.finalW.subarray(0, 6), 1), 4, "pass 1 = 2 steps over 4 distinct indices");
  assert.ok(countOf(r.finalW.subarray(6, 12), 1) >= 4, "step 3 starts a new pass");
});

test("full batch without label noise is plain GD: independent of the seed", async () => {
  const p = makeGaussianProblem({ n: 8, d: 12, seed: 3 });
  const w0 = Float64Array.from({ length: 12 }, (_, j) => Math.cos(j));
  const cfg = (seed: number): ChainConfig => ({
    seed,
    gamma: 1,
    lr: 0.05,
    stepsBeforeDecay: 50,
    stepsAfterDecay: 0,
    w0,
  });
  const r = await runChains(p, [cfg(1), cfg(2)], { recordEverySteps: 10 });
  assert.deepEqual(Array.from(r.finalW.subarray(0, 12)), Array.from(r.finalW.subarray(12, 24)));
});

test("label noise: fresh N(0, σ²) added to the sampled labels at every step", async () => {
  // y = 0, B = n, η/B = 1: after any step w_i = σ z_i with this step's noise z_i
  const n = 50,
    sigma = 0.7,
    p = coordinateProblem(n, 0);
  const chains: ChainConfig[] = [];
  for (let seed = 0; seed < 20; seed++)
    for (const T of [1, 2]) {
      chains.push({
        seed,
        gamma: 0,
        lr: n,
        stepsBeforeDecay: T,
        stepsAfterDecay: 0,
        labelNoiseStd: sigma,
        w0: new Float64Array(n + 1),
      });
    }
  const r = await runChains(p, chains, { recordEverySteps: 100 });
  const z1: number[] = [],
    z2: number[] = [];
  for (let s = 0; s < 20; s++) {
    z1.push(...r.finalW.subarray(2 * s * (n + 1), 2 * s * (n + 1) + n));
    z2.push(...r.finalW.subarray((2 * s + 1) * (n + 1), (2 * s + 1) * (n + 1) + n));
  }
  const std = Math.sqrt(z1.reduce((s, v) => s + v * v, 0) / z1.length);
  const corr =
    z1.reduce((s, v, i) => s + v * z2[i], 0) /
    Math.sqrt(z1.reduce((s, v) => s + v * v, 0) * z2.reduce((s, v) => s + v * v, 0));
  assert.ok(Math.abs(std - sigma) < 0.1 * sigma, `std ${std}`); // 1000 samples: se ≈ 2.2%
  assert.ok(Math.abs(corr) < 0.15, `correlation of consecutive steps' noise ${corr}`); // se ≈ 0.03
});

test("schedule: lr is η for steps ≤ T and η·factor after; records carry it", async () => {
  const p = makeGaussianProblem({ n: 4, d: 6, seed: 0 });
  const r = await runChains(
    p,
    [{ seed: 0, gamma: 1, lr: 0.01, stepsBeforeDecay: 3, stepsAfterDecay: 2, lrDecayFactor: 0.25 }],
    { recordEverySteps: 1 },
  );
  assert.deepEqual(
    r.records.map((x) => [x.step, x.lr]),
    [
      [0, 0.01],
      [1, 0.01],
      [2, 0.01],
      [3, 0.01],
      [4, 0.0025],
      [5, 0.0025],
    ],
  );
});

test("bad configs throw ConfigErrors naming the chain and the value", async () => {
  const p = makeGaussianProblem({ n: 20, d: 40, seed: 0 });
  const ok: ChainConfig = { seed: 0, gamma: 1, lr: 0.01, stepsBeforeDecay: 10, stepsAfterDecay: 5 };
  const bad: [Partial<ChainConfig>, RegExp][] = [
    [{ gamma: -1 }, /chain 1: gamma .* got -1/],
    [{ batchSize: 21 }, /chain 1: batchSize must be an integer in \[1, 20\], got 21/],
    [{ lr: 0 }, /chain 1: lr must be > 0, got 0/],
    [{ lr: -0.1 }, /chain 1: lr .* got -0.1/],
    [{ stepsBeforeDecay: 10.5 }, /chain 1: stepsBeforeDecay must be an integer .* got 10.5/],
    [{ stepsAfterDecay: -1 }, /chain 1: stepsAfterDecay .* got -1/],
    [{ lrDecayFactor: 0 }, /chain 1: lrDecayFactor must be > 0, got 0/],
    [{ seed: 1.5 }, /chain 1: seed .* got 1.5/],
    [{ w0: new Float64Array(39) }, /chain 1: w0 must have d = 40 entries, got 39/],
    [{ w0: new Float64Array(40) }, /chain 1: w0 must be nonzero when gamma = 1/],
  ];
  for (const [patch, re] of bad) {
    await assert.rejects(
      runChains(p, [ok, { ...ok, ...patch }], { recordEverySteps: 1 }),
      (e: Error) => e instanceof ConfigError && re.test(e.message),
    );
  }
  await assert.rejects(runChains(p, [ok], { recordEverySteps: 0 }), /recordEverySteps .* got 0/);
  await assert.rejects(runChains(p, [], { recordEverySteps: 1 }), /number of chains .* got 0/);
  await assert.rejects(
    runChains([p, p], [ok], { recordEverySteps: 1 }),
    /one problem per chain: got 2 problems for 1 chains/,
  );
  assert.throws(() => makeGaussianProblem({ n: 40, d: 40, seed: 0 }), /n < d .* n = 40, d = 40/);
});

test("cancellation: an aborted signal stops the run with CancelledError; progress reaches the total", async () => {
  const p = makeGaussianProblem({ n: 20, d: 40, seed: 0 });
  const long: ChainConfig = { seed: 0, gamma: 1, lr: 0.001, stepsBeforeDecay: 1e9, stepsAfterDecay: 0, batchSize: 1 };
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(runChains(p, [long], { recordEverySteps: 1e6, signal: pre.signal }), CancelledError);
  const short = { ...long, stepsBeforeDecay: 10 }; // shorter than one check interval: checked up front
  await assert.rejects(runChains(p, [short], { recordEverySteps: 1e6, signal: pre.signal }), CancelledError);
  const mid = new AbortController();
  setTimeout(() => mid.abort(), 20);
  const t0 = performance.now();
  await assert.rejects(runChains(p, [long], { recordEverySteps: 1e6, signal: mid.signal }), CancelledError);
  assert.ok(performance.now() - t0 < 5000, "stopped long before 1e9 steps");
  const seen: ChainProgress[] = [];
  await runChains(
    p,
    [
      { ...long, stepsBeforeDecay: 2500 },
      { ...long, stepsBeforeDecay: 10 },
    ],
    { recordEverySteps: 100, onProgress: (x) => seen.push(x) },
  );
  assert.deepEqual(seen.at(-1), { chainsDone: 2, chains: 2, stepsDone: 2510, stepsTotal: 2510 });
});
