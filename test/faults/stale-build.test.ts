// Fault injection (issue 21): editing src/ without rebuilding must not store the old compiled
// code's results under the edited code's version. From dist/, a version is given only while every
// module it covers still has the sources the build compiled (comments aside) and the compiled file
// the build wrote; otherwise it refuses, saying to run `npm run build` and restart the kernel.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import {
  codeVersion,
  writeCodeVersionTable,
  checkSameBuild,
  loadedBuildFingerprint,
  SRC_ROOT,
  DIST_ROOT,
  LOADED_FROM,
} from "../../src/store/code-version";
import { REPO_ROOT } from "../../src/store/paths";
import { LATE_DECAY_CODE_VERSION } from "../../src/experiments/late-decay/units";
import { ConfigError } from "../../src/core/errors";

const UNITS = "experiments/late-decay/units";
const GRADS = "kernels/mlp-grads";
const SED_FROM = "let dz = tf.div(residual, x.shape[0])",
  SED_TO = "let dz = tf.div(residual, 0.5 * x.shape[0])";
const REFUSAL =
  /^code version: src\/kernels\/mlp-grads\.ts changed since the last build, .*run `npm run build` \(in a notebook, then restart the kernel/;

let work: string;
before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-stale-build-"));
  assert.ok(fs.existsSync(path.join(DIST_ROOT, `${GRADS}.js`)), "dist/ is built (npm run build)");
});

/** A consistent build in a temporary folder: copies of src/ and dist/, and the table written from them. */
function build(name: string): { srcRoot: string; distRoot: string; tableFile: string } {
  const root = path.join(work, name),
    srcRoot = path.join(root, "src"),
    distRoot = path.join(root, "dist");
  fs.cpSync(SRC_ROOT, srcRoot, { recursive: true });
  fs.cpSync(DIST_ROOT, distRoot, { recursive: true });
  const tableFile = path.join(distRoot, "code-versions.json");
  writeCodeVersionTable(srcRoot, tableFile, distRoot);
  return { srcRoot, distRoot, tableFile };
}
/**
 * Options reading `b`'s table through a new file name: a version is computed once per process and
 * options (the code a process loaded keeps its version), so each question after an edit is a fresh "process".
 */
let asked = 0;
function dist(b: { srcRoot: string; distRoot: string; tableFile: string }) {
  const tableFile = b.tableFile.replace(/\.json$/, `-${++asked}.json`);
  fs.copyFileSync(b.tableFile, tableFile);
  return { srcRoot: b.srcRoot, distRoot: b.distRoot, tableFile, loaded: "dist" as const };
}
function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${file} holds ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

test("this process runs src/ through tsx: versions come from the sources", () => {
  assert.equal(LOADED_FROM, "src");
  assert.equal(loadedBuildFingerprint(), null);
});

test("from dist/: the version of an up-to-date build equals the sources' version; the issue's edit of src/ without a rebuild is refused, naming the file, `npm run build` and the kernel restart", () => {
  const b = build("issue-edit");
  const fromDist = codeVersion(UNITS, dist(b));
  assert.equal(fromDist, LATE_DECAY_CODE_VERSION, "the same code has the same version under tsx and from dist/");
  edit(path.join(b.srcRoot, `${GRADS}.ts`), SED_FROM, SED_TO);
  assert.throws(
    () => codeVersion(UNITS, dist(b)),
    (e: Error) => e instanceof ConfigError && REFUSAL.test(e.message),
  );
  // once rebuilt (the table rewritten from the edited sources), the version is the edited code's
  writeCodeVersionTable(b.srcRoot, b.tableFile, b.distRoot);
  const rebuilt = codeVersion(UNITS, dist(b));
  assert.notEqual(rebuilt, fromDist);
  assert.equal(
    rebuilt,
    codeVersion(UNITS, { srcRoot: b.srcRoot, tableFile: path.join(work, "none.json"), loaded: "src" }),
  );
});

test("from dist/: a comment-only edit of src/ without a rebuild keeps the version", () => {
  const b = build("comment-edit");
  const before = codeVersion(UNITS, dist(b));
  const file = path.join(b.srcRoot, `${GRADS}.ts`);
  fs.writeFileSync(file, `// a note added after the build\n${fs.readFileSync(file, "utf8")}\n/* and another */\n`);
  assert.equal(codeVersion(UNITS, dist(b)), before);
});

test("from dist/: a compiled file that differs from the build's table is refused; a comment in it is not", () => {
  const b = build("dist-edit");
  const before = codeVersion(UNITS, dist(b));
  const js = path.join(b.distRoot, `${GRADS}.js`);
  fs.appendFileSync(js, "\n// a comment\n");
  assert.equal(codeVersion(UNITS, dist(b)), before);
  edit(js, "residual, x.shape[0]", "residual, 0.5 * x.shape[0]");
  assert.throws(
    () => codeVersion(UNITS, dist(b)),
    (e: Error) =>
      e instanceof ConfigError &&
      /dist\/kernels\/mlp-grads\.js differs from what the build recorded.*npm run build/.test(e.message),
  );
});

test("from dist/: no table (dist/ not built by npm run build) is refused", () => {
  const b = build("no-table");
  fs.rmSync(b.tableFile);
  assert.throws(
    () => codeVersion(UNITS, { ...b, loaded: "dist" }),
    /code-versions\.json is missing or unreadable.*npm run build/,
  );
});

test("a worker thread that loaded another build than its parent refuses to compute", () => {
  const b = build("fingerprint");
  const read = () => JSON.parse(fs.readFileSync(b.tableFile, "utf8"));
  const parent = loadedBuildFingerprint(read());
  assert.match(String(parent), /^[0-9a-f]{64}$/);
  assert.doesNotThrow(() => checkSameBuild(parent, loadedBuildFingerprint(read())));
  edit(path.join(b.srcRoot, `${GRADS}.ts`), SED_FROM, SED_TO);
  writeCodeVersionTable(b.srcRoot, b.tableFile, b.distRoot);
  assert.throws(
    () => checkSameBuild(parent, loadedBuildFingerprint(read())),
    (e: Error) =>
      e instanceof ConfigError && /rebuilt after this process loaded it.*restart the kernel/.test(e.message),
  );
});

test("end to end: require('./dist') of a checkout whose src/ was edited after the build refuses, naming the file; unedited it loads", () => {
  const b = build("checkout");
  const root = path.dirname(b.srcRoot);
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"));
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(root, "package.json"));
  const load = () =>
    spawnSync(
      process.execPath,
      ["-e", 'const ld = require("./dist/toolkit"); console.log(ld.codeVersion("experiments/late-decay/units"))'],
      { cwd: root, encoding: "utf8", env: { ...process.env, LATE_DECAY_DATA_DIR: path.join(work, "data") } },
    );
  const ok = load();
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), LATE_DECAY_CODE_VERSION);
  edit(path.join(b.srcRoot, `${GRADS}.ts`), SED_FROM, SED_TO);
  const stale = load();
  assert.notEqual(stale.status, 0);
  assert.match(
    stale.stderr,
    /ConfigError: code version: src\/kernels\/mlp-grads\.ts changed since the last build, .*run `npm run build` \(in a notebook, then restart the kernel/,
  );
  assert.ok(!fs.existsSync(path.join(work, "data", "cache")), "nothing stored");
});
