/**
 * The rules outside the import graph hold on the real tree, and each one fails on a planted
 * violation (so none of them is a test that cannot fail).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_CELL_LINES, notebookViolations, tsFiles, unseededRandomUses, type TextViolation } from "./text-rules";

const root = path.join(__dirname, "..", "..");
const notebooksDir = path.join(root, "notebooks");

function show(v: TextViolation[]): string {
  return v.map((x) => `${x.rule}: ${x.where}: ${x.detail}`).join("\n");
}

test("no Math.random / tf.util.shuffle in src/ (all randomness from core/rng.ts)", () => {
  const files = tsFiles(path.join(root, "src"));
  assert.ok(files.length > 50, `expected the whole src/ tree, found ${files.length} files`);
  const found = files.flatMap((f) => unseededRandomUses(fs.readFileSync(f, "utf8"), path.relative(root, f)));
  assert.deepEqual(found, [], show(found));
});

test("no-unseeded-random fails on planted uses, not on comments or strings", () => {
  const planted = [
    "// Math.random() in a comment is fine",
    'const s = "tf.util.shuffle in a string is fine";',
    "export const a = Math.random();",
    "tf.util.shuffle(xs);",
    "tf.util.shuffleCombo(xs, ys);",
  ].join("\n");
  const found = unseededRandomUses(planted, "planted.ts");
  assert.deepEqual(
    found.map((v) => [v.rule, v.where, v.detail]),
    [
      ["no-unseeded-random", "planted.ts:3", "Math.random"],
      ["no-unseeded-random", "planted.ts:4", "tf.util.shuffle"],
      ["no-unseeded-random", "planted.ts:5", "tf.util.shuffleCombo"],
    ],
  );
});

test("notebooks: short code cells, no function definitions, no paths, only ../dist imported", () => {
  const names = fs
    .readdirSync(notebooksDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
  assert.equal(names.length, 7, `expected the six paper notebooks and the claim map (01b), found ${names.join(", ")}`);
  for (const name of names) {
    const nb = JSON.parse(fs.readFileSync(path.join(notebooksDir, name), "utf8"));
    const codeCells = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").length;
    assert.ok(codeCells >= 3, `${name}: ${codeCells} code cells; the check would be vacuous`);
    const found = notebookViolations(nb, name);
    assert.deepEqual(found, [], show(found));
  }
});

test("each notebook rule fails on a planted violation and names the cell", () => {
  const code = (source: string) => ({ cell_type: "code", source });
  const nb = {
    cells: [
      { cell_type: "markdown", source: "function f() {} is prose here, in data/results/x.csv" },
      code(
        'import * as ld from "../dist";\nconst runs = await ld.withProgress("runs", (p) => ld.runLateDecay(config, { onProgress: p }));',
      ),
      code(Array.from({ length: MAX_CELL_LINES + 1 }, (_, i) => `ld.showTable(t${i});`).join("\n")),
      code("function smooth(x: number[]) { return x; }"),
      code("const f = (x: number) => x * 2;"),
      code("ld.runs.map((r) => { const y = r.loss; return y; });"),
      code('const csv = ld.load("data/results/01/quick.csv");'),
      code("const t = ld.load(`${dir}/runs.json`);"),
      code('import * as fs from "fs";'),
      code('const m = require("../src/toolkit");'),
    ],
  };
  const found = notebookViolations(nb, "planted.ipynb").map((v) => `${v.rule} @ ${v.where}`);
  assert.deepEqual(found, [
    "notebook-cell-length @ planted.ipynb cell 2",
    "notebook-no-function-definitions @ planted.ipynb cell 3 line 1",
    "notebook-no-function-definitions @ planted.ipynb cell 4 line 1",
    "notebook-no-function-definitions @ planted.ipynb cell 5 line 1",
    "notebook-no-paths @ planted.ipynb cell 6 line 1",
    "notebook-no-paths @ planted.ipynb cell 7 line 1",
    "notebook-imports-index-only @ planted.ipynb cell 8 line 1",
    "notebook-imports-index-only @ planted.ipynb cell 9 line 1",
    "notebook-no-paths @ planted.ipynb cell 9 line 1",
  ]);
});
