import { test } from "node:test";
import assert from "node:assert/strict";
import { figureHtml, plotlySource, scriptJson } from "../../src/notebook/figure-html";
import { keyValueHtml, tableHtml } from "../../src/notebook/table-html";
import { formatDuration, progressDisplay, progressText } from "../../src/notebook/progress";

const PLOTLY_HEADER = /plotly\.js v\d+\.\d+\.\d+/g;
const spec = { data: [{ y: [1, 2, 3], name: "</script><b>" }], layout: { title: { text: "t" } } };

test("figureHtml embeds plotly.js exactly once when asked, never otherwise", () => {
  const withJs = figureHtml(spec, { includePlotly: true, divId: "f1" });
  const without = figureHtml(spec, { includePlotly: false, divId: "f2" });
  assert.equal(withJs.match(PLOTLY_HEADER)?.length, 1);
  assert.equal(without.match(PLOTLY_HEADER), null);
  assert.ok(withJs.length > plotlySource().length && without.length < 5000);
  assert.equal(withJs.match(/<\/script>/g)?.length, 2, "bundle + drawing script, nothing closes early");
});

test("figureHtml carries the spec, the div and waits for window.Plotly", () => {
  const html = figureHtml(spec, { includePlotly: false, divId: "fig-7", height: 321 });
  assert.match(html, /<div id="fig-7" class="late-decay-figure" style="width:100%;height:321px;"><\/div>/);
  assert.ok(html.includes('"y":[1,2,3]'));
  assert.ok(html.includes('"name":"\\u003c/script\\u003e\\u003cb\\u003e"'), "spec text cannot close the script");
  assert.ok(html.includes('"config":{"responsive":true,"displaylogo":false}'));
  assert.match(html, /window\.Plotly && window\.Plotly\.newPlot\) \{ window\.Plotly\.newPlot\(el, fig\.data, fig\.layout, fig\.config\)/);
  assert.match(html, /setTimeout\(draw, 50\)/);
  assert.match(figureHtml({ data: [], layout: { height: 600 } }, { includePlotly: false, divId: "g" }), /height:600px/);
});

test("figureHtml rejects bad div ids and heights", () => {
  assert.throws(() => figureHtml(spec, { includePlotly: false, divId: 'x" onload="' }), /divId must match .* got "x\\" onload=\\""/);
  assert.throws(() => figureHtml(spec, { includePlotly: false, divId: "x", height: 0 }), /height must be a positive number of pixels, got 0/);
});

test("scriptJson turns typed arrays into arrays", () => {
  assert.equal(scriptJson({ y: new Float32Array([0.5, 2]) }), '{"y":[0.5,2]}');
});

test("tables escape HTML and format numbers", () => {
  assert.equal(tableHtml([{ a: 1, b: "<x>" }, { a: 0.1234567, c: null }]),
    '<table class="late-decay-table">\n<thead><tr><th>a</th><th>b</th><th>c</th></tr></thead>\n<tbody>\n' +
    "<tr><td>1</td><td>&lt;x&gt;</td><td></td></tr>\n<tr><td>0.123457</td><td></td><td></td></tr>\n</tbody>\n</table>");
  assert.match(keyValueHtml({ backend: "wasm" }), /<th style="text-align:left">backend<\/th><td style="text-align:left">wasm<\/td>/);
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
  process.stderr.write = ((s: string) => { lines.push(s); return true; }) as typeof process.stderr.write;
  try {
    const p = progressDisplay("loop", () => t);
    for (let i = 1; i <= 10; i++) { t += 500; p.update(i, 10); }
    assert.throws(() => p.update(11, 10), /done must be an integer in \[0, 10\], got 11/);
    p.close("finished");
  } finally {
    process.stderr.write = write;
  }
  // renders at t=500 (first), 2500, 4500 (2 s apart), 5000 (done), and the close
  assert.deepEqual(lines.map((l) => l.split(" ")[1]), ["1/10", "5/10", "9/10", "10/10", "10/10"]);
  assert.match(lines[4], /finished\n$/);
});
