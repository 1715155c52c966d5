import { test } from "node:test";
import assert from "node:assert/strict";
import {
  figureHtml,
  figureTitle,
  plotlyFigureJson,
  plotlyLoaderHtml,
  plotlySource,
  PLOTLY_LOADER_ATTR,
  PLOTLY_MIME,
  scriptJson,
  withStaticImage,
} from "../../src/notebook/figure-html";
import { keyValueHtml, tableHtml } from "../../src/notebook/table-html";
import { formatDuration, progressDisplay, progressText } from "../../src/notebook/progress";

const PLOTLY_HEADER = /plotly\.js v\d+\.\d+\.\d+/g;
const spec = { data: [{ y: [1, 2, 3], name: "</script><b>" }], layout: { title: { text: "t" } } };

test("figures never carry plotly.js; the loader carries it once, marked for the HTML export", () => {
  const html = figureHtml(spec, { divId: "f1" });
  assert.equal(html.match(PLOTLY_HEADER), null);
  assert.ok(html.length < 5000);
  const loader = plotlyLoaderHtml();
  assert.equal(loader.match(PLOTLY_HEADER)?.length, 1);
  assert.ok(
    loader.startsWith(`<script type="text/javascript" ${PLOTLY_LOADER_ATTR}="1">`) &&
      loader.length > plotlySource().length,
  );
  assert.equal(loader.match(/<\/script>/g)?.length, 1, "nothing in the bundle closes the script early");
});

test("figureHtml: div with a visible static note, the spec as JSON, a script waiting for window.Plotly", () => {
  const html = figureHtml(spec, { divId: "fig-7", height: 321 });
  assert.match(html, /<div id="fig-7" class="late-decay-figure" data-height="321" style="width:100%;">/);
  assert.match(
    html,
    /<div class="late-decay-figure-static"><p class="late-decay-figure-note"><b>t<\/b>\. Interactive plotly figure: it draws when the notebook is trusted/,
  );
  const json = /<script type="application\/json" id="fig-7-spec">(.*?)<\/script>/.exec(html)?.[1] as string;
  assert.deepEqual(JSON.parse(json), {
    data: spec.data,
    layout: spec.layout,
    config: { responsive: true, displaylogo: false },
  });
  assert.ok(json.includes('"name":"\\u003c/script\\u003e\\u003cb\\u003e"'), "spec text cannot close the script");
  assert.match(html, /if \(!\(window\.Plotly && window\.Plotly\.newPlot\)\) return false;/);
  assert.match(
    html,
    /el\.removeChild\(placeholder\);\n {4}el\.style\.height = "321px";\n {4}window\.Plotly\.newPlot\(el, fig\.data, fig\.layout, fig\.config\);/,
  );
  assert.match(figureHtml({ data: [], layout: { height: 600 } }, { divId: "g" }), /data-height="600"/);
});

test("plotlyFigureJson: the figure figureHtml draws, as plain JSON (typed arrays become arrays), for the application/vnd.plotly.v1+json representation", () => {
  assert.equal(PLOTLY_MIME, "application/vnd.plotly.v1+json");
  const typed = {
    data: [{ y: new Float32Array([0.5, 2]) }],
    layout: { title: { text: "t" } },
    config: { displaylogo: true },
  };
  const json = plotlyFigureJson(typed as never);
  assert.deepEqual(json, {
    data: [{ y: [0.5, 2] }],
    layout: { title: { text: "t" } },
    config: { responsive: true, displaylogo: true },
  });
  assert.ok(Array.isArray(json.data[0] && (json.data[0] as { y: unknown }).y));
  const inHtml = /<script type="application\/json" id="g-spec">(.*?)<\/script>/.exec(
    figureHtml(typed as never, { divId: "g" }),
  )?.[1] as string;
  assert.deepEqual(JSON.parse(inHtml), json, "the HTML draws the same figure");
  assert.deepEqual(plotlyFigureJson({ data: [], layout: {} }), {
    data: [],
    layout: {},
    config: { responsive: true, displaylogo: false },
  });
});

test("figureTitle: plain text of string or {text} titles", () => {
  assert.equal(
    figureTitle({ data: [], layout: { title: { text: "Loss<br><sub>main path</sub> &  x" } } }),
    "Loss main path & x",
  );
  assert.equal(figureTitle({ data: [], layout: { title: "plain" } }), "plain");
  assert.equal(figureTitle({ data: [], layout: {} }), "");
});

test("withStaticImage puts the PNG before the note and says it is the static image; only once", () => {
  const html = withStaticImage(figureHtml(spec, { divId: "f" }), "iVBORw0K", 900);
  assert.match(
    html,
    /<div class="late-decay-figure-static"><img src="data:image\/png;base64,iVBORw0K" alt="t" width="900" style="max-width:100%;"><p class="late-decay-figure-note"><b>t<\/b>\. Static image; the interactive plotly figure draws when/,
  );
  assert.throws(() => withStaticImage(html, "x", 900), /without a static image/);
  assert.throws(() => withStaticImage("<div></div>", "x", 900), /must be one figureHtml output/);
});

test("figureHtml rejects bad div ids and heights", () => {
  assert.throws(() => figureHtml(spec, { divId: 'x" onload="' }), /divId must match .* got "x\\" onload=\\""/);
  assert.throws(() => figureHtml(spec, { divId: "x", height: 0 }), /height must be a positive number of pixels, got 0/);
});

test("scriptJson turns typed arrays into arrays", () => {
  assert.equal(scriptJson({ y: new Float32Array([0.5, 2]) }), '{"y":[0.5,2]}');
});

test("tables escape HTML and format numbers", () => {
  assert.equal(
    tableHtml([
      { a: 1, b: "<x>" },
      { a: 0.1234567, c: null },
    ]),
    '<table class="late-decay-table">\n<thead><tr><th>a</th><th>b</th><th>c</th></tr></thead>\n<tbody>\n' +
      "<tr><td>1</td><td>&lt;x&gt;</td><td></td></tr>\n<tr><td>0.123457</td><td></td><td></td></tr>\n</tbody>\n</table>",
  );
  assert.match(
    keyValueHtml({ backend: "wasm" }),
    /<th style="text-align:left">backend<\/th><td style="text-align:left">wasm<\/td>/,
  );
});

test("progress text: counts, percentage, rate and ETA", () => {
  assert.equal(progressText("run", 30, 100, 6, "lr 0.1"), "run 30/100 (30%) 5.00/s ETA 14s · 6s elapsed · lr 0.1");
  assert.equal(progressText("run", 4, 4, 2), "run 4/4 (100%) 2.00/s done · 2s elapsed");
  assert.equal(formatDuration(3725), "1h02m");
  assert.equal(formatDuration(125), "2m05s");
  assert.equal(formatDuration(Infinity), "?");
});

test("progressDisplay outside tslab: throttled stderr lines, always the last", () => {
  let t = 0;
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => {
    lines.push(s);
    return true;
  }) as typeof process.stderr.write;
  try {
    const p = progressDisplay("loop", () => t);
    for (let i = 1; i <= 10; i++) {
      t += 500;
      p.update(i, 10);
    }
    assert.throws(() => p.update(11, 10), /done must be an integer in \[0, 10\], got 11/);
    p.close("finished");
  } finally {
    process.stderr.write = write;
  }
  // renders at t=500 (first), 2500, 4500 (2 s apart), 5000 (done), and the close
  assert.deepEqual(
    lines.map((l) => l.split(" ")[1]),
    ["1/10", "5/10", "9/10", "10/10", "10/10"],
  );
  assert.match(lines[4], /finished\n$/);
});
