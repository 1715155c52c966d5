/**
 * The independent units of the late-decay experiment: one main path per seed, one
 * subpath per (seed, decay epoch). Each is computed into its own cache entry, by this
 * process (serially) or by a worker thread or a shard process — with identical results.
 */
import * as fs from "fs";
import * as path from "path";
import { deriveSeed, Rng } from "../../core/rng";
import { cached, entryDir } from "../../store/cache";
import { CheckpointReader, CheckpointWriter } from "../../store/checkpoints";
import { loadSplit } from "../../data/datasets";
import { Network, ModelConfig, networkOf } from "../../models/network";
import { toSetTensors, disposeSet, SetTensors } from "../../train/evaluate";
import { trainPath, EpochMetrics } from "../../train/path";
import { TrainState } from "../../train/state";
import { LateDecayConfig } from "./config";

/** Bump when a change alters the numbers these runs produce. */
export const LATE_DECAY_CODE_VERSION = "late-decay-2";
/** Bump when a change alters only the convnet (VGG) runs' numbers: convolution, pooling, conv blocks. */
export const CONVNET_CODE_VERSION = "convnet-2";

/**
 * The code version of a path's numbers for a model: LATE_DECAY_CODE_VERSION, plus
 * CONVNET_CODE_VERSION for convnets (so a change in the convnet kernels does not invalidate MLP runs).
 */
export function pathCodeVersion(model: ModelConfig): string {
  return model.kind === "vgg" ? `${LATE_DECAY_CODE_VERSION}+${CONVNET_CODE_VERSION}` : LATE_DECAY_CODE_VERSION;
}

/** A main path or a subpath of one seed. `id` is "main/<seed>" or "sub/<seed>/<E>". */
export type PathTask = { id: string; kind: "main"; seed: number } | { id: string; kind: "subpath"; seed: number; decayEpoch: number };

/** All tasks of a config: per seed, the main path then its subpaths. */
export function lateDecayTasks(c: LateDecayConfig): PathTask[] {
  return c.seeds.flatMap((seed): PathTask[] => [
    { id: `main/${seed}`, kind: "main", seed },
    ...c.decayEpochs.map((decayEpoch): PathTask => ({ id: `sub/${seed}/${decayEpoch}`, kind: "subpath", seed, decayEpoch })),
  ]);
}

/** Epochs a task trains. */
export function taskEpochs(c: LateDecayConfig, t: PathTask): number {
  return t.kind === "main" ? c.mainEpochs : c.subpathEpochs;
}

function mainKey(c: LateDecayConfig, seed: number, backend: string) {
  const { data, model, hyper, batchSize, mainEpochs, checkpointEveryEpochs, evalEveryEpochs } = c;
  return { data, model, hyper, batchSize, mainEpochs, checkpointEveryEpochs, evalEveryEpochs, seed, backend };
}

function cacheSpec(c: LateDecayConfig, t: PathTask, backend: string) {
  if (t.kind === "main") return { kind: "late-decay-main", codeVersion: pathCodeVersion(c.model), config: mainKey(c, t.seed, backend) };
  const { decayFactor, subpathEpochs, momentumAtBranch } = c;
  return {
    kind: "late-decay-subpath", codeVersion: pathCodeVersion(c.model),
    config: { main: mainKey(c, t.seed, backend), decayEpoch: t.decayEpoch, decayFactor, subpathEpochs, momentumAtBranch },
  };
}

/** Cache folder of a task's entry (whether or not it exists). */
export function taskDir(c: LateDecayConfig, t: PathTask, backend: string): string {
  return entryDir(cacheSpec(c, t, backend));
}

/** A path's metric rows from its cache folder. */
export function loadHistory(dir: string): EpochMetrics[] {
  return JSON.parse(fs.readFileSync(path.join(dir, "history.json"), "utf8"));
}

/** What computing tasks needs: the network, the data as tensors, cancellation, progress. */
export interface TaskContext {
  config: LateDecayConfig;
  backend: string;
  network: Network;
  train: SetTensors;
  test: SetTensors;
  signal?: AbortSignal;
  tick: (epochs: number, note: string) => void;
  dispose(): void;
}

/** Loads the config's data split and uploads it. Call dispose() when done. */
export async function openTaskContext(c: LateDecayConfig, backend: string, signal: AbortSignal | undefined,
  tick: (epochs: number, note: string) => void): Promise<TaskContext> {
  const network = networkOf(c.model);
  const split = loadSplit(c.data);
  const train = toSetTensors(split.train, network.numClasses);
  const test = toSetTensors(split.test, network.numClasses);
  return { config: c, backend, network, train, test, signal, tick, dispose: () => { disposeSet(train); disposeSet(test); } };
}

/** The state a task starts from: a seeded init (main path) or the main path's checkpoint at E (subpath). */
function startState(ctx: TaskContext, t: PathTask): TrainState {
  const c = ctx.config;
  const size = ctx.network.layout.size;
  if (t.kind === "main") {
    return {
      params: ctx.network.init(new Rng(deriveSeed(t.seed, "init"))), velocity: new Float32Array(size),
      epoch: 0, step: 0, rngState: new Rng(deriveSeed(t.seed, "batches")).state(),
    };
  }
  const ck = new CheckpointReader(taskDir(c, { id: `main/${t.seed}`, kind: "main", seed: t.seed }, ctx.backend));
  const row = ck.rowOfEpoch(t.decayEpoch);
  return {
    params: ck.params(row), velocity: c.momentumAtBranch === "carry" ? ck.velocity(row) : new Float32Array(size),
    epoch: t.decayEpoch, step: ck.index.steps[row], rngState: ck.index.rngStates[row],
  };
}

/**
 * Computes one task into its cache entry unless it is there already. A subpath first
 * ensures its main path (computing it if missing).
 * @returns whether it was a cache hit
 */
export async function computeTask(ctx: TaskContext, t: PathTask): Promise<boolean> {
  const c = ctx.config;
  if (t.kind === "subpath") await computeTask(ctx, { id: `main/${t.seed}`, kind: "main", seed: t.seed });
  const label = t.kind === "main" ? `main path seed ${t.seed}` : `subpath E=${t.decayEpoch} seed ${t.seed}`;
  const r = await cached({
    ...cacheSpec(c, t, ctx.backend),
    compute: async (dir) => {
      const writer = new CheckpointWriter(dir, ctx.network.layout.size);
      const t0 = performance.now();
      const { history } = await trainPath(startState(ctx, t), {
        pathId: t.kind === "main" ? `main path (seed ${t.seed})` : `subpath (decay epoch ${t.decayEpoch}, seed ${t.seed})`,
        network: ctx.network, train: ctx.train, test: ctx.test,
        hyper: t.kind === "main" ? c.hyper : { ...c.hyper, lr: c.hyper.lr * c.decayFactor },
        batchSize: c.batchSize, epochs: taskEpochs(c, t), evalEveryEpochs: c.evalEveryEpochs,
        checkpointEveryEpochs: c.checkpointEveryEpochs, batchSeed: deriveSeed(t.seed, "batches"), signal: ctx.signal,
        onCheckpoint: (ck) => writer.append(ck),
        onProgress: (_d, _t, last) => ctx.tick(1, `${label}${last ? ` test loss ${last.testLoss.toFixed(4)}` : ""}`),
      });
      writer.close();
      fs.writeFileSync(path.join(dir, "history.json"), JSON.stringify(history));
      return { wallSeconds: (performance.now() - t0) / 1000 };
    },
    load: () => undefined,
  });
  return r.hit;
}

/** Computes tasks one after another in this process. */
export async function runTasksSerially(ctx: TaskContext, tasks: PathTask[]): Promise<void> {
  for (const t of tasks) await computeTask(ctx, t);
}
