// Figure specs of notebooks 02 and 03 on hand-made data: log-scaled contours labelled in loss
// units, path colours shared with notebook 01, markers, hover text, 3D axes with explained variance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { argminGrid, landscapeFigure, logTicks, LandscapeFigureData } from "../../src/figures/landscape";
import { trajectory3dFigure } from "../../src/figures/trajectory-3d";
import { subpathColor } from "../../src/figures/late-decay";
import { explainedVarianceTable } from "../../src/experiments/landscape/frames";

type Trace = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const data: LandscapeFigureData = {
  as: [0, 1, 2],
  bs: [-1, 1],
  trainLoss: [
    [0.01, 0.1, 1],
    [0.02, 0.2, 2],
  ],
  testLoss: [
    [0.5, 0.3, 0.4],
    [0.6, 0.25, 0.9],
  ],
  paths: [
    { name: "main path", decayEpoch: null, epochs: [0, 5, 10], a: [0, 1, 2], b: [0, 0.5, 1] },
    { name: "decay at 5", decayEpoch: 5, epochs: [5, 10], a: [1, 1.1], b: [0.5, 0.2] },
    { name: "decay at 10", decayEpoch: 10, epochs: [10, 15], a: [2, 1.9], b: [1, 0.8] },
  ],
};

test("logTicks: 1, 2, 5 × 10^e inside the range", () => {
  assert.deepEqual(logTicks(0.03, 3), [0.05, 0.1, 0.2, 0.5, 1, 2]);
  assert.deepEqual(logTicks(0.1306, 0.2466), [0.15, 0.2], "narrow range: finer mantissas");
  assert.deepEqual(logTicks(0.0111, 0.0119), [0.0111, 0.0119], "nothing inside: the end points, 3 digits");
});

test("landscapeFigure: log10 contours with loss-unit colour bars, hover (a, b, loss), shared axes", () => {
  const fig = landscapeFigure(data);
  const [train, test] = fig.data as Trace[];
  assert.deepEqual(train.z, [
    [-2, -1, 0],
    [Math.log10(0.02), Math.log10(0.2), Math.log10(2)],
  ]);
  assert.deepEqual(train.colorbar.ticktext, ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2"]);
  assert.deepEqual(train.colorbar.tickvals, [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2].map(Math.log10));
  assert.equal(train.text[1][2], "2.000");
  assert.match(train.hovertemplate, /a %\{x:.4g\}<br>b %\{y:.4g\}<br>train loss %\{text\}/);
  assert.deepEqual([test.xaxis, test.yaxis], ["x2", "y2"]);
  const layout = fig.layout as Trace;
  assert.equal(layout.xaxis2.matches, "x");
  assert.equal(layout.yaxis2.matches, "y");
});

test("landscapeFigure: main path black with a star at its final point, subpaths in notebook 01's colours, test minimum marked", () => {
  const traces = landscapeFigure(data).data as Trace[];
  const left = traces.filter((t) => t.xaxis === "x" && t.type === "scatter");
  const lines = left.filter((t) => t.mode === "lines");
  assert.deepEqual(
    lines.map((t) => [t.name, t.line.color]),
    [
      ["main path", "black"],
      ["decay at 5", subpathColor(0)],
      ["decay at 10", subpathColor(1)],
    ],
  );
  const star = left.find((t) => t.marker?.symbol === "star");
  assert.deepEqual([star?.x, star?.y, star?.customdata], [[2], [1], [10]]);
  const decay5 = left.find((t) => t.mode === "markers" && t.legendgroup === "decay at 5");
  assert.deepEqual(
    [decay5?.x, decay5?.y, decay5?.marker.symbol],
    [
      [1, 1.1],
      [0.5, 0.2],
      ["diamond", "circle"],
    ],
  );
  assert.deepEqual(argminGrid(data.testLoss), { i: 1, j: 1 });
  const cross = traces.filter((t) => t.name === "test-loss minimum on the grid");
  assert.equal(cross.length, 2, "on both panels");
  assert.deepEqual([cross[0].x, cross[0].y], [[1], [1]]);
  assert.equal(traces.filter((t) => t.showlegend === true).length, 1 + 1 + 2 + 1, "each legend entry once");
});

test("trajectory3dFigure: one line per path, PC1–PC3 coordinates, explained variance in the axis titles", () => {
  const pcs = (n: number, o: number) => Array.from({ length: n }, (_, t) => [o + t, 2 * t, -t, 9]);
  const fig = trajectory3dFigure({
    paths: [
      { name: "main path", decayEpoch: null, epochs: [0, 5, 10], pcs: pcs(3, 0) },
      { name: "decay at 5", decayEpoch: 5, epochs: [5, 10], pcs: pcs(2, 1) },
    ],
    explainedVarianceRatio: [0.8, 0.15, 0.04, 0.01],
  });
  const lines = (fig.data as Trace[]).filter((t) => t.mode === "lines");
  assert.deepEqual(
    lines.map((t) => [t.type, t.name, t.line.color]),
    [
      ["scatter3d", "main path", "black"],
      ["scatter3d", "decay at 5", subpathColor(0)],
    ],
  );
  assert.deepEqual(
    [lines[1].x, lines[1].y, lines[1].z],
    [
      [1, 2],
      [0, 2],
      [-0, -1],
    ],
  );
  const scene = (fig.layout as Trace).scene;
  assert.deepEqual(
    [scene.xaxis.title.text, scene.yaxis.title.text, scene.zaxis.title.text],
    ["PC1 (80.0%)", "PC2 (15.0%)", "PC3 (4.0%)"],
  );
  assert.throws(
    () =>
      trajectory3dFigure({
        paths: [{ name: "p", decayEpoch: null, epochs: [0], pcs: [[1, 2]] }],
        explainedVarianceRatio: [1],
      }),
    /path p needs 3 principal-component coordinates/,
  );
});

test("explainedVarianceTable: percent and cumulative percent", () => {
  assert.deepEqual(explainedVarianceTable([0.8675, 0.1, 0.0325]), [
    { component: "PC1", "explained variance": "86.75%", cumulative: "86.75%" },
    { component: "PC2", "explained variance": "10.00%", cumulative: "96.75%" },
    { component: "PC3", "explained variance": "3.25%", cumulative: "100.00%" },
  ]);
});
