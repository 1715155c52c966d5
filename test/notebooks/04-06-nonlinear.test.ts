// Notebooks 04–06 under the smoke profile through the real tslab kernel: no error outputs, every
// figure cell shows a figure, and the exported HTML draws every plot and formula offline in headless
// Chromium (without Chromium the notebooks still run; the render checks skip, saying how to install it).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/start/bootstrap.mjs";
import { joined, noChromium, noJupyter, type Cell } from "./executed";
import { runNotebooks } from "../../scripts/notebooks/reproduce.mjs";
import { checkHtmlPlots } from "../../scripts/notebooks/html-check.mjs";
import type { NotebookRun } from "../../scripts/notebooks/reproduce.mjs";

const OUT = join(REPO_ROOT, "out/test-artifacts/notebooks-04-06");

/** Figures each notebook must show: 04 train + test landscapes, 05 phases + decay + interpolants, 06 curves + axes + measured/predicted. */
const EXPECTED_FIGURES: Record<string, number> = { "04-nonlinear-landscape": 2, "05-sgd-phases": 3, "06-ablations": 3 };

before(() => {
  process.env.LATE_DECAY_DATA_DIR = mkdtempSync(join(tmpdir(), "ld-nb-04-06-"));
});

const runs = new Map<string, NotebookRun>();

for (const [name, figures] of Object.entries(EXPECTED_FIGURES)) {
  test(
    `${name} runs under the smoke profile with no error output and shows ${figures} figures`,
    { skip: noJupyter },
    async () => {
      const [run] = await runNotebooks({
        notebooks: [name.slice(0, 2)],
        params: { profile: "smoke" },
        outDir: OUT,
        quiet: true,
        timeoutS: 600,
      });
      assert.ok(run.ok, run.error);
      runs.set(name, run);
      const nb = JSON.parse(readFileSync(run.executed, "utf8")) as { cells: Cell[] };
      const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
      assert.deepEqual(
        outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`),
        [],
      );
      const html = outputs.map((o) => joined(o.data?.["text/html"]));
      assert.ok(
        html.some((h) => /<th[^>]*>profile<\/th><td[^>]*>smoke<\/td>/.test(h)),
        "banner shows the smoke profile",
      );
      assert.equal(html.filter((h) => h.includes('class="late-decay-figure"')).length, figures);
      const verdicts = html.filter((h) => h.includes("<th>how measured</th>"));
      assert.equal(verdicts.length, 1, "the Reading's verdict table");
      assert.match(verdicts[0], /<td>(yes|no|partly|not measured)<\/td>/);
    },
  );

  test(
    `${name}: the HTML draws its ${figures} plots and its math offline`,
    { skip: noJupyter || noChromium },
    async () => {
      const run = runs.get(name);
      assert.ok(run?.html && existsSync(run.html), "the smoke run above succeeded");
      const r = await checkHtmlPlots(run.html, join(OUT, `${name}.png`));
      assert.equal(r.figureIds.length, figures);
      assert.deepEqual(r.missingIds, []);
      assert.deepEqual(r.refusedRequests, []);
      assert.ok(r.mathCount > 10, `${r.mathCount} formulas rendered as SVG`);
      assert.deepEqual(r.rawTex, []);
    },
  );
}
