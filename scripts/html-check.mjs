// Checks that the plotly figures of an exported notebook HTML render offline, in headless
// Chromium with networking disabled (DNS mapped to nothing, a dead proxy). A figure is the
// div written by src/notebook (class "late-decay-figure"); it counts as rendered when its
// part of the DOM holds plotly's `<svg class="main-svg">` after the virtual-time budget.
//
// API: const r = await checkHtmlPlots(htmlPath, screenshotPath?)
//      r = {figureIds, renderedIds, missingIds, screenshot}   (screenshot: path or null)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FIGURE_DIV = /<div[^>]*\bid="([^"]+)"[^>]*\bclass="[^"]*\blate-decay-figure\b[^"]*"/g;
const OFFLINE_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
];

function chromium(args, timeoutMs) {
  const userDataDir = mkdtempSync(join(tmpdir(), "ld-chromium-"));
  try {
    const r = spawnSync(CHROMIUM, [...OFFLINE_FLAGS, `--user-data-dir=${userDataDir}`, ...args], {
      encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs,
    });
    if (r.error) throw new Error(`chromium failed to run (${CHROMIUM}): ${r.error.message}`);
    if (r.status !== 0) throw new Error(`chromium exited with ${r.status}: ${r.stderr.slice(-2000)}`);
    return r.stdout;
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/**
 * Ids of the figure divs in a DOM string, split into rendered (main-svg present between this
 * figure's div and the next figure's div) and missing.
 */
export function renderedFigures(dom) {
  const hits = [...dom.matchAll(FIGURE_DIV)];
  const figureIds = hits.map((m) => m[1]);
  const renderedIds = hits
    .filter((m, i) => dom.slice(m.index, hits[i + 1]?.index ?? dom.length).includes('class="main-svg"'))
    .map((m) => m[1]);
  return { figureIds, renderedIds, missingIds: figureIds.filter((id) => !renderedIds.includes(id)) };
}

/**
 * Opens `htmlPath` in headless Chromium, offline, and reports which figures rendered.
 * @param {string} htmlPath exported notebook HTML
 * @param {string} [screenshotPath] when given, also saves a 1200×2000 PNG there
 * @param {{budgetMs?: number}} [opts] virtual-time budget for scripts (default 15000)
 * @returns {Promise<{figureIds: string[], renderedIds: string[], missingIds: string[], screenshot: string|null}>}
 * @throws Error when the file is missing or Chromium cannot run
 */
export async function checkHtmlPlots(htmlPath, screenshotPath, { budgetMs = 15000 } = {}) {
  if (!existsSync(htmlPath)) throw new Error(`checkHtmlPlots: no such file ${htmlPath}`);
  const url = pathToFileURL(resolve(htmlPath)).href;
  const budget = `--virtual-time-budget=${budgetMs}`;
  const dom = chromium([budget, "--dump-dom", url], 120_000);
  const result = { ...renderedFigures(dom), screenshot: null };
  if (screenshotPath) {
    mkdirSync(dirname(resolve(screenshotPath)), { recursive: true });
    chromium([budget, "--hide-scrollbars", `--screenshot=${resolve(screenshotPath)}`, "--window-size=1200,2000", url], 120_000);
    if (!existsSync(screenshotPath)) throw new Error(`chromium wrote no screenshot at ${screenshotPath}`);
    result.screenshot = resolve(screenshotPath);
  }
  return result;
}
