import { test } from "node:test";
import assert from "node:assert/strict";
import { gridAroundPoints, gridFromRange, gridPointAt, gridPoints, gridSize, linspace } from "../../src/analysis/grid";

const close = (x: number, y: number) => Math.abs(x - y) < 1e-12;

test("linspace: exact endpoints and even steps", () => {
  assert.deepEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(linspace(-1, 1, 3), [-1, 0, 1]);
  assert.deepEqual(linspace(2, 2, 1), [2]);
});

test("gridAroundPoints: default 20% margin on each side, 41 × 31 points", () => {
  const g = gridAroundPoints([0, 1, 2], [-1, 0, 1]);
  assert.equal(g.as.length, 41);
  assert.equal(g.bs.length, 31);
  // a extent 2 → [−0.4, 2.4], step 2.8/40 = 0.07; b extent 2 → [−1.4, 1.4], step 2.8/30
  assert.ok(close(g.as[0], -0.4) && close(g.as[40], 2.4) && close(g.as[1] - g.as[0], 0.07), `${g.as[0]} ${g.as[40]}`);
  assert.ok(close(g.bs[0], -1.4) && close(g.bs[30], 1.4), `${g.bs[0]} ${g.bs[30]}`);
});

test("gridAroundPoints covers every coordinate with the chosen margin", () => {
  const a = [3.2, -1.5, 0.7, 8.9, 4.4],
    b = [0.01, 0.05, -0.02, 0.03, 0.0];
  const g = gridAroundPoints(a, b, { margin: 0.1, nA: 11, nB: 7 });
  assert.equal(gridSize(g), 77);
  assert.ok(close(g.as[0], -1.5 - 0.1 * 10.4) && close(g.as[10], 8.9 + 0.1 * 10.4));
  assert.ok(close(g.bs[0], -0.02 - 0.1 * 0.07) && close(g.bs[6], 0.05 + 0.1 * 0.07));
  for (const x of a) assert.ok(g.as[0] < x && x < g.as[10]);
  for (const y of b) assert.ok(g.bs[0] < y && y < g.bs[6]);
});

test("gridPoints: row order (b outer, a inner) with flat indices, resumable from any index", () => {
  const g = gridFromRange({ aMin: -1, aMax: 1, bMin: 0, bMax: 1 }, 3, 2);
  const all = [...gridPoints(g)];
  assert.deepEqual(
    all.map((p) => [p.index, p.i, p.j, p.a, p.b]),
    [
      [0, 0, 0, -1, 0],
      [1, 1, 0, 0, 0],
      [2, 2, 0, 1, 0],
      [3, 0, 1, -1, 1],
      [4, 1, 1, 0, 1],
      [5, 2, 1, 1, 1],
    ],
  );
  assert.deepEqual([...gridPoints(g, 4)], all.slice(4));
  assert.deepEqual([...gridPoints(g, 6)], []);
  assert.deepEqual(gridPointAt(g, 3), all[3]);
});

test("grid errors name the bad value", () => {
  assert.throws(() => gridAroundPoints([1, 1, 1], [0, 1, 2]), /all a coordinates equal 1/);
  assert.throws(() => gridAroundPoints([0, 1], [0]), /got 2 and 1/);
  assert.throws(() => gridAroundPoints([0, NaN], [0, 1]), /a coordinate \[1\].*got NaN/);
  assert.throws(() => gridAroundPoints([0, 1], [0, 1], { margin: -0.1 }), /grid margin.*-0\.1/);
  assert.throws(() => gridAroundPoints([0, 1], [0, 1], { nA: 1 }), /nA.*got 1/);
  assert.throws(() => gridFromRange({ aMin: 1, aMax: 0, bMin: 0, bMax: 1 }), /min < max, got \[1, 0\]/);
  const g = gridFromRange({ aMin: 0, aMax: 1, bMin: 0, bMax: 1 }, 2, 2);
  assert.throws(() => [...gridPoints(g, 5)], /start index \(grid has 4 points\).*got 5/);
  assert.throws(() => gridPointAt(g, -1), /grid index.*got -1/);
});
