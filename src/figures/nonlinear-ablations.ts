/**
 * Plotly specs of notebook 06: drift rate κ along the minima manifold against η, σ, γ and B,
 * measured against predicted, and example ‖v‖ curves (Ren, Ma, Ying 2024, Sec. 4). Pure functions.
 */
import { FigureSpec } from "./types";
import { leftTitle as title, logAxis, logAxisAt as logAt } from "./nonlinear-axes";

/** Drift rate at one value of one swept axis. */
export interface DriftPoint {
  /** "lr" | "labelNoiseStd" | "gamma" | "batchSize" */
  axis: string;
  value: number;
  /** mean ± sample std of the fitted κ over chains with a fit (NaN if none) */
  measured: number;
  std: number;
  n: number;
  /** closed-form κ */
  predicted: number;
  /** chains that diverged / that had too few points in the fit window */
  diverged: number;
  unfitted: number;
}

const AXIS_TITLES: Record<string, string> = {
  lr: "learning rate η",
  labelNoiseStd: "label-noise std σ",
  gamma: "γ",
  batchSize: "batch size B",
};
const CONFIG = { responsive: true, displaylogo: false };

/** 2 × 2 panels, κ against each swept axis (log–log for η, σ, B; linear x for γ): measured ± std and predicted. */
export function driftAxesFigure(points: DriftPoint[]): FigureSpec {
  const axes = ["lr", "labelNoiseStd", "gamma", "batchSize"];
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    title: title("Drift rate κ of ‖v‖ along M (per step): measured (mean ± std) and predicted"),
    height: 640,
    grid: { rows: 2, columns: 2, pattern: "independent" },
    legend: { orientation: "h", y: -0.1 },
    margin: { t: 60, l: 70, r: 20, b: 40 },
  };
  axes.forEach((axis, i) => {
    const ps = points.filter((p) => p.axis === axis).sort((a, b) => a.value - b.value);
    const sx = i === 0 ? "" : String(i + 1),
      xa = `x${sx}`,
      ya = `y${sx}`,
      first = i === 0;
    data.push({
      type: "scatter",
      mode: "markers",
      name: "measured",
      legendgroup: "m",
      showlegend: first,
      xaxis: xa,
      yaxis: ya,
      x: ps.map((p) => p.value),
      y: ps.map((p) => (p.measured > 0 ? p.measured : null)),
      error_y: { type: "data", array: ps.map((p) => p.std), visible: true },
      marker: { color: "#d62728", size: 9 },
      text: ps.map((p) => `n = ${p.n}`),
      hovertemplate: "%{x}: κ = %{y:.3e} (%{text})<extra></extra>",
    });
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: "predicted",
      legendgroup: "p",
      showlegend: first,
      xaxis: xa,
      yaxis: ya,
      x: ps.map((p) => p.value),
      y: ps.map((p) => (p.predicted > 0 ? p.predicted : null)),
      line: { color: "black", dash: "dash" },
      marker: { size: 5, color: "black" },
    });
    const bad = ps.filter((p) => p.diverged > 0 || p.unfitted > 0);
    if (bad.length)
      data.push({
        type: "scatter",
        mode: "markers+text",
        name: "diverged / no fit",
        legendgroup: "bad",
        showlegend: first,
        xaxis: xa,
        yaxis: ya,
        x: bad.map((p) => p.value),
        y: bad.map((p) => p.predicted),
        text: bad.map((p) => `${p.diverged} diverged, ${p.unfitted} no fit`),
        textposition: "bottom center",
        marker: { symbol: "x", size: 12, color: "#7f7f7f" },
      });
    const values = ps.map((p) => p.value);
    layout[`xaxis${sx}`] = {
      title: { text: AXIS_TITLES[axis] },
      ...(axis === "gamma" ? { type: "linear", tickmode: "array", tickvals: values } : logAt(values)),
    };
    layout[`yaxis${sx}`] = {
      title: { text: "κ (per step)" },
      ...logAxis(ps.flatMap((p) => [p.measured + p.std, p.measured - p.std, p.predicted])),
    };
  });
  return { data, layout, config: CONFIG };
}

/** Measured against predicted κ on log–log axes, one colour per axis, with the line measured = predicted. */
export function driftMeasuredVsPredictedFigure(points: DriftPoint[]): FigureSpec {
  const ok = points.filter((p) => p.measured > 0 && p.predicted > 0);
  const colors: Record<string, string> = {
    lr: "#1f77b4",
    labelNoiseStd: "#ff7f0e",
    gamma: "#2ca02c",
    batchSize: "#9467bd",
  };
  const data: Record<string, unknown>[] = [...new Set(ok.map((p) => p.axis))].map((axis) => {
    const ps = ok.filter((p) => p.axis === axis);
    return {
      type: "scatter",
      mode: "markers",
      name: `varying ${AXIS_TITLES[axis] ?? axis}`,
      x: ps.map((p) => p.predicted),
      y: ps.map((p) => p.measured),
      error_y: { type: "data", array: ps.map((p) => p.std), visible: true },
      marker: { size: 9, color: colors[axis] },
      text: ps.map((p) => `${axis} = ${p.value}`),
      hovertemplate: "%{text}<br>predicted %{x:.3e}<br>measured %{y:.3e}<extra></extra>",
    };
  });
  const all = ok.flatMap((p) => [p.measured, p.predicted]);
  const lo = Math.min(...all) / 1.5,
    hi = Math.max(...all) * 1.5;
  data.push({
    type: "scatter",
    mode: "lines",
    name: "measured = predicted",
    x: [lo, hi],
    y: [lo, hi],
    line: { color: "black", dash: "dash" },
  });
  return {
    data,
    layout: {
      title: title("Drift rate κ: measured against predicted"),
      height: 480,
      xaxis: { title: { text: "predicted κ (per step)" }, ...logAxis([lo, hi]) },
      yaxis: { title: { text: "measured κ (per step)" }, ...logAxis([lo, hi]) },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 60, l: 70, r: 20, b: 40 },
    },
    config: CONFIG,
  };
}

/** Mean ‖v‖ against step (log y) for each value of one axis, with the fit window's upper edge as a dotted line. */
export function driftCurvesFigure(
  curves: { value: number; steps: number[]; distAlong: number[] }[],
  axis: string,
  windowTop: number,
): FigureSpec {
  const palette = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725", "#d62728"];
  const data: Record<string, unknown>[] = curves.map((c, i) => ({
    type: "scatter",
    mode: "lines",
    name: `${AXIS_TITLES[axis] ?? axis} = ${c.value}`,
    x: c.steps,
    y: c.distAlong.map((v) => (v > 0 ? v : null)),
    line: { color: palette[i % palette.length] },
  }));
  const xs = curves.flatMap((c) => c.steps);
  data.push({
    type: "scatter",
    mode: "lines",
    name: "fit window starts below",
    x: [Math.min(...xs), Math.max(...xs)],
    y: [windowTop, windowTop],
    line: { color: "gray", dash: "dot" },
  });
  return {
    data,
    layout: {
      title: title(`‖v‖ = ‖(I − P_X)(α − α_mn)‖ at constant lr, mean over seeds, per ${AXIS_TITLES[axis] ?? axis}`),
      height: 420,
      xaxis: { title: { text: "step" } },
      yaxis: { title: { text: "‖v‖ (log scale)" }, ...logAxis(curves.flatMap((c) => c.distAlong)) },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 60, l: 70, r: 20, b: 40 },
    },
    config: CONFIG,
  };
}
