#!/usr/bin/env node
// `npm test`: bootstraps (scripts/start/bootstrap.mjs: npm install / build / Jupyter kernelspec, each
// skipped when done), checks the formatting (Prettier, .prettierrc.json), type-checks src/ and test/, then runs every test/**/*.test.ts
// with Node's test runner (TypeScript loaded through tsx).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT as root } from "../lib/paths.mjs";
import { bootstrap } from "./bootstrap.mjs";

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const filter = process.argv.slice(2);
let files = findTests(join(root, "test"));
if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
try {
  await bootstrap({ quiet: false });
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
// the formatting (.prettierrc.json): `npx prettier --write .` applies it
const format = spawnSync(process.execPath, [join(root, "node_modules/prettier/bin/prettier.cjs"), "--check", "."], {
  cwd: root,
  stdio: "inherit",
});
if (format.status !== 0) {
  console.error("formatting differs from Prettier's (the files above): run `npx prettier --write .`");
  process.exit(format.status ?? 1);
}
run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.test.json"]);
run(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...files]);
