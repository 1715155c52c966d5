import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng, deriveSeed } from "../../src/core/rng";
import { configHash } from "../../src/core/hash";

test("Rng: same seed gives the same stream; seed 0 is a real seed", () => {
  const a = new Rng(0),
    b = new Rng(0),
    c = new Rng(1);
  const xa = [a.uniform(), a.normal()],
    xb = [b.uniform(), b.normal()];
  assert.deepEqual(xa, xb);
  assert.notEqual(c.uniform(), xa[0]);
});

test("Rng: a saved state (through JSON) continues the exact stream", () => {
  const a = new Rng(7);
  a.normal(); // leaves a cached spare normal in the state
  const saved = JSON.parse(JSON.stringify(a.state()));
  const next = [a.normal(), a.uniform(), a.normal()];
  const b = new Rng(7, saved);
  assert.deepEqual([b.normal(), b.uniform(), b.normal()], next);
});

test("Rng: normal samples have mean ~0 and variance ~1", () => {
  const r = new Rng(3);
  const x = r.fillNormal(new Float64Array(200_000));
  let m = 0,
    v = 0;
  for (const z of x) m += z;
  m /= x.length;
  for (const z of x) v += (z - m) ** 2;
  v /= x.length;
  assert.ok(Math.abs(m) < 0.01, `mean ${m}`);
  assert.ok(Math.abs(v - 1) < 0.015, `variance ${v}`);
});

test("Rng: permutation is a permutation", () => {
  const p = Array.from(new Rng(1).permutation(50)).sort((a, b) => a - b);
  assert.deepEqual(
    p,
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test("Rng: non-integer seed is rejected with its value", () => {
  assert.throws(() => new Rng(1.5), /seed must be an integer.*1\.5/);
});

test("deriveSeed and configHash are deterministic and key-order independent", () => {
  assert.equal(deriveSeed(1, "init"), deriveSeed(1, "init"));
  assert.notEqual(deriveSeed(1, "init"), deriveSeed(1, "batches"));
  assert.equal(configHash({ a: 1, b: [1, 2] }), configHash({ b: [1, 2], a: 1 }));
  assert.notEqual(configHash({ a: 1 }), configHash({ a: 2 }));
});
