// One failing task on SLURM: a diverging configuration (weight decay 1000: λ·lr = 100, so every
// weight update overshoots) fails its task with the unit named in the task's output file, leaves
// only valid entries in the shared cache, and the subpath array (afterok) never starts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend } from "../helpers";
import { startCluster, slurmUnavailable, slurmCmd, type Cluster } from "./cluster";
import { writeJobs, submit, waitArrays, taskStates, taskOutput, cacheEntries } from "./jobs";
import * as ld from "../../src/toolkit";

const skip = slurmUnavailable();
let cluster: Cluster | undefined;
before(async () => {
  if (skip) return;
  await setupBackend();
  cluster = await startCluster();
});
after(async () => {
  await cluster?.stop();
});

test(
  "a diverging task fails with the unit named in its output; the cache holds only valid entries; afterok holds the subpaths",
  { skip },
  async () => {
    const env = cluster!.env;
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), "ld-slurm-fail-"));
    const dir = writeJobs(env, [
      "01",
      "--profile",
      "smoke",
      "--shards",
      "2",
      "--data-dir",
      shared,
      "--",
      "--weight-decays",
      "1000",
    ]);
    const ids = submit(env, dir);
    const main = ids.get("01-main.sbatch")!,
      sub = ids.get("01-subpath.sbatch")!;
    const states = await waitArrays(env, [main], 300_000);
    const outs = [0, 1].map((k) => taskOutput(dir, "01-main.sbatch", main, k));
    const failed = [0, 1].filter((k) => states[`${main}_${k}`].startsWith("FAILED"));
    assert.ok(failed.length >= 1, `a task failed: ${JSON.stringify(states)}`);
    for (const k of failed) {
      assert.match(
        outs[k],
        /\[shard\] DivergenceError: main path \(seed \d\) diverged at epoch \d+, step \d+ with lr=0\.1, weight decay λ=1000: minibatch loss \S+ (is not finite|exceeds)/,
        `the failed task's output names the path: ${outs[k]}`,
      );
    }
    await new Promise((r) => setTimeout(r, 2000)); // a scheduling pass after the failure
    const held = taskStates(env, sub);
    assert.deepEqual(
      Object.values(held),
      ["PENDING DependencyNeverSatisfied", "PENDING DependencyNeverSatisfied"],
      `the subpath array waits forever: ${JSON.stringify(held)}`,
    );
    assert.ok(
      !fs.readdirSync(path.join(dir, "logs")).some((f) => f.startsWith("ld-01-subpath")),
      "no subpath task started",
    );
    slurmCmd(env, "scancel", [sub]);

    const { entries, leftovers, partials } = cacheEntries(shared);
    assert.deepEqual(leftovers, [], "no half-written entry");
    // a diverged path's resumable folder (<entry>.partial) is removed: resuming it could only diverge again
    assert.deepEqual(partials, [], "no partial folder of a diverged main path");
    for (const e of entries)
      assert.ok(ld.validEntry(path.join(shared, "cache", e)), `${e} is a complete, verified entry`);
    assert.equal(
      entries.filter((e) => e.startsWith("late-decay-main/")).length,
      3,
      "the 3 main paths of the profile's config, none of λ = 1000",
    );
    process.env.LATE_DECAY_DATA_DIR = shared;
    const runs = await ld.runLateDecay(ld.lateDecayConfig("smoke"), { workers: 1 });
    delete process.env.LATE_DECAY_DATA_DIR;
    assert.deepEqual(
      runs.paths.filter((p) => p.kind === "main").map((p) => p.cacheHit),
      [true, true, true],
      "the good config's main paths load from the shared cache",
    );
  },
);
