/**
 * The one reach past tslab's public API (src/notebook/display.ts tslabWriter): the installed,
 * pinned tslab still exports `lastWriteDisplayData` from dist/jupyter, null outside a kernel; and a
 * figure goes out as one display_data bundle with its three representations.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { insideTslab, showFigure, tslabWriter } from "../../src/notebook/display";

const root = path.join(__dirname, "..", "..");

test("tslab is pinned and its dist/jupyter exports lastWriteDisplayData (null outside a kernel cell)", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  assert.match(
    pkg.dependencies.tslab,
    /^\d+\.\d+\.\d+$/,
    "an exact version: the private module may change in any release",
  );
  const jupyter = require("tslab/dist/jupyter");
  assert.ok("lastWriteDisplayData" in jupyter);
  assert.equal(jupyter.lastWriteDisplayData, null);
  assert.equal(tslabWriter(), null);
  assert.equal(insideTslab(), false);
});

test("inside a kernel cell a figure is one display_data bundle: text/html, the plotly JSON object and text/plain", () => {
  const jupyter = require("tslab/dist/jupyter");
  const written: { data: Record<string, unknown>; metadata: Record<string, unknown> }[] = [];
  jupyter.lastWriteDisplayData = (
    d: { data: Record<string, unknown>; metadata: Record<string, unknown> },
    update: boolean,
  ) => {
    assert.equal(update, false);
    written.push(d);
  };
  try {
    showFigure({ data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { title: { text: "planted" } } } as never);
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
  assert.equal(written.length, 1);
  assert.deepEqual(Object.keys(written[0].data).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.equal(written[0].data["text/plain"], "[plotly figure: planted]");
  assert.equal(
    typeof written[0].data["application/vnd.plotly.v1+json"],
    "object",
    "a JSON MIME type carries an object, not a string",
  );
  assert.match(String(written[0].data["text/html"]), /<div id="ld-fig-/);
});
