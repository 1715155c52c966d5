// Notebook 01 under the smoke profile through the real tslab kernel, and its HTML in headless
// Chromium (offline). Caches go to a fresh temporary data dir, so nothing is reused from data/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { REPO_ROOT } from "../../scripts/start/bootstrap.mjs";
import { figureSvgs, joined, noChromium, noJupyter, type Cell } from "./executed";
import { runNotebooks } from "../../scripts/notebooks/reproduce.mjs";
import { checkHtmlPlots } from "../../scripts/notebooks/html-check.mjs";
import type { NotebookRun } from "../../scripts/notebooks/reproduce.mjs";

const NOTEBOOK = join(REPO_ROOT, "notebooks/01-late-decay.ipynb");
const OUT = join(REPO_ROOT, "out/test-artifacts/01-late-decay");
let run: NotebookRun | null = null;

test("01-late-decay runs under the smoke profile with no error output", { skip: noJupyter }, async () => {
  process.env.LATE_DECAY_DATA_DIR = mkdtempSync(join(tmpdir(), "ld-nb01-"));
  [run] = await runNotebooks({ notebooks: [NOTEBOOK], params: { profile: "smoke" }, outDir: OUT, quiet: true });
  assert.ok(run.ok, run.error);
  const nb = JSON.parse(readFileSync(run.executed, "utf8")) as { cells: Cell[] };
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
  assert.deepEqual(
    outputs.filter((o) => o.output_type === "error"),
    [],
  );
  const stderr = outputs
    .filter((o) => o.output_type === "stream")
    .map((o) => joined(o.text))
    .join("");
  assert.doesNotMatch(stderr, /Error|NaN/);
  const html = outputs.map((o) => joined(o.data?.["text/html"]));
  assert.ok(
    html.some((h) => /backend<\/th><td[^>]*>wasm|backend<\/th><td[^>]*>cpu|backend<\/th><td[^>]*>tensorflow/.test(h)),
    "banner names the backend",
  );
  const figures = html.filter((h) => h.includes('class="late-decay-figure"'));
  assert.equal(figures.length, 3, "curves, decay-epoch panels, weight-decay sweep");
  assert.ok(figures[0].includes("main path") && figures[0].includes("decay at 4"));
  const verdicts = html.filter((h) => h.includes("<th>how measured</th>"));
  assert.equal(verdicts.length, 2, "verdict tables of the decay-epoch and the weight-decay sections");
  assert.match(verdicts[0], /Later decay gives a lower final test loss<\/td><td>Δ = [^<]*95 % CI[^<]*seeds/);
  assert.match(verdicts[1], /λ = [^<]*: later decay gives a lower final test loss/);
  const last = nb.cells.filter((c) => (c.outputs ?? []).length).pop() as Cell;
  const printed = (last.outputs ?? []).map((o) => joined(o.text) + joined(o.data?.["text/plain"])).join(""); // tslab prints the value on stdout
  assert.match(
    printed,
    /'\$LATE_DECAY_DATA_DIR\/results\/01-late-decay\/smoke\/trajectories\.csv'/,
    "the data dir is a temporary folder here",
  );
  assert.ok(
    !printed.includes(REPO_ROOT) && !printed.includes(tmpdir()),
    `paths printed relative to the project: ${printed}`,
  );
  assert.ok(run.html && existsSync(run.html));
  assert.match(
    readFileSync(run.html, "utf8"),
    /<title>01-late-decay<\/title>/,
    "the HTML is titled by the notebook's name",
  );
});

test(
  "01's HTML draws every plot offline; out/figures holds one SVG per figure with its title",
  { skip: noJupyter || noChromium },
  async () => {
    assert.ok(run?.ok && run.html && run.figures, "the smoke run above succeeded");
    const r = await checkHtmlPlots(run.html, join(REPO_ROOT, "out/test-artifacts/01-late-decay.png"));
    assert.equal(r.figureIds.length, 3);
    assert.deepEqual(r.missingIds, []);
    assert.deepEqual(r.refusedRequests, []);
    assert.ok(r.mathCount > 0 && r.rawTex.length === 0, `math: ${r.mathCount} rendered, raw ${r.rawTex.join(" ")}`);
    const svgs = figureSvgs(run.figures);
    assert.equal(svgs.length, 3);
    for (const svg of svgs) {
      assert.equal(svg.root, "{http://www.w3.org/2000/svg}svg", svg.error);
      const title = basename(svg.file, ".svg").slice(3);
      assert.ok(
        svg.texts?.some(
          (t) =>
            t.length > 5 &&
            title.startsWith(
              t
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, "-")
                .slice(0, 20),
            ),
        ),
        `${svg.file}: title text ${JSON.stringify(svg.texts?.slice(0, 3))}`,
      );
    }
  },
);
