/**
 * Pure HTML for a plotly figure: a div plus a script that waits for `window.Plotly`
 * and draws into the div. No tslab, no IO except reading plotly.js from node_modules (through store/files).
 * The HTML is self-contained (plotly.js inlined) so it renders in JupyterLab, the
 * classic Notebook and in nbconvert's HTML export without network access.
 */
import type { FigureSpec } from "../figures/types";
import { check } from "../core/errors";
import { readText } from "../store/files";

/** Default figure height in CSS pixels when neither opts nor layout give one. */
export const DEFAULT_FIGURE_HEIGHT_PX = 450;
/** How long the drawing script waits for plotly.js before writing an error into the div. */
const PLOTLY_WAIT_MS = 60_000;

let plotlyJs: string | null = null;

/**
 * The plotly.js bundle as a string, safe to place inside a `<script>` element (every
 * `</script` is escaped). Read once per process. The minified build of the same release
 * (plotly.js-dist-min, ~4.6 MB) is preferred, since it is inlined into every notebook and
 * HTML page; plotly.js-dist (~11 MB, unminified) is the fallback.
 */
export function plotlySource(): string {
  if (plotlyJs === null) {
    let path: string;
    try {
      path = require.resolve("plotly.js-dist-min/plotly.min.js");
    } catch {
      path = require.resolve("plotly.js-dist/plotly.js");
    }
    plotlyJs = readText(path).replace(/<\/script/gi, "<\\/script");
  }
  return plotlyJs;
}

/** JSON for embedding inside a `<script>`: typed arrays become arrays; `<`, `>`, `&`, U+2028/9 escaped. */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v));
  return json
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** inline the plotly.js bundle before the figure (once per page/kernel session) */
  includePlotly: boolean;
  /** id of the figure's div; must be unique within the page, letters/digits/-/_ only */
  divId: string;
  /** div height in CSS pixels; default layout.height, else 450 */
  height?: number;
}

/**
 * HTML for one plotly figure: `<div id=divId>` + a script that polls for `window.Plotly`
 * (every 50 ms, up to 60 s) then calls `Plotly.newPlot(div, data, layout, config)`.
 * @param spec plotly figure {data, layout, config?}; typed arrays in traces are allowed
 * @param opts see {@link FigureHtmlOptions}
 * @returns one HTML string (an `text/html` output)
 * @throws ConfigError when divId has characters outside [A-Za-z0-9_-] or height is not positive
 */
export function figureHtml(spec: FigureSpec, opts: FigureHtmlOptions): string {
  check(/^[A-Za-z][\w-]*$/.test(opts.divId), `divId must match [A-Za-z][A-Za-z0-9_-]*, got ${JSON.stringify(opts.divId)}`);
  const layoutHeight = typeof spec.layout?.height === "number" ? (spec.layout.height as number) : undefined;
  const height = opts.height ?? layoutHeight ?? DEFAULT_FIGURE_HEIGHT_PX;
  check(Number.isFinite(height) && height > 0, `height must be a positive number of pixels, got ${height}`);
  const config = { responsive: true, displaylogo: false, ...(spec.config ?? {}) };
  const payload = scriptJson({ data: spec.data, layout: spec.layout ?? {}, config });
  const parts: string[] = [];
  if (opts.includePlotly) parts.push(`<script type="text/javascript">${plotlySource()}</script>`);
  parts.push(
    `<div id="${opts.divId}" class="late-decay-figure" style="width:100%;height:${height}px;"></div>`,
    `<script type="text/javascript">
(function () {
  var fig = ${payload};
  var started = Date.now();
  function draw() {
    var el = document.getElementById("${opts.divId}");
    if (el && window.Plotly && window.Plotly.newPlot) { window.Plotly.newPlot(el, fig.data, fig.layout, fig.config); return; }
    if (Date.now() - started > ${PLOTLY_WAIT_MS}) { if (el) el.textContent = "plotly.js did not load: re-run the figure cell"; return; }
    setTimeout(draw, 50);
  }
  draw();
})();
</script>`,
  );
  return parts.join("\n");
}
