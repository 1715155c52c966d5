// Fault injection: the late-decay family's main path cancelled in the middle resumes from its
// snapshot on the next run (epochs before it are not trained again), and every file of every entry
// (main path and subpaths) is byte-identical to an uninterrupted run.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend, cacheFiles } from "../helpers";
import { runLateDecay } from "../../src/experiments/late-decay/run";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import { CancelledError } from "../../src/core/errors";

const c = lateDecayConfig("smoke", { seeds: [0], decayEpochs: [2, 6] });
const MAIN = "main path seed 0";

before(async () => {
  await setupBackend();
});

/** Runs the smoke config into `dataDir` on the main thread, snapshotting every epoch; `abortAt` cancels after that main-path epoch. */
async function run(dataDir: string, abortAt?: number): Promise<{ mainEpochs: number; error?: unknown }> {
  process.env.LATE_DECAY_DATA_DIR = dataDir;
  const ac = new AbortController();
  let mainEpochs = 0;
  try {
    await runLateDecay(c, {
      workers: 1,
      signal: ac.signal,
      snapshotEverySeconds: 0,
      // epochs trained (a resumed path first reports the epochs it resumed from: "… resumed at epoch k")
      onProgress: (_d, _t, note) => {
        if (note?.startsWith(MAIN) && !note.includes(" resumed at epoch ") && ++mainEpochs === abortAt) ac.abort();
      },
    });
    return { mainEpochs };
  } catch (error) {
    return { mainEpochs, error };
  }
}

test("late-decay main path cancelled at epoch 3 of 6 → the rerun resumes at epoch 3; all entries byte-identical to an uninterrupted run", async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-ld-resume-"));
  const straight = path.join(work, "straight"),
    cancelled = path.join(work, "cancelled");
  const ref = await run(straight);
  assert.equal(ref.error, undefined);
  assert.equal(ref.mainEpochs, c.mainEpochs);

  const first = await run(cancelled, 3);
  assert.ok(first.error instanceof CancelledError, `cancelled: ${String(first.error)}`);
  const partial = fs
    .readdirSync(path.join(cancelled, "cache", "late-decay-main"))
    .filter((n) => n.endsWith(".partial"));
  assert.equal(partial.length, 1, "the main path's resumable folder is kept");

  const second = await run(cancelled);
  assert.equal(second.error, undefined);
  assert.equal(second.mainEpochs, c.mainEpochs - 3, "only epochs 4–6 of the main path are trained again");

  const a = cacheFiles(straight),
    b = cacheFiles(cancelled);
  assert.deepEqual(
    [...b.keys()].sort(),
    [...a.keys()].sort(),
    "same entries and files (no partial folder or snapshot left)",
  );
  for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} is byte-identical`);
  assert.ok([...a.keys()].some((k) => k.startsWith("late-decay-main") && k.endsWith("params.f32")));
  assert.equal([...a.keys()].filter((k) => k.startsWith("late-decay-subpath") && k.endsWith("history.json")).length, 2);
});
