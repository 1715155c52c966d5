/**
 * Code versions derived from the code: the version of a module is a hash of its own code and that
 * of every local module it imports, transitively. A change to the numbers' code (a numeric line of
 * the SGD step, a kernel, a loss) changes the version of every module that reaches it, so cache
 * entries keyed on it miss; a change to comments or whitespace does not: each file is parsed by
 * TypeScript and printed back without comments in TypeScript's own layout, and that text is hashed.
 * (Printing the parsed source is 3–5× faster than transpileModule and keeps type annotations: a
 * change of a type also changes the version, which errs on the safe side.)
 *
 * The version must describe the code that runs. Under tsx (tests, scripts) that is src/ itself.
 * From dist/ (notebooks, `node -e 'require("./dist")'`, worker threads) it is the compiled code:
 * `npm run build` writes dist/code-versions.json — per module the SHA-256 of its source, of its
 * comment-free code (the version's input), its local imports, and the SHA-256 of the compiled
 * dist/<id>.js it produced — and a process reads that table once, when this module loads (with the
 * rest of dist/). A version asked of dist/ is then given only if every module it covers still has
 * the sources the build compiled (comment-only edits allowed) and its compiled file is still the
 * one the build wrote; otherwise it refuses with a ConfigError saying to run `npm run build` (and,
 * in a notebook, to restart the kernel so that the new build is loaded). So results of a stale
 * build are never stored, nor served, under the edited code's version; and the same code has the
 * same version under tsx and from dist/, so shards and notebooks share one cache.
 *
 * Module ids are paths under src/ without extension, e.g. "train/path". Imports of packages
 * (tfjs, danfo) are not followed: their versions are pinned by package-lock.json. A file reached
 * only by path at run time (a worker entry) is not an import: key on that file's own id too.
 * A process computes a module's version once and keeps it: the version describes the code this
 * process loaded, even if the files change while it runs (worker threads started later check
 * that they load the same build: {@link checkSameBuild}).
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
  /** SHA-256 of the compiled dist/<id>.js the build wrote (absent in tables of a source tree only) */
  dist?: string;
  /** SHA-256 of that compiled code printed without comments */
  distCode?: string;
}

/** What dist/code-versions.json holds. */
export interface CodeVersionTable {
  format: 1;
  files: Record<string, ModuleRecord>;
}

/** The source folder ids are relative to (src/ of this checkout). */
export const SRC_ROOT = path.join(REPO_ROOT, "src");
/** The compiled code's folder (dist/ of this checkout). */
export const DIST_ROOT = path.join(REPO_ROOT, "dist");
/** Where the build writes the table. */
export const CODE_VERSION_TABLE = path.join(DIST_ROOT, "code-versions.json");
/** What this process runs: the compiled dist/ (this file is .js) or src/ through tsx (.ts). */
export const LOADED_FROM: "src" | "dist" = __filename.endsWith(".ts") ? "src" : "dist";

const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

/** The file of a module id under `srcRoot`, or null when none exists (.ts, /index.ts, or a .json file). */
function fileOf(srcRoot: string, id: string): string | null {
  const base = path.join(srcRoot, id);
  for (const f of id.endsWith(".json") ? [base] : [`${base}.ts`, path.join(base, "index.ts")])
    if (fs.existsSync(f)) return f;
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
    if (!found)
      throw new ConfigError(
        `code version: ${path.relative(srcRoot, file)} imports ${JSON.stringify(ref.fileName)}, which is not under ${srcRoot}`,
      );
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
    throw new ConfigError(
      `code version: ${why}, and the typescript package (a dev dependency) is not installed: run npm install && npm run build`,
    );
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

/** SHA-256 of compiled JavaScript printed without comments (a comment edit rebuilt keeps it). */
function compiledCodeHash(file: string, text: string): string {
  const ts = loadTypescript(`${file} differs from the build`);
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  return sha256(ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed }).printFile(tree));
}

/**
 * Every .ts file under `srcRoot` as id → record (what the build writes); with `distRoot`, each
 * record whose compiled file `<distRoot>/<id>.js` exists also gets that file's hashes.
 */
export function codeVersionTable(srcRoot = SRC_ROOT, distRoot?: string): CodeVersionTable {
  const files: Record<string, ModuleRecord> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) {
        const id = path.relative(srcRoot, p).split(path.sep).join("/").replace(/\.ts$/, "");
        const rec = recordOf(srcRoot, p);
        const compiled = distRoot ? path.join(distRoot, `${id}.js`) : null;
        if (compiled && fs.existsSync(compiled)) {
          const js = fs.readFileSync(compiled, "utf8");
          rec.dist = sha256(js);
          rec.distCode = compiledCodeHash(compiled, js);
        }
        files[id] = rec;
      }
    }
  };
  walk(srcRoot);
  return { format: 1, files };
}

/**
 * Writes the table of `srcRoot` and its compiled files in `distRoot` to `file` (run by `npm run
 * build`, after tsc). @returns the number of modules
 */
export function writeCodeVersionTable(
  srcRoot = SRC_ROOT,
  file = CODE_VERSION_TABLE,
  distRoot = path.dirname(file),
): number {
  const table = codeVersionTable(srcRoot, distRoot);
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

/** The table of the build this process loaded (read once, when this module loads from dist/). */
const LOADED_TABLE = LOADED_FROM === "dist" ? readTable(CODE_VERSION_TABLE) : null;

/** Options of {@link codeVersion} (defaults: this checkout's src/, dist/ and the table this process loaded). */
export interface CodeVersionOptions {
  srcRoot?: string;
  /** the build's table (default: dist/code-versions.json as read when this module loaded) */
  tableFile?: string;
  /** the compiled code's folder (default: the table's folder) */
  distRoot?: string;
  /** what runs: "src" (tsx) or "dist" (compiled; checked against the table); default {@link LOADED_FROM} */
  loaded?: "src" | "dist";
}

/** The error that refuses a version of stale compiled code. */
function staleBuild(what: string): ConfigError {
  return new ConfigError(
    `code version: ${what}, so the code that runs (dist/) is not the code of the sources and its results would be stored as theirs: ` +
      "run `npm run build` (in a notebook, then restart the kernel so that it loads the new build)",
  );
}

/**
 * Under tsx: the module and every local module it imports, transitively, from src/: id → hash of
 * its comment-free code (the table serves as a cache of records whose source is unchanged).
 * @throws ConfigError when a module does not exist under srcRoot
 */
function sourceClosure(moduleId: string, srcRoot: string, table: CodeVersionTable | null): Map<string, string> {
  const closure = new Map<string, string>();
  const visit = (id: string, from?: string) => {
    if (closure.has(id)) return;
    const file = fileOf(srcRoot, id);
    if (!file)
      throw new ConfigError(
        `code version: no module ${JSON.stringify(id)} under ${srcRoot}${from ? ` (imported by ${from})` : ""}`,
      );
    const text = fs.readFileSync(file, "utf8");
    const recorded = table?.files[id];
    const rec = recorded && recorded.source === sha256(text) ? recorded : recordOf(srcRoot, file, text);
    closure.set(id, rec.js);
    for (const dep of rec.imports) visit(dep, id);
  };
  visit(moduleId);
  return closure;
}

/**
 * From dist/: the module and its transitive local imports as the build recorded them, after
 * checking that each still has the sources the build compiled (up to comments) and the compiled
 * file it wrote. Where src/ is absent altogether (dist/ shipped alone) only the compiled files are checked.
 * @throws ConfigError (run `npm run build`, restart the kernel) when the table is missing, a source
 *   changed, was added to the closure or removed since the build, or a compiled file differs
 */
function compiledClosure(
  moduleId: string,
  srcRoot: string,
  distRoot: string,
  table: CodeVersionTable | null,
  tableFile: string,
): Map<string, string> {
  if (!table) throw staleBuild(`${tableFile} is missing or unreadable (dist/ was not built by \`npm run build\`)`);
  const checkSources = fs.existsSync(srcRoot);
  const closure = new Map<string, string>();
  const visit = (id: string, from?: string) => {
    if (closure.has(id)) return;
    const rec = table.files[id];
    const srcFile = fileOf(srcRoot, id);
    if (id.endsWith(".json")) {
      // copied by tsc: the compiled copy must be the source
      const compiled = path.join(distRoot, id);
      if (!fs.existsSync(compiled)) throw staleBuild(`dist/${id} (imported by ${from}) is missing`);
      const bytes = fs.readFileSync(compiled, "utf8");
      if (checkSources && (!srcFile || fs.readFileSync(srcFile, "utf8") !== bytes))
        throw staleBuild(`src/${id} changed since the last build`);
      closure.set(id, sha256(bytes));
      return;
    }
    if (!rec)
      throw staleBuild(
        `module ${JSON.stringify(id)}${from ? ` (imported by ${from})` : ""} is not in the build's table ${tableFile}`,
      );
    if (checkSources) {
      if (!srcFile) throw staleBuild(`src/${id}.ts was removed since the last build`);
      const text = fs.readFileSync(srcFile, "utf8");
      if (sha256(text) !== rec.source && recordOf(srcRoot, srcFile, text).js !== rec.js)
        throw staleBuild(`src/${id}.ts changed since the last build`);
    }
    if (rec.dist !== undefined) {
      const compiled = path.join(distRoot, `${id}.js`);
      if (!fs.existsSync(compiled)) throw staleBuild(`dist/${id}.js is missing`);
      const js = fs.readFileSync(compiled, "utf8");
      if (sha256(js) !== rec.dist && compiledCodeHash(compiled, js) !== rec.distCode) {
        throw staleBuild(
          `dist/${id}.js differs from what the build recorded (rebuilt after this process loaded it, or edited by hand)`,
        );
      }
    }
    closure.set(id, rec.js);
    for (const dep of rec.imports) visit(dep, id);
  };
  visit(moduleId);
  return closure;
}

function closureOf(moduleId: string, opts: CodeVersionOptions): Map<string, string> {
  const srcRoot = opts.srcRoot ?? SRC_ROOT,
    tableFile = opts.tableFile ?? CODE_VERSION_TABLE;
  const id = moduleId.replace(/\.ts$/, "");
  if ((opts.loaded ?? LOADED_FROM) === "src") return sourceClosure(id, srcRoot, readTable(tableFile));
  const table = opts.tableFile === undefined ? LOADED_TABLE : readTable(tableFile);
  return compiledClosure(id, srcRoot, opts.distRoot ?? path.dirname(tableFile), table, tableFile);
}

const versions = new Map<string, string>();

/**
 * The code version of module `moduleId` ("train/path", "experiments/late-decay-tasks"): "code-"
 * and 16 hex digits of the SHA-256 over (id, comment-free code hash) of the module and every local
 * module it imports, transitively. The same code has the same version under tsx and from dist/.
 * Computed once per process and module.
 * @throws ConfigError when the module does not exist under srcRoot; from dist/, when the build is
 *         stale (a source changed since `npm run build`, or a compiled file differs from the build's
 *         table): the message says to run `npm run build` and, in a notebook, to restart the kernel;
 *         when a file changed since the build and TypeScript is not installed
 */
export function codeVersion(moduleId: string, opts: CodeVersionOptions = {}): string {
  const memoKey = JSON.stringify([
    opts.srcRoot ?? SRC_ROOT,
    opts.tableFile ?? null,
    opts.distRoot ?? null,
    opts.loaded ?? LOADED_FROM,
    moduleId,
  ]);
  let version = versions.get(memoKey);
  if (version === undefined) {
    const closure = closureOf(moduleId, opts);
    const ids = [...closure.keys()].sort();
    version = `code-${sha256(stableJson(ids.map((id) => [id, closure.get(id)]))).slice(0, 16)}`;
    versions.set(memoKey, version);
  }
  return version;
}

/** The local modules `moduleId` depends on, itself included, sorted (what its version covers). */
export function codeVersionModules(moduleId: string, opts: CodeVersionOptions = {}): string[] {
  return [...closureOf(moduleId, opts).keys()].sort();
}

/**
 * A fingerprint of the build this process loaded (hash of every module's comment-free code in the
 * table read at load), or null under tsx or without a table. Worker threads compare theirs with
 * their parent's ({@link checkSameBuild}).
 */
export function loadedBuildFingerprint(table: CodeVersionTable | null = LOADED_TABLE): string | null {
  if (!table) return null;
  return sha256(stableJson(Object.fromEntries(Object.entries(table.files).map(([id, r]) => [id, r.js]))));
}

/**
 * Refuses to compute in a process (a worker thread) that loaded another build than its parent:
 * `npm run build` ran after the parent loaded dist/, so the thread's code is not the code the
 * parent's versions describe.
 * @param parent the parent's {@link loadedBuildFingerprint}
 * @param own this process's (default: the build it loaded)
 * @throws ConfigError saying to restart the kernel (or the process) when they differ
 */
export function checkSameBuild(parent: string | null, own: string | null = loadedBuildFingerprint()): void {
  if (parent === own) return;
  throw new ConfigError(
    "code version: dist/ was rebuilt after this process loaded it, so a worker thread would run other code than the code its " +
      "results are keyed on: restart the kernel (or the process) to load the new build",
  );
}
