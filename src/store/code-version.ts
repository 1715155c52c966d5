/**
 * Code versions derived from the code: the version of a module is a hash of its own compiled
 * JavaScript and that of every local module it imports, transitively. A change to the numbers'
 * code (a numeric line of the SGD step, a kernel, a loss) changes the version of every module
 * that reaches it, so cache entries keyed on it miss; a change to comments or whitespace does not:
 * each file is parsed by TypeScript and printed back without comments in TypeScript's own layout,
 * and that text is hashed. (Printing the parsed source is 3–5× faster than transpileModule and
 * keeps type annotations: a change of a type also changes the version, which errs on the safe side.)
 *
 * Module ids are paths under src/ without extension, e.g. "train/path". Imports of packages
 * (tfjs, danfo) are not followed: their versions are pinned by package-lock.json. A file reached
 * only by path at run time (a worker entry) is not an import: key on that file's own id too.
 *
 * `npm run build` writes dist/code-versions.json (per file: SHA-256 of the source, of its code
 * without comments, and its local imports). At run time a file whose source still has the recorded
 * hash uses the recorded values; a file edited since the build is parsed here (TypeScript is a
 * dev dependency; 10–100 ms per file). A process computes a module's version once and keeps it: the
 * version describes the code this process loaded, even if the files change while it runs.
 */
import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { REPO_ROOT } from "./paths";
import { ConfigError } from "../core/errors";
import { stableJson } from "../core/hash";

/** One source file's record. */
export interface ModuleRecord {
  /** SHA-256 of the file's text */
  source: string;
  /** SHA-256 of its code printed from the syntax tree without comments (of the text, for .json) */
  js: string;
  /** ids of the local modules it imports */
  imports: string[];
}

/** What dist/code-versions.json holds. */
export interface CodeVersionTable {
  format: 1;
  files: Record<string, ModuleRecord>;
}

/** The source folder ids are relative to (src/ of this checkout). */
export const SRC_ROOT = path.join(REPO_ROOT, "src");
/** Where the build writes the table. */
export const CODE_VERSION_TABLE = path.join(REPO_ROOT, "dist", "code-versions.json");

const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

/** The file of a module id under `srcRoot`, or null when none exists (.ts, /index.ts, or a .json file). */
function fileOf(srcRoot: string, id: string): string | null {
  const base = path.join(srcRoot, id);
  for (const f of id.endsWith(".json") ? [base] : [`${base}.ts`, path.join(base, "index.ts")]) if (fs.existsSync(f)) return f;
  return null;
}

/** Local imports of a source file as module ids (relative specifiers resolved; packages left out). */
function localImports(ts: typeof import("typescript"), srcRoot: string, file: string, text: string): string[] {
  const ids = new Set<string>();
  for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
    if (!ref.fileName.startsWith(".")) continue;
    const target = path.resolve(path.dirname(file), ref.fileName.replace(/\.(js|ts)$/, ""));
    const rel = path.relative(srcRoot, target).split(path.sep).join("/");
    const found = fileOf(srcRoot, rel);
    if (!found) throw new ConfigError(`code version: ${path.relative(srcRoot, file)} imports ${JSON.stringify(ref.fileName)}, which is not under ${srcRoot}`);
    ids.add(found.endsWith(`${path.sep}index.ts`) ? `${rel}/index` : rel);
  }
  return [...ids].sort();
}

let typescript: typeof import("typescript") | undefined;
function loadTypescript(why: string): typeof import("typescript") {
  try {
    typescript ??= require("typescript") as typeof import("typescript");
    return typescript;
  } catch {
    throw new ConfigError(`code version: ${why}, and the typescript package (a dev dependency) is not installed: run npm install && npm run build`);
  }
}

/**
 * The record of one source file, computed from its text: parsed, printed without comments and
 * hashed; its local imports listed.
 * @param file absolute path of a .ts or .json file under srcRoot
 */
export function recordOf(srcRoot: string, file: string, text = fs.readFileSync(file, "utf8")): ModuleRecord {
  if (file.endsWith(".json")) return { source: sha256(text), js: sha256(text), imports: [] };
  const ts = loadTypescript(`${path.relative(srcRoot, file)} changed since the last build`);
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const code = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed }).printFile(tree);
  return { source: sha256(text), js: sha256(code), imports: localImports(ts, srcRoot, file, text) };
}

/** Every .ts file under `srcRoot` as id → record (what the build writes). */
export function codeVersionTable(srcRoot = SRC_ROOT): CodeVersionTable {
  const files: Record<string, ModuleRecord> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files[path.relative(srcRoot, p).split(path.sep).join("/").replace(/\.ts$/, "")] = recordOf(srcRoot, p);
    }
  };
  walk(srcRoot);
  return { format: 1, files };
}

/** Writes the table of `srcRoot` to `file` (run by `npm run build`). @returns the number of modules */
export function writeCodeVersionTable(srcRoot = SRC_ROOT, file = CODE_VERSION_TABLE): number {
  const table = codeVersionTable(srcRoot);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp-${process.pid}`, JSON.stringify(table));
  fs.renameSync(`${file}.tmp-${process.pid}`, file);
  return Object.keys(table.files).length;
}

function readTable(file: string): CodeVersionTable | null {
  try {
    const t = JSON.parse(fs.readFileSync(file, "utf8")) as CodeVersionTable;
    return t.format === 1 ? t : null;
  } catch {
    return null;
  }
}

/** Options of {@link codeVersion} (defaults: this checkout's src/ and dist/code-versions.json). */
export interface CodeVersionOptions {
  srcRoot?: string;
  tableFile?: string;
}

/**
 * The module and every local module it imports, transitively: id → hash of its compiled JS.
 * @throws ConfigError when a module does not exist under srcRoot
 */
function closureOf(moduleId: string, srcRoot: string, tableFile: string): Map<string, string> {
  const table = readTable(tableFile);
  const closure = new Map<string, string>();
  const visit = (id: string, from?: string) => {
    if (closure.has(id)) return;
    const file = fileOf(srcRoot, id);
    if (!file) throw new ConfigError(`code version: no module ${JSON.stringify(id)} under ${srcRoot}${from ? ` (imported by ${from})` : ""}`);
    const text = fs.readFileSync(file, "utf8");
    const recorded = table?.files[id];
    const rec = recorded && recorded.source === sha256(text) ? recorded : recordOf(srcRoot, file, text);
    closure.set(id, rec.js);
    for (const dep of rec.imports) visit(dep, id);
  };
  visit(moduleId.replace(/\.ts$/, ""));
  return closure;
}

const versions = new Map<string, string>();

/**
 * The code version of module `moduleId` ("train/path", "experiments/late-decay-tasks"): "code-"
 * and 16 hex digits of the SHA-256 over (id, compiled-JS hash) of the module and every local
 * module it imports, transitively. Computed once per process and module.
 * @throws ConfigError when the module does not exist under srcRoot, or a file changed since the
 *         build and TypeScript is not installed
 */
export function codeVersion(moduleId: string, opts: CodeVersionOptions = {}): string {
  const srcRoot = opts.srcRoot ?? SRC_ROOT, tableFile = opts.tableFile ?? CODE_VERSION_TABLE;
  const memoKey = JSON.stringify([srcRoot, tableFile, moduleId]);
  let version = versions.get(memoKey);
  if (version === undefined) {
    const closure = closureOf(moduleId, srcRoot, tableFile);
    const ids = [...closure.keys()].sort();
    version = `code-${sha256(stableJson(ids.map((id) => [id, closure.get(id)]))).slice(0, 16)}`;
    versions.set(memoKey, version);
  }
  return version;
}

/** The local modules `moduleId` depends on, itself included, sorted (what its version covers). */
export function codeVersionModules(moduleId: string, opts: CodeVersionOptions = {}): string[] {
  return [...closureOf(moduleId, opts.srcRoot ?? SRC_ROOT, opts.tableFile ?? CODE_VERSION_TABLE).keys()].sort();
}
