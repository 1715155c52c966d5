/**
 * Plotly specs of notebook 04: train or test loss of the nonlinear model over the w-plane (d = 2),
 * one panel per γ, with the minima manifold, w_mn, α⁻¹(α*), the flattest points of M and SGD
 * trajectories (Ren, Ma, Ying 2024, Sec. 4). Pure functions of plain data.
 */
import { FigureSpec } from "./types";

/** A w-trajectory of one chain. */
export interface ModelTrajectory {
  name: string;
  decayStep: number;
  /** recorded steps and w coordinates, [m] each */
  steps: number[];
  w0: number[];
  w1: number[];
  /** "completed" | "diverged" | "reachedZero" */
  status: string;
  finalTestLoss: number;
  finalDistMn: number;
}

/** One panel: one γ. */
export interface ModelLandscapePanel {
  gamma: number;
  /** grid coordinates (both axes), [m] */
  axis: number[];
  /** losses on the grid, [m][m], row j = axis[j] on the vertical axis */
  trainLoss: number[][];
  testLoss: number[][];
  /** the minima manifold as a curve in w-space */
  manifold: { w0: number[]; w1: number[] };
  wMn: number[];
  /** α⁻¹(α*), the test-loss minimum */
  wStar: number[];
  /** flattest points of M (empty when tr H is constant on M) */
  flattest: number[][];
  trajectories: ModelTrajectory[];
}

/**
 * Trajectory colours and end markers by order (early, late, …). The first end marker is a large ring, the
 * others smaller filled shapes, so ends that land on the same point (γ = 1: early and late decay both end
 * near (0.2, 1.2)) stay visible one inside the other.
 */
const TRAJ_COLORS = ["#ff7f0e", "#e6194b", "#f032e6", "#8c564b"];
const END_MARKERS = [
  { symbol: "circle-open", size: 20, width: 3 },
  { symbol: "square", size: 10, width: 1.5 },
  { symbol: "diamond-wide", size: 10, width: 1.5 },
  { symbol: "hexagon", size: 10, width: 1.5 },
];
/** The manifold's colour: white on the heatmap; the legend sits on a grey box so its swatch shows. */
const MANIFOLD_COLOR = "white";

function contour(
  z: number[][],
  axis: number[],
  floor: number,
  xa: string,
  ya: string,
  showscale: boolean,
  cbX: number,
): Record<string, unknown> {
  return {
    type: "contour",
    x: axis,
    y: axis,
    z: z.map((row) => row.map((v) => Math.log10(Math.max(v, floor)))),
    xaxis: xa,
    yaxis: ya,
    colorscale: "Viridis",
    ncontours: 28,
    contours: { coloring: "heatmap" },
    line: { width: 0.4, color: "rgba(255,255,255,0.4)" },
    showscale,
    colorbar: { title: { text: "log₁₀ loss" }, x: cbX, len: 0.9 },
    showlegend: false,
    hovertemplate: "w = (%{x:.2f}, %{y:.2f})<br>log₁₀ loss %{z:.2f}<extra></extra>",
  };
}

function marker(
  name: string,
  pt: number[],
  symbol: string,
  color: string,
  xa: string,
  ya: string,
  show: boolean,
): Record<string, unknown> {
  return {
    type: "scatter",
    mode: "markers",
    name,
    legendgroup: name,
    showlegend: show,
    x: [pt[0]],
    y: [pt[1]],
    xaxis: xa,
    yaxis: ya,
    marker: { symbol, size: 12, color, line: { color: "black", width: 1 } },
    cliponaxis: false,
    hovertemplate: `${name}<br>(%{x:.3f}, %{y:.3f})<extra></extra>`,
  };
}

function panelTraces(
  pa: ModelLandscapePanel,
  which: "train" | "test",
  i: number,
  floor: number,
): Record<string, unknown>[] {
  const xa = i === 0 ? "x" : `x${i + 1}`,
    ya = i === 0 ? "y" : `y${i + 1}`,
    show = i === 0;
  const out: Record<string, unknown>[] = [
    contour(which === "train" ? pa.trainLoss : pa.testLoss, pa.axis, floor, xa, ya, show, 1.02),
  ];
  out.push({
    type: "scatter",
    mode: "lines",
    name: "minima manifold M",
    legendgroup: "M",
    showlegend: show,
    x: pa.manifold.w0,
    y: pa.manifold.w1,
    xaxis: xa,
    yaxis: ya,
    line: { color: MANIFOLD_COLOR, width: 2.5, dash: "dot" },
    hoverinfo: "skip",
  });
  pa.trajectories.forEach((t, k) => {
    const color = TRAJ_COLORS[k % TRAJ_COLORS.length],
      bad = t.status !== "completed";
    const name = bad ? `${t.name} (${t.status})` : t.name;
    out.push({
      type: "scatter",
      mode: "lines",
      name,
      legendgroup: t.name,
      showlegend: show,
      x: t.w0,
      y: t.w1,
      xaxis: xa,
      yaxis: ya,
      line: { color, width: k === 0 ? 2.5 : 1.4, dash: bad ? "dash" : "solid" },
      opacity: 0.9,
      text: t.steps.map((s) => `step ${s}`),
      hovertemplate: `${t.name}<br>%{text}<br>w = (%{x:.3f}, %{y:.3f})<extra></extra>`,
    });
    const d = t.steps.findIndex((s) => s >= t.decayStep);
    if (d >= 0)
      out.push({
        type: "scatter",
        mode: "markers",
        name: `decay point (${t.name})`,
        legendgroup: t.name,
        showlegend: false,
        x: [t.w0[d]],
        y: [t.w1[d]],
        xaxis: xa,
        yaxis: ya,
        cliponaxis: false,
        marker: { symbol: "diamond", size: 10, color, line: { color: "black", width: 1 } },
      });
    const last = t.w0.length - 1,
      end = END_MARKERS[k % END_MARKERS.length];
    // cliponaxis false: an end on the panel's edge (γ = 0) is drawn whole, not cut by the frame
    out.push({
      type: "scatter",
      mode: "markers",
      name: `end (${t.name})`,
      legendgroup: t.name,
      showlegend: false,
      x: [t.w0[last]],
      y: [t.w1[last]],
      xaxis: xa,
      yaxis: ya,
      cliponaxis: false,
      marker: {
        symbol: bad ? "x" : end.symbol,
        size: bad ? 12 : end.size,
        color,
        line: { color: end.symbol.endsWith("-open") ? color : "white", width: end.width },
      },
      hovertemplate: `end of ${t.name}<br>w = (%{x:.3f}, %{y:.3f})<extra></extra>`,
    });
  });
  out.push(marker("w_mn = α⁻¹(α_mn)", pa.wMn, "star", "white", xa, ya, show));
  out.push(marker("test minimum α⁻¹(α*)", pa.wStar, "cross", "#e377c2", xa, ya, show));
  pa.flattest.forEach((f, k) =>
    out.push(marker("flattest points of M (min tr H)", f, "triangle-up", "#17becf", xa, ya, show && k === 0)),
  );
  return out;
}

/**
 * Train- or test-loss landscape panels side by side (one per γ), contours of log₁₀ loss.
 * @param which "train" (floored at `floor`, default 1e-4, since L = 0 on M) or "test"
 */
export function modelLandscapeFigure(
  panels: ModelLandscapePanel[],
  which: "train" | "test",
  opts: { floor?: number; title?: string } = {},
): FigureSpec {
  const floor = opts.floor ?? 1e-4,
    k = panels.length,
    gap = 0.08,
    width = (1 - gap * (k - 1)) / k;
  const layout: Record<string, unknown> = {
    title: { text: opts.title ?? `${which === "train" ? "Training" : "Test"} loss over the w-plane (d = 2, n = 1)` },
    height: 600,
    legend: { orientation: "h", y: -0.15, bgcolor: "#bdbdbd" },
    margin: { t: 80, l: 60, r: 80, b: 40 },
  };
  panels.forEach((pa, i) => {
    const sx = i === 0 ? "" : String(i + 1),
      lo = pa.axis[0],
      hi = pa.axis[pa.axis.length - 1];
    layout[`xaxis${sx}`] = {
      title: { text: `w₁   (γ = ${pa.gamma})` },
      domain: [i * (width + gap), i * (width + gap) + width],
      range: [lo, hi],
      anchor: `y${sx}`,
      zeroline: false,
      constrain: "domain",
    };
    layout[`yaxis${sx}`] = {
      title: { text: "w₂" },
      range: [lo, hi],
      anchor: `x${sx}`,
      scaleanchor: `x${sx}`,
      zeroline: false,
      constrain: "domain",
    };
  });
  return {
    data: panels.flatMap((pa, i) => panelTraces(pa, which, i, floor)),
    layout,
    config: { responsive: true, displaylogo: false },
  };
}
