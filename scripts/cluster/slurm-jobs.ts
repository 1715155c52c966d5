// SLURM job scripts for `npm run shard`: one job array per kind of independent run, a submit
// script that chains them with --dependency=afterok. Pure text builders (no IO); scripts/cluster/slurm.ts
// writes or prints them.
import * as path from "path";
import { NOTEBOOKS, shardedNotebooks, type NotebookId, type ShardJob } from "../../src/notebooks";

/** Notebooks whose runs `npm run shard` computes (the registry's, src/notebooks.ts: 01, 01b, 02, 04–06). */
export const SHARD_NOTEBOOKS: readonly string[] = shardedNotebooks().map((n) => n.id);
export type ShardNotebook = NotebookId;

/** What every job script of one `write`/`print` call shares. */
export interface JobOptions {
  /** notebooks to shard, in submission order (01 before 02: 02's grid needs 01's paths) */
  notebooks: ShardNotebook[];
  /** parameter profile, e.g. "paper" */
  profile: string;
  /** array size N: task k of --array=0-(N-1) computes shard k/N */
  shards: number;
  /** absolute shared data folder every task writes its cache entries to */
  dataDir: string;
  /** absolute repository root the tasks run in (--chdir) */
  repoDir: string;
  /** folder of the job scripts and of the tasks' output files (`logs/`) */
  outDir: string;
  /** LATE_DECAY_BACKEND of the tasks (undefined: the library's default order) */
  backend?: string;
  /** --time of every array, SLURM's format (minutes, or [days-]hours:minutes:seconds) */
  time?: string;
  /** extra #SBATCH options, e.g. ["--partition=gpu", "--gres=gpu:1"] */
  sbatch: string[];
  /** extra arguments appended to every `scripts/cluster/shard.ts` call, e.g. ["--weight-decays", "0.001"] */
  shardArgs: string[];
}

/** One job script: file name, text, and the file whose array must succeed first (afterok). */
export interface JobFile {
  name: string;
  text: string;
  after?: string;
}

/** Quotes a word for bash when it holds anything but safe characters. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Checks the options; throws an Error naming the first bad value.
 * @throws when shards is not a positive integer, a folder is not absolute, a notebook is not shardable
 */
export function checkJobOptions(o: JobOptions): void {
  if (!Number.isInteger(o.shards) || o.shards < 1)
    throw new Error(`--shards must be a positive integer, got ${JSON.stringify(o.shards)}`);
  for (const [name, dir] of [
    ["--data-dir", o.dataDir],
    ["repository", o.repoDir],
    ["--out", o.outDir],
  ] as const) {
    if (!path.isAbsolute(dir))
      throw new Error(
        `${name} must be an absolute path (every node resolves it the same way), got ${JSON.stringify(dir)}`,
      );
  }
  if (!o.notebooks.length) throw new Error(`name at least one notebook: ${SHARD_NOTEBOOKS.join(", ")}`);
  for (const nb of o.notebooks) {
    if (!SHARD_NOTEBOOKS.includes(nb)) {
      const why = NOTEBOOKS.find((n) => n.id === nb)?.notSharded;
      throw new Error(
        `no job array for notebook ${JSON.stringify(nb)}: sharded are ${SHARD_NOTEBOOKS.join(", ")}` +
          (why ? ` (${why})` : ""),
      );
    }
  }
  for (const s of o.sbatch)
    if (!s.startsWith("--"))
      throw new Error(`--sbatch takes an sbatch option like --partition=gpu, got ${JSON.stringify(s)}`);
}

/**
 * The job scripts for the options, in submission order: each notebook's arrays as the registry lists
 * them (01-main, 01-subpath, 01b-main, 01b-subpath, 02-grid, 04–06 chains), each waiting (afterok) for
 * the array the registry names when that array is part of this submission, then submit.sh.
 * @throws Error naming the first bad option (see {@link checkJobOptions})
 */
export function jobFiles(o: JobOptions): JobFile[] {
  checkJobOptions(o);
  const jobs = o.notebooks.flatMap((nb) => NOTEBOOKS.find((n) => n.id === nb)!.shard!.jobs.map((job) => ({ nb, job })));
  const names = new Set(jobs.map(({ job }) => job.name));
  const files: JobFile[] = jobs.map(({ nb, job }) => ({
    name: `${job.name}.sbatch`,
    text: jobScript(o, job, [nb, ...job.args]),
    after: job.after && names.has(job.after) ? `${job.after}.sbatch` : undefined,
  }));
  return [...files, { name: "submit.sh", text: submitScript(files) }];
}

/** One array job: header stating the index convention and the variables read, then `exec node …`. */
function jobScript(o: JobOptions, job: ShardJob, args: string[]): string {
  const N = o.shards;
  const shard = [
    "scripts/cluster/shard.ts",
    ...args,
    "--profile",
    o.profile,
    "--shard",
    `"\${SLURM_ARRAY_TASK_ID}/${N}"`,
    "--data-dir",
    shellQuote(o.dataDir),
    ...o.shardArgs.map(shellQuote),
  ].join(" ");
  const directives = [
    `--job-name=ld-${job.name}`,
    `--array=0-${N - 1}`,
    "--ntasks=1",
    "--cpus-per-task=1",
    `--chdir=${o.repoDir}`,
    `--output=${path.join(o.outDir, "logs", "%x-%A_%a.out")}`,
    ...(o.time ? [`--time=${o.time}`] : []),
    ...o.sbatch,
  ];
  return [
    "#!/bin/bash",
    ...directives.map((d) => `#SBATCH ${d}`),
    `# ${job.what}; profile ${o.profile}, ${N} shards, cache in ${o.dataDir}.`,
    `# Array index convention: task k of --array=0-${N - 1} computes shard k/${N} (0-based); N is fixed`,
    "# here, so resubmitting some indices (sbatch --array=3,7 this-file) computes the same shards.",
    "# Reads: SLURM_ARRAY_TASK_ID (set by SLURM); PATH (node >= 20; sbatch passes the submitting",
    "# shell's environment); LATE_DECAY_BACKEND (tensorflow | wasm | cpu; set below when chosen),",
    "# LATE_DECAY_WORKERS (optional). The repository was bootstrapped by `npm run slurm` (npm install).",
    "# Time limit or scancel: SLURM sends SIGTERM to node itself (exec, no shell in between); the",
    "# shard stops within one step, exits 130, and what it finished stays cached: resubmit this",
    "# file to compute the rest (every task skips what is already in the cache).",
    "set -euo pipefail",
    `: "\${SLURM_ARRAY_TASK_ID:?submit with sbatch (this file sets --array=0-${N - 1})}"`,
    ...(o.backend ? [`export LATE_DECAY_BACKEND=${shellQuote(o.backend)}`] : []),
    `exec node --import tsx ${shard}`,
    "",
  ].join("\n");
}

/** Submits the arrays in order, each dependent one with --dependency=afterok on its prerequisite. */
function submitScript(files: JobFile[]): string {
  const v = (name: string) => `job_${name.replace(/\.sbatch$/, "").replace(/-/g, "_")}`;
  const lines = [
    "#!/bin/bash",
    "# Submits the job arrays of this folder; a dependent array starts only when every task of its",
    "# prerequisite succeeded (afterok): a failed task leaves it pending (DependencyNeverSatisfied).",
    "# Prints one line per array: <file> <job id>.",
    "set -euo pipefail",
    'cd "$(dirname "$0")"',
  ];
  for (const f of files) {
    const dep = f.after ? `--dependency=afterok:\${${v(f.after)}} ` : "";
    lines.push(
      `${v(f.name)}=$(sbatch --parsable ${dep}${f.name})`,
      `${v(f.name)}=\${${v(f.name)}%%;*}`,
      `echo "${f.name} \${${v(f.name)}}"`,
    );
  }
  return lines.join("\n") + "\n";
}
