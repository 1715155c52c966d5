/** Full-set loss and accuracy of the network (the metrics of paper Fig. 1). */
import { tf } from "../env/tf";
import { LabelledSet } from "../data/mnist";
import { mlpForward } from "../models/mlp";
import { lossAndCorrectSums } from "../models/losses";
import type { HostSet } from "../kernels/host-batch";

/** A labelled set resident as tensors. Dispose with {@link disposeSet}. */
export interface SetTensors {
  /** inputs [n, dim] float32 */
  x: tf.Tensor2D;
  /** one-hot targets [n, C] float32 */
  onehot: tf.Tensor2D;
  /** labels [n] int32 */
  labels: tf.Tensor1D;
  n: number;
  /** the same rows on the host (no copy of the loader's arrays), for building minibatches without tf.gather */
  host: HostSet;
  /**
   * The rows again as resident consecutive chunks of EVAL_CHUNK_ROWS (the last one shorter), cut
   * once at upload: a full-set evaluation then slices nothing (wasm's Slice copies at ≈ 1 ns per
   * float: 22 ms per 2 500 × 784 chunk, as long as the chunk's forward pass; measured). Sets of
   * more than one chunk hold their inputs twice (MNIST test set: +30 MB; CIFAR-10's 45 000-image
   * pool: +550 MB); a set of one chunk shares the full tensors' data.
   */
  chunks: { x: tf.Tensor2D; onehot: tf.Tensor2D; labels: tf.Tensor1D; n: number }[];
}

/** Rows per resident evaluation chunk (bounds a convnet's activation memory during evaluation). */
export const EVAL_CHUNK_ROWS = 2500;

/** Uploads a labelled set. @param numClasses C */
export function toSetTensors(set: LabelledSet, numClasses: number): SetTensors {
  const tensors = tf.tidy(() => {
    const labels = tf.tensor1d(set.y, "int32");
    const x = tf.tensor2d(set.x, [set.n, set.dim]),
      onehot = tf.oneHot(labels, numClasses).toFloat() as tf.Tensor2D;
    const chunks = [];
    for (let start = 0; start < set.n; start += EVAL_CHUNK_ROWS) {
      const n = Math.min(EVAL_CHUNK_ROWS, set.n - start);
      chunks.push(
        n === set.n
          ? { x: x.clone(), onehot: onehot.clone(), labels: labels.clone(), n }
          : {
              x: tf.slice(x, [start, 0], [n, -1]),
              onehot: tf.slice(onehot, [start, 0], [n, -1]),
              labels: tf.slice(labels, [start], [n]),
              n,
            },
      );
    }
    return { x, onehot, labels, chunks };
  });
  return { ...tensors, n: set.n, host: { x: set.x, labels: set.y, n: set.n, dim: set.dim, numClasses } };
}

/** Frees a set's tensors (including its evaluation chunks). */
export function disposeSet(s: SetTensors): void {
  tf.dispose([s.x, s.onehot, s.labels, ...s.chunks.flatMap((c) => [c.x, c.onehot, c.labels])]);
}

/** Full-set metrics. */
export interface SetMetrics {
  /** mean over the set of ½‖f(x) − onehot(y)‖² */
  loss: number;
  /** fraction of argmax predictions equal to the label, in [0, 1] */
  acc: number;
}

/** A forward pass f(x; θ): params in layout order, x [B, dim] → outputs [B, C]. */
export type ForwardFn = (params: tf.Tensor[], x: tf.Tensor2D) => tf.Tensor2D;

/** The set's rows in consecutive chunks of `chunk` rows: the resident chunks when the size matches, else slices (inside a tidy). */
function chunksOf(set: SetTensors, chunk: number): { x: tf.Tensor2D; onehot: tf.Tensor2D; labels: tf.Tensor1D }[] {
  if (chunk === EVAL_CHUNK_ROWS || (chunk >= set.n && set.n <= EVAL_CHUNK_ROWS)) return set.chunks;
  if (chunk >= set.n) return [set];
  const out = [];
  for (let start = 0; start < set.n; start += chunk) {
    const size = Math.min(chunk, set.n - start);
    out.push({
      x: tf.slice(set.x, [start, 0], [size, -1]),
      onehot: tf.slice(set.onehot, [start, 0], [size, -1]),
      labels: tf.slice(set.labels, [start], [size]),
    });
  }
  return out;
}

/**
 * Loss and accuracy of the network with parameters `params` on all of `set`,
 * in chunks of `chunk` rows to bound memory (evaluation mode: no dropout). The default chunk
 * size uses the set's resident chunks (no slicing per call).
 * @param params per-entry tensors in layout order
 * @param chunk rows per forward pass (default EVAL_CHUNK_ROWS)
 * @param forward the network's forward pass (default: the MLP's, mlpForward)
 */
export function evaluateSet(
  params: tf.Tensor[],
  set: SetTensors,
  chunk = EVAL_CHUNK_ROWS,
  forward: ForwardFn = mlpForward,
): SetMetrics {
  const sums = tf.tidy(() => {
    let loss: tf.Tensor = tf.scalar(0);
    let correct: tf.Tensor = tf.scalar(0);
    for (const part of chunksOf(set, chunk)) {
      const [l, c] = lossAndCorrectSums(forward(params, part.x), part.onehot, part.labels);
      loss = tf.add(loss, l);
      correct = tf.add(correct, c);
    }
    return tf.stack([loss, correct]);
  });
  const [loss, correct] = sums.dataSync();
  sums.dispose();
  return { loss: loss / set.n, acc: correct / set.n };
}
