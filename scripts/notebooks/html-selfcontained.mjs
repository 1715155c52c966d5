// Makes an nbconvert HTML export self-contained and offline:
//   - drops the <script src="file:///usr/share/javascript/…"> references Debian's nbconvert writes
//     (requirejs, MathJax 2) and the MathJax configuration script;
//   - renders the TeX of markdown cells to SVG at export time (mathjax-full), so math shows without
//     any script;
//   - keeps plotly.js exactly once per page, in <head> (the notebook carries it in its setup cell's
//     banner output; a page with figures but no copy gets one).
//
// API: makeSelfContained(html) → html
import { createRequire } from "node:module";
import { join } from "node:path";
import { REPO_ROOT } from "../lib/paths.mjs";

const require = createRequire(import.meta.url);
const EXTERNAL_SCRIPT = /<script\b[^>]*\bsrc="(?:file|https?):\/\/[^"]*"[^>]*>\s*<\/script>\s*/gi;
const MATHJAX_CONFIG =
  /(?:<!-- Load mathjax -->\s*)?<!-- MathJax configuration -->\s*<script type="text\/x-mathjax-config">[\s\S]*?<\/script>\s*<!-- End of mathjax configuration -->/;
const MARKDOWN_OPEN = /<div class="[^"]*\bjp-MarkdownOutput\b[^"]*"[^>]*>/g;
const TEX_HINT = /\$|\\\(|\\\[|\\begin\{/;

let mathjaxState = null;

function mathjax() {
  if (mathjaxState) return mathjaxState;
  const { mathjax: mj } = require("mathjax-full/js/mathjax.js");
  const { TeX } = require("mathjax-full/js/input/tex.js");
  const { SVG } = require("mathjax-full/js/output/svg.js");
  const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
  const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
  const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const options = () => ({
    InputJax: new TeX({
      packages: AllPackages,
      inlineMath: [
        ["$", "$"],
        ["\\(", "\\)"],
      ],
      displayMath: [
        ["$$", "$$"],
        ["\\[", "\\]"],
      ],
      processEscapes: true,
    }),
    OutputJax: new SVG({ fontCache: "local" }),
  });
  mathjaxState = { mj, adaptor, options, css: null };
  return mathjaxState;
}

/** TeX in one HTML fragment (a markdown cell's rendering) typeset to inline SVG; also returns the stylesheet. */
export function typesetFragment(fragment) {
  const { mj, adaptor, options } = mathjax();
  const doc = mj.document(`<html><head></head><body>${fragment}</body></html>`, options());
  doc.render();
  const css = adaptor.textContent(doc.outputJax.styleSheet(doc));
  return { html: adaptor.innerHTML(adaptor.body(doc.document)), css };
}

/** [start, end) of each markdown block: from its opening div to the matching closing div. */
function markdownBlocks(html) {
  const blocks = [];
  for (const m of html.matchAll(MARKDOWN_OPEN)) {
    let depth = 1;
    const tag = /<div\b|<\/div>/g;
    tag.lastIndex = m.index + m[0].length;
    let t;
    while (depth > 0 && (t = tag.exec(html))) depth += t[0] === "</div>" ? -1 : 1;
    if (depth === 0) blocks.push([m.index + m[0].length, t.index]);
  }
  return blocks;
}

/**
 * The self-contained version of an exported page (see the header).
 * @param {string} html nbconvert output (lab template)
 * @returns {string}
 */
export function makeSelfContained(html) {
  let out = html
    .replace(EXTERNAL_SCRIPT, "")
    .replace(MATHJAX_CONFIG, "")
    .replace(/<!-- Load mathjax -->\s*/, "");
  let css = null;
  const pieces = [];
  let last = 0;
  for (const [start, end] of markdownBlocks(out)) {
    const block = out.slice(start, end);
    if (!TEX_HINT.test(block)) continue;
    const typeset = typesetFragment(block);
    css ??= typeset.css;
    pieces.push(out.slice(last, start), typeset.html);
    last = end;
  }
  out = pieces.join("") + out.slice(last);
  const { PLOTLY_LOADER_ATTR, plotlyLoaderHtml } = require(join(REPO_ROOT, "dist/notebook/figure-html.js"));
  const loader = new RegExp(`<script\\b[^>]*\\b${PLOTLY_LOADER_ATTR}="1"[^>]*>[\\s\\S]*?</script>`, "g");
  const hasFigures = out.includes('class="late-decay-figure"');
  out = out.replace(loader, "");
  const head = (css ? `<style id="mathjax-svg">${css}</style>\n` : "") + (hasFigures ? plotlyLoaderHtml() + "\n" : "");
  return out.replace("</head>", () => `${head}</head>`);
}
