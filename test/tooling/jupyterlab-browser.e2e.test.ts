// The users' first client, for real: headless Chromium (playwright-core) driving the JupyterLab 4 that
// `npm run lab` serves where `import jupyterlab` fails (the project's lab-app/, installed and built here on
// first use, served by Debian's jupyter-server + jupyterlab-server). notebook-browser.e2e.test.ts does the
// same in the classic Notebook.
//   - notebook 01 executed by `npm run reproduce` (smoke profile) opens trusted, every figure drawn (each cell
//     scrolled into view first: JupyterLab renders cells lazily), as HTML, not as plotly JSON;
//   - an unsigned copy shows each figure's static image and its note;
//   - restart the kernel and clear, reload, run the setup cells and one figure cell → it draws, from the cache;
//   - Run All → re-run a figure cell → save → reload keeps every figure;
//   - a long cell interrupted from the toolbar stops, and running it again resumes (cached paths kept);
//   - File → Save and Export Notebook As → HTML gives a page whose figures draw with every request refused.
// The application is reached through `window.lateDecayLab` (lab-app/index.js), the notebook through
// JupyterLab's own widgets and commands; menus and the toolbar are clicked as a person would.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { findJupyterPython, REPO_ROOT } from "../../scripts/start/bootstrap.mjs";
import { chromiumMissing, launchChromium } from "../../scripts/notebooks/browser.mjs";
import { ensureLabApp, labServerMissing } from "../../scripts/notebooks/lab-app.mjs";
import { checkHtmlPlots } from "../../scripts/notebooks/html-check.mjs";
import { runNotebooks } from "../../scripts/notebooks/reproduce.mjs";
import { startLabServer, type LabServer } from "./lab-server";

const NOTEBOOK_01 = join(REPO_ROOT, "notebooks/01-late-decay.ipynb");
const SMOKE_FIXTURE = join(REPO_ROOT, "test/fixtures/notebooks/smoke-display.ipynb");
const LONG_FIXTURE = join(REPO_ROOT, "test/fixtures/notebooks/lab-interrupt.ipynb");
const OUT = join(REPO_ROOT, "out/test-artifacts/jupyterlab");
// Served paths (the server's root is the project root). A kernel runs in its notebook's folder, so a copy sits
// where the notebook's import of the compiled library resolves: fixtures (../../../dist) three folders down,
// copies of notebook 01 (../dist) one folder down.
const WORK = "out/test-artifacts/jupyterlab-work";
const EXECUTED_01 = "out/test-artifacts/jupyterlab/executed/01-late-decay.ipynb";
const COPY_01 = (name: string) => `out/jupyterlab-test-${name}.ipynb`;
const TOKEN = "late-decay-jupyterlab-test";

// A prerequisite that is genuinely missing (no Jupyter, no Chromium, no jupyter-server) skips outside CI,
// saying why; in CI nothing is skipped. A failing install or build of lab-app/ fails every test with npm's words.
const python = findJupyterPython();
const missing = !python
  ? "no Python with Jupyter (run `node scripts/start/bootstrap.mjs`)"
  : (chromiumMissing() ?? labServerMissing(python));
const skip = !process.env.CI && missing ? `JupyterLab browser tests skipped: ${missing}` : false;
if (skip) console.error(`[jupyterlab-browser] SKIPPED: ${skip}`);

let lab: LabServer | null = null;
let browser: Browser | null = null;
let setupError: Error | null = null;
let dataDir = "";

/** Fails the test with the reason the setup failed (lab-app install/build, server start, reproduce run). */
function ready(): Browser {
  if (setupError) assert.fail(`setup failed: ${setupError.message}`);
  return browser as Browser;
}

before(async () => {
  if (skip) return;
  try {
    if (missing) throw new Error(missing);
    ensureLabApp({ log: (m) => console.error(`[jupyterlab-browser] ${m}`) });
    dataDir = mkdtempSync(join(tmpdir(), "ld-jupyterlab-"));
    process.env.LATE_DECAY_DATA_DIR = dataDir; // reproduce's kernel and the server's kernels share this cache
    rmSync(OUT, { recursive: true, force: true });
    const [run] = await runNotebooks({
      notebooks: [NOTEBOOK_01],
      params: { profile: "smoke" },
      outDir: OUT,
      quiet: true,
    });
    if (!run.ok) throw new Error(`reproduce 01 --profile smoke: ${run.error}`);
    mkdirSync(join(REPO_ROOT, WORK), { recursive: true });
    lab = await startLabServer(["--project-app", `--ServerApp.token=${TOKEN}`, "--ServerApp.password="], TOKEN, {
      env: { LATE_DECAY_DATA_DIR: dataDir, LATE_DECAY_LAB_STATE: mkdtempSync(join(tmpdir(), "ld-lab-state-")) },
      startS: 300,
    });
    browser = await launchChromium();
  } catch (err) {
    setupError = err as Error;
    console.error(`[jupyterlab-browser] setup failed: ${setupError.message}`);
  }
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

/** A page of the test's Chromium. (tsx names functions with a `__name` helper that page scripts do not have.) */
async function newPage(): Promise<Page> {
  const page = await ready().newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    (window as any).__name = (f: unknown) => f;
  });
  return page;
}

/** Opens a notebook (path under the project root) in JupyterLab, fresh workspace, and waits for its idle kernel. */
async function openNotebook(page: Page, path: string): Promise<void> {
  await page.goto(`${lab?.base}/lab/tree/${path}?token=${TOKEN}&reset`, { timeout: 120_000 });
  await page.waitForFunction(
    (p) => {
      const panel = (window as any).lateDecayLab?.shell.currentWidget;
      return (
        panel?.context?.path === p && panel.context.isReady && panel.sessionContext.session?.kernel?.status === "idle"
      );
    },
    path,
    { timeout: 120_000, polling: 250 },
  );
}

interface FigureState {
  /** figure outputs in the notebook's model (what the file holds) */
  inModel: number;
  /** figure divs on the page, rendered from text/html */
  all: number;
  drawn: number;
  /** figures showing their static PNG, loaded and visible */
  staticImages: number;
  /** notes under the static images */
  staticNotes: number;
  /** outputs rendered as JSON (the plotly spec shown as a tree instead of the figure) */
  jsonViews: number;
  trustedCells: number;
  codeCells: number;
}

/**
 * Scrolls each cell into view in turn (JupyterLab's windowing renders cells lazily) and waits, up to
 * `waitMs` a cell, until each of its figures is drawn (want "drawn") or shows its static image (want
 * "static"); returns the counts over the whole notebook.
 */
function figureState(page: Page, want: "drawn" | "static", waitMs = 60_000): Promise<FigureState> {
  return page.evaluate(
    async ({ want, waitMs }) => {
      const nb = (window as any).lateDecayLab.shell.currentWidget.content;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const state = {
        inModel: 0,
        all: 0,
        drawn: 0,
        staticImages: 0,
        staticNotes: 0,
        jsonViews: 0,
        trustedCells: 0,
        codeCells: 0,
      };
      const shown = (img: HTMLImageElement | null) =>
        !!img && img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().height > 0;
      for (let i = 0; i < nb.widgets.length; i++) {
        const cell = nb.widgets[i];
        if (cell.model.type !== "code") continue;
        state.codeCells += 1;
        if (cell.model.trusted) state.trustedCells += 1;
        const outputs = cell.model.outputs.toJSON() as { data?: Record<string, unknown> }[];
        const expected = outputs.filter((o) =>
          String(o.data?.["text/html"] ?? "").includes('class="late-decay-figure"'),
        ).length;
        state.inModel += expected;
        if (typeof nb.scrollToItem === "function") await nb.scrollToItem(i, "center");
        else cell.node.scrollIntoView();
        const started = Date.now();
        let figs: Element[] = [];
        for (;;) {
          figs = Array.from(cell.node.querySelectorAll(".late-decay-figure"));
          const done =
            figs.length >= expected &&
            figs.every((f) => (want === "drawn" ? f.querySelector("svg.main-svg") : shown(f.querySelector("img"))));
          if (done || Date.now() - started > waitMs) break;
          await sleep(100);
        }
        state.all += figs.length;
        state.drawn += figs.filter((f) => f.querySelector("svg.main-svg")).length;
        state.staticImages += figs.filter((f) => shown(f.querySelector("img"))).length;
        state.staticNotes += figs.filter((f) =>
          /Static image; the interactive plotly figure draws when the notebook is trusted/.test(f.textContent ?? ""),
        ).length;
        state.jsonViews += cell.node.querySelectorAll(".jp-RenderedJSON").length;
      }
      return state;
    },
    { want, waitMs },
  );
}

/** Runs cells through JupyterLab's command (as Shift+Enter does), each awaited until its execution finished. */
async function runCells(page: Page, indices: number[]): Promise<void> {
  for (const i of indices) {
    const ok = await page.evaluate(async (k) => {
      const app = (window as any).lateDecayLab;
      app.shell.currentWidget.content.activeCellIndex = k;
      return app.commands.execute("notebook:run-cell");
    }, i);
    assert.equal(ok, true, `cell ${i} ran without error`);
  }
}

/** Clicks through the menu bar: e.g. ["File", "Save and Export Notebook As", "HTML"]. */
async function menu(page: Page, path: string[]): Promise<void> {
  await page.locator(".lm-MenuBar-item", { hasText: path[0] }).first().click();
  for (const [k, label] of path.slice(1).entries()) {
    const item = page
      .locator(".lm-Menu:visible .lm-Menu-item")
      .filter({
        has: page.locator(".lm-Menu-itemLabel", {
          hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
        }),
      })
      .last();
    if (k < path.length - 2) await item.hover();
    else await item.click();
  }
}

/** Saves through File → Save Notebook and waits until the document is clean. */
async function save(page: Page): Promise<void> {
  await menu(page, ["File", "Save Notebook"]);
  await page.waitForFunction(() => !(window as any).lateDecayLab.shell.currentWidget.context.model.dirty, null, {
    timeout: 60_000,
  });
}

/** The text of a cell's input and outputs on the page, for failure messages. */
function cellText(page: Page, index: number): Promise<string> {
  return page.evaluate(
    (k) => (window as any).lateDecayLab.shell.currentWidget.content.widgets[k].node.textContent ?? "",
    index,
  );
}

/** Code cell indices of a notebook file, by a test on their source. */
function cellIndices(path: string, where: (source: string) => boolean): number[] {
  const nb = JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8")) as {
    cells: { cell_type: string; source: string | string[] }[];
  };
  return nb.cells.flatMap((c, i) =>
    c.cell_type === "code" && where(Array.isArray(c.source) ? c.source.join("") : c.source) ? [i] : [],
  );
}

/** Cache entries of the data dir with their modification times (what a recomputation would change). */
function cacheListing(): string[] {
  const root = join(dataDir, "cache");
  return (readdirSync(root, { recursive: true }) as string[])
    .sort()
    .map((f) => `${f} ${statSync(join(root, f)).mtimeMs}`);
}

test("JupyterLab: npm run lab serves the project's JupyterLab 4, and its log says where it came from", { skip }, () => {
  ready();
  assert.match(
    lab?.log() ?? "",
    /\[lab\] serving the project's JupyterLab 4\.\d+\.\d+ \(lab-app\/build: the npm registry's @jupyterlab\/\* packages of lab-app\/package-lock\.json, built by rspack.*\) on jupyter_server \d+\.\d+\.\d+ \+ jupyterlab_server \d+\.\d+\.\d+ \(.+\), through lab-app\/main\.py/,
  );
});

test(
  "JupyterLab: notebook 01 executed by reproduce opens trusted with every figure drawn, the last one far down included",
  { skip },
  async () => {
    const page = await newPage();
    await openNotebook(page, EXECUTED_01);
    const cells = await page.evaluate(() => (window as any).lateDecayLab.shell.currentWidget.content.widgets.length);
    const lastFigureCell = Math.max(...cellIndices(EXECUTED_01, (s) => s.includes("ld.showFigure(")));
    assert.ok(
      lastFigureCell > 8 && cells > lastFigureCell,
      `a long notebook: the last figure is in cell ${lastFigureCell} of ${cells}`,
    );
    const farDown = await page.evaluate((k) => {
      const nb = (window as any).lateDecayLab.shell.currentWidget.content;
      return nb.widgets[k].node.getBoundingClientRect().top > window.innerHeight;
    }, lastFigureCell);
    assert.ok(farDown, "the last figure cell starts below the first screen");
    const s = await figureState(page, "drawn");
    assert.equal(s.trustedCells, s.codeCells, "every cell trusted (reproduce signs the notebook)");
    assert.equal(s.inModel, 3, "curves, decay-epoch panels, weight-decay sweep");
    assert.deepEqual(
      { all: s.all, drawn: s.drawn, jsonViews: s.jsonViews },
      { all: 3, drawn: 3, jsonViews: 0 },
      "each figure drawn once, from its text/html (application/vnd.plotly.v1+json has no renderer here and is ignored)",
    );
    await page.close();
  },
);

test("JupyterLab: an unsigned copy shows each figure's static image and its note", { skip }, async () => {
  const nb = JSON.parse(readFileSync(join(REPO_ROOT, EXECUTED_01), "utf8"));
  nb.metadata.late_decay_test = "unsigned copy"; // one metadata change: no longer matches its signature
  writeFileSync(join(REPO_ROOT, COPY_01("unsigned")), JSON.stringify(nb));
  const page = await newPage();
  await openNotebook(page, COPY_01("unsigned"));
  const s = await figureState(page, "static");
  assert.equal(s.trustedCells, 0, "untrusted");
  assert.deepEqual(
    {
      inModel: s.inModel,
      all: s.all,
      drawn: s.drawn,
      staticImages: s.staticImages,
      staticNotes: s.staticNotes,
      jsonViews: s.jsonViews,
    },
    { inModel: 3, all: 3, drawn: 0, staticImages: 3, staticNotes: 3, jsonViews: 0 },
  );
  await page.close();
});

test(
  "JupyterLab: restart the kernel and clear, reload, run the setup cells and one figure cell → it draws, from the cache",
  { skip },
  async () => {
    const path = COPY_01("restart");
    copyFileSync(join(REPO_ROOT, EXECUTED_01), join(REPO_ROOT, path)); // same content: same signature, trusted
    const page = await newPage();
    await openNotebook(page, path);
    await menu(page, ["Kernel", "Restart Kernel and Clear Outputs of All Cells…"]);
    await page.locator(".jp-Dialog .jp-mod-accept").click();
    // every cell cleared (the clear runs after the restart, cell by cell) and the model marked changed, then save
    await page.waitForFunction(
      () => {
        const panel = (window as any).lateDecayLab.shell.currentWidget,
          cells = panel.content.model.cells;
        let outputs = 0;
        for (let k = 0; k < cells.length; k++) outputs += cells.get(k).outputs?.length ?? 0;
        return panel.sessionContext.session?.kernel?.status === "idle" && outputs === 0 && panel.context.model.dirty;
      },
      null,
      { timeout: 120_000, polling: 250 },
    );
    await save(page);
    const saved = JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8")) as {
      cells: { cell_type: string; outputs?: unknown[] }[];
    };
    assert.deepEqual(
      saved.cells.filter((c) => c.cell_type === "code" && (c.outputs?.length ?? 0) > 0).length,
      0,
      "the saved file holds no outputs",
    );
    // A fresh page. (window.Plotly may still come from another notebook that JupyterLab restores into the workspace,
    // so the check is on the file: with no outputs left, the figure below can only draw from this run's banner cell.)
    await openNotebook(page, path);
    const figureCells = cellIndices(path, (s) => s.includes("ld.showFigure("));
    const setup = cellIndices(path, () => true).filter(
      (i) => i < figureCells[0] && !cellIndices(path, (s) => s.includes("ld.run")).includes(i),
    );
    const before = cacheListing();
    assert.ok(before.length > 0, "reproduce filled the cache");
    await runCells(page, [...setup, figureCells[1]]); // parameters, injected parameters, import, config + banner; the decay-epoch figure
    const s = await figureState(page, "drawn");
    assert.deepEqual({ inModel: s.inModel, drawn: s.drawn }, { inModel: 1, drawn: 1 });
    // plotly.js of this page came from this run's banner: a setup cell's output in this notebook carries the loader script
    const loaders = await page.evaluate((cells) => {
      const model = (window as any).lateDecayLab.shell.currentWidget.content.model;
      return cells.filter((k: number) =>
        JSON.stringify(model.cells.get(k).toJSON().outputs ?? []).includes("data-late-decay-plotly"),
      ).length;
    }, setup);
    assert.equal(loaders, 1, "one setup cell (the banner) carries plotly.js");
    assert.deepEqual(cacheListing(), before, "nothing recomputed: the figure's runs came from the cache");
    await page.close();
  },
);

test("JupyterLab: Run All → re-run a figure cell → save → reload keeps every figure", { skip }, async () => {
  const path = `${WORK}/smoke-display.ipynb`;
  copyFileSync(SMOKE_FIXTURE, join(REPO_ROOT, path));
  const page = await newPage();
  await openNotebook(page, path);
  await menu(page, ["Run", "Run All Cells"]);
  await page.waitForFunction(
    () => {
      const nb = (window as any).lateDecayLab.shell.currentWidget.content;
      return nb.widgets.every((c: any) => c.model.type !== "code" || typeof c.model.executionCount === "number");
    },
    null,
    { timeout: 120_000, polling: 250 },
  );
  assert.deepEqual((await figureState(page, "drawn")).drawn, 2, "after Run All");
  await runCells(page, [5]); // the first figure cell again
  assert.deepEqual((await figureState(page, "drawn")).drawn, 2, "after re-running the first figure cell");
  await save(page);
  await page.reload();
  await page.waitForFunction(() => (window as any).lateDecayLab?.shell.currentWidget?.context?.isReady, null, {
    timeout: 120_000,
  });
  const s = await figureState(page, "drawn");
  assert.equal(s.trustedCells, s.codeCells, "a notebook the user ran and saved is trusted");
  assert.deepEqual(
    { inModel: s.inModel, all: s.all, drawn: s.drawn, jsonViews: s.jsonViews },
    { inModel: 2, all: 2, drawn: 2, jsonViews: 0 },
  );
  await page.close();
});

test(
  "JupyterLab: a long cell interrupted from the toolbar stops within a step; running it again resumes",
  { skip },
  async () => {
    const path = `${WORK}/lab-interrupt.ipynb`;
    copyFileSync(LONG_FIXTURE, join(REPO_ROOT, path));
    const page = await newPage();
    await openNotebook(page, path);
    await runCells(page, [1, 2]); // import, config
    const progress = () =>
      page.evaluate(() => {
        const cell = (window as any).lateDecayLab.shell.currentWidget.content.widgets[3];
        return cell.node.querySelector(".late-decay-progress code")?.textContent ?? "";
      });
    const done = (text: string) => Number(/ (\d+)\/\d+ \(/.exec(text)?.[1] ?? -1);
    // 6 main paths of 2000 epochs, then 6 subpaths of 2 epochs: interrupt once two main paths are complete
    await page.evaluate(() => {
      const app = (window as any).lateDecayLab;
      app.shell.currentWidget.content.activeCellIndex = 3;
      void app.commands.execute("notebook:run-cell");
    });
    await page
      .waitForFunction(
        () => {
          const t =
            (window as any).lateDecayLab.shell.currentWidget.content.widgets[3].node.querySelector(
              ".late-decay-progress code",
            )?.textContent ?? "";
          return Number(/ (\d+)\/\d+ \(/.exec(t)?.[1] ?? 0) >= 4200;
        },
        null,
        { timeout: 300_000, polling: 100 },
      )
      .catch(async () => assert.fail(`no progress past 4200 epochs: ${await cellText(page, 3)}`));
    await page.locator('.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]').click();
    // tslab answers the interrupt at once; the computation itself stops at the end of its current step
    await page
      .waitForFunction(
        () =>
          /stopped: .*interrupted \(SIGINT\)/.test(
            (window as any).lateDecayLab.shell.currentWidget.content.widgets[3].node.querySelector(
              ".late-decay-progress code",
            )?.textContent ?? "",
          ),
        null,
        { timeout: 60_000, polling: 100 },
      )
      .catch(async () => assert.fail(`the run did not stop: ${await cellText(page, 3)}`));
    await page.waitForFunction(
      () => {
        const panel = (window as any).lateDecayLab.shell.currentWidget;
        return (
          panel.sessionContext.session?.kernel?.status === "idle" &&
          typeof panel.content.widgets[3].model.executionCount === "number"
        );
      },
      null,
      { timeout: 60_000, polling: 100 },
    );
    const stopped = await progress();
    assert.match(stopped, /stopped: .*interrupted \(SIGINT\)/, stopped);
    assert.ok(done(stopped) >= 4200 && done(stopped) < 12012, stopped);
    // again: the two finished paths come from the cache, so the first progress line already counts them. (tslab
    // answers "aborted" to requests arriving within 200 ms of a cell's error: jupyter.js handleExecute; a person
    // clicks later than that.)
    await page.waitForTimeout(1000);
    await page.evaluate(() => {
      const app = (window as any).lateDecayLab;
      app.shell.currentWidget.content.activeCellIndex = 3;
      void app.commands.execute("notebook:run-cell");
    });
    const finished = () =>
      page.evaluate(() => {
        const panel = (window as any).lateDecayLab.shell.currentWidget;
        return (
          panel.sessionContext.session?.kernel?.status === "idle" &&
          typeof panel.content.widgets[3].model.executionCount === "number"
        );
      });
    let first = "";
    for (const started = Date.now(); !first && Date.now() - started < 300_000;) {
      const t = await progress();
      if (t && !t.includes("stopped")) first = t;
      else if (Date.now() - started > 5000 && (await finished())) break;
      else await page.waitForTimeout(100);
    }
    assert.ok(
      done(first) >= 4000,
      `the rerun starts from the cached paths: first line "${first}"; the cell shows: ${await cellText(page, 3)}`,
    );
    await page
      .waitForFunction(
        () => {
          const panel = (window as any).lateDecayLab.shell.currentWidget;
          return (
            panel.sessionContext.session?.kernel?.status === "idle" &&
            typeof panel.content.widgets[3].model.executionCount === "number"
          );
        },
        null,
        { timeout: 300_000, polling: 250 },
      )
      .catch(async () => assert.fail(`the rerun did not finish: ${await cellText(page, 3)}`));
    assert.match(await progress(), /paths \(epochs\) 12012\/12012 \(100%\).*finished in/, await cellText(page, 3));
    await page.close();
  },
);

test(
  "JupyterLab: File → Save and Export Notebook As → HTML gives a page whose figures draw with every request refused",
  { skip },
  async () => {
    const path = COPY_01("export");
    copyFileSync(join(REPO_ROOT, EXECUTED_01), join(REPO_ROOT, path));
    const page = await newPage();
    await openNotebook(page, path);
    const download = page
      .context()
      .waitForEvent("page")
      .then((p) => p.waitForEvent("download"));
    const direct = page.waitForEvent("download");
    await menu(page, ["File", "Save and Export Notebook As", "HTML"]);
    const file = await Promise.race([download, direct]);
    const html = join(OUT, "menu-export/01-export.html");
    await file.saveAs(html);
    assert.match(readFileSync(html, "utf8"), /class="late-decay-figure"/);
    const r = await checkHtmlPlots(html, join(OUT, "menu-export/01-export.png"));
    assert.equal(r.figureIds.length, 3);
    assert.deepEqual(r.missingIds, [], "every figure draws offline");
    // Debian's nbconvert 6.5.3 (lab template) points at Debian's require.js and MathJax 2 on disk; nothing else is asked for
    assert.deepEqual(
      r.refusedRequests.sort(),
      [
        "file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        "file:///usr/share/javascript/requirejs/require.min.js",
      ],
      "no network request, only Debian's MathJax and require.js files",
    );
    assert.ok(
      r.rawTex.length > 0,
      "with those refused the math stays TeX (npm run reproduce's HTML carries its math: environment.md)",
    );
    // opened from disk on this machine, where those files exist: figures draw (require.js present) and the math renders
    const context = await ready().newContext({ viewport: { width: 1200, height: 900 } });
    const asked: string[] = [];
    await context.route("**/*", (route) => {
      asked.push(route.request().url());
      return route.request().url().startsWith("file://") ? route.continue() : route.abort();
    });
    const disk = await context.newPage();
    await disk.addInitScript(() => {
      (window as any).__name = (f: unknown) => f;
    });
    await disk.goto(`file://${html}`);
    await disk
      .waitForFunction(
        () =>
          document.querySelectorAll(".late-decay-figure").length === 3 &&
          Array.from(document.querySelectorAll(".late-decay-figure")).every((d) => d.querySelector("svg.main-svg")) &&
          document.querySelectorAll(".MathJax, .MathJax_CHTML, mjx-container").length > 0,
        null,
        { timeout: 60_000, polling: 250 },
      )
      .catch(async () =>
        assert.fail(
          `opened from disk: ${JSON.stringify(
            await disk.evaluate(() => ({
              drawn: document.querySelectorAll(".late-decay-figure svg.main-svg").length,
              math: document.querySelectorAll(".MathJax, .MathJax_CHTML, mjx-container").length,
            })),
          )}`,
        ),
      );
    assert.deepEqual(
      asked.filter((u) => !u.startsWith("file://") && !u.startsWith("data:")),
      [],
      "no network request",
    );
    await context.close();
    await page.close();
  },
);
