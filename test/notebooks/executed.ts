/**
 * What the notebook tests share: when they may skip — outside CI only, saying why (in CI a missing
 * Jupyter or Chromium fails the run instead of reading as a pass) — and the shape of an executed
 * notebook's cells and outputs.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { findJupyterPython } from "../../scripts/start/bootstrap.mjs";
import { parseSvgs } from "../svg-check";
import { chromiumMissing } from "../../scripts/notebooks/browser.mjs";

/** A skip reason when no Python with Jupyter is found, outside CI; false otherwise. */
export const noJupyter: string | false =
  !process.env.CI && findJupyterPython() === null
    ? "no Python with nbclient/nbconvert/jupyter_client (run `node scripts/start/bootstrap.mjs`)"
    : false;

/** A skip reason when Chromium is missing (saying how to install it), outside CI; false otherwise. */
export const noChromium: string | false =
  !process.env.CI && chromiumMissing() ? `skipped: ${chromiumMissing()}` : false;

/** One output of an executed cell (nbformat 4). */
export interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}

/** One cell of an executed notebook (nbformat 4). */
export interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
  metadata?: Record<string, unknown>;
}

/** A multi-line nbformat string (a string or a list of lines) as one string. */
export const joined = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));

/** The SVG figures `npm run reproduce` wrote into a notebook's figures folder, in file-name order, parsed. */
export function figureSvgs(dir: string): ReturnType<typeof parseSvgs> {
  return parseSvgs(
    readdirSync(dir)
      .filter((f) => f.endsWith(".svg"))
      .sort()
      .map((f) => join(dir, f)),
  );
}
