/**
 * The claim map (notebook 01b): where does later LR decay lower the final test loss (paper Sec. 2,
 * Fig. 1)? A grid of settings — rows model × weight decay, columns data set — each cell coloured
 * by the sign of the paired Δ final test loss (latest − earliest decay epoch; blue = later decay
 * lower) and marked (★, bold border) where its 95% interval over seeds excludes zero.
 * A pure function of plain data.
 */
import { FigureSpec } from "./types";

/** A mean with its confidence interval over seeds. */
export interface CellInterval {
  mean: number;
  lo: number;
  hi: number;
  n: number;
  excludesZero: boolean;
}

/** One cell of the map: its row and column labels, and its paired Δs or why there are none. */
export interface ClaimMapCell {
  /** e.g. "MLP 784-100-10 · λ = 0.0001" */
  row: string;
  /** e.g. "mnist-idx" */
  column: string;
  /** paired Δ final test loss, latest − earliest decay (absent when diverged) */
  loss?: CellInterval;
  /** paired Δ final test accuracy in [0, 1] units, latest − earliest decay */
  acc?: CellInterval;
  /** set when a path of the cell diverged: a short note */
  diverged?: string;
}

/** Blue = later decay lower, red = higher; dark = interval excludes zero; pale = it does not; grey = no Δ. */
const COLORS = {
  lowerResolved: "#2166ac",
  lower: "#a6cbe3",
  none: "#e0e0e0",
  higher: "#f4b6a6",
  higherResolved: "#b2182b",
};

/** −2 … 2: the colour class of a cell (0: diverged or Δ exactly 0). */
function colourClass(c: ClaimMapCell): number {
  if (!c.loss || !Number.isFinite(c.loss.mean) || c.loss.mean === 0) return 0;
  return Math.sign(c.loss.mean) * (c.loss.excludesZero ? 2 : 1);
}

const signed = (x: number, digits: number) => `${x > 0 ? "+" : ""}${x.toFixed(digits)}`;

/** The text drawn in a cell: Δ mean [lo, hi] n=…, ★ when resolved; the accuracy Δ in percentage points. */
export function claimMapCellText(c: ClaimMapCell): string {
  if (c.diverged || !c.loss) return `diverged<br>${c.diverged ?? ""}`.slice(0, 80);
  const l = c.loss;
  const ci = Number.isFinite(l.lo) ? ` [${signed(l.lo, 4)}, ${signed(l.hi, 4)}]` : "";
  const acc = c.acc ? `<br>acc Δ ${signed(100 * c.acc.mean, 2)} pp${c.acc.excludesZero ? " *" : ""}` : "";
  return `${l.excludesZero ? "★ " : ""}Δ ${signed(l.mean, 4)}${ci}<br>n=${l.n}${acc}`;
}

/**
 * The map as a plotly heatmap with one cell per setting.
 * @param cells one per (row, column); missing combinations stay empty
 * @param opts.rows / opts.columns label order (default: order of first appearance); opts.title
 * @param opts.decays the earliest and latest decay epoch, for the colour legend
 */
export function claimMapFigure(
  cells: ClaimMapCell[],
  opts: { rows?: string[]; columns?: string[]; title?: string; decays?: [number, number] } = {},
): FigureSpec {
  const rows = opts.rows ?? [...new Set(cells.map((c) => c.row))];
  const columns = opts.columns ?? [...new Set(cells.map((c) => c.column))];
  const at = (r: string, col: string) => cells.find((c) => c.row === r && c.column === col);
  const z = rows.map((r) =>
    columns.map((col) => {
      const c = at(r, col);
      return c ? colourClass(c) : null;
    }),
  );
  const text = rows.map((r) =>
    columns.map((col) => {
      const c = at(r, col);
      return c ? claimMapCellText(c) : "";
    }),
  );
  const scale = [COLORS.lowerResolved, COLORS.lower, COLORS.none, COLORS.higher, COLORS.higherResolved].flatMap(
    (color, i) => [
      [i / 5, color],
      [(i + 1) / 5, color],
    ],
  );
  const borders = rows.flatMap((r, i) =>
    columns.flatMap((col, j) => {
      const c = at(r, col);
      return c?.loss?.excludesZero
        ? [
            {
              type: "rect",
              xref: "x",
              yref: "y",
              x0: j - 0.5,
              x1: j + 0.5,
              y0: i - 0.5,
              y1: i + 0.5,
              line: { color: "black", width: 3 },
            },
          ]
        : [];
    }),
  );
  const [early, late] = opts.decays ?? [NaN, NaN];
  const delta = Number.isFinite(early)
    ? `final test loss after decaying at epoch ${late} − at epoch ${early}`
    : "final test loss, latest − earliest decay";
  return {
    data: [
      {
        type: "heatmap",
        x: columns,
        y: rows,
        z,
        text,
        texttemplate: "%{text}",
        textfont: { size: 11 },
        colorscale: scale,
        zmin: -2.5,
        zmax: 2.5,
        showscale: false,
        xgap: 3,
        ygap: 3,
        hovertemplate: "%{y} · %{x}<br>%{text}<extra></extra>",
      },
    ],
    layout: {
      title: {
        text:
          opts.title ??
          `Does later decay lower the test loss, and where?<br><sup>paired Δ ${delta}: mean [95% CI] over seeds; columns: data set</sup>`,
      },
      height: 140 + 64 * rows.length,
      xaxis: { side: "top", type: "category" },
      yaxis: { type: "category", autorange: "reversed", automargin: true },
      shapes: borders,
      annotations: [
        {
          xref: "paper",
          yref: "paper",
          x: 0,
          y: -0.02,
          yanchor: "top",
          xanchor: "left",
          align: "left",
          showarrow: false,
          font: { size: 11 },
          text:
            "blue: later decay lower · red: higher · dark with ★ and bold border: 95% interval excludes 0 · pale: it does not · grey: diverged" +
            "<br>acc Δ: test accuracy, latest − earliest decay, in percentage points (* its interval excludes 0)",
        },
      ],
      margin: { t: 110, l: 10, r: 20, b: 60 },
    },
    config: { responsive: true, displaylogo: false },
  };
}
