// Checks that an exported notebook HTML works offline, in headless Chromium (playwright-core): the page
// is served from a made-up origin (http://offline.invalid/) and every other request is refused and
// recorded, so neither the network nor /usr/share/javascript is reachable. A figure is the div written
// by src/notebook (class "late-decay-figure"); it counts as rendered when it holds plotly's
// `<svg class="main-svg">`. Math counts as rendered when it is an SVG from MathJax (mjx-container).
//
// API: const r = await checkHtmlPlots(htmlPath, screenshotPath?)
//      r = {figureIds, renderedIds, missingIds, refusedRequests, mathCount, rawTex, screenshot}
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { CHROMIUM, launchChromium } from "./browser.mjs";

export { CHROMIUM };
const ORIGIN = "http://offline.invalid/";

/**
 * Opens `htmlPath` offline in headless Chromium and reports which figures rendered.
 * @param {string} htmlPath exported notebook HTML
 * @param {string} [screenshotPath] when given, also saves a full-page PNG (1200 px wide) there
 * @param {{timeoutMs?: number}} [opts] how long to wait for every figure to draw (default 60000)
 * @returns {Promise<{figureIds: string[], renderedIds: string[], missingIds: string[], refusedRequests: string[],
 *   mathCount: number, rawTex: string[], screenshot: string|null}>}
 *   refusedRequests: URLs the page asked for besides itself; rawTex: text nodes of markdown still holding `$…$`
 * @throws Error when the file is missing or Chromium cannot run
 */
export async function checkHtmlPlots(htmlPath, screenshotPath, { timeoutMs = 60_000 } = {}) {
  if (!existsSync(htmlPath)) throw new Error(`checkHtmlPlots: no such file ${htmlPath}`);
  const url = ORIGIN + encodeURIComponent(basename(htmlPath));
  const body = readFileSync(htmlPath);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, offline: false });
    const refusedRequests = [];
    await context.route("**/*", (route) => {
      if (route.request().url() === url)
        return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body });
      refusedRequests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on("requestfailed", (req) => {
      if (!refusedRequests.includes(req.url())) refusedRequests.push(req.url());
    });
    await page.goto(url, { waitUntil: "load", timeout: 120_000 });
    await page
      .waitForFunction(
        () => [...document.querySelectorAll(".late-decay-figure")].every((d) => d.querySelector("svg.main-svg")),
        null,
        { timeout: timeoutMs, polling: 250 },
      )
      .catch(() => {});
    const state = await page.evaluate(() => {
      const figures = [...document.querySelectorAll(".late-decay-figure")];
      const markdownText = [...document.querySelectorAll(".jp-MarkdownOutput")].map((m) => m.textContent ?? "");
      return {
        figureIds: figures.map((d) => d.id),
        renderedIds: figures.filter((d) => d.querySelector("svg.main-svg")).map((d) => d.id),
        mathCount: document.querySelectorAll("mjx-container > svg").length,
        rawTex: markdownText.flatMap((t) => t.match(/\$[^$\n]{1,80}\$/g) ?? []),
      };
    });
    let screenshot = null;
    if (screenshotPath) {
      mkdirSync(dirname(resolve(screenshotPath)), { recursive: true });
      await page.screenshot({ path: resolve(screenshotPath), fullPage: true });
      screenshot = resolve(screenshotPath);
    }
    const missingIds = state.figureIds.filter((id) => !state.renderedIds.includes(id));
    return { ...state, missingIds, refusedRequests, screenshot };
  } finally {
    await browser.close();
  }
}
