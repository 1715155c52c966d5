/**
 * Pure HTML for plotly figures and for the plotly.js loader that draws them. No tslab, no IO
 * (the bundle is read through src/store).
 *
 * How a figure survives re-runs, saves and exports: plotly.js is never carried by a figure. The
 * backend banner of every notebook's setup cell carries it ({@link plotlyLoaderHtml}, ~4.6 MB,
 * written again each time that cell runs), so re-running a figure cell cannot remove the page's only
 * copy. A figure output holds its spec as JSON plus a small script that draws it as soon as
 * `window.Plotly` exists (whichever output loaded it, in whatever order the client renders them).
 * Until then, and wherever scripts do not run (untrusted notebook, previews, sanitised HTML), the
 * figure shows its static part: a one-line note, and after `npm run reproduce` a PNG of itself
 * ({@link withStaticImage}).
 */
import type { FigureSpec } from "../figures/types";
import { check } from "../core/errors";
import { readPlotlyBundle } from "../store/assets";

/** Default figure height in CSS pixels when neither opts nor layout give one. */
export const DEFAULT_FIGURE_HEIGHT_PX = 450;
/** Attribute marking the script element that carries plotly.js (the HTML export keeps one per page). */
export const PLOTLY_LOADER_ATTR = "data-late-decay-plotly";
/** Class of the part of a figure shown until plotly draws (note, static image). */
export const STATIC_CLASS = "late-decay-figure-static";
/** How often a figure script looks for `window.Plotly` and its div, and for how long at most. */
const POLL_MS = 250;
const POLL_LIMIT_MS = 10 * 60_000;

let plotlyJs: string | null = null;

/** The plotly.js bundle, safe inside a `<script>` element (every `</script` escaped); read once per process. */
export function plotlySource(): string {
  if (plotlyJs === null) plotlyJs = readPlotlyBundle().replace(/<\/script/gi, "<\\/script");
  return plotlyJs;
}

/** JSON for embedding inside a `<script>`: typed arrays become arrays; `<`, `>`, `&`, U+2028/9 escaped. */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value, (_k, v) =>
    ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v,
  );
  return json
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The figure's title as plain text (tags such as `<br>` or `<sub>` dropped), or "" when it has none. */
export function figureTitle(spec: FigureSpec): string {
  const t = spec.layout?.title as unknown;
  const text =
    typeof t === "string" ? t : typeof t === "object" && t !== null ? (t as { text?: unknown }).text : undefined;
  return typeof text === "string"
    ? text
        .replace(/<br\s*\/?>/gi, " ")
        .replace(/<[^>]*>/g, "")
        .replace(/\s+/g, " ")
        .trim()
    : "";
}

/**
 * The `<script>` carrying plotly.js for every figure of the page, once. Displayed by the backend
 * banner of the setup cells; re-evaluating it (cell re-run) only replaces `window.Plotly`.
 */
export function plotlyLoaderHtml(): string {
  return `<script type="text/javascript" ${PLOTLY_LOADER_ATTR}="1">${plotlySource()}</script>`;
}

/** MIME type of a figure's spec in its display bundle: clients with their own plotly renderer (JupyterLab
 * with plotly's extension, VS Code, nteract) draw it; others ignore it and show the `text/html`. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The plotly figure `{data, layout, config}` as drawn: the spec's config over `responsive`, no plotly logo. */
export interface PlotlyFigureJson {
  data: unknown[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
}

/**
 * The figure as plain JSON (typed arrays become arrays), what {@link figureHtml} draws and what the
 * `application/vnd.plotly.v1+json` representation carries (an object: a JSON MIME type given as a string
 * would be stored as a string).
 */
export function plotlyFigureJson(spec: FigureSpec): PlotlyFigureJson {
  const config = { responsive: true, displaylogo: false, ...(spec.config ?? {}) };
  const plain = (v: unknown): unknown =>
    JSON.parse(
      JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x)),
    );
  return {
    data: plain(spec.data) as unknown[],
    layout: plain(spec.layout ?? {}) as Record<string, unknown>,
    config: plain(config) as Record<string, unknown>,
  };
}

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** id of the figure's div; must be unique within the page, letters/digits/-/_ only */
  divId: string;
  /** div height in CSS pixels; default layout.height, else 450 */
  height?: number;
}

/** Height in CSS pixels a figure is drawn at: opts.height, else layout.height, else 450. @throws ConfigError when not positive */
export function figureHeight(spec: FigureSpec, height?: number): number {
  const layoutHeight = typeof spec.layout?.height === "number" ? (spec.layout.height as number) : undefined;
  const h = height ?? layoutHeight ?? DEFAULT_FIGURE_HEIGHT_PX;
  check(Number.isFinite(h) && h > 0, `height must be a positive number of pixels, got ${h}`);
  return h;
}

/**
 * HTML for one plotly figure: `<div id=divId class="late-decay-figure">` holding the static part
 * (title and a one-line note), the spec as `<script type="application/json" id="<divId>-spec">`, and a
 * script that polls (every 250 ms, up to 10 min; stops once the div is gone) for the div and
 * `window.Plotly`, then replaces the static part by `Plotly.newPlot(div, data, layout, config)`.
 * Carries no plotly.js: see {@link plotlyLoaderHtml}.
 * @param spec plotly figure {data, layout, config?}; typed arrays in traces are allowed
 * @param opts see {@link FigureHtmlOptions}
 * @returns one HTML string (a `text/html` output)
 * @throws ConfigError when divId has characters outside [A-Za-z0-9_-] or height is not positive
 */
export function figureHtml(spec: FigureSpec, opts: FigureHtmlOptions): string {
  check(
    /^[A-Za-z][\w-]*$/.test(opts.divId),
    `divId must match [A-Za-z][A-Za-z0-9_-]*, got ${JSON.stringify(opts.divId)}`,
  );
  const height = figureHeight(spec, opts.height);
  const payload = scriptJson(plotlyFigureJson(spec));
  const title = figureTitle(spec);
  const note =
    `${title ? `<b>${escapeHtml(title)}</b>. ` : ""}Interactive plotly figure: it draws when the notebook is trusted ` +
    "and plotly.js is on the page (the backend banner of the setup cells carries it).";
  return [
    `<div id="${opts.divId}" class="late-decay-figure" data-height="${height}" style="width:100%;">`,
    `<div class="${STATIC_CLASS}"><p class="late-decay-figure-note">${note}</p></div>`,
    `</div>`,
    `<script type="application/json" id="${opts.divId}-spec">${payload}</script>`,
    `<script type="text/javascript">
(function () {
  var id = "${opts.divId}", seen = false, started = Date.now();
  function draw() {
    var el = document.getElementById(id), specEl = document.getElementById(id + "-spec");
    if (!el || !specEl) return seen || Date.now() - started > ${POLL_LIMIT_MS};
    seen = true;
    if (!(window.Plotly && window.Plotly.newPlot)) return false;
    var fig = JSON.parse(specEl.textContent);
    var placeholder = el.querySelector(".${STATIC_CLASS}");
    if (placeholder) el.removeChild(placeholder);
    el.style.height = "${height}px";
    window.Plotly.newPlot(el, fig.data, fig.layout, fig.config);
    return true;
  }
  if (!draw()) { var timer = setInterval(function () { if (draw()) clearInterval(timer); }, ${POLL_MS}); }
})();
</script>`,
  ].join("\n");
}

/**
 * Puts a static image of the figure into a figure's HTML (what untrusted notebooks, previews and
 * sanitised HTML show): an `<img>` with the PNG as a data URI before the note, whose text then says
 * that this is the static image.
 * @param html output of {@link figureHtml}
 * @param pngBase64 the PNG, base64
 * @param widthPx CSS width of the image (its pixel width divided by the render scale)
 * @throws ConfigError when `html` is not a figure of figureHtml or already has an image
 */
export function withStaticImage(html: string, pngBase64: string, widthPx: number): string {
  const open = `<div class="${STATIC_CLASS}">`;
  check(
    html.includes(open) && !html.includes(`${open}<img`),
    "withStaticImage: html must be one figureHtml output without a static image",
  );
  const title = /<p class="late-decay-figure-note"><b>(.*?)<\/b>/.exec(html)?.[1] ?? "figure";
  const img = `<img src="data:image/png;base64,${pngBase64}" alt="${title}" width="${Math.round(widthPx)}" style="max-width:100%;">`;
  return html
    .replace(open, `${open}${img}`)
    .replace(/Interactive plotly figure: it draws when/, "Static image; the interactive plotly figure draws when");
}
