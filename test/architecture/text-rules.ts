/**
 * The architecture rules that are not about the import graph (those are in
 * .dependency-cruiser.cjs): no unseeded randomness in src/, and thin notebooks. Both read code
 * through the TypeScript parser (comments and strings are not code), not by regular expressions.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/** One broken rule: the rule's name, where, and what. */
export interface TextViolation {
  rule: string;
  where: string;
  detail: string;
}

/** Most non-blank lines in a notebook code cell (the cells are 2–5 lines; the parameters cell included). */
export const MAX_CELL_LINES = 6;

/** The only module a notebook imports: the compiled public API (src/index.ts → dist/). */
export const NOTEBOOK_IMPORT = "../dist";

/** Every node of a parsed source, depth first. */
function* nodes(node: ts.Node): Generator<ts.Node> {
  yield node;
  for (const child of node.getChildren()) yield* nodes(child);
}

/** 1-based line of a node, for messages. */
function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/**
 * `Math.random` and `<anything>.util.shuffle` (tf.util.shuffle, tf.util.shuffleCombo): unseedable,
 * so a run could not be repeated. All randomness in src/ comes from core/rng.ts.
 * @param code TypeScript source; @param file its name, for messages
 */
export function unseededRandomUses(code: string, file: string): TextViolation[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true);
  const out: TextViolation[] = [];
  for (const node of nodes(sf)) {
    if (!ts.isPropertyAccessExpression(node)) continue;
    const text = node.getText(sf).replace(/\s+/g, "");
    if (text === "Math.random" || /(^|\.)util\.shuffle(Combo)?$/.test(text)) {
      out.push({ rule: "no-unseeded-random", where: `${file}:${lineOf(sf, node)}`, detail: text });
    }
  }
  return out;
}

/** Every .ts file under `dir`, sorted. */
export function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
    })
    .sort();
}

/** A code cell's source as one string (nbformat stores it as a string or a list of lines). */
function cellSource(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** A function defined in a cell: a declaration, a class or method, or a function value not passed directly to a call. */
function definedFunction(node: ts.Node): string | null {
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node)) return "declaration";
  if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) return "method";
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return null;
  if (ts.isFunctionExpression(node) || ts.isBlock(node.body)) return "function with a body";
  return ts.isCallExpression(node.parent) && node.parent.arguments.includes(node) ? null : "named function value";
}

/** A string that names a file or folder: a path separator or a file extension. */
function looksLikePath(s: string): boolean {
  return /[\\/]/.test(s) || /\.(csv|json|bin|ipynb|html?|png|svg|txt|gz|js|ts)$/i.test(s);
}

/** The violations of one code cell. @param where e.g. "notebooks/01-late-decay.ipynb cell 3" */
function cellViolations(source: string, where: string): TextViolation[] {
  const out: TextViolation[] = [];
  const lines = source.split("\n").filter((l) => l.trim() !== "").length;
  if (lines > MAX_CELL_LINES)
    out.push({ rule: "notebook-cell-length", where, detail: `${lines} lines > ${MAX_CELL_LINES}` });
  const sf = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true);
  for (const node of nodes(sf)) {
    const at = `${where} line ${lineOf(sf, node)}`;
    const fn = definedFunction(node);
    if (fn)
      out.push({
        rule: "notebook-no-function-definitions",
        where: at,
        detail: `${fn}: ${node.getText(sf).slice(0, 60)}`,
      });
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const spec = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : "";
      if (spec !== NOTEBOOK_IMPORT)
        out.push({ rule: "notebook-imports-index-only", where: at, detail: `imports "${spec}"` });
      continue;
    }
    if (ts.isCallExpression(node) && node.expression.getText(sf) === "require") {
      out.push({ rule: "notebook-imports-index-only", where: at, detail: node.getText(sf) });
    }
    const isText =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node);
    const isImportSpec = node.parent && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent));
    if (isText && !isImportSpec && looksLikePath((node as ts.LiteralLikeNode).text)) {
      out.push({ rule: "notebook-no-paths", where: at, detail: node.getText(sf) });
    }
  }
  return out;
}

/**
 * Notebook rules: code cells of at most MAX_CELL_LINES non-blank lines, no function definitions
 * (inline callbacks passed to a call, like `(p) => ld.run(config, p)`, are allowed), no file
 * paths in strings, and no import but "../dist".
 * @param nb a parsed .ipynb (nbformat 4); @param name for messages
 */
export function notebookViolations(
  nb: { cells: { cell_type: string; source: string | string[] }[] },
  name: string,
): TextViolation[] {
  return nb.cells.flatMap((cell, i) =>
    cell.cell_type === "code" ? cellViolations(cellSource(cell), `${name} cell ${i}`) : [],
  );
}

/** A definition a notebook's prose may state as a number (the paper's constants, the statistics' levels, citations). */
export interface AllowedNumber {
  /** the exact text in the markdown */
  text: string;
  /** why it is a definition, not a result of the run */
  reason: string;
}

/**
 * Numbers typed into prose that a run could contradict: decimals, durations and percentages
 * ("3.8 min", "2%"), grouped thousands ("9 500", "79 510") and integers of three digits or more.
 * Integers below 100 (section numbers, d = 2, "2×") pass: they name things rather than report them.
 */
export const TYPED_NUMBER_PATTERNS: { name: string; re: RegExp }[] = [
  { name: "decimal number", re: /\d+\.\d+/g },
  { name: "duration or percentage", re: /\d+(?:\.\d+)?\s?(?:%|(?:ms|s|min|h|seconds?|minutes?|hours?)\b)/g },
  { name: "grouped thousands", re: /\d{1,3}(?:[ \u00a0\u2009\u202f,]\d{3})+\b/g },
  { name: "integer ≥ 100", re: /\b\d{3,}\b/g },
];

/**
 * Typed-in numbers in a notebook's markdown cells, after removing the allowed texts. Numbers in
 * prose go stale when a profile changes; the notebooks' readings are computed verdict tables.
 * @returns one violation per number found, naming the cell, the pattern and the text around it
 */
export function typedNumbers(
  nb: { cells: { cell_type: string; source: string | string[] }[] },
  name: string,
  allow: AllowedNumber[],
): TextViolation[] {
  const out: TextViolation[] = [];
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "markdown") return;
    let text = cellSource(cell);
    for (const a of allow) text = text.split(a.text).join(" ");
    for (const { name: rule, re } of TYPED_NUMBER_PATTERNS) {
      for (const m of text.matchAll(re)) {
        out.push({
          rule: "notebook-no-typed-numbers",
          where: `${name} cell ${i}`,
          detail: `${rule} "${m[0]}" in "…${text.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + m[0].length + 10)}…"`,
        });
      }
    }
  });
  return out;
}

/** Methods that read a string's contents: calling one on a unit id parses the id as data. */
const STRING_PARSERS = new Set([
  "startsWith",
  "endsWith",
  "slice",
  "substring",
  "substr",
  "split",
  "match",
  "replace",
  "indexOf",
  "includes",
  "at",
]);

/**
 * Unit ids parsed back as data (issue 22): a string method called on `<x>.id`, `<x>Id` or `id`
 * (e.g. `u.id.startsWith("row/")`, `unitId.split(":")`), or `.slice("<literal>".length)`. A unit's
 * family, payload and `dependsOn` roles carry what its id only names.
 * @param code TypeScript source; @param file its name, for messages
 */
export function parsedIdUses(code: string, file: string): TextViolation[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true);
  const out: TextViolation[] = [];
  for (const node of nodes(sf)) {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) continue;
    const method = node.expression.name.text;
    if (!STRING_PARSERS.has(method)) continue;
    const target = node.expression.expression;
    const name = ts.isPropertyAccessExpression(target) ? target.name.text : ts.isIdentifier(target) ? target.text : "";
    const onId = name === "id" || /[a-z]Id$/.test(name);
    const literalLength =
      method === "slice" &&
      node.arguments.length > 0 &&
      ts.isPropertyAccessExpression(node.arguments[0]) &&
      node.arguments[0].name.text === "length" &&
      ts.isStringLiteral(node.arguments[0].expression);
    if (onId || literalLength)
      out.push({
        rule: "no-parsed-unit-ids",
        where: `${file}:${lineOf(sf, node)}`,
        detail: node.getText(sf).slice(0, 80),
      });
  }
  return out;
}

/** A notebook id as scripts write it: "01", "01b", "06". */
const NOTEBOOK_ID = /^\d\d[a-z]?$/;

/**
 * Per-notebook ladders outside the notebook registry (src/notebooks.ts): a comparison with a
 * notebook id (`notebook === "01"`, `case "04":`). What a notebook runs is the registry's.
 * @param code TypeScript source; @param file its name, for messages
 */
export function notebookLadders(code: string, file: string): TextViolation[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true);
  const out: TextViolation[] = [];
  const isId = (n: ts.Node) =>
    (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && NOTEBOOK_ID.test(n.text);
  for (const node of nodes(sf)) {
    const eq =
      ts.isBinaryExpression(node) &&
      [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
      ].includes(node.operatorToken.kind) &&
      (isId(node.left) || isId(node.right));
    const caseOf = ts.isCaseClause(node) && isId(node.expression);
    if (eq || caseOf)
      out.push({
        rule: "notebook-ids-in-registry",
        where: `${file}:${lineOf(sf, node)}`,
        detail: node.getText(sf).slice(0, 80),
      });
  }
  return out;
}

/** Exported `const x: UnitFamily<…>` declarations of a source: their names. */
export function exportedUnitFamilies(code: string, file: string): string[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of st.declarationList.declarations) {
      if (d.type && /^UnitFamily\b/.test(d.type.getText(sf)) && ts.isIdentifier(d.name)) out.push(d.name.text);
    }
  }
  return out;
}

/**
 * Families a worker thread could not find: every exported UnitFamily of src/experiments must be a
 * value of the static registry (src/experiments/families.ts `UNIT_FAMILIES`).
 * @param families name → source of every .ts file under src/experiments; @param registry families.ts source
 */
export function unregisteredFamilies(families: Record<string, string>, registry: string): TextViolation[] {
  const sf = ts.createSourceFile("families.ts", registry, ts.ScriptTarget.ES2022, true);
  const listed = new Set<string>();
  for (const node of nodes(sf)) {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.initializer)) listed.add(node.initializer.text);
    if (ts.isShorthandPropertyAssignment(node)) listed.add(node.name.text);
  }
  return Object.entries(families).flatMap(([file, code]) =>
    exportedUnitFamilies(code, file)
      .filter((name) => !listed.has(name))
      .map((name) => ({
        rule: "families-registered",
        where: file,
        detail: `${name} is not in UNIT_FAMILIES of src/experiments/families.ts`,
      })),
  );
}

/** The files every experiment family folder has, each in its role (README "Experiments"): role → file name pattern. */
export const FAMILY_FILES: Record<string, { file: RegExp; role: string }> = {
  "index.ts": { file: /^index\.ts$/, role: "its public surface and its Experiment" },
  "config.ts": { file: /^config\.ts$/, role: "profiles and the config resolver" },
  "types.ts": { file: /^types\.ts$/, role: "its result and option types" },
  "run.ts": { file: /^run\.ts$/, role: "runs the units and assembles the result" },
  "verdicts.ts": {
    file: /^([a-z0-9]+-)?verdicts\.ts$/,
    role: "the paper's claims against the result (one per notebook: <notebook part>-verdicts.ts)",
  },
  "figures.ts": { file: /^figures\.ts$/, role: "figure specs and tables from the result" },
};

/**
 * Family folders (src/experiments/<family>/, not kit/) missing a file of {@link FAMILY_FILES}.
 * @param folders family name → file names in its folder
 */
export function familyShapeViolations(folders: Record<string, string[]>): TextViolation[] {
  return Object.entries(folders).flatMap(([family, files]) =>
    Object.entries(FAMILY_FILES)
      .filter(([, r]) => !files.some((f) => r.file.test(f)))
      .map(([name, r]) => ({
        rule: "family-shape",
        where: `src/experiments/${family}/`,
        detail: `no ${name} (${r.role})`,
      })),
  );
}
