/**
 * Plotly spec of the authors' "direction after decay" view (paper Sec. 3): the weight trajectory
 * in the space of its first three principal components, the main path at the large LR and each
 * subpath after its decay, rotatable. Pure function of plain data.
 */
import { FigureSpec } from "./types";
import { subpathColor } from "./late-decay";
import { check } from "../core/errors";

/** A path in principal-component coordinates. */
export interface PcPath {
  /** legend label, e.g. "main path" or "decay at 100" */
  name: string;
  /** null for the main path */
  decayEpoch: number | null;
  /** epoch of each checkpoint, [T_path] */
  epochs: number[];
  /** coordinates on the principal components, [T_path][k] with k ≥ 3 */
  pcs: number[][];
}

/** Input of {@link trajectory3dFigure}. */
export interface Trajectory3dData {
  /** main path (decayEpoch null) then subpaths in decay-epoch order */
  paths: PcPath[];
  /** explained-variance ratio of each component, [k] (shown in the axis titles) */
  explainedVarianceRatio: number[];
}

const pct = (r: number | undefined) => (r === undefined ? "" : ` (${(100 * r).toFixed(1)}%)`);

function pathTrace(p: PcPath, color: string): Record<string, unknown>[] {
  const isMain = p.decayEpoch === null;
  const col = (j: number) => p.pcs.map((x) => x[j]);
  const hover = `${p.name}<br>epoch %{customdata}<br>PC1 %{x:.4g}<br>PC2 %{y:.4g}<br>PC3 %{z:.4g}<extra></extra>`;
  const last = p.pcs.length - 1;
  const line = {
    type: "scatter3d",
    mode: "lines",
    name: p.name,
    legendgroup: p.name,
    x: col(0),
    y: col(1),
    z: col(2),
    customdata: p.epochs,
    line: { color, width: isMain ? 4 : 8 },
    hovertemplate: hover,
  };
  const idx = [0, last];
  const marks = {
    type: "scatter3d",
    mode: "markers",
    legendgroup: p.name,
    showlegend: false,
    name: p.name,
    x: idx.map((t) => p.pcs[t][0]),
    y: idx.map((t) => p.pcs[t][1]),
    z: idx.map((t) => p.pcs[t][2]),
    customdata: idx.map((t) => p.epochs[t]),
    hovertemplate: hover,
    marker: isMain
      ? // main path: white dot ringed in black at initialization, black square at its end (larger than the
        // last subpath's decay diamond, which sits on the same point when that decay epoch is the last epoch)
        { size: [10, 10], symbol: ["circle", "square"], color: ["white", "black"], line: { color: "black", width: 2 } }
      : { size: [6, 6], symbol: ["diamond", "circle"], color, line: { color: "black", width: 1 } },
  };
  return [line, marks];
}

/**
 * PC1–PC2–PC3 coordinates of the main path (black; white ringed dot at initialization, square at its
 * final point) and of each subpath after its decay in `subpathColor(i)` (notebook 01's colours;
 * diamond at the decay point, dot at the end). Axis titles carry the explained-variance ratios.
 * @throws ConfigError when a path has fewer than 3 coordinates per checkpoint
 */
export function trajectory3dFigure(d: Trajectory3dData, opts: { title?: string } = {}): FigureSpec {
  for (const p of d.paths) {
    check(
      p.pcs.every((x) => x.length >= 3),
      `path ${p.name} needs 3 principal-component coordinates per checkpoint`,
    );
  }
  let sub = 0;
  const data = d.paths.flatMap((p) => pathTrace(p, p.decayEpoch === null ? "black" : subpathColor(sub++)));
  const r = d.explainedVarianceRatio;
  return {
    data,
    layout: {
      title: { text: opts.title ?? "Weight trajectory on its top three principal components" },
      height: 560,
      scene: {
        xaxis: { title: { text: `PC1${pct(r[0])}` } },
        yaxis: { title: { text: `PC2${pct(r[1])}` } },
        zaxis: { title: { text: `PC3${pct(r[2])}` } }, // closer and looking slightly below the centre: no band of empty space above the scene
        camera: { eye: { x: 1.45, y: -1.45, z: 0.6 }, center: { x: 0, y: 0, z: -0.12 } },
      },
      legend: { orientation: "h", y: -0.05 },
      margin: { t: 40, l: 0, r: 0, b: 0 },
    },
    config: { responsive: true, displaylogo: false },
  };
}
