/**
 * Plotly specs of paper Fig. 1 (late LR decay): loss curves of the main path and the
 * subpaths, and final test loss against decay epoch. Pure functions of plain data.
 */
import { FigureSpec } from "./types";

/** One curve: a path's metric against epoch (usually the mean over seeds). */
export interface CurveSeries {
  /** legend label, e.g. "main path" or "decay at 100" */
  name: string;
  /** null for the main path */
  decayEpoch: number | null;
  epochs: number[];
  values: number[];
}

/** A point of a "final metric vs decay epoch" plot: mean ± std over seeds. */
export interface DecayStat {
  decayEpoch: number;
  mean: number;
  std: number;
  n: number;
}

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

/** Colour of the i-th subpath. */
export function subpathColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/**
 * Train and test loss curves side by side (two panels sharing the x axis range):
 * main path in black, each subpath in its own colour from its decay point, decay
 * points marked on the main path.
 * @param train curves of train loss; @param test curves of test loss (same order)
 * @param opts.logY log-scale y axes (default true); opts.title
 */
export function lossCurvesFigure(
  train: CurveSeries[],
  test: CurveSeries[],
  opts: { logY?: boolean; title?: string; yTitle?: string } = {},
): FigureSpec {
  const logY = opts.logY ?? true;
  const data: Record<string, unknown>[] = [];
  const panels: [CurveSeries[], string, string][] = [
    [train, "x", "y"],
    [test, "x2", "y2"],
  ];
  panels.forEach(([series, xa, ya], panel) => {
    let sub = 0;
    for (const s of series) {
      const isMain = s.decayEpoch === null;
      const color = isMain ? "black" : subpathColor(sub++);
      data.push({
        type: "scatter",
        mode: "lines",
        name: s.name,
        legendgroup: s.name,
        showlegend: panel === 0,
        x: s.epochs,
        y: s.values,
        xaxis: xa,
        yaxis: ya,
        line: { color, width: isMain ? 2.5 : 1.5 },
        hovertemplate: `${s.name}<br>epoch %{x}<br>loss %{y:.4g}<extra></extra>`,
      });
    }
    const main = series.find((s) => s.decayEpoch === null);
    const decays = series.filter((s) => s.decayEpoch !== null).map((s) => s.decayEpoch as number);
    if (main) {
      // one diamond per decay point, in its subpath's colour and legend group (no legend entry of its own)
      decays.forEach((e, i) =>
        data.push({
          type: "scatter",
          mode: "markers",
          name: series.find((s) => s.decayEpoch === e)?.name,
          legendgroup: series.find((s) => s.decayEpoch === e)?.name,
          showlegend: false,
          x: [e],
          y: [main.values[main.epochs.indexOf(e)]],
          xaxis: xa,
          yaxis: ya,
          marker: { color: subpathColor(i), size: 9, symbol: "diamond", line: { color: "black", width: 1 } },
          hovertemplate: "decay at epoch %{x}<extra></extra>",
        }),
      );
    }
  });
  const yType = logY ? "log" : "linear";
  // test panel: zoom on the subpaths (the initial drop of the main path is off-scale; plotly's
  // autoscale button shows everything)
  const subVals = test.filter((s) => s.decayEpoch !== null).flatMap((s) => s.values);
  const allVals = test.flatMap((s) => s.values);
  const testRange = subVals.length ? zoomRange(Math.min(...allVals), Math.max(...subVals), logY) : undefined;
  return {
    data,
    layout: {
      title: { text: opts.title ?? "Main path and subpaths" },
      height: 420,
      grid: { rows: 1, columns: 2, pattern: "independent" },
      xaxis: { title: { text: "epoch" }, domain: [0, 0.46] },
      xaxis2: { title: { text: "epoch" }, domain: [0.54, 1] },
      yaxis: { title: { text: "train loss" }, type: yType },
      yaxis2: { title: { text: opts.yTitle ?? "test loss" }, type: yType, ...(testRange ? { range: testRange } : {}) },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 50, l: 60, r: 20, b: 40 },
    },
    config: { responsive: true, displaylogo: false },
  };
}

/** Axis range [lo, hi] with a 5% margin; in log10 units for a log axis (plotly's convention). */
function zoomRange(lo: number, hi: number, log: boolean): [number, number] {
  if (log) {
    const a = Math.log10(lo),
      b = Math.log10(hi),
      m = 0.05 * Math.max(b - a, 1e-3);
    return [a - m, b + m];
  }
  const m = 0.05 * Math.max(hi - lo, 1e-9);
  return [lo - m, hi + m];
}

/**
 * Final metric against decay epoch, one line with error bars (± std) per group
 * (e.g. per weight decay), optionally a horizontal reference line.
 */
export function decayEpochFigure(
  groups: { label: string; points: DecayStat[] }[],
  opts: { yTitle?: string; title?: string; logX?: boolean } = {},
): FigureSpec {
  const data = groups.map((g, i) => ({
    type: "scatter",
    mode: "lines+markers",
    name: g.label,
    x: g.points.map((p) => p.decayEpoch),
    y: g.points.map((p) => p.mean),
    error_y: { type: "data", array: g.points.map((p) => p.std), visible: true },
    line: { color: subpathColor(i) },
    customdata: g.points.map((p) => [p.std, p.n]),
    hovertemplate: `${g.label}<br>decay epoch %{x}<br>%{y:.5g} ± %{customdata[0]:.2g} (n=%{customdata[1]})<extra></extra>`,
  }));
  return {
    data,
    layout: {
      title: { text: opts.title ?? "Final test loss vs decay epoch" },
      height: 400,
      xaxis: { title: { text: "decay epoch" }, type: opts.logX ? "log" : "linear" },
      yaxis: { title: { text: opts.yTitle ?? "final test loss (mean ± std over seeds)" } },
      margin: { t: 50, l: 70, r: 20, b: 50 },
    },
    config: { responsive: true, displaylogo: false },
  };
}

/**
 * The weight-decay sweep: left, paired Δ final test loss vs decay epoch per λ
 * (negative = later decay is better); right, the main path's ‖θ‖ against epoch per λ.
 * Each diverged λ (no curves) is named with its note in the figure, under the title.
 */
export function weightDecaySweepFigure(
  groups: { label: string; paired: DecayStat[]; norms: { epochs: number[]; norms: number[] } }[],
  diverged: { label: string; note: string }[] = [],
): FigureSpec {
  const data: Record<string, unknown>[] = [];
  groups.forEach((g, i) => {
    const color = subpathColor(i);
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: g.label,
      legendgroup: g.label,
      line: { color },
      x: g.paired.map((p) => p.decayEpoch),
      y: g.paired.map((p) => p.mean),
      error_y: { type: "data", array: g.paired.map((p) => p.std), visible: true },
      hovertemplate: `${g.label}<br>decay epoch %{x}<br>Δ test loss %{y:.4g}<extra></extra>`,
    });
    data.push({
      type: "scatter",
      mode: "lines",
      name: g.label,
      legendgroup: g.label,
      showlegend: false,
      line: { color },
      x: g.norms.epochs,
      y: g.norms.norms,
      xaxis: "x2",
      yaxis: "y2",
      hovertemplate: `${g.label}<br>epoch %{x}<br>‖θ‖ %{y:.4g}<extra></extra>`,
    });
  });
  return {
    data,
    layout: {
      title: { text: "Does the weight decay decide whether late decay helps?" },
      height: 420,
      xaxis: { title: { text: "decay epoch" }, domain: [0, 0.46] },
      yaxis: { title: { text: "Δ final test loss vs earliest decay (paired)" }, zeroline: true },
      xaxis2: { title: { text: "epoch (main path, large LR)" }, domain: [0.56, 1], anchor: "y2" },
      yaxis2: { title: { text: "parameter norm ‖θ‖" }, anchor: "x2" },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 50 + 20 * diverged.length, l: 70, r: 20, b: 40 },
      annotations: diverged.map((d, k) => ({
        text: `${d.label}: diverged (${d.note})`,
        xref: "paper",
        yref: "paper",
        x: 0,
        xanchor: "left",
        y: 1 + 0.06 * (diverged.length - k),
        yanchor: "bottom",
        showarrow: false,
        font: { color: "#d62728" },
      })),
    },
    config: { responsive: true, displaylogo: false },
  };
}
