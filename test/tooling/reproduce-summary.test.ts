import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { summary } from "../../scripts/notebooks/reproduce.mjs";

test("reproduce summary: ok/FAILED/not run per notebook, wall time, where the outputs are", () => {
  const out = join(process.cwd(), "out");
  const text = summary(
    ["01-a", "02-b", "03-c"],
    [
      { name: "01-a", ok: true, seconds: 12.34, html: "x", figuresNote: null },
      { name: "02-b", ok: false, seconds: 75, html: null, figuresNote: null },
    ],
    140,
    out,
    { "01-a": "Sec. 2, Fig. 1: a" },
  );
  assert.equal(
    text,
    [
      "[reproduce] 1 ok, 1 failed, 1 not run · wall time 2 min 20 s",
      "  ok     01-a (12.3 s) · Sec. 2, Fig. 1: a",
      "  FAILED 02-b (1 min 15 s)",
      "  -      03-c (not run)",
      "  notebooks (signed trusted; open them from `npm run lab`): out/executed/",
      "  HTML (self-contained, offline): out/html/",
      "  figures as SVG and PNG: out/figures/<notebook>/",
    ].join("\n"),
  );
  assert.match(
    summary(
      ["01-a"],
      [{ name: "01-a", ok: true, seconds: 1, html: null, figuresNote: "no Chromium at /usr/bin/chromium: install it" }],
      1,
      out,
    ),
    /1 ok, 0 failed · wall time 1\.0 s\n.*\n.*\n {2}static figures skipped: no Chromium at \/usr\/bin\/chromium: install it$/,
  );
});
