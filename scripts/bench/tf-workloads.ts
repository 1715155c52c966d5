/**
 * The project's tfjs workloads for `npm run bench`, each as a closure doing one unit of work on
 * the current backend and reading a value back: the MLP train step as the obvious tfjs code
 * (tf.gather + tf.grads), src/train/mlp-step.ts (gradients by src/kernels/mlp-grads.ts) on gathered batches, and exactly as trainPath's
 * inner loop runs it for MLPs (src/train/path.ts: mlp-step.ts on host-built batches), full-set evaluation
 * (src/train/evaluate.ts), one landscape grid point (src/analysis/landscape.ts), and the CNN /
 * convnet steps below. Data are seeded random (timing does not depend on it).
 */
import { tf } from "../../src/env/tf";
import { Rng } from "../../src/core/rng";
import { initMlp, mlpForward, mlpLayout } from "../../src/models/mlp";
import { halfSquaredLoss } from "../../src/models/losses";
import { sgdMomentumUpdate, type SgdHyper } from "../../src/train/sgd";
import { mlpSgdStep, sgdScalars } from "../../src/train/mlp-step";
import { hostSetOf, hostBatch } from "../../src/kernels/host-batch";
import { toTensors } from "../../src/train/state";
import { evaluateSet, toSetTensors, disposeSet, type SetTensors } from "../../src/train/evaluate";
import { evaluateSurfacePoint } from "../../src/analysis/landscape";
import { planeSurface } from "../../src/analysis/surface";
import { networkOf } from "../../src/models/network";
import { vggLayout, initVgg, vggForward, vggSmallConfig, type VggConfig } from "../../src/models/vgg";

export const BATCH = 125;
const HYPER: SgdHyper = { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 };
/** The convnets timed: a small CNN on 28×28 inputs and a small VGG. */
export const CNN_SMALL: VggConfig = { inputShape: [28, 28, 1], widths: [16, "M", 32, "M"], hidden: [], numClasses: 10 };
export const VGG_SMALL: VggConfig = { ...vggSmallConfig(), dropout: 0.5 };
/** The claim map's convnet (src/experiments/claim-map/config.ts convSmall). */
export const CNN_CLAIM: VggConfig = {
  inputShape: [28, 28, 1],
  widths: ["M", 8, "M", 16],
  hidden: [32],
  dropout: 0,
  numClasses: 10,
};
/** The quick-cnn profile's narrow VGG (src/experiments/late-decay/config.ts cnnSmall). */
export const CNN_QUICK: VggConfig = {
  inputShape: [32, 32, 3],
  widths: [16, "M", 32, "M", 64, "M"],
  hidden: [64],
  dropout: 0,
  numClasses: 10,
};

/** A workload: `run` does one unit of work; `dispose` frees its tensors. */
export interface Workload {
  run: () => void;
  dispose: () => void;
}

/** n seeded random rows (uniform [0, 1), like pixel values) with labels, resident. */
export function randomSet(n: number, dim: number, seed: number): SetTensors {
  const rng = new Rng(seed);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
  const y = Array.from({ length: n }, () => rng.int(10));
  return toSetTensors({ x, y: Int32Array.from(y), n, dim }, 10);
}
const freeSet = (s: SetTensors) => disposeSet(s);

/**
 * One MLP training step on a resident 10 000-row set, minibatches from a seeded permutation.
 * variant "plain": the obvious tfjs code (tf.gather, tf.grads of halfSquaredLoss(mlpForward),
 * sgdMomentumUpdate); "fast": mlpSgdStep of src/train/mlp-step.ts on tf.gather batches;
 * "fast+host": mlpSgdStep on batches from src/kernels/host-batch.ts.
 */
export type MlpVariant = "plain" | "fast" | "fast+host";
export function mlpStep(hidden: number[], variant: MlpVariant): Workload {
  const c = { inputDim: 784, hidden, numClasses: 10 },
    layout = mlpLayout(c),
    rng = new Rng(0);
  const train = randomSet(10_000, 784, 1);
  let params = toTensors(layout, initMlp(c, rng));
  let velocity = toTensors(layout, new Float32Array(layout.size));
  const perm = rng.permutation(train.n),
    s = sgdScalars(HYPER),
    host = hostSetOf(train);
  const lossOf =
    (x: tf.Tensor2D, y: tf.Tensor2D) =>
    (...ps: tf.Tensor[]) =>
      halfSquaredLoss(mlpForward(ps, x), y);
  let b = 0;
  const run = () => {
    const next = tf.tidy(() => {
      const rows = perm.subarray(b, Math.min(b + BATCH, train.n));
      const idx = variant === "fast+host" ? null : tf.tensor1d(rows, "int32");
      const [x, y] = idx
        ? ([tf.gather(train.x, idx), tf.gather(train.onehot, idx)] as tf.Tensor2D[])
        : hostBatch(host, rows);
      const upd =
        variant === "plain"
          ? sgdMomentumUpdate(params, tf.grads(lossOf(x, y))(params), velocity, HYPER)
          : mlpSgdStep(params, velocity, x, y, s);
      return [...upd.params, ...upd.velocity];
    });
    tf.dispose([...params, ...velocity]);
    params = next.slice(0, params.length);
    velocity = next.slice(params.length);
    b = (b + BATCH) % train.n;
    params[params.length - 1].dataSync(); // wait for the step
  };
  return {
    run,
    dispose: () => {
      tf.dispose([...params, ...velocity, s.lr, s.momentum, s.weightDecay]);
      freeSet(train);
    },
  };
}

/** evaluateSet of a 784-100-10 MLP on 10 000 × 784 rows (what trainPath's metrics cost per set). */
export function evalFull(): Workload {
  const c = { inputDim: 784, hidden: [100], numClasses: 10 },
    layout = mlpLayout(c);
  const params = toTensors(layout, initMlp(c, new Rng(0))),
    set = randomSet(10_000, 784, 2);
  return {
    run: () => evaluateSet(params, set),
    dispose: () => {
      tf.dispose(params);
      freeSet(set);
    },
  };
}

/** One landscape grid point: evaluateSurfacePoint on a 500-row train subset and a 9 500-row test set. */
export function gridPoint(): Workload {
  const c = { inputDim: 784, hidden: [100], numClasses: 10 },
    layout = mlpLayout(c),
    rng = new Rng(0);
  const center = initMlp(c, rng),
    network = networkOf(c);
  const d1 = rng.fillNormal(new Float32Array(layout.size), 0.01),
    d2 = rng.fillNormal(new Float32Array(layout.size), 0.01);
  const surface = planeSurface(center, d1, d2);
  const sets = { train: randomSet(500, 784, 3), test: randomSet(9500, 784, 4) };
  const buffer = new Float32Array(layout.size);
  let k = 0;
  return {
    run: () => evaluateSurfacePoint(network, surface, (k % 7) / 7, (k++ % 5) / 5, sets, buffer),
    dispose: () => {
      freeSet(sets.train);
      freeSet(sets.test);
    },
  };
}

/** One convnet training step at batch 125 (tf.grads + sgdMomentumUpdate). */
export function convStep(c: VggConfig): Workload {
  const layout = vggLayout(c),
    rng = new Rng(0);
  let params = toTensors(layout, initVgg(c, rng));
  let vel = params.map((p) => tf.zerosLike(p));
  const [h, w, ch] = c.inputShape;
  const x = tf.tensor4d(rng.fillNormal(new Float32Array(BATCH * h * w * ch)), [BATCH, h, w, ch]);
  const y = tf.tidy(
    () =>
      tf
        .oneHot(
          tf.tensor1d(
            Array.from({ length: BATCH }, (_, i) => i % 10),
            "int32",
          ),
          10,
        )
        .toFloat() as tf.Tensor2D,
  );
  const run = () => {
    const grads = tf.tidy(() =>
      tf.grads((...p: tf.Tensor[]) => halfSquaredLoss(vggForward(c, p, x, { training: true, rng }), y))(params),
    );
    const next = sgdMomentumUpdate(params, grads, vel, HYPER);
    tf.dispose([...grads, ...params, ...vel]);
    params = next.params;
    vel = next.velocity;
    params[0].dataSync();
  };
  return { run, dispose: () => tf.dispose([...params, ...vel, x, y]) };
}

/**
 * A VGG training step exactly as trainPath's tfjs stepper runs it (src/train/path.ts): a host-built
 * batch of B = 125 rows drawn from `rows` seeded random images, tf.valueAndGrads of the half squared
 * loss through the network's forward pass, sgdMomentumUpdate, the loss read back.
 */
export function convPathStep(c: VggConfig, rows = 5000): Workload {
  const network = networkOf({ ...c, kind: "vgg" }),
    layout = network.layout,
    rng = new Rng(0);
  const [h, w, ch] = c.inputShape,
    dim = h * w * ch;
  const set = randomSet(rows, dim, 1);
  let params = toTensors(layout, network.init(rng));
  let vel = params.map((p) => tf.zerosLike(p));
  let perm = rng.permutation(rows),
    at = 0;
  const run = () => {
    if (at + BATCH > rows) {
      perm = rng.permutation(rows);
      at = 0;
    }
    const idx = perm.subarray(at, at + BATCH);
    at += BATCH;
    const next = tf.tidy(() => {
      const [x, y] = hostBatch(set.host, idx);
      const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) =>
        halfSquaredLoss(network.forward(ps, x, { training: true, rng }), y),
      )(params);
      const upd = sgdMomentumUpdate(params, grads, vel, HYPER);
      return [...upd.params, ...upd.velocity, value];
    });
    tf.dispose([...params, ...vel]);
    const n = params.length;
    params = next.slice(0, n);
    vel = next.slice(n, 2 * n);
    next[2 * n].dataSync();
    next[2 * n].dispose();
  };
  return {
    run,
    dispose: () => {
      tf.dispose([...params, ...vel]);
      freeSet(set);
    },
  };
}
