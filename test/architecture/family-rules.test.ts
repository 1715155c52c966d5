/**
 * Issue 22's rules for the experiment families, on the real tree and each on a planted violation:
 * every family folder has the same files in the same roles; every unit family is in the static
 * registry the worker entry serves; unit ids are never parsed as data; what a notebook runs is
 * decided by the notebook registry (src/notebooks.ts), never by a per-notebook ladder in scripts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  FAMILY_FILES,
  familyShapeViolations,
  notebookLadders,
  parsedIdUses,
  tsFiles,
  unregisteredFamilies,
  type TextViolation,
} from "./text-rules";

const root = path.join(__dirname, "..", "..");
const experiments = path.join(root, "src", "experiments");
const show = (v: TextViolation[]) => v.map((x) => `${x.rule}: ${x.where}: ${x.detail}`).join("\n");
const rel = (f: string) => path.relative(root, f);

/** .ts and .mjs files under a folder. */
function codeFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? codeFiles(p) : /\.(ts|mts|mjs)$/.test(e.name) ? [p] : [];
    })
    .sort();
}

test("every experiment family folder has the same files in the same roles", () => {
  const folders = Object.fromEntries(
    fs
      .readdirSync(experiments, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== "kit")
      .map((e) => [e.name, fs.readdirSync(path.join(experiments, e.name))]),
  );
  assert.deepEqual(Object.keys(folders).sort(), ["claim-map", "landscape", "late-decay", "nonlinear"]);
  const found = familyShapeViolations(folders);
  assert.deepEqual(found, [], show(found));
  const planted = familyShapeViolations({ planted: ["config.ts", "run.ts"] }).map((v) => v.detail.split(" (")[0]);
  assert.deepEqual(
    planted,
    Object.keys(FAMILY_FILES)
      .filter((f) => f !== "config.ts" && f !== "run.ts")
      .map((f) => `no ${f}`),
  );
});

test("every exported UnitFamily of src/experiments is in the static registry; a planted one is reported", () => {
  const files = Object.fromEntries(tsFiles(experiments).map((f) => [rel(f), fs.readFileSync(f, "utf8")]));
  const registry = fs.readFileSync(path.join(experiments, "families.ts"), "utf8");
  const found = unregisteredFamilies(files, registry);
  assert.deepEqual(found, [], show(found));
  const planted = {
    "src/experiments/planted/units.ts":
      "export const plantedFamily: UnitFamily<P, S> = { setup: () => null, compute: async () => {} };\nexport const notAFamily = 1;\n",
  };
  assert.deepEqual(
    unregisteredFamilies(planted, registry).map((v) => v.detail),
    ["plantedFamily is not in UNIT_FAMILIES of src/experiments/families.ts"],
  );
  assert.equal(unregisteredFamilies(planted, "export const UNIT_FAMILIES = { planted: plantedFamily };").length, 0);
});

test("no unit id is parsed as data in src/experiments and src/runner; planted parses are reported, other string work is not", () => {
  const files = [...tsFiles(experiments), ...tsFiles(path.join(root, "src", "runner"))];
  const found = files.flatMap((f) => parsedIdUses(fs.readFileSync(f, "utf8"), rel(f)));
  assert.deepEqual(found, [], show(found));
  const planted = [
    'const rows = units.filter((u) => u.id.startsWith("row/"));',
    "const j = Number(unitId.slice(4));",
    'const k = Number(key.slice("row/".length));',
    'const [cell] = u.id.split(":");',
    'const words = label.split(" ");',
    "const same = u.id === PCA_UNIT;",
  ].join("\n");
  assert.deepEqual(
    parsedIdUses(planted, "planted.ts").map((v) => v.where),
    ["planted.ts:1", "planted.ts:2", "planted.ts:3", "planted.ts:4"],
  );
});

test("what a notebook runs is decided by src/notebooks.ts: no notebook-id ladder in scripts/ or elsewhere in src/", () => {
  const files = [...codeFiles(path.join(root, "scripts")), ...tsFiles(path.join(root, "src"))].filter(
    (f) => rel(f) !== path.join("src", "notebooks.ts"),
  );
  assert.ok(files.length > 100, `expected scripts/ and src/, found ${files.length} files`);
  const found = files.flatMap((f) => notebookLadders(fs.readFileSync(f, "utf8"), rel(f)));
  assert.deepEqual(found, [], show(found));
  const planted = [
    'if (notebook === "01") run();',
    'switch (id) { case "04": break; }',
    'const s = "01b";',
    'if (notebook !== "1") x();',
  ].join("\n");
  assert.deepEqual(
    notebookLadders(planted, "planted.ts").map((v) => v.where),
    ["planted.ts:1", "planted.ts:2"],
  );
});
