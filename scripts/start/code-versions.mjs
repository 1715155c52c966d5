#!/usr/bin/env node
// Part of `npm run build` (after tsc): writes dist/code-versions.json, the per-file hashes and local
// imports from which src/store/code-version.ts derives each module's code version.
import { createRequire } from "node:module";
import { join } from "node:path";
import { REPO_ROOT as root } from "../lib/paths.mjs";

const { writeCodeVersionTable, CODE_VERSION_TABLE } = createRequire(import.meta.url)(
  join(root, "dist/store/code-version.js"),
);
const started = Date.now();
const n = writeCodeVersionTable();
console.error(`[build] ${CODE_VERSION_TABLE}: ${n} modules in ${((Date.now() - started) / 1000).toFixed(1)} s`);
