#!/usr/bin/env -S node --import tsx
// `npm run shard -- <notebook> --profile quick --shard 3/16`: computes shard k of N of a
// notebook's independent runs into the cache (LATE_DECAY_DATA_DIR or --data-dir: point every
// shard at the same shared folder); the notebook then reads the merged cache.
//   01  late-decay paths (main paths and subpaths of the config and its weight-decay sweep)
//   01b the claim map's paths (every cell's main paths and subpaths; a diverged cell is logged, not fatal)
//   02  landscape grid rows (rows j ≡ k mod N); needs notebook 01's runs of that seed (run 01's shards first)
//   04, 05, 06  the nonlinear model's chains of the notebook's sweeps (shards balanced by estimated cost)
// Example SLURM job array:  #SBATCH --array=0-15
//   npm run shard -- 01 --profile paper --shard ${SLURM_ARRAY_TASK_ID}/16 --data-dir /shared/late-decay
import { Command } from "commander";

const program = new Command()
  .name("shard")
  .description("compute shard k of N of a notebook's independent runs into the shared cache")
  .argument("<notebook>", "notebook whose runs to shard: 01 (late-decay paths), 01b (claim map paths), 02 (landscape grid), 04–06 (nonlinear chains)")
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
  profile: string; shard: string; dataDir?: string; only?: "main" | "subpath"; weightDecays?: string; overrides?: string;
  seed?: string; surface?: string; nA?: string; nB?: string;
}

/** A numeric option or undefined; a non-number is an error naming it. */
function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`--${name} must be a number, got ${JSON.stringify(v)}`);
  return x;
}

async function main() {
  const opts = program.opts<Opts>();
  const [arg] = program.args;
  const id = /^(\d\d[a-z]?)(-[\w-]*)?$/.exec(arg)?.[1];
  if (!id) throw new Error(`notebook must be a number like 01 or 01b, or a name like 01-late-decay, got ${JSON.stringify(arg)}`);
  const notebook = id;
  if (opts.dataDir) process.env.LATE_DECAY_DATA_DIR = opts.dataDir;
  const ld = await import("../../src/index");
  const { index, count } = ld.parseShard(opts.shard); // checked before any work
  const log = (msg: string) => console.error(`[shard ${opts.shard}] ${msg}`);
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
  const signal = stop.signal;
  let summary: string;
  if (notebook === "01") {
    const wds = opts.weightDecays ? opts.weightDecays.split(",").map((v) => num("weight-decays", v.trim())!) : [];
    const configs = ld.notebook01Configs(ld.lateDecayConfig(opts.profile), wds, opts.profile);
    const r = await ld.runLateDecayShard(configs, {
      index, count, only: opts.only, signal,
      onItem: (i, n, label, cachedAlready) => log(`${i + 1}/${n} ${label}${cachedAlready ? " (cached)" : ""}`),
    });
    summary = `${r.computed} computed, ${r.cached} already cached` +
      (r.mainPathsForSubpaths ? ` (and ${r.mainPathsForSubpaths} main paths the subpaths needed, trained first)` : "");
  } else if (notebook === "01b") {
    summary = await claimMapShard(ld, opts, { index, count, signal, log });
  } else if (notebook === "02") {
    const config = ld.landscapeConfig(ld.profileWithFallback(opts.profile).profile, {
      seed: num("seed", opts.seed), surface: opts.surface as "curved" | undefined,
      grid: { nA: num("nA", opts.nA), nB: num("nB", opts.nB) },
    });
    let last = 0;
    const r = await ld.runLandscapeShard(config, {
      index, count, signal,
      onProgress: (done, total, note) => { if (Date.now() - last > 5000 || done === total) { last = Date.now(); log(`${done}/${total} ${note ?? ""}`); } },
    });
    const rowList = r.rows.length <= 8 ? r.rows.join(", ") : `${r.rows.slice(0, 4).join(", ")}, …, ${r.rows[r.rows.length - 1]}`;
    summary = `grid rows [${rowList}] of ${config.grid.nB}: ${r.computed} computed, ${r.cached} already cached`;
  } else if (notebook === "04" || notebook === "05" || notebook === "06") {
    const configs = ld.nonlinearShardConfigs(notebook, opts.profile);
    const r = await ld.runNonlinearShard(configs, {
      index, count, signal,
      onItem: (i, n, label, cachedAlready) => { if (cachedAlready || i % 10 === 0 || i === n - 1) log(`${i + 1}/${n} ${label}${cachedAlready ? " (cached)" : ""}`); },
    });
    summary = `${r.computed} chains computed, ${r.cached} already cached`;
  } else {
    throw new Error(`sharding is implemented for notebooks 01 (late-decay paths), 01b (claim map), 02 (landscape grid) and 04–06 (nonlinear chains); got ${JSON.stringify(notebook)}` +
      (notebook === "03" ? " (notebook 03 reads notebook 01's runs: shard 01)" : ""));
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${summary}`);
}

/** Notebook 01b: the claim map's share; diverged cells are logged and listed in the summary (the shard still succeeds). */
async function claimMapShard(ld: typeof import("../../src/index"), opts: Opts, s: { index: number; count: number; signal: AbortSignal; log: (m: string) => void }): Promise<string> {
  let overrides = {};
  try { overrides = opts.overrides ? JSON.parse(opts.overrides) : {}; } catch (e) { throw new Error(`--overrides must be JSON, got ${JSON.stringify(opts.overrides)} (${(e as Error).message})`); }
  const config = ld.claimMapConfig(opts.profile, overrides);
  const r = await ld.runClaimMapShard(config, {
    index: s.index, count: s.count, only: opts.only, signal: s.signal,
    onItem: (i, n, label, cachedAlready) => s.log(`${i + 1}/${n} ${label}${cachedAlready ? " (cached)" : ""}`),
  });
  for (const d of r.diverged) s.log(`diverged (recorded, the map shows it): ${d}`);
  return `${r.computed} computed, ${r.cached} already cached` + (r.mainPathsForSubpaths ? ` (and ${r.mainPathsForSubpaths} main paths the subpaths needed, trained first)` : "") +
    (r.diverged.length ? `; ${r.diverged.length} cell(s) diverged` : "");
}

main().catch((e) => {
  console.error(`[shard] ${e.name ?? "Error"}: ${e.message}`);
  process.exit(e.name === "CancelledError" ? 130 : 1);
});
