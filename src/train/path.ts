/**
 * Training one path at a constant learning rate (paper Sec. 2: the main path at
 * the large LR, or a subpath at the decayed LR), with full-set metrics every
 * `evalEveryEpochs` epochs and checkpoints every `checkpointEveryEpochs` epochs.
 */
import { tf } from "../env/tf";
import { Network } from "../models/network";
import { Rng } from "../core/rng";
import { checkInt } from "../core/errors";
import { DivergenceError } from "../core/errors";
import { throwIfCancelled, yieldToEventLoop } from "../core/cancel";
import { halfSquaredLoss } from "../models/losses";
import { SgdHyper, checkSgdHyper, sgdMomentumUpdate } from "./sgd";
import { mlpSgdStep, sgdScalars, disposeSgdScalars } from "./mlp-step";
import { hostBatch } from "../kernels/host-batch";
import { TrainState, toTensors, toFlat } from "./state";
import { SetTensors, evaluateSet } from "./evaluate";

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
  onCheckpoint?: (c: Checkpoint) => void;
  onProgress?: (epochsDone: number, epochsTotal: number, last?: EpochMetrics) => void;
}

/**
 * Trains `spec.epochs` epochs from `start`. Each epoch draws a seeded permutation of
 * the training set and takes ⌈n/B⌉ steps. Metrics and checkpoints are taken at the
 * start epoch and at every multiple of their interval (and metrics at the last epoch).
 * @returns the final state (new arrays) and the metric rows
 * @throws DivergenceError naming the path, epoch and lr when a loss is NaN/Inf;
 *         CancelledError when the signal aborts (checked every step)
 */
export async function trainPath(start: TrainState, spec: PathSpec): Promise<{ state: TrainState; history: EpochMetrics[] }> {
  checkSgdHyper(spec.hyper);
  checkInt("epochs", spec.epochs, 0);
  checkInt("batchSize", spec.batchSize, 1, spec.train.n);
  checkInt("evalEveryEpochs", spec.evalEveryEpochs, 1);
  checkInt("checkpointEveryEpochs", spec.checkpointEveryEpochs, 0);
  const rng = new Rng(spec.batchSeed, start.rngState);
  const { layout } = spec.network;
  const forward = spec.network.forward;
  let params = toTensors(layout, start.params);
  let velocity = toTensors(layout, start.velocity);
  const scalars = sgdScalars(spec.hyper);
  let { epoch, step } = start;
  const endEpoch = start.epoch + spec.epochs;
  const history: EpochMetrics[] = [];
  const record = () => {
    const tr = evaluateSet(params, spec.train, undefined, forward);
    const te = evaluateSet(params, spec.test, undefined, forward);
    const row = { epoch, step, lr: spec.hyper.lr, trainLoss: tr.loss, trainAcc: tr.acc, testLoss: te.loss, testAcc: te.acc };
    if (!Number.isFinite(tr.loss) || !Number.isFinite(te.loss)) {
      throw new DivergenceError(`${spec.pathId} diverged at epoch ${epoch} (step ${step}) with lr=${spec.hyper.lr}: train loss ${tr.loss}`);
    }
    history.push(row);
    return row;
  };
  const checkpoint = () => spec.onCheckpoint?.({ epoch, step, params: toFlat(layout, params), velocity: toFlat(layout, velocity), rngState: rng.state() });
  try {
    record();
    if (spec.checkpointEveryEpochs > 0) checkpoint();
    // dropout (if any) draws its seeds from the minibatch generator, whose state is checkpointed
    const lossOf = (x: tf.Tensor2D, y: tf.Tensor2D) => (...ps: tf.Tensor[]) => halfSquaredLoss(forward(ps, x, { training: true, rng }), y);
    // Minibatches are copied on the host and uploaded (tf.gather of 125×784 rows costs ~3.7 ms on wasm,
    // the copy ~0.4 ms); MLPs use the hand-written step of ./mlp-step (checked against tf.grads in tests).
    const isMlp = spec.network.kind === "mlp";
    while (epoch < endEpoch) {
      const perm = rng.permutation(spec.train.n);
      for (let b = 0; b < spec.train.n; b += spec.batchSize) {
        throwIfCancelled(spec.signal, spec.pathId);
        const next = tf.tidy(() => {
          const [x, y] = hostBatch(spec.train.host, perm.subarray(b, Math.min(b + spec.batchSize, spec.train.n)));
          const upd = isMlp ? mlpSgdStep(params, velocity, x, y, scalars)
            : sgdMomentumUpdate(params, tf.grads(lossOf(x, y))(params), velocity, spec.hyper);
          return [...upd.params, ...upd.velocity];
        });
        tf.dispose([...params, ...velocity]);
        params = next.slice(0, params.length);
        velocity = next.slice(params.length);
        step++;
        await yieldToEventLoop(); // lets a kernel interrupt (SIGINT) or a worker's cancel message through between steps
      }
      epoch++;
      const last = epoch % spec.evalEveryEpochs === 0 || epoch === endEpoch ? record() : undefined;
      if (spec.checkpointEveryEpochs > 0 && epoch % spec.checkpointEveryEpochs === 0) checkpoint();
      spec.onProgress?.(epoch - start.epoch, spec.epochs, last);
    }
    const state: TrainState = { params: toFlat(layout, params), velocity: toFlat(layout, velocity), epoch, step, rngState: rng.state() };
    return { state, history };
  } finally {
    tf.dispose([...params, ...velocity]);
    disposeSgdScalars(scalars);
  }
}
