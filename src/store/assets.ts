/** Read-only assets shipped in node_modules that the notebook outputs inline (the plotly.js bundle). */
import * as fs from "fs";

/**
 * Path of the plotly.js browser bundle: the minified build (plotly.js-dist-min, ~4.6 MB) when
 * installed, else the unminified plotly.js-dist (~11 MB) of the same release.
 * @throws Error when neither package is installed
 */
export function plotlyBundlePath(): string {
  try {
    return require.resolve("plotly.js-dist-min/plotly.min.js");
  } catch {
    return require.resolve("plotly.js-dist/plotly.js");
  }
}

/** The plotly.js bundle as text (UTF-8), read from {@link plotlyBundlePath}. */
export function readPlotlyBundle(): string {
  return fs.readFileSync(plotlyBundlePath(), "utf8");
}
