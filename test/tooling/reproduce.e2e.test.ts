// End-to-end: the fixture notebook through the real tslab kernel, a failing notebook, the static
// figure export, the notebook signature, and the exported HTML rendered offline in headless Chromium
// (screenshot kept in out/test-artifacts/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findJupyterPython, REPO_ROOT } from "../../scripts/start/bootstrap.mjs";
import { runNotebooks } from "../../scripts/notebooks/reproduce.mjs";
import { checkHtmlPlots } from "../../scripts/notebooks/html-check.mjs";
import { chromiumMissing } from "../../scripts/notebooks/browser.mjs";
import { parseSvgs } from "../svg-check";

const FIXTURE = join(REPO_ROOT, "test/fixtures/notebooks/smoke-display.ipynb");
const OUT = join(REPO_ROOT, "out/test-artifacts/tooling");
// Outside CI a missing Jupyter or Chromium skips with a reason; in CI (CI=true) nothing is skipped.
const noJupyter =
  !process.env.CI && findJupyterPython() === null
    ? "no Python with nbclient/nbconvert/jupyter_client (run `node scripts/start/bootstrap.mjs`)"
    : false;
const noChromium = !process.env.CI && chromiumMissing() ? `skipped: ${chromiumMissing()}` : false;
if (noChromium) console.error(`[reproduce.e2e] static figures and HTML render checks ${noChromium}`);

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  metadata?: Record<string, unknown>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
}
/** nbformat stores multi-line strings as arrays of lines */
const joined = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));
const src = (c: Cell) => joined(c.source);

test("fixture notebook runs through tslab with injected parameters", { skip: noJupyter }, async () => {
  const [run] = await runNotebooks({
    notebooks: [FIXTURE],
    params: { profile: "smoke", points: 5 },
    outDir: OUT,
    quiet: true,
  });
  assert.ok(run.ok, run.error);
  const nb = JSON.parse(readFileSync(run.executed, "utf8")) as { cells: Cell[] };
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
  assert.deepEqual(
    outputs.filter((o) => o.output_type === "error"),
    [],
  );
  const injected = nb.cells.findIndex((c) => c.metadata.tags?.includes("injected-parameters"));
  assert.ok(nb.cells[injected - 1].metadata.tags?.includes("parameters"));
  assert.match(src(nb.cells[injected]), /profile = "smoke";\n {2}points = 5;/);
  const html = outputs.map((o) => joined(o.data?.["text/html"]));
  assert.ok(
    html.some((h) => /<th[^>]*>profile<\/th><td[^>]*>smoke<\/td>/.test(h)),
    "banner shows the injected profile",
  );
  assert.ok(
    html.some((h) => h.includes("squares 5/5 (100%)")),
    "progress display ends at 5/5",
  );
  const figures = html.filter((h) => h.includes('class="late-decay-figure"'));
  assert.equal(figures.length, 2);
  assert.equal(figures.filter((h) => /plotly\.js v\d/.test(h)).length, 0, "figures never carry plotly.js");
  assert.equal(
    html.filter((h) => /plotly\.js v\d/.test(h) && /<th[^>]*>profile<\/th>/.test(h)).length,
    1,
    "the banner carries it once",
  );
  assert.ok(run.html && existsSync(run.html));
  assert.match(run.log, /cell\[1\] let profile/);
});

async function fixtureRun(): Promise<void> {
  if (!existsSync(join(OUT, "html/smoke-display.html")))
    await runNotebooks({ notebooks: [FIXTURE], outDir: OUT, quiet: true });
}

test(
  "static figures: one valid SVG (with the figure's title) and one PNG per figure; the PNG is in each figure output",
  { skip: noJupyter || noChromium },
  async () => {
    await fixtureRun();
    const dir = join(OUT, "figures/smoke-display");
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, [
      "01-profile-smoke-y-i2.png",
      "01-profile-smoke-y-i2.svg",
      "02-second-figure-three-bars.png",
      "02-second-figure-three-bars.svg",
    ]);
    const svgs = parseSvgs(files.filter((f) => f.endsWith(".svg")).map((f) => join(dir, f)));
    assert.deepEqual(
      svgs.map((s) => [s.error, s.root]),
      [
        [undefined, "{http://www.w3.org/2000/svg}svg"],
        [undefined, "{http://www.w3.org/2000/svg}svg"],
      ],
    );
    assert.ok(svgs[0].texts?.includes("profile smoke: y = i²"), JSON.stringify(svgs[0].texts));
    assert.ok(svgs[1].texts?.includes("second figure: three bars"));
    for (const png of files.filter((f) => f.endsWith(".png")))
      assert.equal(readFileSync(join(dir, png)).subarray(1, 4).toString(), "PNG");
    const nb = JSON.parse(readFileSync(join(OUT, "executed/smoke-display.ipynb"), "utf8")) as { cells: Cell[] };
    const figs = nb.cells
      .flatMap((c) => c.outputs ?? [])
      .filter((o) => joined(o.data?.["text/html"]).includes('class="late-decay-figure"'));
    assert.deepEqual(
      figs.map((o) => o.metadata),
      [
        { "late-decay": { figure: "profile smoke: y = i²" } },
        { "late-decay": { figure: "second figure: three bars" } },
      ],
    );
    // the spec as an object beside the HTML, for clients with their own plotly renderer (and read back by static-figures.mjs)
    const specs = figs.map(
      (o) =>
        (o.data as Record<string, unknown>)["application/vnd.plotly.v1+json"] as {
          data: { type?: string }[];
          layout: { title: { text: string } };
          config: object;
        },
    );
    assert.deepEqual(
      specs.map((s) => [typeof s, s.layout.title.text, s.data[0].type ?? "scatter"]),
      [
        ["object", "profile smoke: y = i²", "scatter"],
        ["object", "second figure: three bars", "bar"],
      ],
    );
    assert.deepEqual(specs[1].data, [{ type: "bar", x: ["a", "b", "c"], y: [3, 1, 2] }]);
    assert.deepEqual(specs[1].config, { responsive: true, displaylogo: false });
    for (const [i, o] of figs.entries()) {
      const png = readFileSync(join(dir, files[2 * i])).toString("base64");
      assert.equal(joined(o.data?.["image/png"]), png, "image/png representation (PDF, previews)");
      assert.ok(
        joined(o.data?.["text/html"]).includes(`<img src="data:image/png;base64,${png}"`),
        "static image inside the HTML (untrusted view)",
      );
    }
  },
);

test("the executed notebook is signed: Jupyter's notary finds it trusted", { skip: noJupyter }, async () => {
  await fixtureRun();
  const r = spawnSync(
    findJupyterPython() as string,
    [
      "-c",
      "import sys, nbformat; from nbformat.sign import NotebookNotary; print(NotebookNotary().check_signature(nbformat.read(sys.argv[1], 4)))",
      join(OUT, "executed/smoke-display.ipynb"),
    ],
    { encoding: "utf8" },
  );
  assert.equal(r.stdout.trim(), "True", r.stderr);
});

test(
  "exported HTML: no file:// or network script/stylesheet, plotly.js once, math as SVG; draws offline",
  { skip: noJupyter || noChromium },
  async () => {
    await fixtureRun();
    const html = join(OUT, "html/smoke-display.html");
    const text = readFileSync(html, "utf8");
    assert.equal(text.match(/file:\/\/\/usr\/share/g), null);
    assert.deepEqual(
      text.match(/<script[^>]*\bsrc=|<link[^>]*\bhref="(?:https?|file):|@import\s+url\(\s*["']?(?:https?|file):/gi),
      null,
    );
    assert.equal(text.match(/plotly\.js v\d+\.\d+\.\d+/g)?.length, 1, "plotly.js once per page");
    const r = await checkHtmlPlots(html, join(REPO_ROOT, "out/test-artifacts/smoke-display.png"));
    assert.deepEqual(r.refusedRequests, [], "the page asked for nothing but itself");
    assert.equal(r.figureIds.length, 2);
    assert.deepEqual(r.missingIds, []);
    assert.equal(r.mathCount, 2, "inline α_mn and the display formula");
    assert.deepEqual(r.rawTex, []);
    assert.ok(r.screenshot && readFileSync(r.screenshot).subarray(1, 4).toString() === "PNG");
  },
);

test("a failing cell stops the run with a message naming notebook and cell", { skip: noJupyter }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "ld-failing-"));
  const path = join(dir, "bad-types.ipynb");
  const code = (source: string) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source });
  writeFileSync(
    path,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      cells: [
        { cell_type: "markdown", metadata: {}, source: "# fails" },
        code("let x = 1;"),
        code('const y: number = "not a number";\nconsole.log(y);'),
        code("console.log(x + 1);"),
      ],
    }),
  );
  await assert.rejects(runNotebooks({ notebooks: [path], outDir: join(dir, "out"), quiet: true }), (err: Error) => {
    assert.match(err.message, /notebook bad-types failed at cell\[2\] `const y: number = "not a number";`/);
    assert.match(err.message, /Type 'string' is not assignable to type 'number'/);
    return true;
  });
  const partial = JSON.parse(readFileSync(join(dir, "out/executed/bad-types.failed.ipynb"), "utf8")) as {
    cells: Cell[];
  };
  assert.equal(
    existsSync(join(dir, "out/executed/bad-types.ipynb")),
    false,
    "a failed run is not written as the executed notebook",
  );
  assert.equal(partial.cells[3].outputs?.length, 0, "cell 3 never ran");
  assert.equal(existsSync(join(dir, "out/html/bad-types.html")), false);
});

test("HTML export fails on an output nbconvert cannot represent", { skip: noJupyter }, () => {
  const python = findJupyterPython() as string;
  const script = [
    "import nbformat, nbexec",
    "out = nbformat.v4.new_output('display_data', data={'application/vnd.plotly.v1+json': {'data': []}})",
    "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('x', outputs=[out])])",
    "nbexec.export_html(nb, '/dev/null')",
  ].join("\n");
  const r = spawnSync(python, ["-c", script], { cwd: join(REPO_ROOT, "scripts", "notebooks"), encoding: "utf8" });
  assert.notEqual(r.status, 0);
  assert.match(
    r.stderr,
    /RuntimeError: HTML export: .*application\/vnd\.plotly\.v1\+json.* is not able to be represented/,
  );
});

test("the command line refuses an unknown profile before any kernel starts, listing the profiles of the built library", () => {
  const r = spawnSync(
    process.execPath,
    [join(REPO_ROOT, "scripts/notebooks/reproduce.mjs"), "--profile", "bogus", "01"],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /\[reproduce\] FAILED: unknown profile "bogus"; use one of smoke, quick, .*paper/);
});
