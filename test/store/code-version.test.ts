import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { codeVersion, codeVersionModules, codeVersionTable, writeCodeVersionTable } from "../../src/store/code-version";

/** A tiny source tree: a imports ./lib/b (which imports ../c) and a JSON file; d is not imported. */
function tree(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ld-cv-"));
  const all: Record<string, string> = {
    "a.ts":
      'import { step } from "./lib/b";\nimport data from "./data.json";\nexport const run = (x: number) => step(x) + data.k;\n',
    "lib/b.ts":
      '/** one SGD step */\nimport { lr } from "../c";\nexport function step(x: number): number {\n  return x - lr * x; // θ ← θ − ηθ\n}\n',
    "c.ts": "export const lr = 0.1;\n",
    "d.ts": "export const unrelated = 1;\n",
    "data.json": '{ "k": 2 }\n',
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
const noTable = (root: string) => ({ srcRoot: root, tableFile: path.join(root, "absent.json") });

test("a module's version covers its transitive local imports (and JSON files), not unrelated modules", () => {
  const root = tree();
  assert.deepEqual(codeVersionModules("a", noTable(root)), ["a", "c", "data.json", "lib/b"]);
  assert.match(codeVersion("a", noTable(root)), /^code-[0-9a-f]{16}$/);
});

test("changing a numeric line of an imported file changes the version; comments and whitespace do not", () => {
  const base = codeVersion("a", noTable(tree()));
  assert.notEqual(
    codeVersion("a", noTable(tree({ "c.ts": "export const lr = 0.3;\n" }))),
    base,
    "lr 0.1 → 0.3 in c.ts",
  );
  assert.notEqual(
    codeVersion(
      "a",
      noTable(
        tree({
          "lib/b.ts":
            'import { lr } from "../c";\nexport function step(x: number): number {\n  return x - 3 * lr * x;\n}\n',
        }),
      ),
    ),
    base,
  );
  assert.notEqual(codeVersion("a", noTable(tree({ "data.json": '{ "k": 3 }\n' }))), base, "imported JSON");
  const commentsOnly =
    '/** one SGD step: θ ← θ − ηθ (paper Sec. 2) */\nimport { lr } from "../c";\n\nexport function step(x: number): number {\n  // a different comment\n  return   x - lr * x;\n}\n';
  assert.equal(codeVersion("a", noTable(tree({ "lib/b.ts": commentsOnly }))), base, "comments, blank lines, spaces");
  assert.equal(
    codeVersion("a", noTable(tree({ "d.ts": "export const unrelated = 2;\n" }))),
    base,
    "a module a does not import",
  );
});

test("the build's table is used while sources match it; a file edited after the build is re-read", () => {
  const root = tree();
  const tableFile = path.join(root, "dist-code-versions.json");
  assert.equal(writeCodeVersionTable(root, tableFile), 4, "a, lib/b, c, d (.ts files)");
  const table = JSON.parse(fs.readFileSync(tableFile, "utf8"));
  assert.deepEqual(table, codeVersionTable(root));
  assert.deepEqual(table.files["lib/b"].imports, ["c"]);
  const fromTable = codeVersion("a", { srcRoot: root, tableFile });
  assert.equal(fromTable, codeVersion("a", noTable(tree())), "same version with or without the table");
  // edit after the build: a fresh process (a new table path stands in for it) must see the edit
  fs.writeFileSync(path.join(root, "c.ts"), "export const lr = 0.2;\n");
  const copy = path.join(root, "copy-of-table.json");
  fs.copyFileSync(tableFile, copy);
  assert.notEqual(codeVersion("a", { srcRoot: root, tableFile: copy }), fromTable);
  // within one process the version stays that of the code it loaded first
  assert.equal(codeVersion("a", { srcRoot: root, tableFile }), fromTable);
});

test("a missing module and an import that leaves src/ are errors naming them", () => {
  const root = tree({ "e.ts": 'import { x } from "../outside";\nexport const y = x;\n' });
  assert.throws(() => codeVersion("nope", noTable(root)), /no module "nope" under/);
  assert.throws(() => codeVersion("e", noTable(root)), /e\.ts imports "\.\.\/outside", which is not under/);
});

test("this checkout: train/path's version covers the SGD step and the MLP", () => {
  const mods = codeVersionModules("train/path");
  for (const m of ["train/path", "train/sgd", "models/mlp", "models/losses"])
    assert.ok(mods.includes(m), `${m} in ${mods.join(", ")}`);
  assert.ok(!mods.includes("experiments/landscape"), "experiments are not imported by train/path");
});
