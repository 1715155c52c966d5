/**
 * No typed-in results in the notebooks' prose: every number a run could contradict (decimals,
 * durations, percentages, large integers) comes from a computed table, never from markdown. The
 * allow-list below holds the definitions that prose may state, each with its reason; an entry
 * no notebook uses any more fails the test, so the list cannot rot.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { typedNumbers, type AllowedNumber, type TextViolation } from "./text-rules";

const notebooksDir = path.join(__dirname, "..", "..", "notebooks");

/** Definitions, not results: each states the method or cites a source. */
export const ALLOWED_NUMBERS: AllowedNumber[] = [
  { text: "LR × 0.1", reason: "the paper's LR decay factor at a decay epoch: part of the method's definition" },
  { text: "784 → 100, ReLU → 10", reason: "the authors' MLP architecture, the model the notebook reproduces" },
  {
    text: "500 per class",
    reason:
      "the authors' training-subset size, named as the paper's protocol (the profile's own size is in the config table)",
  },
  {
    text: "95 % interval",
    reason: "the confidence level of every interval in the verdict tables: a definition of the statistics",
  },
  {
    text: "80 % power",
    reason: "the power at which the smallest detectable difference is stated: a definition of the statistics",
  },
  { text: "AISTATS 2024", reason: "citation of the paper" },
  { text: "Li et al. (2018)", reason: "citation (filter-normalized directions)" },
  { text: "Li et al. 2018", reason: "citation (filter-normalized directions)" },
  { text: "Blanc et al. 2020", reason: "citation (label-noise SGD reduces sharpness)" },
  { text: "Damian et al. 2021", reason: "citation (label-noise SGD reduces sharpness)" },
  { text: "Li, Wang & Arora 2022", reason: "citation (the slow SDE along the manifold)" },
];

const show = (v: TextViolation[]) => v.map((x) => `${x.where}: ${x.detail}`).join("\n");

function notebooks(): { name: string; nb: { cells: { cell_type: string; source: string | string[] }[] } }[] {
  return fs
    .readdirSync(notebooksDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((name) => ({ name, nb: JSON.parse(fs.readFileSync(path.join(notebooksDir, name), "utf8")) }));
}

test("no notebook's markdown types in a number outside the allow-list of definitions", () => {
  const all = notebooks();
  assert.ok(all.length >= 6, `expected the notebooks, found ${all.length}`);
  const found = all.flatMap(({ name, nb }) => typedNumbers(nb, name, ALLOWED_NUMBERS));
  assert.deepEqual(found, [], show(found));
});

test("every allow-list entry has a reason and is still used by some notebook", () => {
  const markdown = notebooks()
    .flatMap(({ nb }) =>
      nb.cells
        .filter((c) => c.cell_type === "markdown")
        .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)),
    )
    .join("\n");
  for (const a of ALLOWED_NUMBERS) {
    assert.ok(a.reason.length > 10, `${a.text}: give a reason`);
    assert.ok(markdown.includes(a.text), `allow-list entry "${a.text}" is used by no notebook: remove it`);
  }
});

test("the rule catches planted typed-in numbers of every kind and passes allowed ones and small integers", () => {
  const md = (source: string) => ({ cell_type: "markdown", source });
  const nb = {
    cells: [
      md("The quick profile took 3.8 min (2 s per path) on 2 cores; PC1 carries 89.3%, about 2% of the loss."),
      md("500 training digits, tested on ~9 500 digits of 79 510 parameters."),
      md("Sec. 4, d = 2, n = 1, within 2× its floor; the authors use 500 per class (AISTATS 2024)."),
      { cell_type: "code", source: "const x = 0.5; // 3.8 s" },
    ],
  };
  const found = typedNumbers(nb, "planted.ipynb", ALLOWED_NUMBERS).map(
    (v) => `${v.where} ${v.detail.replace(/ in ".*/, "")}`,
  );
  assert.deepEqual(found, [
    'planted.ipynb cell 0 decimal number "3.8"',
    'planted.ipynb cell 0 decimal number "89.3"',
    'planted.ipynb cell 0 duration or percentage "3.8 min"',
    'planted.ipynb cell 0 duration or percentage "2 s"',
    'planted.ipynb cell 0 duration or percentage "89.3%"',
    'planted.ipynb cell 0 duration or percentage "2%"',
    'planted.ipynb cell 1 grouped thousands "9 500"',
    'planted.ipynb cell 1 grouped thousands "79 510"',
    'planted.ipynb cell 1 integer ≥ 100 "500"',
    'planted.ipynb cell 1 integer ≥ 100 "500"',
    'planted.ipynb cell 1 integer ≥ 100 "510"',
  ]);
});
