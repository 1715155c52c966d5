/** Full-set loss and accuracy of the network (the metrics of paper Fig. 1). */
import { tf } from "../env/tf";
import { LabelledSet } from "../data/mnist";
import { mlpForward } from "../models/mlp";
import { lossAndCorrectSums } from "../models/losses";
import type { HostSet } from "./host-batch";

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
}

/** Uploads a labelled set. @param numClasses C */
export function toSetTensors(set: LabelledSet, numClasses: number): SetTensors {
  const tensors = tf.tidy(() => {
    const labels = tf.tensor1d(set.y, "int32");
    return { x: tf.tensor2d(set.x, [set.n, set.dim]), onehot: tf.oneHot(labels, numClasses).toFloat() as tf.Tensor2D, labels };
  });
  return { ...tensors, n: set.n, host: { x: set.x, labels: set.y, n: set.n, dim: set.dim, numClasses } };
}

/** Frees a set's tensors. */
export function disposeSet(s: SetTensors): void {
  tf.dispose([s.x, s.onehot, s.labels]);
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

/**
 * Loss and accuracy of the network with parameters `params` on all of `set`,
 * in chunks of `chunk` rows to bound memory (evaluation mode: no dropout).
 * @param params per-entry tensors in layout order
 * @param forward the network's forward pass (default: the MLP's, mlpForward)
 */
export function evaluateSet(params: tf.Tensor[], set: SetTensors, chunk = 2500, forward: ForwardFn = mlpForward): SetMetrics {
  const sums = tf.tidy(() => {
    let loss: tf.Tensor = tf.scalar(0);
    let correct: tf.Tensor = tf.scalar(0);
    for (let start = 0; start < set.n; start += chunk) {
      const size = Math.min(chunk, set.n - start);
      const out = forward(params, tf.slice(set.x, [start, 0], [size, -1]));
      const [l, c] = lossAndCorrectSums(out, tf.slice(set.onehot, [start, 0], [size, -1]), tf.slice(set.labels, [start], [size]));
      loss = tf.add(loss, l);
      correct = tf.add(correct, c);
    }
    return tf.stack([loss, correct]);
  });
  const [loss, correct] = sums.dataSync();
  sums.dispose();
  return { loss: loss / set.n, acc: correct / set.n };
}
