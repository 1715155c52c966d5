/**
 * One owner of a resumable folder at a time, also when processes ask at the same moment (CI saw two shards train
 * one main path in one `.partial` folder: the lock was created empty and written after, another process read it
 * empty in between, took it for a dead owner's and took over — then one renamed the folder away under the other).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** A process that asks for the partial folder of `dir` at wall time `at` (ms), prints 1 if it got it, holds it 1.5 s. */
function contender(dir: string, at: number): Promise<string> {
  const code = `
    const { acquirePartial } = require(${JSON.stringify(path.join(ROOT, "src/store/partial.ts"))});
    const go = () => {
      const p = acquirePartial(${JSON.stringify(dir)});
      process.stdout.write(p ? "1" : "0");
      setTimeout(() => p?.release(true), 1500);
    };
    setTimeout(go, Math.max(0, ${at} - Date.now()));`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "-e", code], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "",
      err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (c) => (c === 0 ? resolve(out) : reject(new Error(`contender exited ${c}: ${err}`))));
  });
}

test("processes asking for one resumable folder at the same moment: exactly one owns it; no lock file is left", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ld-partial-lock-"));
  try {
    for (let round = 0; round < 3; round++) {
      const dir = path.join(root, "cache", "kind", `entry${round}`);
      const at = Date.now() + 2500; // every contender has started by then
      const got = await Promise.all(Array.from({ length: 6 }, () => contender(dir, at)));
      assert.equal(got.filter((g) => g === "1").length, 1, `round ${round}: owners ${JSON.stringify(got)}`);
      assert.deepEqual(
        fs.readdirSync(path.dirname(dir)).filter((n) => n.includes(".lock")),
        [],
        "the lock and its private files are gone after release",
      );
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
