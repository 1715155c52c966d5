/** Shared test helpers: backend set-up and numeric comparisons. */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { tf } from "../src/env/tf";
import { initBackend } from "../src/env/backend";

/** Initializes the backend the library would pick (wasm here) once. */
export async function setupBackend(): Promise<string> {
  return (await initBackend()).backend;
}

/** Asserts |a − b| ≤ tol elementwise, naming the index. */
export function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what = "value"): void {
  assert.equal(a.length, b.length, `${what}: lengths ${a.length} vs ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]} (tol ${tol})`);
  }
}

/**
 * Every file under <dataDir>/cache by relative path, for comparing two caches byte for byte;
 * manifests are reduced to their file lists (they also hold creation times and wall times).
 */
export function cacheFiles(dataDir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const rel of fs.readdirSync(path.join(dataDir, "cache"), { recursive: true }) as string[]) {
    const p = path.join(dataDir, "cache", rel);
    if (!fs.statSync(p).isFile()) continue;
    out.set(
      rel,
      rel.endsWith("manifest.json")
        ? Buffer.from(JSON.stringify(JSON.parse(fs.readFileSync(p, "utf8")).files))
        : fs.readFileSync(p),
    );
  }
  return out;
}

export { tf };
