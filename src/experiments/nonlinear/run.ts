/**
 * Cached batched chain runs of the nonlinear model (Ren, Ma, Ying 2024, Sec. 4) as long-format
 * DataFrames: the building block of notebooks 04–06.
 *
 * A sweep is one problem (Gaussian data from a seed, or explicit X, y, α*) and K chain configs; its
 * chains run with the typed-array engine (src/train/chains.ts), split over worker threads for large
 * sweeps (./nonlinear-parallel) or over machines (./nonlinear-shard), and it is stored as one cache
 * entry keyed by the full config and NONLINEAR_CODE_VERSION, assembled from single-chain entries
 * (kit/assemble.ts: the chain entries are kept). Every split gives the numbers of one
 * serial run, since each chain draws from its own generators. Chains that share a seed and differ only in the decay
 * step T follow the same path until T (same init, same minibatches and label noise): each is a
 * "subpath" branching off one main path at its decay step.
 */
import { check } from "../../core/errors";
import { readJson, writeJson } from "../../store/files";
import { runUnits, storedEntries } from "../../runner";
import { toFrame, type Row } from "../../frames/frames";
import { assembleEntry } from "../kit/assemble";
import {
  NONLINEAR_CODE_VERSION,
  NONLINEAR_FAMILIES,
  buildProblem,
  chainSteps,
  chainUnits,
  loadChain,
  mergeParts,
} from "./units";
import { sweepRows } from "./frames";
import type { ChainOutcome, ChainSweep, ChainSweepConfig, PartResult, SweepOptions } from "./types";

export { NONLINEAR_CODE_VERSION, buildProblem } from "./units";
export type { ProblemSpec, ChainSpec, ChainSweepConfig, ChainOutcome, ChainSweep, SweepOptions } from "./types";

/**
 * Below this estimated cost (chainCost units, ≈ 4–5 ns each here) a sweep runs serially unless the
 * caller asks for workers. Measured on this shared 2-core VM (notebook build, dist/): a worker is
 * online ~30–65 ms after it is created and returns a 40 ms job after ~0.2 s (module load, cold JIT),
 * and 2 workers cost ~0.3 s more than one thread on notebook 04's sweep (3 M units). Notebook 05's
 * quick sweeps (101 M and 181 M units, 0.7–1 s serial) were no faster with 2 workers (0.9–1.7 s,
 * other jobs were loading the cores), notebook 06's (438 M, 2.0–2.8 s serial) gained while a core
 * was free (1.4–2.0 s) and lost while it was not (2.7–3.6 s); notebook 05's paper three-phase sweep
 * (1041 M) ran in 2.6–2.7 s on 2 workers against 4.2–4.4 s serial. So the break-even lies near
 * 1 s serial: 250 M units.
 */
export const PARALLEL_MIN_COST = 250e6;

/**
 * Runs (or loads from cache) all chains of a sweep. Every chain is its own cache entry (./units.ts),
 * computed by the runner — on worker threads when the missing chains' estimated cost reaches
 * PARALLEL_MIN_COST (the runner's minParallelCost), else in this thread — or found stored (from shards,
 * another sweep, or an interrupted run of this sweep: finished chains are kept). The sweep entry
 * assembled from them (kit/assemble.ts, which keeps the chain entries) holds exactly the files of one serial run. Progress counts updates over all chains (stored chains count as done).
 * Cancelled by a kernel interrupt (SIGINT) or opts.signal (workers are stopped; finished chains stay stored).
 * `wallSeconds` is this computation's wall time plus the time spent on the chains found stored.
 * @throws ConfigError for a bad problem or chain (message names the chain) or worker count; CancelledError
 */
export async function runChainSweep(config: ChainSweepConfig, opts: SweepOptions = {}): Promise<ChainSweep> {
  check(config.chains.length > 0, "a sweep needs at least one chain");
  buildProblem(config.problem); // bad problems fail here, even on a cache hit
  const total = config.chains.reduce((s, c) => s + chainSteps(c), 0);
  let t0 = 0,
    storedSeconds = 0,
    fromShards = 0;
  const r = await assembleEntry({
    kind: "nonlinear-sweep",
    codeVersion: NONLINEAR_CODE_VERSION,
    config,
    part: "chain",
    parts: async () => {
      t0 = performance.now();
      const s = await computeSweep(config, opts);
      storedSeconds = s.storedSeconds;
      fromShards = s.fromShards;
      return s.parts;
    },
    write: (dir, parts) => {
      const { records, outcomes: merged } = mergeParts(config.chains.length, parts);
      const wallSeconds = (performance.now() - t0) / 1000 + storedSeconds;
      const outcomes: ChainOutcome[] = merged.map((o) => ({
        chain: o.chain,
        tag: config.chains[o.chain].tag ?? "",
        status: o.status,
        stoppedAtStep: o.stoppedAtStep,
      }));
      writeJson(dir, "rows.json", sweepRows(config, records, outcomes));
      writeJson(dir, "outcomes.json", outcomes);
      return { wallSeconds, chainSteps: total, chainsFromShards: fromShards };
    },
    load: (dir, manifest) => ({
      rows: readJson<Row[]>(dir, "rows.json"),
      outcomes: readJson<ChainOutcome[]>(dir, "outcomes.json"),
      wallSeconds: Number(manifest.meta.wallSeconds),
      chainsFromShards: Number(manifest.meta.chainsFromShards ?? 0),
    }),
  });
  if (r.hit) opts.onProgress?.(total, total, "cached");
  const { rows, outcomes, wallSeconds, chainsFromShards } = r.value;
  return {
    config,
    frame: toFrame(rows),
    rows,
    outcomes,
    wallSeconds,
    chainSteps: total,
    chainStepsPerSecond: total / Math.max(wallSeconds, 1e-9),
    cacheHit: r.hit,
    chainsFromShards,
  };
}

/** Every chain of a sweep in chain order (null where its entry is not readable): stored ones read, the others computed by the runner. */
async function computeSweep(
  config: ChainSweepConfig,
  opts: SweepOptions,
): Promise<{ parts: (PartResult | null)[]; storedSeconds: number; fromShards: number }> {
  const units = chainUnits(config);
  const before = storedEntries(units);
  const missing = units.filter((u) => !before.get(u.id));
  const fromShards = units.length - missing.length;
  const missingCost = missing.reduce((s, u) => s + u.cost, 0);

  const note = `${missing.length} chains${fromShards ? ` (${fromShards} read from shards)` : ""}`;
  const report = await runUnits(units, {
    families: NONLINEAR_FAMILIES,
    workers: opts.workers,
    minParallelCost: PARALLEL_MIN_COST,
    signal: opts.signal,
    onProgress: (p) => opts.onProgress?.(p.done, p.total, note),
  });
  const storedSeconds = units.reduce((s, u) => s + Number(before.get(u.id)?.manifest.meta.wallSeconds ?? 0), 0);
  const parts = units.map((u, k) => (report.dirs[u.id] ? loadChain(report.dirs[u.id], k) : null));
  return { parts, storedSeconds, fromShards };
}
