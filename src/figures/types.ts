/** A plotly figure as plain data: what `Plotly.newPlot(div, data, layout, config)` takes. */
export interface FigureSpec {
  /** plotly traces */
  data: Record<string, unknown>[];
  /** plotly layout */
  layout: Record<string, unknown>;
  /** plotly config (responsive, displaylogo, …) */
  config?: Record<string, unknown>;
}
