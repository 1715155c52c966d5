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
 * so an interrupted run loses at most the path in progress.
 */
import { initBackend } from "../env/backend";
import { deriveSeed, Rng } from "../core/rng";
import { withInterrupt } from "../core/cancel";
import { cached, entryDir, validEntry } from "../store/cache";
import { refuseIfTooSlow } from "./late-decay-estimate";
import { CheckpointReader, CheckpointWriter } from "../store/checkpoints";
import { mnistSplit } from "../data/mnist";
import { mlpLayout, initMlp } from "../models/mlp";
import { toSetTensors, disposeSet, SetTensors } from "../train/evaluate";
import { trainPath, EpochMetrics } from "../train/path";
import { TrainState } from "../train/state";
import { LateDecayConfig, checkLateDecayConfig } from "./late-decay-config";
import * as fs from "fs";
import * as path from "path";

/** Bump when a change alters the numbers these runs produce. */
export const LATE_DECAY_CODE_VERSION = "late-decay-1";

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
  /** true when loaded from cache */
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
}

interface Ctx {
  config: LateDecayConfig;
  backend: string;
  layout: ReturnType<typeof mlpLayout>;
  train: SetTensors;
  test: SetTensors;
  signal: AbortSignal;
  tick: (epochs: number, note: string) => void;
}

function mainKey(c: LateDecayConfig, seed: number, backend: string) {
  const { data, model, hyper, batchSize, mainEpochs, checkpointEveryEpochs, evalEveryEpochs } = c;
  return { data, model, hyper, batchSize, mainEpochs, checkpointEveryEpochs, evalEveryEpochs, seed, backend };
}

function subKey(c: LateDecayConfig, seed: number, decayEpoch: number, backend: string) {
  const { decayFactor, subpathEpochs, momentumAtBranch } = c;
  return { main: mainKey(c, seed, backend), decayEpoch, decayFactor, subpathEpochs, momentumAtBranch };
}

const loadHistory = (dir: string): EpochMetrics[] => JSON.parse(fs.readFileSync(path.join(dir, "history.json"), "utf8"));

async function runMain(ctx: Ctx, seed: number): Promise<PathRun> {
  const c = ctx.config;
  const r = await cached({
    kind: "late-decay-main", codeVersion: LATE_DECAY_CODE_VERSION, config: mainKey(c, seed, ctx.backend),
    compute: async (dir) => {
      const batchSeed = deriveSeed(seed, "batches");
      const start: TrainState = {
        params: initMlp(c.model, new Rng(deriveSeed(seed, "init"))), velocity: new Float32Array(ctx.layout.size),
        epoch: 0, step: 0, rngState: new Rng(batchSeed).state(),
      };
      const writer = new CheckpointWriter(dir, ctx.layout.size);
      const t0 = performance.now();
      const { history } = await trainPath(start, {
        pathId: `main path (seed ${seed})`, layout: ctx.layout, train: ctx.train, test: ctx.test, hyper: c.hyper,
        batchSize: c.batchSize, epochs: c.mainEpochs, evalEveryEpochs: c.evalEveryEpochs,
        checkpointEveryEpochs: c.checkpointEveryEpochs, batchSeed, signal: ctx.signal,
        onCheckpoint: (ck) => writer.append(ck), onProgress: (_d, _t, last) => ctx.tick(1, `main path seed ${seed}${last ? ` test loss ${last.testLoss.toFixed(4)}` : ""}`),
      });
      writer.close();
      fs.writeFileSync(path.join(dir, "history.json"), JSON.stringify(history));
      return { wallSeconds: (performance.now() - t0) / 1000 };
    },
    load: (dir) => loadHistory(dir),
  });
  if (r.hit) ctx.tick(c.mainEpochs, `main path seed ${seed} (cached)`);
  return { kind: "main", seed, decayEpoch: null, history: r.value, dir: r.dir, cacheHit: r.hit };
}

async function runSubpath(ctx: Ctx, main: PathRun, decayEpoch: number): Promise<PathRun> {
  const c = ctx.config;
  const seed = main.seed;
  const r = await cached({
    kind: "late-decay-subpath", codeVersion: LATE_DECAY_CODE_VERSION, config: subKey(c, seed, decayEpoch, ctx.backend),
    compute: async (dir) => {
      const ck = new CheckpointReader(main.dir);
      const row = ck.rowOfEpoch(decayEpoch);
      const start: TrainState = {
        params: ck.params(row),
        velocity: c.momentumAtBranch === "carry" ? ck.velocity(row) : new Float32Array(ctx.layout.size),
        epoch: decayEpoch, step: ck.index.steps[row], rngState: ck.index.rngStates[row],
      };
      const writer = new CheckpointWriter(dir, ctx.layout.size);
      const t0 = performance.now();
      const { history } = await trainPath(start, {
        pathId: `subpath (decay epoch ${decayEpoch}, seed ${seed})`, layout: ctx.layout, train: ctx.train, test: ctx.test,
        hyper: { ...c.hyper, lr: c.hyper.lr * c.decayFactor }, batchSize: c.batchSize, epochs: c.subpathEpochs,
        evalEveryEpochs: c.evalEveryEpochs, checkpointEveryEpochs: c.checkpointEveryEpochs,
        batchSeed: deriveSeed(seed, "batches"), signal: ctx.signal,
        onCheckpoint: (x) => writer.append(x), onProgress: (_d, _t, last) => ctx.tick(1, `subpath E=${decayEpoch} seed ${seed}${last ? ` test loss ${last.testLoss.toFixed(4)}` : ""}`),
      });
      writer.close();
      fs.writeFileSync(path.join(dir, "history.json"), JSON.stringify(history));
      return { wallSeconds: (performance.now() - t0) / 1000 };
    },
    load: (dir) => loadHistory(dir),
  });
  if (r.hit) ctx.tick(c.subpathEpochs, `subpath E=${decayEpoch} seed ${seed} (cached)`);
  return { kind: "subpath", seed, decayEpoch, history: r.value, dir: r.dir, cacheHit: r.hit };
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

/**
 * Trains (or loads from cache) the main path and all subpaths for every seed.
 * Runs are cancelled by a kernel interrupt (SIGINT) or `opts.signal` within one step.
 * @throws ConfigError for an invalid config; DivergenceError naming the path, epoch and lr
 */
export async function runLateDecay(config: LateDecayConfig, opts: RunOptions = {}): Promise<LateDecayRuns> {
  const c = checkLateDecayConfig(config);
  const { backend } = await initBackend();
  const t0 = performance.now();
  const total = c.seeds.length * (c.mainEpochs + c.decayEpochs.length * c.subpathEpochs);
  let done = 0;
  const split = mnistSplit({ trainPerClass: c.data.trainPerClass, testPerClass: c.data.testPerClass, seed: c.data.splitSeed });
  const train = toSetTensors(split.train, c.model.numClasses);
  const test = toSetTensors(split.test, c.model.numClasses);
  const layout = mlpLayout(c.model);
  try {
    if (!allCached(c, backend)) await refuseIfTooSlow(c, backend, opts.forceSlowBackend ?? false, layout, train, test);
    return await withInterrupt(async (signal) => {
      const ctx: Ctx = {
        config: c, backend, layout, train, test, signal,
        tick: (epochs, note) => { done += epochs; opts.onProgress?.(done, total, note); },
      };
      const paths: PathRun[] = [];
      for (const seed of c.seeds) {
        const main = await runMain(ctx, seed);
        paths.push(main);
        for (const e of c.decayEpochs) paths.push(await runSubpath(ctx, main, e));
      }
      return { config: c, backend, paths, wallSeconds: (performance.now() - t0) / 1000 };
    }, opts.signal);
  } finally {
    disposeSet(train);
    disposeSet(test);
  }
}

/** Whether every path of the experiment is already in the cache. */
function allCached(c: LateDecayConfig, backend: string): boolean {
  return c.seeds.every((seed) => validEntry(mainPathDir(c, seed, backend)) !== null &&
    c.decayEpochs.every((e) => validEntry(entryDir({ kind: "late-decay-subpath", codeVersion: LATE_DECAY_CODE_VERSION, config: subKey(c, seed, e, backend) })) !== null));
}

/** Folder of the cached main path of `seed` (whether or not it exists yet). */
export function mainPathDir(config: LateDecayConfig, seed: number, backend: string): string {
  return entryDir({ kind: "late-decay-main", codeVersion: LATE_DECAY_CODE_VERSION, config: mainKey(config, seed, backend) });
}

