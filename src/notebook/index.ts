/** Notebook display helpers: the only part of the library that talks to tslab. */
export { showFigure, showBanner, showTable, insideTslab } from "./display";
export { progressDisplay, progressText, formatDuration } from "./progress";
export type { Progress } from "./progress";
export { figureHtml, figureTitle, plotlyLoaderHtml, plotlySource, withStaticImage } from "./figure-html";
export type { FigureHtmlOptions } from "./figure-html";
export { tableHtml, keyValueHtml } from "./table-html";
