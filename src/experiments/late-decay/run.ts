/**
 * The late-decay experiment (paper Sec. 2, Fig. 1): for each seed, a main path at the
 * large LR with checkpoints, and one subpath per decay epoch E that starts from the
 * main path's checkpoint at E with the LR multiplied by `decayFactor`.
 *
 * Branch semantics: a subpath copies the main path's parameters, epoch, step counter
 * and minibatch-generator state at E (so its minibatches are those a single run with a
 * step schedule would draw). The momentum buffer is carried over (`"carry"`, what a
 * step-schedule run does) or restarted at zero (`"reset"`, what the authors' scripts
 * did since they reload weights only). The main path is never modified by branching.
 *
 * Every path is one cache entry keyed by its full config, the backend and CODE_VERSION,
 * so an interrupted run loses at most the paths in progress. Paths run on worker threads
 * (./late-decay-worker) when more than one worker is allowed; they write the same cache
 * entries a serial run writes.
 */
import * as os from "os";
import * as path from "path";
import { initBackend } from "../../env/backend";
import { withInterrupt } from "../../core/cancel";
import { checkInt } from "../../core/errors";
import { validEntry } from "../../store/cache";
import { EpochMetrics } from "../../train/path";
import { LateDecayConfig, checkLateDecayConfig } from "./config";
import { needsEstimate, refuseIfTooSlow } from "./estimate";
import { networkOf } from "../../models/network";
import { runPool } from "../worker-pool";
import { PathTask, lateDecayTasks, taskDir, taskEpochs, runTasksSerially, openTaskContext, loadHistory } from "./units";

export { LATE_DECAY_CODE_VERSION } from "./units";

/** One trained path. */
export interface PathRun {
  kind: "main" | "subpath";
  seed: number;
  /** the subpath's decay epoch; null for the main path */
  decayEpoch: number | null;
  /** metric rows, first row = the path's starting point */
  history: EpochMetrics[];
  /** cache folder holding this path's checkpoints (read with CheckpointReader) */
  dir: string;
  /** true when it was in the cache before this call */
  cacheHit: boolean;
}

/** Progress callback: epochs done and total over the whole experiment. */
export type ProgressFn = (done: number, total: number, note: string) => void;

/** Options of {@link runLateDecay}. */
export interface RunOptions {
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** run even when the estimate exceeds MAX_HOURS_ON_SLOW_BACKEND on wasm/cpu (default false) */
  forceSlowBackend?: boolean;
  /** worker threads for uncached paths; default LATE_DECAY_WORKERS, else 1 on tensorflow, else the core count */
  workers?: number;
}

/** Result of {@link runLateDecay}. */
export interface LateDecayRuns {
  config: LateDecayConfig;
  backend: string;
  /** main paths then subpaths, for every seed */
  paths: PathRun[];
  /** wall time of this call in seconds (small when everything was cached) */
  wallSeconds: number;
}

/** Default worker count: LATE_DECAY_WORKERS, else 1 on a native (GPU) backend, else the number of cores. */
export function defaultWorkers(backend: string): number {
  const env = process.env.LATE_DECAY_WORKERS;
  if (env) return checkInt("LATE_DECAY_WORKERS", Number(env), 1);
  return backend === "tensorflow" ? 1 : Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * Trains (or loads from cache) the main path and all subpaths for every seed.
 * Runs are cancelled by a kernel interrupt (SIGINT) or `opts.signal` within one step.
 * @throws ConfigError for an invalid config or a run too slow for this backend (with its
 *   estimate); DivergenceError naming the path, epoch and lr; DataFileError for missing data files
 */
export async function runLateDecay(config: LateDecayConfig, opts: RunOptions = {}): Promise<LateDecayRuns> {
  const c = checkLateDecayConfig(config);
  const { backend } = await initBackend();
  const t0 = performance.now();
  const tasks = lateDecayTasks(c);
  const total = tasks.reduce((a, t) => a + taskEpochs(c, t), 0);
  const cachedBefore = new Set(tasks.filter((t) => validEntry(taskDir(c, t, backend)) !== null).map((t) => t.id));
  const todo = tasks.filter((t) => !cachedBefore.has(t.id));
  let done = total - todo.reduce((a, t) => a + taskEpochs(c, t), 0);
  const tick = (epochs: number, note: string) => { done += epochs; opts.onProgress?.(done, total, note); };
  if (todo.length > 0) {
    await withInterrupt(async (signal) => {
      const workers = Math.min(opts.workers ?? defaultWorkers(backend), todo.length);
      const nTrain = c.data.trainPerClass * networkOf(c.model).numClasses;
      // the data are loaded here only when this process trains (serially) or times the run first;
      // workers load their own copy
      if (workers <= 1 || needsEstimate(c, backend, opts.forceSlowBackend ?? false, nTrain)) {
        const ctx = await openTaskContext(c, backend, signal, tick);
        try {
          if (needsEstimate(c, backend, opts.forceSlowBackend ?? false, ctx.train.n)) await refuseIfTooSlow(c, backend, ctx);
          if (workers <= 1) return await runTasksSerially(ctx, todo);
        } finally {
          ctx.dispose();
        }
      }
      const workerFile = path.join(__dirname, `worker${path.extname(__filename)}`);
      const jobs = todo.map((t) => ({ ...t, dependsOn: t.kind === "subpath" && !cachedBefore.has(`main/${t.seed}`) ? `main/${t.seed}` : undefined, config: c }));
      await runPool(workerFile, jobs, opts.workers ?? defaultWorkers(backend), { signal, onProgress: tick });
    }, opts.signal);
  } else {
    opts.onProgress?.(total, total, "all paths cached");
  }
  const paths = tasks.map((t): PathRun => {
    const dir = taskDir(c, t, backend);
    return { kind: t.kind, seed: t.seed, decayEpoch: t.kind === "main" ? null : t.decayEpoch, history: loadHistory(dir), dir, cacheHit: cachedBefore.has(t.id) };
  });
  return { config: c, backend, paths, wallSeconds: (performance.now() - t0) / 1000 };
}

/** Folder of the cached main path of `seed` (whether or not it exists yet). */
export function mainPathDir(config: LateDecayConfig, seed: number, backend: string): string {
  return taskDir(config, { id: `main/${seed}`, kind: "main", seed }, backend);
}

export type { PathTask };
