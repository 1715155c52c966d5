import { test } from "node:test";
import assert from "node:assert/strict";
import {
  declaredParameters,
  injectParameters,
  injectedSource,
  parseParamArgs,
  parseParamValue,
  type NotebookJson,
} from "../../scripts/notebooks/nbparams.mjs";

function notebook(): NotebookJson {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab" } },
    cells: [
      { cell_type: "markdown", id: "a", metadata: {}, source: "# title" },
      {
        cell_type: "code",
        id: "b",
        metadata: { tags: ["parameters"] },
        source: ['let profile = "quick";\n', "let seeds = 3;\n", "const fixed = 1;"],
      },
      { cell_type: "code", id: "c", metadata: {}, source: "console.log(profile);" },
    ],
  };
}

test("parseParamValue: JSON when valid, else the raw string; broken arrays/objects are errors", () => {
  assert.equal(parseParamValue("5"), 5);
  assert.equal(parseParamValue("0.5"), 0.5);
  assert.equal(parseParamValue("true"), true);
  assert.equal(parseParamValue('"smoke"'), "smoke");
  assert.equal(parseParamValue("smoke"), "smoke");
  assert.deepEqual(parseParamValue("[1,2]"), [1, 2]);
  assert.throws(() => parseParamValue("{bad"), /parameter value "\{bad" is not valid JSON/);
  assert.throws(() => parseParamValue("[0.1,"), /parameter value "\[0\.1," is not valid JSON/);
});

test("parseParamArgs splits at the first = and rejects malformed entries", () => {
  assert.deepEqual(parseParamArgs(["profile=smoke", "seeds=2", "expr=a=b"]), {
    profile: "smoke",
    seeds: 2,
    expr: "a=b",
  });
  assert.throws(() => parseParamArgs(["profile"]), /"profile" must look like key=value/);
  assert.throws(() => parseParamArgs(["2x=1"]), /"2x" is not a TypeScript identifier/);
});

test("declaredParameters finds let/var/const at line starts", () => {
  const d = declaredParameters('let profile: "a" | "b" = "a";\n  var n = 1;\nconst k = 2; let inline = 3;');
  assert.deepEqual(
    [...d.entries()],
    [
      ["profile", "let"],
      ["n", "var"],
      ["k", "const"],
    ],
  );
});

test("injectParameters puts a tagged assignment cell right after the parameters cell", () => {
  const nb = notebook();
  const out = injectParameters(nb, { profile: "smoke", seeds: 2 }, "demo");
  assert.equal(out.cells.length, 4);
  const cell = out.cells[2];
  assert.equal(cell.cell_type, "code");
  assert.deepEqual(cell.metadata?.tags, ["injected-parameters"]);
  assert.equal(cell.id, "injected-parameters");
  assert.equal(
    cell.source,
    '// Parameters injected by scripts/notebooks/reproduce.mjs\n{\n  profile = "smoke";\n  seeds = 2;\n}',
  );
  assert.equal(out.cells[3].id, "c");
  assert.deepEqual((out.metadata as { reproduce: unknown }).reproduce, { parameters: { profile: "smoke", seeds: 2 } });
  assert.equal(nb.cells.length, 3, "input notebook is not modified");
});

test("injectParameters replaces an earlier injected cell and injects nothing without overrides", () => {
  const once = injectParameters(notebook(), { seeds: 7 });
  const twice = injectParameters(once, { seeds: 8 });
  assert.equal(twice.cells.length, 4);
  assert.match(String(twice.cells[2].source), /seeds = 8;/);
  assert.equal(injectParameters(once, {}).cells.length, 3);
});

test("injectParameters errors name the notebook and the parameter", () => {
  const nb = notebook();
  assert.throws(
    () => injectParameters(nb, { sedes: 1 }, "demo"),
    /demo: parameter "sedes" is not declared in the parameters cell \(declared: profile, seeds, fixed\)/,
  );
  assert.throws(() => injectParameters(nb, { fixed: 2 }, "demo"), /demo: parameter "fixed" is declared const/);
  nb.cells[1].metadata = {};
  assert.throws(
    () => injectParameters(nb, { profile: "smoke" }, "demo"),
    /demo has no code cell tagged "parameters".*\(profile\)/,
  );
  assert.equal(injectParameters(nb, {}, "demo").cells.length, 3, "no parameters cell is fine without overrides");
});

test("injectedSource writes values as JSON literals", () => {
  assert.equal(
    injectedSource({ lrs: [0.1, 0.01], name: 'a"b', on: false }),
    '// Parameters injected by scripts/notebooks/reproduce.mjs\n{\n  lrs = [0.1,0.01];\n  name = "a\\"b";\n  on = false;\n}',
  );
});
