// Fault injection: kill -9 of a process in the middle of a path, then a rerun → the path resumes
// from its last in-progress snapshot and the cache entry is byte-identical to an uninterrupted run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheFiles } from "../helpers";

const CHILD = path.join(__dirname, "fixtures", "resumable-path.ts");
const EPOCHS = 24;
const run = (dataDir: string) =>
  spawnSync(process.execPath, ["--import", "tsx", CHILD, dataDir, String(EPOCHS), "0"], { encoding: "utf8" });

/** Starts the child and SIGKILLs it once it printed "epoch <killAfter>". @returns its output */
function runAndKill(dataDir: string, killAfter: number): Promise<{ out: string; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, dataDir, String(EPOCHS), "150"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes(`epoch ${killAfter}\n`)) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("close", (_code, signal) => resolve({ out, signal }));
  });
}

test("kill -9 mid-path, rerun → resumes from its snapshot; the entry equals an uninterrupted run byte for byte", async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-resume-"));
  const straight = path.join(work, "straight"),
    killed = path.join(work, "killed");
  const ref = run(straight);
  assert.equal(ref.status, 0, ref.stderr);
  assert.match(ref.stdout, /start \{"epoch":0,"step":0,"checkpoints":0,"resumed":false\}/);

  const first = await runAndKill(killed, 7);
  assert.equal(first.signal, "SIGKILL");
  assert.ok(!first.out.includes(`epoch ${EPOCHS}\n`), "killed before the end of the path");
  const partial = fs.readdirSync(path.join(killed, "cache", "fault-resume")).filter((n) => n.endsWith(".partial"));
  assert.equal(partial.length, 1, "the resumable folder survives the kill");

  const second = run(killed);
  assert.equal(second.status, 0, second.stderr);
  const start = JSON.parse(/start (\{.*\})/.exec(second.stdout)![1]);
  assert.equal(start.resumed, true, second.stdout);
  assert.ok(start.epoch >= 7 && start.epoch < EPOCHS, `resumed at epoch ${start.epoch}, not from 0`);
  assert.equal(start.step, start.epoch * 10, "10 steps per epoch (100 examples, batch 10)");
  assert.ok(!second.stdout.includes("epoch 1\n"), "epochs before the snapshot are not trained again");

  const a = cacheFiles(straight),
    b = cacheFiles(killed);
  assert.deepEqual(
    [...b.keys()].sort(),
    [...a.keys()].sort(),
    "same files (no partial folder, no lock, no snapshot left)",
  );
  for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} is byte-identical`);
  assert.ok(
    [...a.keys()].some((k) => k.endsWith("params.f32")) && [...a.keys()].some((k) => k.endsWith("history.json")),
  );
});
