#!/usr/bin/env -S node --import tsx
// `npm run slurm -- write 01 02 --profile paper --shards 16 --data-dir /shared/late-decay`: writes
// the SLURM job arrays of `npm run shard` (01-main, 01-subpath after it, 02-grid after that, 04–06
// chains) and submit.sh into <data-dir>/slurm (or --out); `print` shows the same files on stdout.
// Arguments after a lone `--` are appended to every shard call (e.g. -- --weight-decays 0.001).
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { jobFiles, type JobOptions } from "./slurm-jobs";
import { REPO_ROOT as REPO, dataDir as defaultDataDir } from "../../src/store/paths";
import { notebookEntry } from "../../src/notebooks";

const argv = process.argv.slice(2);
const cut = argv.indexOf("--");
const shardArgs = cut < 0 ? [] : argv.slice(cut + 1);

function options(notebooks: string[], o: Record<string, string | string[] | undefined>): JobOptions {
  const dataDir = o.dataDir === undefined ? defaultDataDir() : path.resolve(String(o.dataDir));
  return {
    notebooks: notebooks.map((n) => notebookEntry(n).id),
    profile: String(o.profile),
    shards: Number(o.shards),
    dataDir,
    repoDir: REPO,
    outDir: path.resolve(String(o.out ?? path.join(dataDir, "slurm"))),
    backend: o.backend as string | undefined,
    time: o.time as string | undefined,
    sbatch: (o.sbatch as string[] | undefined) ?? [],
    shardArgs,
  };
}

const common = (c: Command) =>
  c
    .argument(
      "<notebooks...>",
      "01 (main paths, then subpaths), 01b (claim map: main paths, then subpaths), 02 (landscape grid rows), 04, 05, 06 (nonlinear chains)",
    )
    .option("--profile <name>", "parameter profile", "quick")
    .requiredOption("--shards <N>", "array size: task k of --array=0-(N-1) computes shard k/N")
    .option("--data-dir <dir>", "shared data folder (default: LATE_DECAY_DATA_DIR or <repo>/data)")
    .option("--out <dir>", "folder of the job scripts and logs/ (default: <data-dir>/slurm)")
    .option(
      "--backend <name>",
      "LATE_DECAY_BACKEND of the tasks: tensorflow | wasm | cpu (default: the library's order)",
    )
    .option("--time <limit>", "--time of every array (SLURM's format, e.g. 2-00:00:00)")
    .option(
      "--sbatch <option>",
      "extra #SBATCH option, repeatable (e.g. --sbatch=--gres=gpu:1)",
      (v: string, a: string[] = []) => [...a, v],
    );

const program = new Command().name("slurm").description("SLURM job arrays for `npm run shard`");
common(program.command("write").description("write the job scripts and submit.sh; prints how to submit")).action(
  (notebooks: string[], o) => {
    const opts = options(notebooks, o);
    const files = jobFiles(opts);
    fs.mkdirSync(path.join(opts.outDir, "logs"), { recursive: true });
    for (const f of files) fs.writeFileSync(path.join(opts.outDir, f.name), f.text, { mode: 0o755 });
    console.log(
      `wrote ${files.map((f) => f.name).join(", ")} to ${opts.outDir}\nsubmit: bash ${path.join(opts.outDir, "submit.sh")}`,
    );
  },
);
common(program.command("print").description("print the job scripts and submit.sh (what write would write)")).action(
  (notebooks: string[], o) => {
    for (const f of jobFiles(options(notebooks, o))) console.log(`# ==> ${f.name} <==\n${f.text}`);
  },
);

try {
  program.parse(cut < 0 ? process.argv : process.argv.slice(0, cut + 2));
} catch (e) {
  console.error(`[slurm] ${(e as Error).message}`);
  process.exit(1);
}
