#!/usr/bin/env -S node --import tsx
// `npm run shard -- 01 --profile quick --shard 3/16`: computes one shard of notebook 01's
// independent paths (main paths and subpaths of its config and weight-decay sweep) into the
// cache (LATE_DECAY_DATA_DIR or --data-dir: point every shard at the same shared folder).
// Example SLURM job array:  #SBATCH --array=0-15
//   npm run shard -- 01 --profile paper --shard ${SLURM_ARRAY_TASK_ID}/16 --data-dir /shared/late-decay
import { Command } from "commander";

const program = new Command()
  .name("shard")
  .description("compute shard k of N of a notebook's independent runs into the shared cache")
  .argument("<notebook>", "notebook whose runs to shard (01 = late decay)")
  .option("--profile <name>", "parameter profile", "quick")
  .requiredOption("--shard <k/N>", "which shard, 0-based: 3/16 is the 4th of 16")
  .option("--only <kind>", "only main paths ('main') or only subpaths ('subpath')")
  .option("--data-dir <dir>", "shared data directory (default: LATE_DECAY_DATA_DIR or <repo>/data)")
  .option("--weight-decays <list>", "weight decays of the sweep, comma-separated (default: the profile's)")
  .parse();

async function main() {
  const opts = program.opts<{ profile: string; shard: string; only?: "main" | "subpath"; dataDir?: string; weightDecays?: string }>();
  const [notebook] = program.args;
  if (!/^01/.test(notebook)) throw new Error(`sharding is implemented for notebook 01 (late decay); got ${JSON.stringify(notebook)}`);
  const m = /^(\d+)\/(\d+)$/.exec(opts.shard);
  if (!m) throw new Error(`--shard must look like k/N (e.g. 3/16), got ${JSON.stringify(opts.shard)}`);
  if (opts.dataDir) process.env.LATE_DECAY_DATA_DIR = opts.dataDir;
  const ld = await import("../src/index");
  const wds = opts.weightDecays ? opts.weightDecays.split(",").map(Number) : [];
  const configs = ld.notebook01Configs(ld.lateDecayConfig(opts.profile), wds, opts.profile);
  const t0 = Date.now();
  const r = await ld.runLateDecayShard(configs, {
    index: Number(m[1]), count: Number(m[2]), only: opts.only,
    onItem: (i, n, label, cachedAlready) => console.error(`[shard ${opts.shard}] ${i + 1}/${n} ${label}${cachedAlready ? " (cached)" : ""}`),
  });
  console.error(`[shard ${opts.shard}] done in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${r.computed} computed, ${r.cached} already cached`);
}

main().catch((e) => {
  console.error(`[shard] ${e.name ?? "Error"}: ${e.message}`);
  process.exit(1);
});
