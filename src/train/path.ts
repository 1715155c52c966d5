/**
 * Training one path at a constant learning rate (paper Sec. 2: the main path at
 * the large LR, or a subpath at the decayed LR), with full-set metrics every
 * `evalEveryEpochs` epochs and checkpoints every `checkpointEveryEpochs` epochs.
 * Every step's minibatch loss is checked for divergence (./divergence.ts); with `progress`
 * set, the path snapshots itself (./progress.ts) and a rerun resumes from the last snapshot
 * with a result byte-identical to an uninterrupted run.
 */
import { tf } from "../env/tf";
import { Network } from "../models/network";
import { Rng } from "../core/rng";
import { checkInt } from "../core/errors";
import { configHash } from "../core/hash";
import { throwIfCancelled, yieldToEventLoop } from "../core/cancel";
import { halfSquaredLoss } from "../models/losses";
import { SgdHyper, checkSgdHyper, sgdMomentumUpdate } from "./sgd";
import { mlpSgdStep, sgdScalars, disposeSgdScalars } from "./mlp-step";
import { hostBatch } from "../kernels/host-batch";
import { TrainState, toTensors, toFlat } from "./state";
import { SetMetrics, SetTensors, evaluateSet } from "./evaluate";
import { DivergenceWatch } from "./divergence";
import { PathProgress, clearProgress, loadProgress, saveProgress } from "./progress";
import { createHash } from "crypto";
import { EngineName, chooseEngine } from "../env/engine";
import { OnnxMlpTrainer } from "./onnx-mlp";
import { OnnxVggTrainer, onnxVggUnsupported } from "./onnx-vgg";

/** One row of a path's history. */
export interface EpochMetrics {
  epoch: number;
  step: number;
  lr: number;
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
}

/** A saved point of the path (copies, owned by the receiver). */
export interface Checkpoint {
  epoch: number;
  step: number;
  params: Float32Array;
  velocity: Float32Array;
  /** minibatch generator state at this point (to branch exactly) */
  rngState: object;
}

/** What a path is trained on and how. */
export interface PathSpec {
  /** name used in errors and progress, e.g. "main seed=0" or "subpath E=40 seed=0" */
  pathId: string;
  /** the network (its layout gives the parameter tensors; its forward pass the outputs) */
  network: Network;
  train: SetTensors;
  test: SetTensors;
  hyper: SgdHyper;
  /** minibatch size B (the last batch of an epoch is smaller when B does not divide n) */
  batchSize: number;
  /** epochs to train from the state's epoch */
  epochs: number;
  evalEveryEpochs: number;
  /** 0 = no checkpoints */
  checkpointEveryEpochs: number;
  /** seed of the minibatch generator (its state lives in TrainState.rngState) */
  batchSeed: number;
  signal?: AbortSignal;
  /**
   * The engine of the steps and evaluations (default: the process's, ../env/engine.ts). The onnx
   * engine trains MLPs and VGGs without dropout one epoch per call (./onnx-mlp.ts, ./onnx-vgg.ts);
   * other networks train on tfjs either way ({@link pathEngine} says which and why).
   */
  engine?: EngineName;
  /** the training seed, named in divergence errors */
  seed?: number;
  /** a finite minibatch loss above explosionFactor × the reference loss is divergence (default EXPLOSION_FACTOR = 100) */
  explosionFactor?: number;
  /** in-progress snapshots for resuming (see {@link PathProgressOptions}) */
  progress?: PathProgressOptions;
  onCheckpoint?: (c: Checkpoint) => void;
  onProgress?: (epochsDone: number, epochsTotal: number, last?: EpochMetrics) => void;
}

/** Where and how often a path snapshots itself; snapshots are taken at the end of an epoch. */
export interface PathProgressOptions {
  /** the path's working folder (kept across runs: e.g. a cache entry's resumable folder) */
  dir: string;
  /** snapshot at the end of an epoch once this many seconds passed since the last (default 30) */
  everySeconds?: number;
  /** also snapshot at the end of every epoch that is a multiple of this (default: time only) */
  everyEpochs?: number;
  /**
   * Called before training: the caller keeps the first `checkpoints` checkpoints it received
   * before (0 when no snapshot was found) and drops any later ones (CheckpointWriter.truncate).
   */
  onStart?: (at: { epoch: number; step: number; checkpoints: number; resumed: boolean }) => void;
}

/** The key of a path's snapshots: its spec's numbers and a hash of its start state. */
function progressKey(start: TrainState, spec: PathSpec): string {
  const { pathId, hyper, batchSize, epochs, evalEveryEpochs, checkpointEveryEpochs, batchSeed } = spec;
  const startHash = createHash("sha256").update(start.params).update(start.velocity).digest("hex");
  return configHash({
    pathId,
    hyper,
    batchSize,
    epochs,
    evalEveryEpochs,
    checkpointEveryEpochs,
    batchSeed,
    startHash,
    epoch: start.epoch,
    step: start.step,
    rngState: start.rngState,
    layout: spec.network.layout.size,
  });
}

/**
 * Trains `spec.epochs` epochs from `start`. Each epoch draws a seeded permutation of
 * the training set and takes ⌈n/B⌉ steps. Metrics and checkpoints are taken at the
 * start epoch and at every multiple of their interval (and metrics at the last epoch).
 * With `spec.progress`, a snapshot of the state, metric rows and checkpoint count is written
 * at epoch ends (atomically), a run that finds one of the same path resumes from it, and the
 * snapshot is removed when the path finishes.
 * @returns the final state (new arrays) and the metric rows
 * @throws DivergenceError (with `details`) naming the path, seed, epoch, step, lr and λ when a
 *         step's minibatch loss or a full-set loss is NaN/±Inf or past the explosion threshold;
 *         CancelledError when the signal aborts (checked every step)
 */
export async function trainPath(
  start: TrainState,
  spec: PathSpec,
): Promise<{ state: TrainState; history: EpochMetrics[] }> {
  checkSgdHyper(spec.hyper);
  checkInt("epochs", spec.epochs, 0);
  checkInt("batchSize", spec.batchSize, 1, spec.train.n);
  checkInt("evalEveryEpochs", spec.evalEveryEpochs, 1);
  checkInt("checkpointEveryEpochs", spec.checkpointEveryEpochs, 0);
  const { layout } = spec.network;
  const key = spec.progress ? progressKey(start, spec) : "";
  const resumed = spec.progress ? loadProgress<EpochMetrics>(spec.progress.dir, key, layout.size) : null;
  const from = resumed?.state ?? start;
  spec.progress?.onStart?.({
    epoch: from.epoch,
    step: from.step,
    checkpoints: resumed?.checkpoints ?? 0,
    resumed: resumed !== null,
  });
  const rng = new Rng(spec.batchSeed, from.rngState);
  const onnx = pathEngine(spec.network, spec.engine ?? chooseEngine().engine).engine === "onnx";
  const stepper = onnx ? await onnxStepper(spec, from) : tfjsStepper(spec, from);
  let { epoch, step } = from;
  const endEpoch = start.epoch + spec.epochs;
  const history: EpochMetrics[] = resumed ? resumed.history : [];
  let checkpoints = resumed?.checkpoints ?? 0;
  let watch: DivergenceWatch | undefined = resumed ? watchOf(spec, history[0].trainLoss) : undefined;
  const record = async () => {
    const tr = await stepper.evaluate(spec.train);
    const te = await stepper.evaluate(spec.test);
    const row = {
      epoch,
      step,
      lr: spec.hyper.lr,
      trainLoss: tr.loss,
      trainAcc: tr.acc,
      testLoss: te.loss,
      testAcc: te.acc,
    };
    watch ??= watchOf(spec, tr.loss);
    watch.checkSets(tr.loss, te.loss, epoch, step);
    history.push(row);
    return row;
  };
  const checkpoint = () => {
    spec.onCheckpoint?.({ epoch, step, ...stepper.flat(), rngState: rng.state() });
    checkpoints++;
  };
  let lastSnapshot = performance.now();
  const snapshot = (p: PathProgressOptions) => {
    const state: TrainState = { ...stepper.flat(), epoch, step, rngState: rng.state() };
    saveProgress<EpochMetrics>(p.dir, { key, state, history, checkpoints } satisfies PathProgress<EpochMetrics>);
    lastSnapshot = performance.now();
  };
  try {
    if (!resumed) {
      await record();
      if (spec.checkpointEveryEpochs > 0) checkpoint();
    }
    while (epoch < endEpoch) {
      step = await stepper.epoch(rng, epoch, step, watch as DivergenceWatch);
      epoch++;
      const last = epoch % spec.evalEveryEpochs === 0 || epoch === endEpoch ? await record() : undefined;
      if (spec.checkpointEveryEpochs > 0 && epoch % spec.checkpointEveryEpochs === 0) checkpoint();
      const p = spec.progress;
      if (
        p &&
        epoch < endEpoch &&
        ((p.everyEpochs && epoch % p.everyEpochs === 0) ||
          performance.now() - lastSnapshot >= 1000 * (p.everySeconds ?? 30))
      )
        snapshot(p);
      spec.onProgress?.(epoch - start.epoch, spec.epochs, last);
    }
    const state: TrainState = { ...stepper.flat(), epoch, step, rngState: rng.state() };
    if (spec.progress) clearProgress(spec.progress.dir);
    return { state, history };
  } finally {
    stepper.dispose();
  }
}

/**
 * The engine that trains a network's paths when the process's engine is `engine`, and why: the onnx
 * engine trains MLPs (with or without dropout) and VGG convnets without dropout
 * (./onnx-vgg.ts's onnxVggUnsupported); every other network trains on tfjs, with the reason.
 */
export function pathEngine(network: Network, engine: EngineName): { engine: EngineName; reason: string } {
  if (engine === "tfjs") return { engine, reason: "the process's engine is tfjs" };
  if (network.kind === "mlp") return { engine, reason: "the onnx engine trains MLPs" };
  const why = network.vgg ? onnxVggUnsupported(network.vgg) : "a VGG network without its config";
  return why
    ? { engine: "tfjs", reason: why }
    : { engine, reason: "the onnx engine trains VGG networks without dropout" };
}

/** How a path's engine trains one epoch, evaluates and hands its state back. */
interface PathStepper {
  /**
   * Trains one epoch from step `step` (drawing the permutation, and dropout seeds, from `rng`),
   * checking every step's minibatch loss with `watch` in step order.
   * @returns the step counter after the epoch
   */
  epoch(rng: Rng, epoch: number, step: number, watch: DivergenceWatch): Promise<number>;
  evaluate(set: SetTensors): Promise<SetMetrics>;
  /** θ and v as new flat arrays [P] */
  flat(): { params: Float32Array; velocity: Float32Array };
  dispose(): void;
}

/**
 * The tfjs engine: one step per tidy. Minibatches are copied on the host and uploaded (tf.gather of
 * 125×784 rows costs ~3.7 ms on wasm, the copy ~0.4 ms); MLPs use the hand-written step of
 * ./mlp-step (checked against tf.grads in tests), other networks tf.valueAndGrads. Dropout draws its
 * seeds from the minibatch generator (whose state is checkpointed): an MLP once per step, as its
 * forward pass does; other networks inside their forward pass.
 */
function tfjsStepper(spec: PathSpec, from: TrainState): PathStepper {
  const { layout, forward } = spec.network;
  let params = toTensors(layout, from.params);
  let velocity = toTensors(layout, from.velocity);
  const scalars = sgdScalars(spec.hyper);
  const isMlp = spec.network.kind === "mlp",
    mlpDropout = spec.network.mlpDropout ?? 0;
  return {
    async epoch(rng, epoch, step, watch) {
      const lossOf =
        (x: tf.Tensor2D, y: tf.Tensor2D) =>
        (...ps: tf.Tensor[]) =>
          halfSquaredLoss(forward(ps, x, { training: true, rng }), y);
      const perm = rng.permutation(spec.train.n);
      for (let b = 0; b < spec.train.n; b += spec.batchSize) {
        throwIfCancelled(spec.signal, spec.pathId);
        const next = tf.tidy(() => {
          const [x, y] = hostBatch(spec.train.host, perm.subarray(b, Math.min(b + spec.batchSize, spec.train.n)));
          if (isMlp) {
            const upd = mlpSgdStep(
              params,
              velocity,
              x,
              y,
              scalars,
              true,
              mlpDropout > 0 ? { rate: mlpDropout, seed: rng.int(2 ** 31) } : undefined,
            );
            return [...upd.params, ...upd.velocity, upd.loss as tf.Scalar];
          }
          const { value, grads } = tf.valueAndGrads(lossOf(x, y))(params);
          const upd = sgdMomentumUpdate(params, grads, velocity, spec.hyper);
          return [...upd.params, ...upd.velocity, value];
        });
        tf.dispose([...params, ...velocity]);
        const n = params.length;
        params = next.slice(0, n);
        velocity = next.slice(n, 2 * n);
        const batchLoss = next[2 * n].dataSync()[0];
        next[2 * n].dispose();
        step++;
        watch.checkStep(batchLoss, epoch, step);
        await yieldToEventLoop(); // lets a kernel interrupt (SIGINT) or a worker's cancel message through between steps
      }
      return step;
    },
    evaluate: async (set) => evaluateSet(params, set, undefined, forward),
    flat: () => ({ params: toFlat(layout, params), velocity: toFlat(layout, velocity) }),
    dispose: () => {
      tf.dispose([...params, ...velocity]);
      disposeSgdScalars(scalars);
    },
  };
}

/**
 * The onnx engine (MLPs; VGGs without dropout): one call per epoch (./onnx-mlp.ts, ./onnx-vgg.ts). The permutation, then with dropout
 * one mask seed per step, are drawn from the minibatch generator in the order the tfjs stepper
 * draws them. Every step's loss is checked after the call, in step order (a diverging epoch is
 * reported at its first bad step, as on tfjs); a cancel is seen between epochs.
 */
async function onnxStepper(spec: PathSpec, from: TrainState): Promise<PathStepper> {
  const { network } = spec;
  const dropout = network.mlpDropout ?? 0;
  const trainer =
    network.kind === "vgg"
      ? await OnnxVggTrainer.open(network.vgg!, network.layout, from.params, from.velocity, spec.hyper)
      : await OnnxMlpTrainer.open(network.layout, from.params, from.velocity, spec.hyper, dropout);
  return {
    async epoch(rng, epoch, step, watch) {
      throwIfCancelled(spec.signal, spec.pathId);
      const perm = rng.permutation(spec.train.n);
      const steps = Math.ceil(spec.train.n / spec.batchSize);
      const seeds = dropout > 0 ? Array.from({ length: steps }, () => rng.int(2 ** 31)) : [];
      const losses = await trainer.epoch(spec.train.host, perm, spec.batchSize, seeds);
      for (const loss of losses) watch.checkStep(loss, epoch, ++step);
      await yieldToEventLoop();
      return step;
    },
    evaluate: (set) => trainer.evaluate(set.host),
    flat: () => trainer.flat(),
    dispose: () => undefined,
  };
}

function watchOf(spec: PathSpec, startTrainLoss: number): DivergenceWatch {
  return new DivergenceWatch(
    {
      pathId: spec.pathId,
      seed: spec.seed,
      lr: spec.hyper.lr,
      weightDecay: spec.hyper.weightDecay,
      factor: spec.explosionFactor,
    },
    startTrainLoss,
  );
}
