// A real SLURM time limit: notebook 01's main-path array submitted with --time=1 (SLURM's smallest
// limit; slurmctld checks limits every 30 s, so the task is stopped 60–90 s after it starts:
// SIGTERM, SIGKILL after KillWait = 5 s); the shard stops within one step with its finished paths
// cached, and submitting the same file again (with a longer --time on the command line) computes
// only the rest. The work is sized to this machine so that the limit falls mid-run: smoke-profile
// main paths (a fraction of a second each), as many weight decays as make ≈ 200 s of paths at the
// rate of a timed shard run of 30 paths.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn } from "node:child_process";
import { startCluster, slurmUnavailable, slurmCmd, type Cluster } from "./cluster";
import { writeJobs, waitArrays, taskOutput, cacheEntries } from "./jobs";
import * as ld from "../../src/toolkit";

// The SLURM mechanics are under test, not the engine: the tfjs engine's slower smoke paths keep the ≈ 200 s of work to a
// few thousand paths (on the onnx engine it took 23 000 paths and 8–18 GB of cache per run under /tmp). Set before the
// cluster starts, so the calibration run and the batch jobs (sbatch passes this environment) use it too.
process.env.LATE_DECAY_ENGINE = "tfjs";

const skip = slurmUnavailable();
let cluster: Cluster | undefined;
/** Data folders this file made: removed at the end (a run writes gigabytes). */
const made: string[] = [];
before(async () => {
  if (!skip) cluster = await startCluster();
});
after(async () => {
  await cluster?.stop();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** Seconds from slurmd's time-limit cancel of a one-task array job to the end of its batch step (slurmd.log). */
function secondsFromLimitToEnd(logFile: string, jobId: string): number {
  const log = fs.readFileSync(logFile, "utf8").split("\n");
  const at = (re: RegExp) => {
    const line = log.find((l) => re.test(l));
    assert.ok(line, `slurmd.log has ${re}`);
    return Date.parse(/^\[([\d\-T:.]+)\]/.exec(line!)![1]);
  };
  return (
    (at(new RegExp(`\\[${jobId}\\.batch\\] done with job`)) - at(new RegExp(`JOB ${jobId} ON .* DUE TO TIME LIMIT`))) /
    1000
  );
}

/** Weight decays that make ≈ `seconds` of smoke main paths (3 seeds each), from the rate of a shard run of 30 paths. */
async function weightDecaysFor(seconds: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-slurm-calib-"));
  made.push(dir);
  const p = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/cluster/shard.ts",
      "01",
      "--profile",
      "smoke",
      "--only",
      "main",
      "--shard",
      "0/1",
      "--data-dir",
      dir,
      "--weight-decays",
      Array.from({ length: 9 }, (_, i) => `${i + 1}e-7`).join(","),
    ],
    { cwd: path.resolve(__dirname, "../.."), stdio: ["ignore", "ignore", "pipe"] },
  );
  const started: number[] = []; // arrival time of "[shard 0/1] i/30 …", the start of path i
  p.stderr.setEncoding("utf8").on("data", (d: string) => {
    for (const _ of d.matchAll(/\] \d+\/30 c\d+:main/g)) started.push(Date.now());
  });
  await new Promise((resolve) => p.on("close", resolve));
  assert.equal(started.length, 30, "calibration run: 30 paths");
  const perPath = (started[29] - started[5]) / 24 / 1000; // steady rate, without start-up
  // distinct values (toPrecision(3) of (i + 1)·1e-6 collided past 1 000 of them and with the profile's own λ)
  return Array.from({ length: Math.ceil(seconds / perPath / 3) }, (_, i) => `${i + 1}e-9`).join(",");
}

test(
  "a task at its --time limit stops within one step with finished paths cached; resubmitting computes the rest",
  { skip },
  async () => {
    const env = cluster!.env;
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), "ld-slurm-time-"));
    made.push(shared);
    const wds = await weightDecaysFor(200); // twice the 60–90 s window: the 30-path calibration overestimates the time per path on a quiet machine by up to ~35 % (measured in CI: 100 s planned, 73 s run)
    const dir = writeJobs(env, [
      "01",
      "--profile",
      "smoke",
      "--shards",
      "1",
      "--time",
      "1",
      "--data-dir",
      shared,
      "--",
      "--weight-decays",
      wds,
    ]);
    const file = path.join(dir, "01-main.sbatch");
    assert.match(fs.readFileSync(file, "utf8"), /^#SBATCH --time=1$/m);
    const t0 = Date.now();
    const first = slurmCmd(env, "sbatch", ["--parsable", file]).trim();
    const states = await waitArrays(env, [first], 300_000);
    const firstSeconds = (Date.now() - t0) / 1000;
    const out1 = taskOutput(dir, "01-main.sbatch", first, 0);
    const total = Number(/\[shard 0\/1\] 1\/(\d+) c\d+:main/.exec(out1)?.[1]);
    assert.equal(total, 3 * (1 + wds.split(",").length), "3 seeds × (the profile's config + the weight decays)");
    assert.deepEqual(
      states,
      { [`${first}_0`]: "TIMEOUT TimeLimit" },
      `the ${total} paths outlast the 1-minute limit (${firstSeconds.toFixed(0)} s):\n${out1.slice(-2000)}`,
    );
    assert.match(out1, /DUE TO TIME LIMIT/);
    assert.match(out1, /\[shard 0\/1\] SIGTERM: stopping/);
    assert.match(
      out1,
      /\[shard\] CancelledError: main path \(seed \d\): stopped by SIGTERM/,
      "node stopped itself (not SIGKILL)",
    );
    const stopSeconds = secondsFromLimitToEnd(path.join(cluster!.dir, "slurmd.log"), first);
    assert.ok(stopSeconds < 5, `stopped before KillWait's SIGKILL: ${stopSeconds} s after the limit`);
    const after1 = cacheEntries(shared);
    assert.deepEqual(after1.leftovers, [], "no half-written entry");
    const done = after1.entries.filter((e) => e.startsWith("late-decay-main/")).length;
    assert.ok(done >= 1 && done < total, `some but not all main paths cached at the limit: ${done} of ${total}`);
    for (const e of after1.entries) assert.ok(ld.validEntry(path.join(shared, "cache", e)), `${e} is complete`);
    // the path stopped mid-way keeps its resumable folder (never loaded as an entry); the resubmission resumes it
    assert.ok(after1.partials.length <= 1, `at most the interrupted path's partial folder: ${after1.partials}`);
    for (const p of after1.partials)
      assert.equal(ld.validEntry(path.join(shared, "cache", p)), null, `${p} is not a loadable entry`);

    const t1 = Date.now();
    const second = slurmCmd(env, "sbatch", ["--parsable", "--time=10", file]).trim();
    const states2 = await waitArrays(env, [second], 900_000);
    const secondSeconds = (Date.now() - t1) / 1000;
    const out2 = taskOutput(dir, "01-main.sbatch", second, 0);
    assert.deepEqual(states2, { [`${second}_0`]: "COMPLETED None" }, out2);
    assert.match(out2, new RegExp(`\\[shard 0/1\\] done in .*: ${total - done} computed, ${done} already cached`));
    const after2 = cacheEntries(shared);
    assert.equal(after2.entries.filter((e) => e.startsWith("late-decay-main/")).length, total);
    assert.deepEqual(after2.partials, [], "the resumed path's partial folder became its entry");
    console.log(
      `# time limit: first submission ${firstSeconds.toFixed(0)} s (${done}/${total} main paths cached, node exited ${stopSeconds.toFixed(1)} s after the limit), resubmission ${secondSeconds.toFixed(0)} s`,
    );
  },
);
