// Notebook 01 under the smoke profile through the real tslab kernel, and its HTML in headless
// Chromium (offline). Caches go to a fresh temporary data dir, so nothing is reused from data/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findJupyterPython, REPO_ROOT } from "../../scripts/bootstrap.mjs";
import { runNotebooks } from "../../scripts/reproduce.mjs";
import { checkHtmlPlots, CHROMIUM } from "../../scripts/html-check.mjs";

const NOTEBOOK = join(REPO_ROOT, "notebooks/01-late-decay.ipynb");
const OUT = join(REPO_ROOT, "out/test-artifacts/01-late-decay");
// Outside CI a missing Jupyter skips (and a missing Chromium skips the render check); in CI nothing is skipped.
const noJupyter = !process.env.CI && findJupyterPython() === null ? "no Python with nbclient/nbconvert/jupyter_client (run `node scripts/bootstrap.mjs`)" : false;

interface Output { output_type: string; data?: Record<string, string | string[]>; text?: string | string[] }
interface Cell { cell_type: string; outputs?: Output[] }
const joined = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : v ?? "");

test("01-late-decay runs under the smoke profile with no error output, and its HTML draws every plot offline", { skip: noJupyter }, async () => {
  process.env.LATE_DECAY_DATA_DIR = mkdtempSync(join(tmpdir(), "ld-nb01-"));
  const [run] = await runNotebooks({ notebooks: [NOTEBOOK], params: { profile: "smoke" }, outDir: OUT, quiet: true });
  assert.ok(run.ok, run.error);
  const nb = JSON.parse(readFileSync(run.executed, "utf8")) as { cells: Cell[] };
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
  assert.deepEqual(outputs.filter((o) => o.output_type === "error"), []);
  const stderr = outputs.filter((o) => o.output_type === "stream").map((o) => joined(o.text)).join("");
  assert.doesNotMatch(stderr, /Error|NaN/);
  const html = outputs.map((o) => joined(o.data?.["text/html"]));
  assert.ok(html.some((h) => /backend<\/th><td[^>]*>wasm|backend<\/th><td[^>]*>cpu|backend<\/th><td[^>]*>tensorflow/.test(h)), "banner names the backend");
  const figures = html.filter((h) => h.includes('class="late-decay-figure"'));
  assert.equal(figures.length, 3, "curves, decay-epoch panels, weight-decay sweep");
  assert.ok(figures[0].includes("main path") && figures[0].includes("decay at 4"));
  assert.ok(run.html && existsSync(run.html));
  if (!process.env.CI && !existsSync(CHROMIUM)) return;
  const r = await checkHtmlPlots(run.html, join(REPO_ROOT, "out/test-artifacts/01-late-decay.png"));
  assert.equal(r.figureIds.length, 3);
  assert.deepEqual(r.missingIds, []);
});
