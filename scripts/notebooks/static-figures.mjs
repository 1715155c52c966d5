// Static images of a notebook's plotly figures, rendered by plotly.js itself in headless Chromium:
//   out/figures/<notebook>/<NN>-<title-slug>.svg and .png   (NN = order of the figure in the notebook)
// and each figure output of the executed notebook gets the PNG: as an <img> inside its HTML (what
// untrusted notebooks, previews and sanitised HTML show) and as an image/png representation (what
// PDF/LaTeX exports and image-only viewers use).
//
// API: const r = await renderStaticFigures(notebookJson, figuresDir)  →  {figures: [{name, title, svg, png}], notebook}
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { REPO_ROOT } from "../lib/paths.mjs";
import { withChromiumProfile } from "./browser.mjs";

/** Width in CSS pixels of the static images (height: the figure's own). */
export const STATIC_WIDTH_PX = 900;
/** The figure's spec in its display bundle (src/notebook/display.ts showFigure), an object. */
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

const joined = (v) => (Array.isArray(v) ? v.join("") : (v ?? ""));

/** "Loss vs epoch: main path (λ = 0.003)" → "loss-vs-epoch-main-path-003", at most 60 characters. */
export function slug(title) {
  const s = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s.slice(0, 60).replace(/-+$/, "") || "figure";
}

/**
 * The figure outputs of a notebook (display_data whose text/html is a figureHtml output, with the spec as
 * application/vnd.plotly.v1+json), in order.
 * @returns {{output: object, html: string, spec: object, height: number, title: string, name: string}[]}
 */
export function figureOutputs(nb) {
  const found = [];
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const html = joined(output.data?.["text/html"]);
      if (!html.includes('class="late-decay-figure"')) continue;
      const spec = output.data?.[PLOTLY_MIME];
      if (typeof spec !== "object" || spec === null)
        throw new Error(
          `a figure output without its ${PLOTLY_MIME} object (written by an older build: run the notebook again)`,
        );
      const height = Number(/data-height="([\d.]+)"/.exec(html)?.[1] ?? spec.layout?.height ?? 450);
      const title = output.metadata?.["late-decay"]?.figure ?? "figure";
      found.push({
        output,
        html,
        spec,
        height,
        title,
        name: `${String(found.length + 1).padStart(2, "0")}-${slug(title)}`,
      });
    }
  }
  return found;
}

/** SVG text and PNG bytes of each figure, via Plotly.toImage in one headless Chromium page (its profile folder removed after, also when Chromium was killed). */
async function renderAll(figures) {
  const { plotlyBundlePath } = createRequire(import.meta.url)(join(REPO_ROOT, "dist/store/assets.js"));
  return withChromiumProfile(async (browser) => {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ path: plotlyBundlePath() });
    const images = [];
    for (const f of figures) {
      const urls = await page.evaluate(
        async ({ fig, width, height }) => {
          const fullFig = { data: fig.data, layout: { ...fig.layout, width, height }, config: fig.config };
          const svg = await window.Plotly.toImage(fullFig, { format: "svg", width, height });
          const png = await window.Plotly.toImage(fullFig, { format: "png", width, height });
          return { svg, png };
        },
        { fig: f.spec, width: STATIC_WIDTH_PX, height: f.height },
      );
      images.push({
        svg: decodeURIComponent(urls.svg.slice(urls.svg.indexOf(",") + 1)),
        pngBase64: urls.png.slice(urls.png.indexOf(",") + 1),
      });
    }
    return images;
  });
}

/**
 * Renders every figure of `nb` to SVG and PNG under `figuresDir` (emptied first, so it holds exactly
 * this notebook's figures) and adds the PNG to each figure output of `nb` (modified in place).
 * @param {object} nb executed notebook (nbformat 4 JSON)
 * @param {string} figuresDir e.g. out/figures/01-late-decay
 * @returns {Promise<{name: string, title: string, svg: string, png: string}[]>} written files per figure
 * @throws Error when Chromium is missing or plotly cannot render a figure
 */
export async function renderStaticFigures(nb, figuresDir) {
  const figures = figureOutputs(nb);
  const images = figures.length ? await renderAll(figures) : [];
  const { withStaticImage } = createRequire(import.meta.url)(join(REPO_ROOT, "dist/notebook/figure-html.js"));
  rmSync(figuresDir, { recursive: true, force: true });
  mkdirSync(figuresDir, { recursive: true });
  return figures.map((f, i) => {
    const svg = join(figuresDir, `${f.name}.svg`);
    const png = join(figuresDir, `${f.name}.png`);
    writeFileSync(svg, images[i].svg);
    writeFileSync(png, Buffer.from(images[i].pngBase64, "base64"));
    f.output.data["text/html"] = withStaticImage(f.html, images[i].pngBase64, STATIC_WIDTH_PX);
    f.output.data["image/png"] = images[i].pngBase64;
    return { name: f.name, title: f.title, svg, png };
  });
}
