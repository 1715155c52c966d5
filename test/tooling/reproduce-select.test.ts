// Which notebooks `npm run reproduce` runs: with none named the six paper notebooks (the claim map has its
// own budget), a two-digit prefix selects one notebook (01 is not 01b), a letter suffix selects the map.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { ownBudget, resolveNotebooks } from "../../scripts/notebooks/reproduce.mjs";

const root = mkdtempSync(join(tmpdir(), "ld-select-"));
mkdirSync(join(root, "notebooks"));
for (const n of ["01-late-decay", "01b-claim-map", "02-landscape-pca", "06-ablations"])
  writeFileSync(join(root, "notebooks", `${n}.ipynb`), "{}");
const names = (sel: string[]) => resolveNotebooks(sel, root).map((p) => basename(p, ".ipynb"));

test("no notebook named: the paper notebooks, not the claim map", () => {
  assert.deepEqual(names([]), ["01-late-decay", "02-landscape-pca", "06-ablations"]);
  assert.match(ownBudget()["01b-claim-map"], /npm run reproduce -- 01b/);
});

test("01 selects 01-late-decay only; 01b and its full name select the claim map", () => {
  assert.deepEqual(names(["01"]), ["01-late-decay"]);
  assert.deepEqual(names(["01b"]), ["01b-claim-map"]);
  assert.deepEqual(names(["01b-claim-map", "02"]), ["01b-claim-map", "02-landscape-pca"]);
  assert.throws(() => resolveNotebooks(["01c"], root), /notebook selector "01c" matches no notebook/);
});
