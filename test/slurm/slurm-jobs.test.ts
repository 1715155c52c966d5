// The SLURM job scripts `npm run slurm` writes: index convention, dependencies, bad input, and
// environment.md showing exactly what the generator produces (no cluster needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { jobFiles, shellQuote, type JobOptions } from "../../scripts/cluster/slurm-jobs";

const ROOT = path.resolve(__dirname, "../..");
const base: JobOptions = {
  notebooks: ["01", "02", "05"],
  profile: "paper",
  shards: 16,
  dataDir: "/shared/late-decay",
  repoDir: "/home/you/late-decay",
  outDir: "/shared/late-decay/slurm",
  backend: "tensorflow",
  sbatch: ["--gres=gpu:1"],
  shardArgs: [],
};
const byName = (o: JobOptions) => new Map(jobFiles(o).map((f) => [f.name, f]));

test("one array per kind of run, task k computing shard k/N, with the afterok chain 01-main → 01-subpath → 02-grid", () => {
  const files = byName(base);
  assert.deepEqual(
    [...files.keys()],
    ["01-main.sbatch", "01-subpath.sbatch", "02-grid.sbatch", "05-chains.sbatch", "submit.sh"],
  );
  assert.deepEqual(
    [...files.values()].map((f) => f.after),
    [undefined, "01-main.sbatch", "01-subpath.sbatch", undefined, undefined],
  );
  const main = files.get("01-main.sbatch")!.text;
  assert.match(main, /^#SBATCH --array=0-15$/m);
  assert.match(
    main,
    /^exec node --import tsx scripts\/cluster\/shard\.ts 01 --only main --profile paper --shard "\$\{SLURM_ARRAY_TASK_ID\}\/16" --data-dir \/shared\/late-decay$/m,
  );
  assert.match(main, /^export LATE_DECAY_BACKEND=tensorflow$/m);
  assert.match(main, /^#SBATCH --gres=gpu:1$/m);
  const lines = main.split("\n");
  const directives = lines.filter((l) => l.startsWith("#SBATCH")).length;
  assert.ok(
    lines.slice(1, 1 + directives).every((l) => l.startsWith("#SBATCH")),
    "directives come right after #!/bin/bash, before any command",
  );
  const submit = files.get("submit.sh")!.text;
  assert.match(
    submit,
    /job_01_subpath=\$\(sbatch --parsable --dependency=afterok:\$\{job_01_main\} 01-subpath\.sbatch\)/,
  );
  assert.match(submit, /job_02_grid=\$\(sbatch --parsable --dependency=afterok:\$\{job_01_subpath\} 02-grid\.sbatch\)/);
  assert.match(submit, /job_05_chains=\$\(sbatch --parsable 05-chains\.sbatch\)/);
  assert.equal(
    byName({ ...base, notebooks: ["02"] }).get("02-grid.sbatch")!.after,
    undefined,
    "02 alone: no dependency to wait for",
  );
});

test("01b (claim map): main paths, then subpaths after them; 02's grid still waits for 01's subpaths", () => {
  const files = byName({ ...base, notebooks: ["01", "01b", "02"] });
  assert.deepEqual(
    [...files.keys()],
    ["01-main.sbatch", "01-subpath.sbatch", "01b-main.sbatch", "01b-subpath.sbatch", "02-grid.sbatch", "submit.sh"],
  );
  assert.deepEqual(
    [...files.values()].map((f) => f.after),
    [undefined, "01-main.sbatch", undefined, "01b-main.sbatch", "01-subpath.sbatch", undefined],
  );
  assert.match(
    files.get("01b-main.sbatch")!.text,
    /^exec node --import tsx scripts\/cluster\/shard\.ts 01b --only main --profile paper --shard "\$\{SLURM_ARRAY_TASK_ID\}\/16" --data-dir \/shared\/late-decay$/m,
  );
  assert.match(files.get("01b-subpath.sbatch")!.text, /^#SBATCH --job-name=ld-01b-subpath$/m);
  assert.match(files.get("01b-subpath.sbatch")!.text, /^# notebook 01b \(claim map\): the subpaths of every cell/m);
  assert.match(
    files.get("submit.sh")!.text,
    /job_01b_subpath=\$\(sbatch --parsable --dependency=afterok:\$\{job_01b_main\} 01b-subpath\.sbatch\)/,
  );
});

test("options reach every script: --time, extra shard arguments (quoted), no backend line unless chosen", () => {
  const files = byName({
    ...base,
    notebooks: ["06"],
    backend: undefined,
    time: "1-00:00:00",
    shardArgs: ["--weight-decays", "1e-4,1e-3"],
    shards: 3,
  });
  const text = files.get("06-chains.sbatch")!.text;
  assert.match(text, /^#SBATCH --time=1-00:00:00$/m);
  assert.match(text, /^#SBATCH --array=0-2$/m);
  assert.match(
    text,
    /--shard "\$\{SLURM_ARRAY_TASK_ID\}\/3" --data-dir \/shared\/late-decay --weight-decays 1e-4,1e-3$/m,
  );
  assert.doesNotMatch(text, /LATE_DECAY_BACKEND=/);
  assert.equal(shellQuote("/data/my runs/x"), "'/data/my runs/x'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
});

test("bad options are errors naming the value", () => {
  assert.throws(() => jobFiles({ ...base, shards: 0 }), /--shards must be a positive integer, got 0/);
  assert.throws(() => jobFiles({ ...base, shards: 2.5 }), /--shards must be a positive integer, got 2.5/);
  assert.throws(() => jobFiles({ ...base, dataDir: "shared" }), /--data-dir must be an absolute path .*, got "shared"/);
  assert.throws(
    () => jobFiles({ ...base, notebooks: ["03" as "01"] }),
    /no job array for notebook "03": sharded are 01, 01b, 02, 04, 05, 06 \(03 reads 01's runs\)/,
  );
  assert.throws(() => jobFiles({ ...base, notebooks: [] }), /name at least one notebook/);
  assert.throws(
    () => jobFiles({ ...base, sbatch: ["gres=gpu:1"] }),
    /--sbatch takes an sbatch option like --partition=gpu, got "gres=gpu:1"/,
  );
});

test("environment.md shows exactly the scripts the generator writes", () => {
  const doc = fs.readFileSync(path.join(ROOT, "environment.md"), "utf8");
  const files = byName(base);
  for (const name of ["01-main.sbatch", "submit.sh"]) {
    assert.ok(
      doc.includes("```sh\n# " + name + "\n" + files.get(name)!.text + "```"),
      `environment.md shows ${name} as generated`,
    );
  }
  assert.ok(
    doc.includes(
      "npm run slurm -- write 01 02 05 --profile paper --shards 16 --data-dir /shared/late-decay --backend tensorflow\n--sbatch=--gres=gpu:1",
    ),
  );
});
