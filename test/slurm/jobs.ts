// Test helpers around the product's job scripts: write them with `scripts/cluster/slurm.ts write`, submit
// them with their submit.sh, poll the array tasks' states until they end.
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as path from "path";
import { slurmCmd, waitFor } from "./cluster";

const ROOT = path.resolve(__dirname, "../..");
const ENDED = /^(COMPLETED|FAILED|TIMEOUT|CANCELLED|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)$/;

/** `scripts/cluster/slurm.ts write <args>` as a user runs it; the folder it wrote. */
export function writeJobs(env: NodeJS.ProcessEnv, args: string[]): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/cluster/slurm.ts", "write", ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`slurm.ts write ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const m = /submit: bash (.*)\/submit\.sh/.exec(r.stdout);
  if (!m) throw new Error(`no submit line in: ${r.stdout}`);
  return m[1];
}

/** Runs `bash <dir>/submit.sh`; job id by file name (e.g. "01-main.sbatch" → "12"). */
export function submit(env: NodeJS.ProcessEnv, dir: string): Map<string, string> {
  const out = slurmCmd(env, "bash", [path.join(dir, "submit.sh")]);
  return new Map(
    out
      .trim()
      .split("\n")
      .map((l) => l.split(" ") as [string, string]),
  );
}

/** State and reason of every task of an array job, e.g. {"12_0": "COMPLETED None", …}. */
export function taskStates(env: NodeJS.ProcessEnv, jobId: string): Record<string, string> {
  const out = slurmCmd(env, "squeue", ["-h", "-r", "-t", "all", "-j", jobId, "-o", "%i %T %r"]);
  return Object.fromEntries(
    out
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const [id, ...rest] = l.split(" ");
        return [id, rest.join(" ")];
      }),
  );
}

/** Waits (≤ ms) until every task of these arrays has ended; their final states. */
export async function waitArrays(
  env: NodeJS.ProcessEnv,
  jobIds: string[],
  ms: number,
): Promise<Record<string, string>> {
  let states: Record<string, string> = {};
  const ended = () => {
    states = Object.assign({}, ...jobIds.map((id) => taskStates(env, id)));
    return Object.values(states).every((s) => ENDED.test(s.split(" ")[0]));
  };
  await waitFor(ended, ms).catch((e) => {
    throw new Error(`${(e as Error).message} waiting for jobs ${jobIds}: ${JSON.stringify(states)}`);
  });
  return states;
}

/** The output file of task k of an array (the job scripts write logs/<job name>-<array id>_<k>.out). */
export function taskOutput(jobsDir: string, file: string, jobId: string, k: number): string {
  const p = path.join(jobsDir, "logs", `ld-${file.replace(/\.sbatch$/, "")}-${jobId}_${k}.out`);
  return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : `(no output file ${p})`;
}

/** Cache entry folders `<kind>/<key>` under dataDir, and leftovers of interrupted writes. */
export function cacheEntries(dataDir: string): { entries: string[]; leftovers: string[]; partials: string[] } {
  const root = path.join(dataDir, "cache");
  const all = fs.readdirSync(root).flatMap((kind) => fs.readdirSync(path.join(root, kind)).map((k) => `${kind}/${k}`));
  const partial = (e: string) => e.endsWith(".partial"); // a path's resumable work in progress (kept when it fails)
  return {
    entries: all.filter((e) => !/\.(tmp|damaged)-/.test(e) && !partial(e)),
    leftovers: all.filter((e) => /\.(tmp|damaged)-/.test(e)),
    partials: all.filter(partial),
  };
}
