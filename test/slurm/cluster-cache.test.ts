// Scale-out on a real single-node SLURM cluster: the job arrays `npm run slurm -- write` produces
// for notebooks 01 (main paths, then subpaths afterok), 02 (grid rows, afterok) and 05 (chains),
// submitted with their submit.sh at smoke size, fill a shared cache byte-identical to a serial run's,
// which the notebooks' calls then read without computing anything.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend, cacheFiles } from "../helpers";
import { startCluster, slurmUnavailable, type Cluster } from "./cluster";
import { writeJobs, submit, waitArrays, taskOutput } from "./jobs";
import * as ld from "../../src/toolkit";

const skip = slurmUnavailable();
let cluster: Cluster | undefined;
before(async () => {
  if (skip) return;
  await setupBackend();
  cluster = await startCluster();
  console.log(`# SLURM cluster started in ${cluster.startSeconds.toFixed(1)} s (${cluster.dir})`);
});
after(async () => {
  await cluster?.stop();
});

/** What notebooks 01, 02 and 05 call under the smoke profile, in the current LATE_DECAY_DATA_DIR. */
async function notebookCalls() {
  const runs01 = [];
  for (const c of ld.notebookShard("01").shard.configs("smoke", {}) as ld.LateDecayConfig[])
    runs01.push(await ld.runLateDecay(c, { workers: 1 }));
  const gridNotes: string[] = [];
  const grid = await ld.landscapeRun(ld.landscapeConfig("smoke", {}), {
    workers: 1,
    onProgress: (_d, _t, note) => note && gridNotes.push(note),
  });
  const config05 = ld.phasesConfig("smoke");
  const sweeps05 = [
    await ld.runPhaseCurves(config05, { workers: 1 }),
    await ld.runDecaySweep(config05, { workers: 1 }),
  ];
  return { runs01, grid, gridNotes, sweeps05 };
}

test(
  "01 → 02 and 05 job arrays on SLURM: merged cache = a serial run's; the notebooks' calls compute nothing",
  { skip },
  async () => {
    const env = cluster!.env;
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), "ld-slurm-shared-"));
    const serial = fs.mkdtempSync(path.join(os.tmpdir(), "ld-slurm-serial-"));
    const t0 = Date.now();
    const dir = writeJobs(env, ["01", "02", "05", "--profile", "smoke", "--shards", "2", "--data-dir", shared]);
    assert.equal(dir, path.join(shared, "slurm"));
    const ids = submit(env, dir);
    assert.deepEqual([...ids.keys()], ["01-main.sbatch", "01-subpath.sbatch", "02-grid.sbatch", "05-chains.sbatch"]);
    const states = await waitArrays(env, [...ids.values()], 600_000);
    const logs = [...ids]
      .flatMap(([f, id]) => [0, 1].map((k) => `${f} task ${k}:\n${taskOutput(dir, f, id, k)}`))
      .join("\n");
    assert.ok(
      Object.values(states).every((s) => s.startsWith("COMPLETED")),
      `every task completed: ${JSON.stringify(states)}\n${logs}`,
    );
    assert.equal(Object.keys(states).length, 8, "4 arrays × 2 tasks");
    assert.match(
      taskOutput(dir, "01-main.sbatch", ids.get("01-main.sbatch")!, 1),
      /\[shard 1\/2\] done in .*: 3 computed, 0 already cached/,
    );
    assert.match(
      taskOutput(dir, "01-subpath.sbatch", ids.get("01-subpath.sbatch")!, 0),
      /\[shard 0\/2\] done in .*: \d+ computed, 0 already cached\n/,
      "the subpaths found their main paths cached (none trained again)",
    );
    assert.match(
      taskOutput(dir, "02-grid.sbatch", ids.get("02-grid.sbatch")!, 0),
      /grid rows \[0, 2, 4\] of 5: 3 computed/,
    );
    const slurmSeconds = (Date.now() - t0) / 1000;

    process.env.LATE_DECAY_DATA_DIR = serial;
    const t1 = Date.now();
    await notebookCalls();
    const serialSeconds = (Date.now() - t1) / 1000;
    process.env.LATE_DECAY_DATA_DIR = shared;
    const got = await notebookCalls();
    delete process.env.LATE_DECAY_DATA_DIR;
    console.log(
      `# job arrays (write, submit, run) ${slurmSeconds.toFixed(1)} s; the same work serially in this process ${serialSeconds.toFixed(1)} s`,
    );
    for (const runs of got.runs01)
      assert.ok(
        runs.paths.every((p) => p.cacheHit),
        "every path of 01 and its weight-decay sweep read from the shared cache",
      );
    assert.deepEqual(
      got.gridNotes.filter((n) => n.startsWith("grid")),
      [],
      "no grid row of 02 recomputed",
    );
    for (const [i, c] of [
      ld.phaseSweepConfig(ld.phasesConfig("smoke")),
      ld.decaySweepConfig(ld.phasesConfig("smoke")),
    ].entries()) {
      assert.equal(got.sweeps05[i].chainsFromShards, c.chains.length, "every chain of 05 read from the tasks' entries");
    }
    const want = cacheFiles(serial),
      have = cacheFiles(shared);
    for (const [k, v] of want)
      assert.ok(have.get(k)?.equals(v), `${k}: the shared cache differs from the serial run's`);
    const extra = [...have.keys()].filter((k) => !want.has(k)).map((k) => k.split(path.sep)[0]);
    // a serial sweep writes one entry per chain too (the runner), so the shared cache holds exactly the serial run's files
    assert.deepEqual([...new Set(extra)], [], "no file beyond the serial run's");
  },
);
