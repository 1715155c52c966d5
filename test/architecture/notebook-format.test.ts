/**
 * The committed notebooks are documents in the form every client expects: nbformat 4.5 with a
 * unique id on every cell (JupyterLab and nbformat ≥ 5.1 add ids on open and would mark an
 * unchanged notebook dirty, or warn, without them), the tslab kernel, exactly one cell tagged
 * `parameters` (the runner inserts overrides after it), and no outputs (the reproduce command
 * writes executed copies to out/, never back into notebooks/).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const notebooksDir = path.join(__dirname, "..", "..", "notebooks");

interface Cell {
  cell_type: string;
  id?: string;
  metadata: { tags?: string[] };
  outputs?: unknown[];
  execution_count?: number | null;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string } };
  cells: Cell[];
}

/** nbformat's cell-id rule (nbformat 4.5 schema): 1–64 characters of letters, digits, '-' and '_'. */
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** Every problem of one notebook, as readable lines ("" when it is in form). */
export function notebookFormatProblems(name: string, nb: Notebook): string[] {
  const problems: string[] = [];
  if (nb.nbformat !== 4 || nb.nbformat_minor < 5)
    problems.push(`${name}: nbformat ${nb.nbformat}.${nb.nbformat_minor}, expected 4.5 or later (cell ids)`);
  if (nb.metadata.kernelspec?.name !== "tslab")
    problems.push(`${name}: kernel "${nb.metadata.kernelspec?.name}", expected "tslab"`);
  const seen = new Set<string>();
  nb.cells.forEach((c, i) => {
    if (c.id === undefined) problems.push(`${name} cell[${i}]: no id`);
    else if (!CELL_ID.test(c.id)) problems.push(`${name} cell[${i}]: id "${c.id}" is not a valid nbformat cell id`);
    else if (seen.has(c.id)) problems.push(`${name} cell[${i}]: id "${c.id}" repeats an earlier cell's`);
    else seen.add(c.id);
    if (c.cell_type === "code" && (c.outputs?.length ?? 0) > 0)
      problems.push(`${name} cell[${i}]: committed with ${c.outputs!.length} output(s)`);
    if (c.cell_type === "code" && c.execution_count != null)
      problems.push(`${name} cell[${i}]: committed with execution_count ${c.execution_count}`);
  });
  const tagged = nb.cells
    .map((c, i) => ((c.metadata.tags ?? []).includes("parameters") ? i : -1))
    .filter((i) => i >= 0);
  if (tagged.length !== 1)
    problems.push(
      `${name}: ${tagged.length} cells tagged "parameters" (${tagged.join(", ") || "none"}), expected exactly 1`,
    );
  return problems;
}

test("every committed notebook is nbformat 4.5 with unique cell ids, the tslab kernel, one parameters cell and no outputs", () => {
  const names = fs
    .readdirSync(notebooksDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
  assert.ok(names.length >= 7, `expected the seven notebooks, found ${names.join(", ")}`);
  const problems = names.flatMap((name) =>
    notebookFormatProblems(name, JSON.parse(fs.readFileSync(path.join(notebooksDir, name), "utf8")) as Notebook),
  );
  assert.deepEqual(problems, []);
});

test("the format check names each kind of problem it is there to catch", () => {
  const good: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab" } },
    cells: [
      { cell_type: "markdown", id: "intro", metadata: {} },
      { cell_type: "code", id: "params", metadata: { tags: ["parameters"] }, outputs: [], execution_count: null },
    ],
  };
  assert.deepEqual(notebookFormatProblems("good", good), []);
  const bad: Notebook = {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { name: "python3" } },
    cells: [
      { cell_type: "markdown", metadata: {} },
      { cell_type: "code", id: "a", metadata: {}, outputs: [{}], execution_count: 3 },
      { cell_type: "code", id: "a", metadata: {}, outputs: [], execution_count: null },
      { cell_type: "code", id: "no spaces", metadata: {}, outputs: [], execution_count: null },
    ],
  };
  assert.deepEqual(notebookFormatProblems("bad", bad), [
    "bad: nbformat 4.4, expected 4.5 or later (cell ids)",
    'bad: kernel "python3", expected "tslab"',
    "bad cell[0]: no id",
    "bad cell[1]: committed with 1 output(s)",
    "bad cell[1]: committed with execution_count 3",
    'bad cell[2]: id "a" repeats an earlier cell\'s',
    'bad cell[3]: id "no spaces" is not a valid nbformat cell id',
    'bad: 0 cells tagged "parameters" (none), expected exactly 1',
  ]);
});
