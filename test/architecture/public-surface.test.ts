/**
 * The notebooks' API (src/index.ts) is what the notebooks call, grouped by paper section; the
 * building blocks are the second entry point (src/toolkit.ts). Every name a notebook calls is
 * exported by index.ts, and every value index.ts exports is called by a notebook or listed below
 * with its reason — so the surface cannot silently grow back into the library's whole contents.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as api from "../../src/index";
import * as toolkit from "../../src/toolkit";

const root = path.join(__dirname, "..", "..");

/** Values of index.ts no notebook cell calls, and why a user needs them. */
const BEYOND_NOTEBOOKS: Record<string, string> = {
  initBackend: "which engine and backend computes (the banner's numbers), before a run",
  ConfigError: "the error of a bad parameter, to catch or test for",
  DataFileError: "the error of a missing or damaged data file",
  DivergenceError: "the error of a path whose loss exploded (with where)",
  CancelledError: "the error of an interrupted run",
  lateDecayExperiment: "notebook 01's Experiment (profiles → config → units → runs), for a user's own loop",
  claimMapExperiment: "notebook 01b's Experiment",
  landscapeExperiment: "notebooks 02–03's Experiment",
  landscapeModelExperiment: "notebook 04's Experiment",
  phasesExperiment: "notebook 05's Experiment",
  ablationExperiment: "notebook 06's Experiment",
};

/** The `ld.<name>` calls of every notebook's code cells. */
function notebookNames(): Set<string> {
  const names = new Set<string>();
  for (const f of fs.readdirSync(path.join(root, "notebooks")).filter((n) => n.endsWith(".ipynb"))) {
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", f), "utf8"));
    for (const c of nb.cells) {
      if (c.cell_type !== "code") continue;
      const src = Array.isArray(c.source) ? c.source.join("") : c.source;
      for (const m of src.matchAll(/\bld\.(\w+)/g)) names.add(m[1]);
    }
  }
  return names;
}

/** Type-only exports of src/index.ts (`export type { … }`, `type X` in a list): not runtime keys. */
function indexTypes(): Set<string> {
  const text = fs.readFileSync(path.join(root, "src", "index.ts"), "utf8");
  const out = new Set<string>();
  for (const m of text.matchAll(/export type \{([^}]*)\}/g)) for (const n of m[1].split(",")) out.add(n.trim());
  for (const m of text.matchAll(/\btype (\w+)\b/g)) out.add(m[1]);
  return out;
}

test("every name a notebook calls is exported by src/index.ts (and by the toolkit)", () => {
  const used = notebookNames(),
    types = indexTypes();
  assert.ok(used.size > 50, `expected the notebooks' calls, found ${used.size}`);
  const missing = [...used].filter((n) => !(n in api) && !types.has(n));
  assert.deepEqual(missing, [], `the notebooks call names src/index.ts does not export: ${missing.join(", ")}`);
  assert.deepEqual(
    [...used].filter((n) => !(n in toolkit) && !types.has(n)),
    [],
  );
});

test("every value src/index.ts exports is called by a notebook or listed with its reason; the toolkit holds the rest", () => {
  const used = notebookNames();
  const extra = Object.keys(api).filter((n) => !used.has(n) && !(n in BEYOND_NOTEBOOKS));
  assert.deepEqual(
    extra,
    [],
    `index.ts exports values no notebook calls (move them to src/toolkit.ts or list them here with a reason): ${extra.join(", ")}`,
  );
  assert.ok(Object.keys(api).length <= 110, `${Object.keys(api).length} values in the notebooks' API`);
  for (const n of ["trainPath", "trajectoryPca", "runUnits", "NOTEBOOKS", "pairedSummary", "makeGaussianProblem"])
    assert.ok(n in toolkit, `the toolkit exports ${n}`);
  for (const n of ["trainPath", "runUnits", "NOTEBOOKS"])
    assert.ok(!(n in api), `${n} is a building block, not the notebooks' API`);
});
