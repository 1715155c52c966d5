// The user's client, for real: headless Chromium (playwright-core) driving the classic Notebook that
// `npm run lab -- --classic` starts (jupyterlab-browser.e2e.test.ts does the same in JupyterLab). Run all of the smoke fixture, re-run a
// figure cell, save, reload → every figure drawn; restart the kernel, clear, reload, run only the
// setup cells and one figure cell → it draws; open the executed notebook of `npm run reproduce` from
// out/ → trusted, figures drawn; an unsigned copy → untrusted, each figure shows its static image.
// The page is driven through the classic Notebook's `Jupyter.notebook` object (the test's only
// classic-specific part; the outputs under test are plain HTML + scripts).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { findJupyterPython, REPO_ROOT } from "../../scripts/start/bootstrap.mjs";
import { chromiumMissing, launchChromium } from "../../scripts/notebooks/browser.mjs";
import { runNotebooks } from "../../scripts/notebooks/reproduce.mjs";
import { startLabServer, type LabServer } from "./lab-server";

const FIXTURE = join(REPO_ROOT, "test/fixtures/notebooks/smoke-display.ipynb");
const WORK = "out/test-artifacts/browser"; // served path (the server's root is the project root)
const EXECUTED = join(REPO_ROOT, "out/test-artifacts/tooling");
const TOKEN = "late-decay-browser-test";
const skip =
  (findJupyterPython() === null && "no Python with Jupyter (run `node scripts/start/bootstrap.mjs`)") ||
  (chromiumMissing() && `browser tests skipped: ${chromiumMissing()}`) ||
  false;
if (skip) console.error(`[notebook-browser] SKIPPED: ${skip}`);

let lab: LabServer | null = null;
let base = "";
let browser: Browser | null = null;

/** Opens a notebook (path under the project root) and waits for its kernel. */
async function openNotebook(page: Page, path: string): Promise<void> {
  await page.goto(`${base}/notebooks/${path}?token=${TOKEN}`, { timeout: 120_000 });
  await page.waitForFunction(
    () => {
      const nb = (window as any).Jupyter?.notebook;
      return nb?._fully_loaded && nb.kernel?.is_connected();
    },
    null,
    { timeout: 120_000, polling: 250 },
  );
}

/** Ids of drawn figures (plotly's main-svg inside) and of all figures on the page. */
function figures(page: Page): Promise<{ all: number; drawn: number; staticImages: number }> {
  return page.evaluate(() => {
    const figs = Array.from(document.querySelectorAll(".late-decay-figure"));
    return {
      all: figs.length,
      drawn: figs.filter((f) => f.querySelector("svg.main-svg")).length,
      staticImages: figs.filter((f) => {
        const img = f.querySelector("img");
        return img && img.naturalWidth > 0 && img.getBoundingClientRect().height > 0;
      }).length,
    };
  });
}

async function waitDrawn(page: Page, n: number, what: string): Promise<void> {
  await page
    .waitForFunction((k) => document.querySelectorAll(".late-decay-figure svg.main-svg").length >= k, n, {
      timeout: 120_000,
      polling: 250,
    })
    .catch(async () => assert.fail(`${what}: ${JSON.stringify(await figures(page))} (want ${n} drawn)`));
}

/** Executes the given cells in order and waits until each has an execution count (not "*"). */
async function runCells(page: Page, indices: number[]): Promise<void> {
  for (const i of indices) {
    await page.evaluate((k) => (window as any).Jupyter.notebook.get_cell(k).execute(), i);
    await page.waitForFunction(
      (k) => typeof (window as any).Jupyter.notebook.get_cell(k).input_prompt_number === "number",
      i,
      { timeout: 120_000, polling: 250 },
    );
  }
}

before(async () => {
  if (skip) return;
  mkdirSync(join(REPO_ROOT, WORK), { recursive: true });
  copyFileSync(FIXTURE, join(REPO_ROOT, WORK, "smoke-display.ipynb"));
  lab = await startLabServer(["--classic", `--NotebookApp.token=${TOKEN}`, "--NotebookApp.password="], TOKEN);
  base = lab.base;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

test("classic Notebook: run all, re-run a figure cell, save, reload → every figure drawn", { skip }, async () => {
  assert.match(lab?.log() ?? "", /\[lab\] serving the classic Notebook 6\.\d+\.\d+ \(.* -m notebook; --classic\)/);
  const page = await (browser as Browser).newPage();
  await openNotebook(page, `${WORK}/smoke-display.ipynb`);
  await page.evaluate(() => (window as any).Jupyter.notebook.execute_all_cells());
  await waitDrawn(page, 2, "after Run All");
  await runCells(page, [5]); // the first figure cell (carried plotly.js before this fix)
  await waitDrawn(page, 2, "after re-running the first figure cell");
  await page.evaluate(() => (window as any).Jupyter.notebook.save_notebook());
  await page.waitForFunction(() => !(window as any).Jupyter.notebook.dirty, null, { timeout: 60_000 });
  await page.reload();
  await page.waitForFunction(() => (window as any).Jupyter?.notebook?._fully_loaded, null, { timeout: 120_000 });
  assert.equal(
    await page.evaluate(() => (window as any).Jupyter.notebook.trusted),
    true,
    "a notebook the user ran is trusted",
  );
  await waitDrawn(page, 2, "after save and reload");
  assert.equal((await figures(page)).all, 2);
  await page.close();
});

test(
  "classic Notebook: restart the kernel, clear, reload, run the setup cells and one figure cell → it draws",
  { skip },
  async () => {
    const page = await (browser as Browser).newPage();
    await openNotebook(page, `${WORK}/smoke-display.ipynb`);
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const nb = (window as any).Jupyter.notebook;
          nb.kernel.restart(() => {
            nb.clear_all_output();
            nb.save_notebook().then(() => resolve());
          });
        }),
    );
    await page.reload(); // a fresh page: no window.Plotly left from earlier runs
    await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected(), null, {
      timeout: 120_000,
    });
    assert.deepEqual(await figures(page), { all: 0, drawn: 0, staticImages: 0 });
    await runCells(page, [1, 2, 3, 6]); // parameters, import, banner; then the second figure alone
    await waitDrawn(page, 1, "setup cells + one figure cell after a restart");
    await page.close();
  },
);

test(
  "an executed notebook from out/ opens trusted with every figure drawn; unsigned, it shows static images",
  { skip },
  async () => {
    const executed = join(EXECUTED, "executed/smoke-display.ipynb");
    if (!existsSync(executed) || statSync(executed).mtimeMs < statSync(FIXTURE).mtimeMs) {
      await runNotebooks({ notebooks: [FIXTURE], outDir: EXECUTED, quiet: true });
    }
    const page = await (browser as Browser).newPage();
    await openNotebook(page, "out/test-artifacts/tooling/executed/smoke-display.ipynb");
    assert.equal(
      await page.evaluate(() => (window as any).Jupyter.notebook.trusted),
      true,
      "reproduce signs the notebook",
    );
    await waitDrawn(page, 2, "executed notebook, trusted");
    // the same content with one metadata change no longer matches its signature: untrusted, scripts stripped
    const nb = JSON.parse(readFileSync(executed, "utf8"));
    nb.metadata.late_decay_test = "unsigned copy";
    writeFileSync(join(REPO_ROOT, WORK, "unsigned.ipynb"), JSON.stringify(nb));
    await openNotebook(page, `${WORK}/unsigned.ipynb`);
    assert.equal(await page.evaluate(() => (window as any).Jupyter.notebook.trusted), false);
    await page.waitForTimeout(2000);
    assert.deepEqual(await figures(page), { all: 2, drawn: 0, staticImages: 2 }, "each figure shows its static PNG");
    await page.close();
  },
);
