/**
 * The onnx engine's workloads for `npm run bench` (src/train/onnx-mlp.ts): the MLP training step
 * as trainPath runs it on that engine — one call per epoch of 40 steps (5 000 rows, B = 125, the
 * quick profile's epoch) — reported per step, the full-set evaluation of 10 000 × 784 rows, and the
 * convnet's epoch (src/train/onnx-vgg.ts) likewise.
 * Data are seeded random like ./tf-workloads.ts (timing does not depend on them).
 */
import { Rng } from "../../src/core/rng";
import { initMlp, mlpLayout } from "../../src/models/mlp";
import { OnnxMlpTrainer, onnxMlpEvaluate } from "../../src/train/onnx-mlp";
import { OnnxVggTrainer } from "../../src/train/onnx-vgg";
import { initVgg, vggLayout, type VggConfig } from "../../src/models/vgg";
import type { HostSet } from "../../src/kernels/host-batch";
import { BATCH } from "./tf-workloads";

/** Rows of the epoch timed by {@link onnxMlpEpoch} (the quick profile's 500 images per class). */
export const EPOCH_ROWS = 5000;
/** Steps in one such epoch. */
export const EPOCH_STEPS = Math.ceil(EPOCH_ROWS / BATCH);

/** n seeded random rows on the host (uniform [0, 1), labels uniform over 10 classes). */
function hostSet(n: number, dim: number, seed: number): HostSet {
  const rng = new Rng(seed),
    x = new Float32Array(n * dim);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
  return { x, labels: Int32Array.from({ length: n }, () => rng.int(10)), n, dim, numClasses: 10 };
}

/** One epoch of EPOCH_STEPS momentum-SGD steps of a 784-…-10 MLP in one call (divide by EPOCH_STEPS for a step). */
export async function onnxMlpEpoch(hidden: number[], dropout = 0): Promise<{ run: () => Promise<unknown> }> {
  const c = { inputDim: 784, hidden, numClasses: 10 },
    layout = mlpLayout(c),
    rng = new Rng(0);
  const train = hostSet(EPOCH_ROWS, 784, 1);
  const trainer = await OnnxMlpTrainer.open(
    layout,
    initMlp(c, rng),
    new Float32Array(layout.size),
    { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 },
    dropout,
  );
  return {
    run: () =>
      trainer.epoch(
        train,
        rng.permutation(train.n),
        BATCH,
        dropout > 0 ? Array.from({ length: EPOCH_STEPS }, () => rng.int(2 ** 31)) : [],
      ),
  };
}

/** Loss and accuracy of a 784-100-10 MLP on 10 000 × 784 rows, one call. */
export function onnxEvalFull(): { run: () => Promise<unknown> } {
  const c = { inputDim: 784, hidden: [100], numClasses: 10 },
    layout = mlpLayout(c);
  const flat = initMlp(c, new Rng(0)),
    params = layout.entries.map((e) => flat.slice(e.offset, e.offset + e.size));
  const set = hostSet(10_000, 784, 2);
  return { run: () => onnxMlpEvaluate(layout, params, set) };
}

/**
 * One epoch of a VGG convnet (dropout 0) on the onnx engine in one call (src/train/onnx-vgg.ts): `rows`
 * seeded random images, B = 125; with rows = BATCH it is one step per call. Divide by ⌈rows/B⌉ for a step.
 */
export async function onnxConvEpoch(
  c: VggConfig,
  rows = EPOCH_ROWS,
): Promise<{ run: () => Promise<unknown>; steps: number }> {
  const layout = vggLayout(c),
    rng = new Rng(0),
    [h, w, ch] = c.inputShape;
  const train = hostSet(rows, h * w * ch, 1);
  const trainer = await OnnxVggTrainer.open(c, layout, initVgg(c, rng), new Float32Array(layout.size), {
    lr: 0.05,
    momentum: 0.9,
    weightDecay: 5e-4,
  });
  return { run: () => trainer.epoch(train, rng.permutation(train.n), BATCH), steps: Math.ceil(rows / BATCH) };
}
