// Types for scripts/html-check.mjs.
export declare const CHROMIUM: string;
export interface HtmlPlotCheck { figureIds: string[]; renderedIds: string[]; missingIds: string[]; screenshot: string | null }
export declare function renderedFigures(dom: string): Omit<HtmlPlotCheck, "screenshot">;
export declare function checkHtmlPlots(htmlPath: string, screenshotPath?: string, opts?: { budgetMs?: number }): Promise<HtmlPlotCheck>;
