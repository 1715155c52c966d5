import { test } from "node:test";
import assert from "node:assert/strict";
import { lossCurvesFigure, decayEpochFigure, subpathColor } from "../../src/figures/late-decay";

const main = { name: "main path", decayEpoch: null, epochs: [0, 10, 20, 30], values: [0.5, 0.2, 0.15, 0.14] };
const sub10 = { name: "decay at 10", decayEpoch: 10, epochs: [10, 15, 20], values: [0.2, 0.16, 0.155] };
const sub20 = { name: "decay at 20", decayEpoch: 20, epochs: [20, 25, 30], values: [0.15, 0.13, 0.125] };

test("loss curves: main path black, subpaths in palette order, decay diamonds on the main path", () => {
  const fig = lossCurvesFigure([main, sub10, sub20], [main, sub10, sub20]);
  const lines = fig.data.filter((t) => t.mode === "lines");
  assert.equal(lines.length, 6);
  assert.deepEqual(
    lines.slice(0, 3).map((t) => (t.line as { color: string }).color),
    ["black", subpathColor(0), subpathColor(1)],
  );
  const diamonds = fig.data.filter((t) => t.mode === "markers").slice(0, 2);
  assert.deepEqual(
    diamonds.map((d) => [d.x, d.y]),
    [
      [[10], [0.2]],
      [[20], [0.15]],
    ],
    "at the main path's values at the decay epochs",
  );
  assert.deepEqual(
    diamonds.map((d) => (d.marker as { color: string }).color),
    [subpathColor(0), subpathColor(1)],
  );
  assert.deepEqual(
    diamonds.map((d) => d.legendgroup),
    ["decay at 10", "decay at 20"],
  );
  assert.equal(lines.filter((t) => t.showlegend).length, 3, "one legend entry per path");
});

test("the test panel zooms on the subpaths (log range in log10 units) but keeps the minimum", () => {
  const fig = lossCurvesFigure([main, sub10, sub20], [main, sub10, sub20]);
  const [lo, hi] = (fig.layout.yaxis2 as { range: [number, number] }).range;
  assert.ok(lo < Math.log10(0.125) && hi > Math.log10(0.2), `range ${lo}..${hi}`);
  assert.ok(hi < Math.log10(0.5), "the initial loss is off-scale");
});

test("decay-epoch figure: error bars are the stds", () => {
  const fig = decayEpochFigure([
    {
      label: "λ",
      points: [
        { decayEpoch: 10, mean: 1, std: 0.1, n: 3 },
        { decayEpoch: 20, mean: 0.9, std: 0.2, n: 3 },
      ],
    },
  ]);
  assert.deepEqual((fig.data[0].error_y as { array: number[] }).array, [0.1, 0.2]);
  assert.deepEqual(fig.data[0].x, [10, 20]);
});
