// The claim map's figure: colour class by sign and resolution, ★ and a bold border exactly where the interval
// excludes zero, the cell text, row/column order, diverged cells grey with their note.
import { test } from "node:test";
import assert from "node:assert/strict";
import { claimMapCellText, claimMapFigure, type ClaimMapCell } from "../../src/figures/claim-map";

const iv = (mean: number, lo: number, hi: number, n = 8) => ({ mean, lo, hi, n, excludesZero: lo > 0 || hi < 0 });
const cells: ClaimMapCell[] = [
  { row: "MLP · λ=0.0001", column: "MNIST", loss: iv(0.0031, 0.0012, 0.005), acc: iv(-0.004, -0.007, -0.001) },
  { row: "MLP · λ=0.0001", column: "Fashion-MNIST", loss: iv(-0.001, -0.003, 0.001), acc: iv(0.001, -0.002, 0.004) },
  { row: "MLP · λ=0.003", column: "MNIST", loss: iv(-0.0042, -0.0061, -0.0023), acc: iv(0.002, -0.001, 0.005) },
  { row: "MLP · λ=0.003", column: "Fashion-MNIST", diverged: "main path (seed 3) at epoch 1" },
];

test("z: +2 resolved higher, −1 lower unresolved, −2 resolved lower, 0 diverged; rows top to bottom in the given order", () => {
  const fig = claimMapFigure(cells, { decays: [10, 100] });
  const h = fig.data[0] as {
    z: number[][];
    x: string[];
    y: string[];
    colorscale: [number, string][];
    zmin: number;
    zmax: number;
  };
  assert.deepEqual(h.x, ["MNIST", "Fashion-MNIST"]);
  assert.deepEqual(h.y, ["MLP · λ=0.0001", "MLP · λ=0.003"]);
  assert.deepEqual(h.z, [
    [2, -1],
    [-2, 0],
  ]);
  assert.equal((fig.layout.yaxis as { autorange: string }).autorange, "reversed", "the first row is on top");
  // 5 colour bands over [−2.5, 2.5]: z = −2 falls in the first band (dark blue), +2 in the last (dark red)
  const band = (z: number) => h.colorscale[2 * Math.floor((z - h.zmin) / ((h.zmax - h.zmin) / 5))][1];
  assert.equal(band(-2), "#2166ac");
  assert.equal(band(2), "#b2182b");
  assert.equal(band(0), "#e0e0e0");
  assert.match(
    JSON.stringify(fig.layout.title),
    /paired Δ final test loss after decaying at epoch 100 − at epoch 10: mean \[95% CI\] over seeds/,
  );
});

test("a bold border around exactly the cells whose interval excludes zero, at their category positions", () => {
  const shapes = claimMapFigure(cells).layout.shapes as { x0: number; x1: number; y0: number; y1: number }[];
  assert.deepEqual(
    shapes.map((s) => [s.x0, s.x1, s.y0, s.y1]),
    [
      [-0.5, 0.5, -0.5, 0.5],
      [-0.5, 0.5, 0.5, 1.5],
    ],
  );
});

test("cell text: ★ when resolved, Δ mean [lo, hi] with signs, n, accuracy Δ in percentage points", () => {
  assert.equal(claimMapCellText(cells[2]), "★ Δ -0.0042 [-0.0061, -0.0023]<br>n=8<br>acc Δ +0.20 pp");
  assert.equal(claimMapCellText(cells[1]), "Δ -0.0010 [-0.0030, +0.0010]<br>n=8<br>acc Δ +0.10 pp");
  assert.equal(claimMapCellText(cells[0]), "★ Δ +0.0031 [+0.0012, +0.0050]<br>n=8<br>acc Δ -0.40 pp *");
  assert.equal(claimMapCellText(cells[3]), "diverged<br>main path (seed 3) at epoch 1");
  assert.equal(
    claimMapCellText({ row: "r", column: "c", loss: { mean: 0.5, lo: NaN, hi: NaN, n: 1, excludesZero: false } }),
    "Δ +0.5000<br>n=1",
  );
});

test("explicit row and column order; a missing combination stays empty (null, no text)", () => {
  const fig = claimMapFigure(cells.slice(0, 3), {
    rows: ["MLP · λ=0.003", "MLP · λ=0.0001"],
    columns: ["Fashion-MNIST", "MNIST"],
  });
  const h = fig.data[0] as { z: (number | null)[][]; text: string[][] };
  assert.deepEqual(h.z, [
    [null, -2],
    [-1, 2],
  ]);
  assert.equal(h.text[0][0], "");
  assert.equal(fig.layout.height, 140 + 64 * 2);
});
