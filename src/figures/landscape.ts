/**
 * Plotly spec of paper Fig. 3: train and test loss landscapes side by side on the same (a, b)
 * axes, with the main path and the subpaths drawn on them. Pure function of plain data.
 *
 * The losses span orders of magnitude, so contours are drawn on log10(loss) and the colour bars
 * are labelled in loss units; hovering a contour shows (a, b, loss).
 */
import { FigureSpec } from "./types";
import { subpathColor } from "./late-decay";

/** A path on the landscape: surface coordinates of its checkpoints. */
export interface LandscapePath {
  /** legend label, e.g. "main path" or "decay at 100" */
  name: string;
  /** null for the main path */
  decayEpoch: number | null;
  /** epoch of each checkpoint, [T_path] */
  epochs: number[];
  /** surface coordinates, [T_path] each */
  a: number[];
  b: number[];
}

/** Input of {@link landscapeFigure}. */
export interface LandscapeFigureData {
  /** grid a values [nA] and b values [nB] */
  as: number[];
  bs: number[];
  /** mean train loss at each grid point, [nB][nA] (row j = bs[j]) */
  trainLoss: number[][];
  /** mean test loss at each grid point, [nB][nA] */
  testLoss: number[][];
  /** main path (decayEpoch null) and subpaths in decay-epoch order */
  paths: LandscapePath[];
  /** default axis titles (overridden by the options) */
  aTitle?: string;
  bTitle?: string;
}

/** Options of {@link landscapeFigure}. */
export interface LandscapeFigureOptions {
  title?: string;
  /** axis titles (default "PC1 coordinate a", "PC2 coordinate b") */
  aTitle?: string;
  bTitle?: string;
  /** number of contour levels per panel (default 24) */
  levels?: number;
}

/**
 * Colour-bar tick values in loss units inside [min, max]: m × 10^e for m ∈ {1, 2, 5}, or for a
 * narrow range (fewer than 3 such values) m ∈ {1, 1.5, 2, 3, …, 9}; [min, max] rounded to 3
 * significant digits when even those give fewer than 2.
 */
export function logTicks(min: number, max: number): number[] {
  for (const mantissas of [
    [1, 2, 5],
    [1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9],
  ]) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(3));
        if (v >= min && v <= max) out.push(v);
      }
    }
    if (out.length >= 3 || (out.length >= 2 && mantissas.length > 3)) return out;
  }
  return [Number(min.toPrecision(3)), Number(max.toPrecision(3))];
}

/** Smallest and largest finite positive value of a matrix. */
function extent(z: number[][]): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const row of z)
    for (const v of row)
      if (Number.isFinite(v) && v > 0) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  return [lo, hi];
}

/** Row j, column i of the smallest value of z. */
export function argminGrid(z: number[][]): { i: number; j: number } {
  let best = { i: 0, j: 0 };
  z.forEach((row, j) =>
    row.forEach((v, i) => {
      if (v < z[best.j][best.i]) best = { i, j };
    }),
  );
  return best;
}

function contourTrace(
  d: LandscapeFigureData,
  z: number[][],
  which: "train" | "test",
  colorbarX: number,
  levels: number,
): Record<string, unknown> {
  const [lo, hi] = extent(z);
  const ticks = logTicks(lo, hi);
  const axes = which === "train" ? { xaxis: "x", yaxis: "y" } : { xaxis: "x2", yaxis: "y2" };
  return {
    type: "contour",
    x: d.as,
    y: d.bs,
    z: z.map((row) => row.map((v) => (v > 0 ? Math.log10(v) : null))),
    text: z.map((row) => row.map((v) => v.toPrecision(4))),
    ...axes,
    name: `${which} loss`,
    showlegend: false,
    colorscale: "Viridis",
    ncontours: levels,
    contours: { coloring: "fill", showlines: true },
    line: { width: 0.5, color: "rgba(255,255,255,0.35)" },
    colorbar: {
      x: colorbarX,
      len: 0.9,
      thickness: 12,
      title: { text: `${which} loss`, side: "right" },
      tickvals: ticks.map(Math.log10),
      ticktext: ticks.map((t) => String(t)),
    },
    hovertemplate: `a %{x:.4g}<br>b %{y:.4g}<br>${which} loss %{text}<extra></extra>`,
  };
}

function pathTraces(p: LandscapePath, color: string, panel: number): Record<string, unknown>[] {
  const axes = panel === 0 ? { xaxis: "x", yaxis: "y" } : { xaxis: "x2", yaxis: "y2" };
  const isMain = p.decayEpoch === null;
  const hover = `${p.name}<br>epoch %{customdata}<br>a %{x:.4g}, b %{y:.4g}<extra></extra>`;
  const line = {
    type: "scatter",
    mode: "lines",
    x: p.a,
    y: p.b,
    customdata: p.epochs,
    ...axes,
    name: p.name,
    legendgroup: p.name,
    showlegend: panel === 0,
    line: { color, width: isMain ? 2.5 : 2 },
    hovertemplate: hover,
  };
  const last = p.a.length - 1;
  const ends = isMain
    ? {
        x: [p.a[last]],
        y: [p.b[last]],
        customdata: [p.epochs[last]],
        marker: { symbol: "star", size: 15, color: "white", line: { color: "black", width: 1.5 } },
        name: "final point (main path)",
      }
    : {
        x: [p.a[0], p.a[last]],
        y: [p.b[0], p.b[last]],
        customdata: [p.epochs[0], p.epochs[last]],
        marker: { symbol: ["diamond", "circle"], size: 9, color, line: { color: "white", width: 1 } },
        name: `${p.name}: decay point, end`,
      };
  return [
    line,
    {
      type: "scatter",
      mode: "markers",
      ...axes,
      ...ends,
      legendgroup: p.name,
      showlegend: isMain && panel === 0,
      hovertemplate: hover,
    },
  ];
}

/**
 * Train (left) and test (right) loss landscapes with log-scaled contour levels, the main path in
 * black ending in a star (its final point), each subpath in `subpathColor(i)` (the colours of
 * notebook 01) from its decay point (diamond) to its end (circle), and a cross at the grid's
 * test-loss minimum on both panels. The two panels share the a and b axes (zoom one, both follow).
 */
export function landscapeFigure(d: LandscapeFigureData, opts: LandscapeFigureOptions = {}): FigureSpec {
  const levels = opts.levels ?? 24;
  const data: Record<string, unknown>[] = [
    contourTrace(d, d.trainLoss, "train", 0.44, levels),
    contourTrace(d, d.testLoss, "test", 1.0, levels),
  ];
  const best = argminGrid(d.testLoss);
  [0, 1].forEach((panel) => {
    let sub = 0;
    for (const p of d.paths) data.push(...pathTraces(p, p.decayEpoch === null ? "black" : subpathColor(sub++), panel));
    data.push({
      type: "scatter",
      mode: "markers",
      x: [d.as[best.i]],
      y: [d.bs[best.j]],
      xaxis: panel === 0 ? "x" : "x2",
      yaxis: panel === 0 ? "y" : "y2",
      name: "test-loss minimum on the grid",
      legendgroup: "testmin",
      showlegend: panel === 0,
      marker: { symbol: "x", size: 12, color: "red", line: { color: "white", width: 1 } },
      hovertemplate: `test-loss minimum on the grid<br>a %{x:.4g}, b %{y:.4g}<br>test loss ${d.testLoss[best.j][best.i].toPrecision(4)}<extra></extra>`,
    });
  });
  const aTitle = opts.aTitle ?? d.aTitle ?? "PC1 coordinate a",
    bTitle = opts.bTitle ?? d.bTitle ?? "PC2 coordinate b";
  const range = (v: number[]) => [v[0], v[v.length - 1]];
  return {
    data,
    layout: {
      title: { text: opts.title ?? "Train and test loss landscapes" },
      height: 520,
      xaxis: { title: { text: aTitle }, domain: [0, 0.4], range: range(d.as) },
      yaxis: { title: { text: bTitle }, range: range(d.bs) },
      xaxis2: { title: { text: aTitle }, domain: [0.58, 0.95], matches: "x" },
      yaxis2: { anchor: "x2", matches: "y" },
      annotations: [
        {
          text: "train loss",
          x: 0.2,
          y: 1.02,
          xref: "paper",
          yref: "paper",
          showarrow: false,
          xanchor: "center",
          yanchor: "bottom",
        },
        {
          text: "test loss",
          x: 0.765,
          y: 1.02,
          xref: "paper",
          yref: "paper",
          showarrow: false,
          xanchor: "center",
          yanchor: "bottom",
        },
      ],
      legend: { orientation: "h", y: -0.18 },
      margin: { t: 70, l: 60, r: 20, b: 40 },
    },
    config: { responsive: true, displaylogo: false },
  };
}
