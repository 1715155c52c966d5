// The notebook registry (src/notebooks.ts) against notebooks/: every notebook listed once, its
// parameters exactly the names and defaults of its parameters cell; selectors and bad names.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { declaredParameters, PARAMETERS_TAG } from "../../scripts/notebooks/nbparams.mjs";
import { NOTEBOOKS, notebookEntry, notebookShard, shardedNotebooks } from "../../src/notebooks";

const DIR = path.resolve(__dirname, "../../notebooks");

/** name → default of a parameters cell (`let name[: type] = <value>;`, values JSON or undefined). */
function cellDefaults(file: string): Map<string, unknown> {
  const nb = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8"));
  const cell = nb.cells.find((c: { metadata?: { tags?: string[] } }) => c.metadata?.tags?.includes(PARAMETERS_TAG));
  assert.ok(cell, `${file} has a cell tagged parameters`);
  const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
  const out = new Map<string, unknown>();
  for (const name of declaredParameters(source).keys()) {
    const m = new RegExp(`^\\s*let\\s+${name}\\s*(?::[^=]+)?=\\s*(.+?);`, "m").exec(source);
    assert.ok(m, `${file}: a default for ${name}`);
    out.set(name, m[1] === "undefined" ? undefined : JSON.parse(m[1]));
  }
  return out;
}

test("the registry lists every notebook of notebooks/ once, with its parameters cell's names and defaults in order", () => {
  assert.deepEqual(
    NOTEBOOKS.map((n) => n.file).sort(),
    fs
      .readdirSync(DIR)
      .filter((f) => f.endsWith(".ipynb"))
      .sort(),
  );
  for (const n of NOTEBOOKS) {
    assert.ok(n.file.startsWith(`${n.id}-`), `${n.file} starts with its id ${n.id}`);
    assert.deepEqual(
      n.parameters.map((p) => [p.name, p.default]),
      [...cellDefaults(n.file)],
      `${n.file}'s parameters`,
    );
  }
});

test("selectors: id, file name, name without .ipynb; shard plans and their job arrays", () => {
  assert.equal(notebookEntry("01b").file, "01b-claim-map.ipynb");
  assert.equal(notebookEntry("02-landscape-pca").id, "02");
  assert.equal(notebookEntry("06-ablations.ipynb").id, "06");
  assert.throws(() => notebookEntry("7"), /no notebook "7": name one by number \(01, 01b, 02, 03, 04, 05, 06\)/);
  assert.deepEqual(
    shardedNotebooks().map((n) => n.id),
    ["01", "01b", "02", "04", "05", "06"],
  );
  assert.throws(
    () => notebookShard("03"),
    /sharding is implemented for notebooks 01 \(late-decay paths\), .*; got "03" \(03 reads 01's runs\)/,
  );
  const jobs = shardedNotebooks().flatMap((n) => n.shard!.jobs);
  const names = jobs.map((j) => j.name);
  assert.equal(new Set(names).size, names.length, "job names are unique");
  for (const j of jobs)
    if (j.after) assert.ok(names.includes(j.after), `${j.name} waits for a job that exists: ${j.after}`);
  const smoke = notebookShard("05").shard;
  assert.equal(smoke.units!(smoke.configs("smoke", {}), "any").length, 16 + 48);
});
