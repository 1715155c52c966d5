/**
 * Runs dependency-cruiser's CLI (the same command as `npm run arch`) with the project's
 * .dependency-cruiser.cjs on the src/ folder of a tree, and returns its rule violations.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.join(__dirname, "..", "..");
export const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const CLI = path.join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

/** One reported violation: the rule's name, the importing module, the imported one (paths relative to the tree). */
export interface Violation {
  rule: string;
  from: string;
  to: string;
}

/**
 * Cruises `<tree>/src` (tree's tsconfig.json and package.json are used for resolution).
 * @returns violations, and the number of modules cruised (so an empty run cannot pass unnoticed)
 * @throws Error with depcruise's stderr when it fails to run or its output is not JSON
 */
export function cruise(tree: string): { violations: Violation[]; modules: number } {
  const r = spawnSync(process.execPath, [CLI, "src", "--config", CONFIG, "--output-type", "json"], {
    cwd: tree,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  let out: { summary: { totalCruised: number; violations: { rule: { name: string }; from: string; to: string }[] } };
  try {
    out = JSON.parse(r.stdout);
  } catch {
    throw new Error(`depcruise (exit ${r.status}) did not print JSON:\n${r.stderr}\n${r.stdout.slice(0, 2000)}`);
  }
  return {
    violations: out.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })),
    modules: out.summary.totalCruised,
  };
}

/**
 * A throwaway copy of the repository's src/ (plus tsconfig.json, package.json and a link to
 * node_modules) in the OS temp folder, with `files` (path relative to the copy → content) added.
 * @returns the copy's folder; the caller removes it
 */
export function plantedTree(files: Record<string, string>): string {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), "arch-plant-"));
  fs.cpSync(path.join(ROOT, "src"), path.join(tree, "src"), { recursive: true });
  for (const f of ["tsconfig.json", "package.json"]) fs.copyFileSync(path.join(ROOT, f), path.join(tree, f));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"), "dir");
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.writeFileSync(path.join(tree, file), content);
  }
  return tree;
}

/** Human-readable list, for assertion messages. */
export function show(v: Violation[]): string {
  return v.map((x) => `  ${x.rule}: ${x.from} → ${x.to}`).join("\n");
}
