// Types for scripts/notebooks/html-check.mjs.
export declare const CHROMIUM: string;
export interface HtmlPlotCheck {
  figureIds: string[];
  renderedIds: string[];
  missingIds: string[];
  /** URLs the page requested besides itself (all refused) */
  refusedRequests: string[];
  /** formulas rendered as MathJax SVG */
  mathCount: number;
  /** `$…$` still in markdown text (unrendered TeX) */
  rawTex: string[];
  screenshot: string | null;
}
export declare function checkHtmlPlots(
  htmlPath: string,
  screenshotPath?: string,
  opts?: { timeoutMs?: number },
): Promise<HtmlPlotCheck>;
