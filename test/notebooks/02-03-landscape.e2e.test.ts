// Notebooks 02 and 03 under the smoke profile through the real tslab kernel (fresh data dir, so
// the late-decay runs, PCA and grid are computed), then their HTML rendered offline in Chromium.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/start/bootstrap.mjs";
import { joined, noChromium, noJupyter, type Cell, type Output } from "./executed";
import { runNotebooks, NotebookRun } from "../../scripts/notebooks/reproduce.mjs";
import { checkHtmlPlots } from "../../scripts/notebooks/html-check.mjs";

const OUT = join(REPO_ROOT, "out/test-artifacts/notebooks-02-03");

let runs: NotebookRun[] = [];

before(async () => {
  if (noJupyter) return;
  process.env.LATE_DECAY_DATA_DIR = mkdtempSync(join(tmpdir(), "ld-nb-02-03-"));
  runs = await runNotebooks({ notebooks: ["02", "03"], params: { profile: "smoke" }, outDir: OUT, quiet: true });
});

function outputsOf(run: NotebookRun): Output[] {
  const nb = JSON.parse(readFileSync(run.executed, "utf8")) as { cells: Cell[] };
  return nb.cells.flatMap((c) => c.outputs ?? []);
}

test(
  "02 and 03 run under smoke with no error outputs; 02 shows the grid summary, 03 the decay directions",
  { skip: noJupyter },
  () => {
    assert.deepEqual(
      runs.map((r) => [r.name, r.ok]),
      [
        ["02-landscape-pca", true],
        ["03-trajectory-3d", true],
      ],
    );
    const [nb02, nb03] = runs.map(outputsOf);
    for (const outs of [nb02, nb03])
      assert.deepEqual(
        outs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`),
        [],
      );
    const html02 = nb02.map((o) => joined(o.data?.["text/html"])).join("\n");
    assert.match(html02, /<td[^>]*>smoke<\/td>/, "banner shows the injected profile");
    assert.match(html02, /7 × 5 = 35 points on the curved surface/);
    assert.match(html02, /PC1/);
    assert.equal((html02.match(/class="late-decay-figure"/g) ?? []).length, 1);
    const html03 = nb03.map((o) => joined(o.data?.["text/html"])).join("\n");
    assert.equal((html03.match(/class="late-decay-figure"/g) ?? []).length, 1);
    assert.match(html03, /scatter3d/);
    for (const e of [2, 4, 6])
      assert.match(html03, new RegExp(`<td[^>]*>${e}</td>`), `decay-direction row for epoch ${e}`);
    assert.match(html02, /<th>how measured<\/th>[\s\S]*The train loss has a valley/, "02's verdict table");
    assert.match(
      html03,
      /<th>how measured<\/th>[\s\S]*After the decay a subpath leaves the main path's direction/,
      "03's verdict table",
    );
    assert.doesNotMatch(
      html02.replace(/<table class="late-decay-banner">[\s\S]*?<\/table>/g, ""),
      /points\/s/,
      "timings only in banners",
    );
  },
);

test(
  '02 switches to Li et al.\'s random filter-normalized directions with surface = "random"',
  { skip: noJupyter },
  async () => {
    const [run] = await runNotebooks({
      notebooks: ["02"],
      params: { profile: "smoke", surface: "random" },
      outDir: join(OUT, "random"),
      quiet: true,
      html: false,
    });
    const outs = outputsOf(run);
    assert.deepEqual(
      outs.filter((o) => o.output_type === "error"),
      [],
    );
    const html = outs.map((o) => joined(o.data?.["text/html"])).join("\n");
    assert.match(html, /7 × 5 = 35 points on the random surface/);
    assert.match(html, /random filter-normalized directions around the final point/);
    assert.match(html, /the paths collapse onto the final point<\/td>/, "the random surface's verdict row");
  },
);

test("the exported HTML of 02 and 03 draws every plot offline", { skip: noJupyter || noChromium }, async () => {
  for (const run of runs) {
    assert.ok(run.html && existsSync(run.html), `${run.name} has no HTML export`);
    const r = await checkHtmlPlots(run.html, join(OUT, `${run.name}.png`));
    assert.equal(r.figureIds.length, 1, run.name);
    assert.deepEqual(r.missingIds, [], `${run.name}: figures not drawn`);
    assert.deepEqual(r.refusedRequests, [], `${run.name}: requests besides the page`);
  }
});
