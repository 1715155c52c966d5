/**
 * Plotly specs of notebook 05 (nonlinear model, Ren, Ma, Ying 2024, Sec. 4): the three phases of
 * label-noise SGD, final values against the decay step T, and the interpolant check. Pure functions.
 */
import { FigureSpec } from "./types";
import { leftTitle as title, logAxis } from "./nonlinear-axes";

/** Mean curves of one γ over its completed chains. */
export interface PhaseSeries {
  gamma: number;
  steps: number[];
  decayStep: number;
  /** first step of the train-loss noise floor (end of phase I) */
  phaseOneEnd: number;
  /** number of completed chains averaged */
  chains: number;
  trainLoss: number[];
  testLoss: number[];
  /** ‖(I − P_X)(α − α_mn)‖ */
  distAlong: number[];
  /** ‖P_X(α − α_mn)‖ */
  distOff: number[];
}

/** Final value at one decay step: mean ± std over completed chains, and chains stopped early. */
export interface DecayPoint {
  gamma: number;
  decayStep: number;
  mean: number;
  std: number;
  n: number;
  stopped: number;
}

/** Test loss of one interpolant family at one offset ‖v‖, mean ± SE over teachers, and its closed form. */
export interface InterpolantPoint {
  family: string;
  offset: number;
  mean: number;
  se: number;
  predicted: number;
  teachers: number;
}

const CONFIG = { responsive: true, displaylogo: false };

const GAMMA_COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd"];

/**
 * The three phases on one plot (log y): train loss, test loss, ‖v‖ along M and the distance off M,
 * for the first series solid; the others (e.g. γ = 0) dashed. Shaded bands mark phases I, II, III.
 */
export function phasesFigure(series: PhaseSeries[]): FigureSpec {
  const metrics: [keyof PhaseSeries, string, string][] = [
    ["trainLoss", "train loss", "#1f77b4"],
    ["testLoss", "test loss", "#d62728"],
    ["distAlong", "‖v‖ along M", "#2ca02c"],
    ["distOff", "distance off M", "#9467bd"],
  ];
  const data = series.flatMap((s, i) =>
    metrics.map(([key, label, color]) => ({
      type: "scatter",
      mode: "lines",
      name: `${label} (γ = ${s.gamma})`,
      x: s.steps,
      y: (s[key] as number[]).map((v) => (v > 0 ? v : null)),
      line: { color, width: i === 0 ? 2 : 1.2, dash: i === 0 ? "solid" : "dash" },
      opacity: i === 0 ? 1 : 0.6,
      hovertemplate: `${label}, γ = ${s.gamma}<br>step %{x}<br>%{y:.4g}<extra></extra>`,
    })),
  );
  const s0 = series[0],
    end = s0.steps[s0.steps.length - 1];
  const band = (x0: number, x1: number, color: string, label: string) => ({
    shape: {
      type: "rect",
      xref: "x",
      yref: "paper",
      x0,
      x1,
      y0: 0,
      y1: 1,
      fillcolor: color,
      opacity: 0.15,
      line: { width: 0 },
      layer: "below",
    },
    note: { x: (x0 + x1) / 2, y: 1.02, xref: "x", yref: "paper", text: label, showarrow: false } as Record<
      string,
      unknown
    >,
  });
  const bands = [
    band(0, s0.phaseOneEnd, "#1f77b4", `I: ends at step ${s0.phaseOneEnd}`),
    band(s0.phaseOneEnd, s0.decayStep, "#2ca02c", "II: drift along M"),
    band(s0.decayStep, end, "#ff7f0e", "III: after decay"),
  ];
  // phase I is often a sliver of the x range: a solid edge line, and its label to the right with an arrow
  const edge = {
    type: "line",
    xref: "x",
    yref: "paper",
    x0: s0.phaseOneEnd,
    x1: s0.phaseOneEnd,
    y0: 0,
    y1: 1,
    line: { color: "#1f77b4", width: 1.5, dash: "dot" },
  };
  Object.assign(bands[0].note, {
    x: s0.phaseOneEnd,
    xanchor: "left",
    showarrow: true,
    ax: 30,
    ay: 0,
    arrowhead: 2,
    arrowcolor: "#1f77b4",
    font: { color: "#1f77b4" },
  });
  return {
    data,
    layout: {
      title: title(`Three phases of label-noise SGD (mean over ${s0.chains} chains; solid γ = ${s0.gamma})`),
      height: 480,
      xaxis: { title: { text: "step" } },
      yaxis: {
        title: { text: "value (log scale)" },
        ...logAxis(series.flatMap((s) => metrics.flatMap(([key]) => s[key] as number[]))),
      },
      shapes: [...bands.map((b) => b.shape), edge],
      annotations: bands.map((b) => b.note),
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 90, l: 70, r: 20, b: 40 },
    },
    config: CONFIG,
  };
}

function errorTraces(points: DecayPoint[], xa: string, ya: string, showLegend: boolean): Record<string, unknown>[] {
  const gammas = [...new Set(points.map((p) => p.gamma))];
  return gammas.flatMap((g, i) => {
    const ps = points.filter((p) => p.gamma === g),
      color = GAMMA_COLORS[i % GAMMA_COLORS.length];
    const out: Record<string, unknown>[] = [
      {
        type: "scatter",
        mode: "lines+markers",
        name: `γ = ${g}`,
        legendgroup: `γ${g}`,
        showlegend: showLegend,
        xaxis: xa,
        yaxis: ya,
        x: ps.map((p) => p.decayStep),
        y: ps.map((p) => p.mean),
        error_y: { type: "data", array: ps.map((p) => p.std), visible: true },
        line: { color },
        text: ps.map((p) => `n = ${p.n}`),
        hovertemplate: `γ = ${g}<br>T = %{x}<br>%{y:.4f} (%{text})<extra></extra>`,
      },
    ];
    const bad = ps.filter((p) => p.stopped > 0);
    if (bad.length)
      out.push({
        type: "scatter",
        mode: "markers+text",
        name: `diverged chains (γ = ${g})`,
        legendgroup: `γ${g}`,
        showlegend: showLegend,
        xaxis: xa,
        yaxis: ya,
        x: bad.map((p) => p.decayStep),
        y: bad.map((p) => (Number.isFinite(p.mean) ? p.mean : 0)),
        text: bad.map((p) => `${p.stopped} diverged`),
        textposition: "top center",
        marker: { symbol: "x", size: 12, color },
      });
    return out;
  });
}

/**
 * Two panels against the decay step T: final test loss (with the test loss of α_mn as a dashed
 * reference line) and final ‖α − α_mn‖; one line per γ, error bars ± std; diverged chains marked ×.
 */
export function decayStepFigure(
  loss: DecayPoint[],
  dist: DecayPoint[],
  alphaMnLoss: number,
  opts: { title?: string } = {},
): FigureSpec {
  const xs = loss.map((p) => p.decayStep);
  const ref = {
    type: "scatter",
    mode: "lines",
    name: "test loss of α_mn",
    x: [Math.min(...xs), Math.max(...xs)],
    y: [alphaMnLoss, alphaMnLoss],
    line: { color: "black", dash: "dash" },
    hovertemplate: "test loss of α_mn %{y:.4f}<extra></extra>",
  };
  return {
    data: [...errorTraces(loss, "x", "y", true), ref, ...errorTraces(dist, "x2", "y2", false)],
    layout: {
      title: title(opts.title ?? "Final values after the decay against the decay step T (mean ± std over seeds)"),
      height: 440,
      xaxis: { title: { text: "decay step T" }, domain: [0, 0.45] },
      yaxis: { title: { text: "final test loss" } },
      xaxis2: { title: { text: "decay step T" }, domain: [0.57, 1], anchor: "y2" },
      yaxis2: { title: { text: "final ‖α − α_mn‖" }, anchor: "x2", rangemode: "tozero" },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 70, l: 70, r: 20, b: 40 },
    },
    config: CONFIG,
  };
}

/** Mean test loss over teachers (± 2 SE) against ‖v‖ = ‖α − α_mn‖ per family, and the closed form ½(‖v‖² + (d − n)/d). */
export function interpolantFigure(points: InterpolantPoint[]): FigureSpec {
  const families = [...new Set(points.map((p) => p.family))];
  // The fixed and the data-dependent direction have the same expected loss at each offset, so their points
  // coincide: the first family is a large ring with a thick dotted line, the others smaller filled shapes on top.
  const styles = [
    { marker: { symbol: "circle-open", size: 18, line: { width: 2.5 } }, line: { width: 3, dash: "dot" } },
    { marker: { symbol: "square", size: 8 }, line: { width: 1 } },
    { marker: { symbol: "diamond", size: 9 }, line: { width: 1 } },
  ];
  const data: Record<string, unknown>[] = families.map((f, i) => {
    const ps = points.filter((p) => p.family === f).sort((a, b) => a.offset - b.offset);
    return {
      type: "scatter",
      mode: ps.length > 1 ? "lines+markers" : "markers",
      name: f,
      x: ps.map((p) => p.offset),
      y: ps.map((p) => p.mean),
      error_y: { type: "data", array: ps.map((p) => 2 * p.se), visible: true },
      ...styles[i % styles.length],
    };
  });
  const maxOff = Math.max(...points.map((p) => p.offset));
  const grid = Array.from({ length: 50 }, (_, i) => (maxOff * 1.05 * i) / 49);
  const c0 = points[0].predicted - 0.5 * points[0].offset ** 2;
  data.push({
    type: "scatter",
    mode: "lines",
    name: "closed form ½(‖v‖² + (d − n)/d)",
    x: grid,
    y: grid.map((v) => 0.5 * v * v + c0),
    line: { color: "black", dash: "dash" },
  });
  return {
    data,
    layout: {
      title: title(`Expected test loss of interpolants over ${points[0].teachers} isotropic teachers (± 2 SE)`),
      height: 420,
      xaxis: { title: { text: "‖α − α_mn‖ (null-space offset)" } },
      yaxis: { title: { text: "mean test loss ½‖α − α*‖²" } },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 50, l: 70, r: 20, b: 40 },
    },
    config: CONFIG,
  };
}
