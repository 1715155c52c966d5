/** Shared test helpers: backend set-up and numeric comparisons. */
import assert from "node:assert/strict";
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

export { tf };
