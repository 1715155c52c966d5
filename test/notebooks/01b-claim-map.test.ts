// Notebook 01b (the claim map) under the smoke profile (2 × 2 cells, 2 seeds) through the real tslab kernel, and
// its figure drawn in headless Chromium from the exported HTML (offline). Caches go to a fresh temporary data dir.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/start/bootstrap.mjs";
import { figureSvgs, joined, noChromium, noJupyter, type Cell } from "./executed";
import { runNotebooks } from "../../scripts/notebooks/reproduce.mjs";
import { checkHtmlPlots } from "../../scripts/notebooks/html-check.mjs";
import type { NotebookRun } from "../../scripts/notebooks/reproduce.mjs";

const NOTEBOOK = join(REPO_ROOT, "notebooks/01b-claim-map.ipynb");
const OUT = join(REPO_ROOT, "out/test-artifacts/01b-claim-map");
let run: NotebookRun | null = null;

test(
  "01b-claim-map runs under the smoke profile: estimate first, the map, its table and verdict, the CSV",
  { skip: noJupyter },
  async () => {
    process.env.LATE_DECAY_DATA_DIR = mkdtempSync(join(tmpdir(), "ld-nb01b-"));
    [run] = await runNotebooks({ notebooks: ["01b"], params: { profile: "smoke" }, outDir: OUT, quiet: true });
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
      html.some((h) => /backend<\/th><td[^>]*>(wasm|cpu|tensorflow)/.test(h)),
      "banner names the backend",
    );
    assert.ok(
      html.some((h) => /claim map<\/th><td[^>]*>4 cells × 2 seeds × 8 epochs = 64 epochs; uncached 64; about /.test(h)),
      "the estimate before training",
    );
    assert.ok(
      html.some((h) => /smallest Δ resolved with 80% power \(two-sided 5%\)<\/th><td[^>]*>\d+\.\d{3} × s/.test(h)),
      "what 2 seeds resolve",
    );
    const figures = html.filter((h) => h.includes('class="late-decay-figure"'));
    assert.equal(figures.length, 1, "the map");
    assert.ok(figures[0].includes("MLP · λ=0.0001") && figures[0].includes("n=2"));
    assert.ok(
      html.some((h) => h.includes("Δ test loss (decay 4 − 2) [95% CI]") && (h.match(/<tr>/g) ?? []).length === 5),
      "table: header + 4 cells",
    );
    assert.ok(
      html.some(
        (h) =>
          />4 cells \(2 data sets × 1 model × 2 weight decays\), 2 seeds each; 4 completed, 0 diverged</.test(h) &&
          h.includes("By weight decay"),
      ),
      "the verdict table",
    );
    const last = nb.cells.filter((c) => (c.outputs ?? []).length).pop() as Cell;
    const printed = (last.outputs ?? []).map((o) => joined(o.text) + joined(o.data?.["text/plain"])).join("");
    assert.match(
      printed,
      /^'?\$LATE_DECAY_DATA_DIR\/results\/01b-claim-map\/smoke\/claim-map\.csv'?\s*$/,
      "the data dir is a temporary folder here",
    );
    assert.ok(run.html && existsSync(run.html));
  },
);

test(
  "01b's HTML draws the map offline; out/figures holds its SVG with the title",
  { skip: noJupyter || noChromium },
  async () => {
    assert.ok(run?.ok && run.html && run.figures, "the smoke run above succeeded");
    const r = await checkHtmlPlots(run.html, join(REPO_ROOT, "out/test-artifacts/01b-claim-map.png"));
    assert.equal(r.figureIds.length, 1);
    assert.deepEqual(r.missingIds, []);
    assert.deepEqual(r.refusedRequests, []);
    const svgs = figureSvgs(run.figures);
    assert.equal(svgs.length, 1);
    assert.equal(svgs[0].root, "{http://www.w3.org/2000/svg}svg", svgs[0].error);
    assert.match(svgs[0].file, /\/01-does-later-decay-lower-the-test-loss-and-where-paired-/, "named by its title");
    for (const label of ["MLP · λ=0.0001", "MLP · λ=0.001", "MNIST (mnist package)", "MNIST"])
      assert.ok(svgs[0].texts?.includes(label), `row or column label ${label}`);
  },
);
