/**
 * The one module that imports tslab: writes figures, banners and tables as `text/html`
 * outputs of the current notebook cell. Outside the tslab kernel (plain node, tests)
 * the functions print a short text form on stderr instead of throwing.
 */
import * as tslab from "tslab";
import type { FigureSpec } from "../figures/types";
import { figureHtml, figureTitle, plotlyFigureJson, plotlyLoaderHtml, PLOTLY_MIME } from "./figure-html";
import { keyValueHtml, keyValueText, tableHtml } from "./table-html";

let figureCount = 0;
/** Distinguishes this session's div ids from those of earlier sessions still on the page. */
const SESSION_TAG = `${process.pid.toString(36)}${Date.now().toString(36)}`;

/**
 * tslab's display-data writer, or null outside a kernel cell. The one reach past tslab's public API
 * (which writes one MIME type per output): `tslab/dist/jupyter`'s `lastWriteDisplayData`, typed by
 * tslab's own declarations so an upgrade that renames it fails the type check; tslab is pinned
 * (package.json) and test/notebook/display-bundle.test.ts checks the export on the installed version.
 */
export function tslabWriter():
  | ((
      data: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> },
      update: boolean,
    ) => void)
  | null {
  try {
    // null until the kernel has started executing a cell (tslab's display API then throws "Not ready")
    const jupyter = require("tslab/dist/jupyter") as typeof import("tslab/dist/jupyter");
    return (jupyter.lastWriteDisplayData as never) ?? null;
  } catch {
    return null;
  }
}

/** True when running inside a tslab kernel cell, i.e. display outputs can be written. */
export function insideTslab(): boolean {
  return tslabWriter() !== null;
}

/** A display entry that can be overwritten in place, or null outside tslab. */
export function newUpdatableDisplay(): tslab.Display | null {
  return insideTslab() ? tslab.newDisplay() : null;
}

/**
 * Writes one display_data output with several representations (tslab's own API takes one MIME type,
 * and would store a JSON MIME type given as a string as a string: here a JSON value stays an object).
 */
function displayBundle(data: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
  tslabWriter()?.({ data, metadata, transient: {} }, false);
}

/**
 * Displays a plotly figure as one output: `text/html` (div, spec, drawing script; see figureHtml),
 * the spec itself as `application/vnd.plotly.v1+json` (an object; drawn by clients with their own plotly
 * renderer, ignored by the others) and a `text/plain` line naming it. The figure carries no plotly.js: the backend banner of the
 * setup cells does (showBanner with `plotly: true`), so re-running this cell cannot remove it.
 * `npm run reproduce` later adds a static PNG of the figure to the saved output.
 * @param spec plotly figure from src/figures (pure {data, layout, config?})
 * @param opts.height div height in pixels (default layout.height, else 450)
 */
export function showFigure(spec: FigureSpec, opts: { height?: number } = {}): void {
  const divId = `ld-fig-${SESSION_TAG}-${++figureCount}`;
  if (!insideTslab()) {
    process.stderr.write(`[figure ${divId}] ${spec.data.length} trace(s); not displayed outside the tslab kernel\n`);
    return;
  }
  const title = figureTitle(spec) || "untitled";
  displayBundle(
    {
      "text/html": figureHtml(spec, { divId, height: opts.height }),
      [PLOTLY_MIME]: plotlyFigureJson(spec),
      "text/plain": `[plotly figure: ${title}]`,
    },
    { "late-decay": { figure: title } },
  );
}

/**
 * Displays a small key/value table, e.g. the TF.js backend and package versions in use.
 * @param info label → value, shown in insertion order
 * @param opts.plotly also carry plotly.js (~4.6 MB) for the figures of the page: the setup cell's
 *   backend banner does, every time it runs (see figure-html.ts)
 */
export function showBanner(info: Record<string, string>, opts: { plotly?: boolean } = {}): void {
  if (!insideTslab()) {
    process.stderr.write(keyValueText(info) + "\n");
    return;
  }
  tslab.display.html(keyValueHtml(info) + (opts.plotly ? "\n" + plotlyLoaderHtml() : ""));
}

/**
 * Displays a small table. Rows are records (the columns are the union of their keys);
 * a string is taken as ready-made HTML. A danfo DataFrame can be passed as `dfd.toJSON(df)`.
 * @param rows records, or an HTML string
 */
export function showTable(rows: Record<string, unknown>[] | string): void {
  const html = typeof rows === "string" ? rows : tableHtml(rows);
  if (!insideTslab()) {
    process.stderr.write(typeof rows === "string" ? html + "\n" : JSON.stringify(rows, null, 1) + "\n");
    return;
  }
  tslab.display.html(html);
}
