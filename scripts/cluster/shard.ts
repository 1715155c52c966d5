#!/usr/bin/env -S node --import tsx
// `npm run shard -- <notebook> --profile quick --shard 3/16`: computes shard k of N of a
// notebook's independent runs into the cache (LATE_DECAY_DATA_DIR or --data-dir: point every
// shard at the same shared folder); the notebook then reads the merged cache.
// What each notebook's shards run, and which options it reads, is in the notebook registry
// (src/notebooks.ts): 01 late-decay paths, 01b the claim map's paths (a diverged cell is logged, not
// fatal), 02 landscape grid rows (needs 01's runs of that seed: run 01's shards first), 04–06 chains.
// Example SLURM job array:  #SBATCH --array=0-15
//   npm run shard -- 01 --profile paper --shard ${SLURM_ARRAY_TASK_ID}/16 --data-dir /shared/late-decay
import { Command } from "commander";
import type { ShardParameters } from "../../src/notebooks";

const program = new Command()
  .name("shard")
  .description("compute shard k of N of a notebook's independent runs into the shared cache")
  .argument(
    "<notebook>",
    "notebook whose runs to shard, by number or name (01, 01b, 02, 04, 05, 06: see src/notebooks.ts)",
  )
  .option("--profile <name>", "parameter profile", "quick")
  .requiredOption("--shard <k/N>", "which shard, 0-based: 3/16 is the 4th of 16")
  .option("--data-dir <dir>", "shared data directory (default: LATE_DECAY_DATA_DIR or <repo>/data)")
  .option("--only <kind>", "01, 01b: only main paths ('main') or only subpaths ('subpath')")
  .option("--overrides <json>", "01b: the notebook's map overrides as JSON, e.g. '{\"seeds\":[0,1,2,3]}'")
  .option("--weight-decays <list>", "01: weight decays of the sweep, comma-separated (default: the profile's)")
  .option("--seed <n>", "02: training seed whose landscape to compute (default: the profile's first)")
  .option("--surface <kind>", "02: curved | flat | random (default curved)")
  .option("--nA <n>", "02: grid points along PC1 (default: the profile's)")
  .option("--nB <n>", "02: grid rows along PC2 (default: the profile's)")
  .parse();

interface Opts {
  profile: string;
  shard: string;
  dataDir?: string;
  only?: "main" | "subpath";
  weightDecays?: string;
  overrides?: string;
  seed?: string;
  surface?: string;
  nA?: string;
  nB?: string;
}

/** A numeric option or undefined; a non-number is an error naming it. */
function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`--${name} must be a number, got ${JSON.stringify(v)}`);
  return x;
}

/** A comma-separated list of numbers, or undefined; a non-number is an error naming it. */
function nums(name: string, v: string | undefined): number[] | undefined {
  return v === undefined ? undefined : v.split(",").map((x) => num(name, x.trim())!);
}

/** 01b's --overrides as an object. @throws Error naming the text when it is not JSON */
function json(name: string, v: string | undefined): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch (e) {
    throw new Error(`--${name} must be JSON, got ${JSON.stringify(v)} (${(e as Error).message})`);
  }
}

/** The command-line flag of a shard parameter (the options above): weightDecays → --weight-decays, nA → --nA. */
function flag(k: keyof ShardParameters): string {
  return k === "weightDecays" ? "--weight-decays" : `--${k}`;
}

async function main() {
  const opts = program.opts<Opts>();
  const [arg] = program.args;
  if (opts.dataDir) process.env.LATE_DECAY_DATA_DIR = opts.dataDir;
  const ld = await import("../../src/toolkit");
  const { shard } = ld.notebookShard(arg); // what this notebook's shards run (src/notebooks.ts)
  const { index, count } = ld.parseShard(opts.shard); // checked before any work
  const params: ShardParameters = {
    only: opts.only,
    weightDecays: nums("weight-decays", opts.weightDecays),
    overrides: json("overrides", opts.overrides),
    seed: num("seed", opts.seed),
    surface: opts.surface as ShardParameters["surface"],
    nA: num("nA", opts.nA),
    nB: num("nB", opts.nB),
  };
  const log = (msg: string) => console.error(`[shard ${opts.shard}] ${msg}`);
  // options this notebook does not read are said, not refused: `npm run slurm -- … -- <args>` passes the same to every notebook
  const unread = (Object.keys(params) as (keyof ShardParameters)[]).filter(
    (k) => params[k] !== undefined && !shard.options.includes(k),
  );
  for (const k of unread) {
    const read = shard.options.length
      ? `it reads ${shard.options.map(flag).join(", ")}`
      : "it reads no notebook option";
    log(`${flag(k)} is not an option of notebook ${arg} (${read}): ignored`);
  }
  const configs = shard.configs(opts.profile, params);
  const t0 = Date.now();
  // Ctrl-C / SIGINT / SIGTERM (a scheduler's time limit): stop within one step; finished work stays cached
  const stop = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (stop.signal.aborted) process.exit(130);
      log(`${sig}: stopping (finished paths, grid rows and chains stay cached; run the same command again to resume)`);
      stop.abort(new ld.CancelledError(`stopped by ${sig}`));
    });
  }
  const summary = await shard.run(configs, params, { index, count, signal: stop.signal, log });
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${summary}`);
}

main().catch((e) => {
  console.error(`[shard] ${e.name ?? "Error"}: ${e.message}`);
  process.exit(e.name === "CancelledError" ? 130 : 1);
});
