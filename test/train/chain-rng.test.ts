import { test } from "node:test";
import assert from "node:assert/strict";
import { ChainRng } from "../../src/train/chain-rng";
import { dotRow, axpbyNorm2 } from "../../src/kernels/vector";

test("ChainRng: same seed, same stream; other seed, other stream; bad seed named", () => {
  const a = new ChainRng(7),
    b = new ChainRng(7),
    c = new ChainRng(8);
  const draw = (r: ChainRng) => [r.uniform(), r.int(20), r.normal(), r.normal(), r.normal()];
  const [da, db, dc] = [draw(a), draw(b), draw(c)];
  assert.deepEqual(da, db);
  assert.notDeepEqual(da, dc);
  assert.throws(() => new ChainRng(1.5), /seed .* got 1.5/);
});

test("ChainRng: uniforms in [0, 1), integers cover [0, n) evenly, normals and blocks have N(0, 1) moments", () => {
  const r = new ChainRng(3),
    N = 200_000;
  const counts = new Array(5).fill(0);
  let umin = 1,
    umax = 0;
  for (let i = 0; i < N; i++) {
    const u = r.uniform();
    umin = Math.min(umin, u);
    umax = Math.max(umax, u);
    counts[r.int(5)]++;
  }
  assert.ok(umin >= 0 && umax < 1);
  for (const c of counts) assert.ok(Math.abs(c / N - 0.2) < 0.005, `int(5) frequency ${c / N}`); // se ≈ 0.0009
  const moments = (z: ArrayLike<number>) => {
    let m1 = 0,
      m2 = 0,
      m4 = 0;
    for (let i = 0; i < z.length; i++) {
      m1 += z[i];
      m2 += z[i] ** 2;
      m4 += z[i] ** 4;
    }
    return [m1 / z.length, m2 / z.length, m4 / z.length];
  };
  const single = Float64Array.from({ length: N }, () => r.normal());
  const block = r.fillNormals(new Float64Array(N + 1)); // odd length: the last pair is cut in half
  for (const z of [single, block]) {
    const [m1, m2, m4] = moments(z);
    assert.ok(Math.abs(m1) < 0.012, `mean ${m1}`); // se ≈ 0.0022
    assert.ok(Math.abs(m2 - 1) < 0.02, `variance ${m2}`); // se ≈ 0.0032
    assert.ok(Math.abs(m4 - 3) < 0.15, `fourth moment ${m4}`); // se ≈ 0.022
  }
});

test("vector kernels: dotRow and axpbyNorm2 equal the plain loops, for d not divisible by 4", () => {
  const d = 7,
    X = Float64Array.from({ length: 3 * d }, (_, i) => (i % 5) - 2),
    w = Float64Array.from({ length: d }, (_, j) => j + 1);
  // row 1 of X is [0, 1, 2, -2, -1, 0, 1]·[1..7] = 0 + 2 + 6 − 8 − 5 + 0 + 7 = 2
  assert.equal(dotRow(X, d, w, d), 2);
  const v = w.slice();
  const n2 = axpbyNorm2(v, 2, -1, X, d, d); // 2w − row1 = [2, 3, 4, 10, 11, 12, 13]
  assert.deepEqual(Array.from(v), [2, 3, 4, 10, 11, 12, 13]);
  assert.equal(n2, 4 + 9 + 16 + 100 + 121 + 144 + 169);
});
