/**
 * The claim map's cost before it runs: cells × seeds × epochs, what is already cached, and the
 * wall time on this backend estimated from timed epochs and one timed evaluation per data set
 * and model (as src/experiments/late-decay/estimate.ts does for one experiment). Paper-size maps
 * on wasm/cpu are refused with this estimate unless forced.
 */
import { ConfigError } from "../../core/errors";
import { configHash } from "../../core/hash";
import { initBackend } from "../../env/backend";
import { storedEntries, workerCount } from "../../runner";
import {
  ESTIMATE_ABOVE_STEPS,
  lateDecayUnits,
  openPathSetup,
  pathsWork,
  timeEpochAndEval,
  type RunWork,
} from "../late-decay";
import { epochsPerSeed, mapCells } from "./cells";
import { checkClaimMapConfig } from "./config";
import type { ClaimMapConfig, MapCell } from "./types";

/**
 * On wasm/cpu, maps estimated above this many hours of wall time are refused unless forced: the
 * quick map (about 15 minutes on the onnx engine, an hour on tfjs-wasm) passes even on a loaded machine, the paper map (weeks) does not.
 */
export const CLAIM_MAP_MAX_HOURS_ON_SLOW_BACKEND = 8;

/** One cell's share of the estimate. */
export interface CellEstimate {
  cell: string;
  /** epochs still to train (0 when every path is cached) */
  uncachedEpochs: number;
  uncachedSteps: number;
  /** serial seconds of the uncached epochs and their evaluations */
  seconds: number;
  /** worker threads the runner will use for them (runner/workers.ts workerCount) */
  workers: number;
}

/** The map's size and estimated wall time. */
export interface ClaimMapEstimate {
  /** what computes the paths (BackendInfo.computeId: engine, version, tfjs backend) */
  backend: string;
  /** the tfjs backend ("tensorflow" = native: no refusal) */
  tfjsBackend: string;
  cells: number;
  seeds: number;
  /** main path + two subpaths, per seed and cell */
  epochsPerSeed: number;
  totalEpochs: number;
  uncachedEpochs: number;
  uncachedSteps: number;
  /** serial seconds (one core) of the uncached work */
  seconds: number;
  /** the most worker threads a cell's run will use (the runner's policy, per cell), and the sum of each cell's seconds / its workers */
  workers: number;
  wallSeconds: number;
  perCell: CellEstimate[];
  /** seconds per epoch and per full evaluation, by "data set · model" (only those timed) */
  timings: Record<string, { epochSeconds: number; evalSeconds: number }>;
}

/** Epochs timed per data set and model (two: the first steps' warm-up is averaged out; a second or so for the MLP). */
const TIMED_EPOCHS = 2;

const timings = new Map<string, { epochSeconds: number; evalSeconds: number }>();

/** Per-epoch and per-evaluation seconds of a cell's network on its data, timed once per process. */
async function timingOf(cell: MapCell, backend: string): Promise<{ epochSeconds: number; evalSeconds: number }> {
  const c = cell.config;
  const key = configHash({ backend, data: c.data, model: c.model, batchSize: c.batchSize });
  let t = timings.get(key);
  if (!t) {
    const setup = openPathSetup(c, c.seeds[0]);
    // a small LR and no weight decay: the time of a step does not depend on them, and a cell whose own
    // settings diverge (recorded by the run) must not stop the estimate
    const hyper = { lr: 1e-4, momentum: c.hyper.momentum, weightDecay: 0 };
    try {
      t = await timeEpochAndEval({ hyper, batchSize: c.batchSize }, setup, TIMED_EPOCHS);
    } finally {
      setup.dispose();
    }
    timings.set(key, t);
  }
  return t;
}

/**
 * The work of a cell's paths that are not cached (late-decay/work.ts, path by path), and the worker
 * threads the runner will use for them (its policy, runner/workers.ts workerCount, as runLateDecay's run gets it).
 */
function uncachedWork(
  cell: MapCell,
  backend: string,
  tfjsBackend: string,
  requested: number | undefined,
): RunWork & { workers: number } {
  const units = lateDecayUnits(cell.config, backend);
  const stored = storedEntries(units);
  const missing = units.filter((u) => !stored.get(u.id));
  return {
    ...pathsWork(
      cell.config,
      missing.map((u) => u.payload),
    ),
    workers: workerCount(missing, { requested, backend: tfjsBackend }),
  };
}

/**
 * The map's size, what is cached, and its estimated wall time on this backend. Times one epoch and
 * one evaluation per data set × model that has uncached work (seconds each; once per process).
 * @param opts.workers worker threads of the run (default: the runner's policy for each cell's uncached paths)
 * @throws ConfigError for an invalid map; DataFileError for missing data files
 */
export async function claimMapEstimate(
  config: ClaimMapConfig,
  opts: { workers?: number } = {},
): Promise<ClaimMapEstimate> {
  const c = checkClaimMapConfig(config);
  const { computeId: backend, backend: tfjsBackend } = await initBackend();
  const cells = mapCells(c);
  const perCell: CellEstimate[] = [];
  const used: ClaimMapEstimate["timings"] = {};
  for (const cell of cells) {
    const w = uncachedWork(cell, backend, tfjsBackend, opts.workers);
    let seconds = 0;
    if (w.epochs > 0) {
      const t = await timingOf(cell, backend);
      used[`${cell.dataset} · ${cell.model}`] = t;
      seconds = w.epochs * t.epochSeconds + w.evaluations * t.evalSeconds;
    }
    perCell.push({ cell: cell.id, uncachedEpochs: w.epochs, uncachedSteps: w.steps, seconds, workers: w.workers });
  }
  const sum = (f: (e: CellEstimate) => number) => perCell.reduce((s, e) => s + f(e), 0);
  const perSeed = epochsPerSeed(c);
  return {
    backend,
    tfjsBackend,
    cells: cells.length,
    seeds: c.seeds.length,
    epochsPerSeed: perSeed,
    totalEpochs: cells.length * c.seeds.length * perSeed,
    uncachedEpochs: sum((e) => e.uncachedEpochs),
    uncachedSteps: sum((e) => e.uncachedSteps),
    seconds: sum((e) => e.seconds),
    workers: Math.max(1, ...perCell.filter((e) => e.uncachedEpochs > 0).map((e) => e.workers)),
    wallSeconds: sum((e) => e.seconds / e.workers),
    perCell,
    timings: used,
  };
}

const minutes = (s: number) =>
  s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${(s / 60).toFixed(0)} min` : `${(s / 3600).toFixed(1)} h`;

/** The estimate in one line, e.g. "18 cells × 8 seeds × 160 epochs = 23 040 epochs; uncached 23 040; about 52 min on 2 workers (wasm)". */
export function describeEstimate(e: ClaimMapEstimate): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const cost =
    e.uncachedEpochs === 0
      ? "every path cached"
      : `about ${minutes(e.wallSeconds)} on ${e.workers} worker${e.workers > 1 ? "s" : ""} (${e.backend}; ` +
        `from timed epochs and one timed evaluation per data set and model; worker start-up not included)`;
  return `${e.cells} cells × ${e.seeds} seeds × ${e.epochsPerSeed} epochs = ${n(e.totalEpochs)} epochs; uncached ${n(e.uncachedEpochs)}; ${cost}`;
}

/** Whether a run must be estimated before it starts: a slow backend, not forced, and many uncached steps. */
export function mapNeedsEstimate(backend: string, force: boolean, uncachedSteps: number): boolean {
  return !force && backend !== "tensorflow" && uncachedSteps > ESTIMATE_ABOVE_STEPS;
}

/**
 * Throws when the estimate exceeds CLAIM_MAP_MAX_HOURS_ON_SLOW_BACKEND on wasm/cpu (unless forced).
 * @throws ConfigError with the estimate and how to run the map instead
 */
export function refuseIfMapTooSlow(e: ClaimMapEstimate, force: boolean): void {
  if (
    !mapNeedsEstimate(e.tfjsBackend, force, e.uncachedSteps) ||
    e.wallSeconds / 3600 <= CLAIM_MAP_MAX_HOURS_ON_SLOW_BACKEND
  )
    return;
  throw new ConfigError(
    `this claim map needs ${describeEstimate(e)}. Run it on a machine with @tensorflow/tfjs-node-gpu (see environment.md), ` +
      `as a job array (\`npm run shard -- 01b --profile … --shard k/N\`, \`npm run slurm -- write 01b …\`), use the quick profile, or set forceSlowBackend = true to run anyway.`,
  );
}
