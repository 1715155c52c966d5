// SLURM job scripts for `npm run shard`: one job array per kind of independent run, a submit
// script that chains them with --dependency=afterok. Pure text builders (no IO); scripts/cluster/slurm.ts
// writes or prints them.
import * as path from "path";

/** Notebooks whose runs `npm run shard` computes (03 reads 01's runs; 01b is the claim map). */
export const SHARD_NOTEBOOKS = ["01", "01b", "02", "04", "05", "06"] as const;
export type ShardNotebook = (typeof SHARD_NOTEBOOKS)[number];

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
export interface JobFile { name: string; text: string; after?: string }

const WHAT: Record<string, string> = {
  "01-main": "notebook 01 (late LR decay): the main paths of the config and its weight-decay sweep",
  "01-subpath": "notebook 01 (late LR decay): the subpaths, branching from the main paths of 01-main",
  "01b-main": "notebook 01b (claim map): the main paths of every cell (data set × model × weight decay)",
  "01b-subpath": "notebook 01b (claim map): the subpaths of every cell, branching from the main paths of 01b-main",
  "02-grid": "notebook 02 (landscape on the PC plane): landscape grid rows j ≡ k (mod N); reads 01's paths of the seed",
  "04-chains": "notebook 04 (nonlinear model landscapes): SGD chains, balanced by estimated cost",
  "05-chains": "notebook 05 (SGD phases): SGD chains, balanced by estimated cost",
  "06-chains": "notebook 06 (ablations): SGD chains, balanced by estimated cost",
};

/** Quotes a word for bash when it holds anything but safe characters. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Checks the options; throws an Error naming the first bad value.
 * @throws when shards is not a positive integer, a folder is not absolute, a notebook is not shardable
 */
export function checkJobOptions(o: JobOptions): void {
  if (!Number.isInteger(o.shards) || o.shards < 1) throw new Error(`--shards must be a positive integer, got ${JSON.stringify(o.shards)}`);
  for (const [name, dir] of [["--data-dir", o.dataDir], ["repository", o.repoDir], ["--out", o.outDir]] as const) {
    if (!path.isAbsolute(dir)) throw new Error(`${name} must be an absolute path (every node resolves it the same way), got ${JSON.stringify(dir)}`);
  }
  if (!o.notebooks.length) throw new Error(`name at least one notebook: ${SHARD_NOTEBOOKS.join(", ")}`);
  for (const nb of o.notebooks) {
    if (!(SHARD_NOTEBOOKS as readonly string[]).includes(nb)) {
      throw new Error(`no job array for notebook ${JSON.stringify(nb)}: sharded are ${SHARD_NOTEBOOKS.join(", ")}` + ((nb as string) === "03" ? " (03 reads 01's runs)" : ""));
    }
  }
  for (const s of o.sbatch) if (!s.startsWith("--")) throw new Error(`--sbatch takes an sbatch option like --partition=gpu, got ${JSON.stringify(s)}`);
}

/** The job scripts for the options, in submission order (01-main, 01-subpath, 01b-main, 01b-subpath, 02-grid, 04–06 chains). */
export function jobFiles(o: JobOptions): JobFile[] {
  checkJobOptions(o);
  const files: JobFile[] = [];
  for (const nb of o.notebooks) {
    if (nb === "01" || nb === "01b") {
      files.push({ name: `${nb}-main.sbatch`, text: jobScript(o, `${nb}-main`, [nb, "--only", "main"]) });
      files.push({ name: `${nb}-subpath.sbatch`, text: jobScript(o, `${nb}-subpath`, [nb, "--only", "subpath"]), after: `${nb}-main.sbatch` });
    } else if (nb === "02") {
      files.push({ name: "02-grid.sbatch", text: jobScript(o, "02-grid", ["02"]), after: o.notebooks.includes("01") ? "01-subpath.sbatch" : undefined });
    } else {
      files.push({ name: `${nb}-chains.sbatch`, text: jobScript(o, `${nb}-chains`, [nb]) });
    }
  }
  return [...files, { name: "submit.sh", text: submitScript(files) }];
}

/** One array job: header stating the index convention and the variables read, then `exec node …`. */
function jobScript(o: JobOptions, job: string, args: string[]): string {
  const N = o.shards;
  const shard = ["scripts/cluster/shard.ts", ...args, "--profile", o.profile, "--shard", `"\${SLURM_ARRAY_TASK_ID}/${N}"`,
    "--data-dir", shellQuote(o.dataDir), ...o.shardArgs.map(shellQuote)].join(" ");
  const directives = [
    `--job-name=ld-${job}`, `--array=0-${N - 1}`, "--ntasks=1", "--cpus-per-task=1",
    `--chdir=${o.repoDir}`, `--output=${path.join(o.outDir, "logs", "%x-%A_%a.out")}`,
    ...(o.time ? [`--time=${o.time}`] : []), ...o.sbatch,
  ];
  return [
    "#!/bin/bash",
    ...directives.map((d) => `#SBATCH ${d}`),
    `# ${WHAT[job]}; profile ${o.profile}, ${N} shards, cache in ${o.dataDir}.`,
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
    lines.push(`${v(f.name)}=$(sbatch --parsable ${dep}${f.name})`, `${v(f.name)}=\${${v(f.name)}%%;*}`, `echo "${f.name} \${${v(f.name)}}"`);
  }
  return lines.join("\n") + "\n";
}
