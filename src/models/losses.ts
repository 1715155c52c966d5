/** Losses and accuracy of the network experiments (paper Sec. 2: squared loss on one-hot targets). */
import { tf } from "../env/tf";

/**
 * Batch mean of ½‖f(x) − onehot(y)‖²: squared error summed over classes, halved,
 * averaged over the batch (the authors' MSE-on-one-hot objective).
 * @param out network outputs [B, C]
 * @param target one-hot targets [B, C]
 * @returns scalar
 */
export function halfSquaredLoss(out: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(out, target))), 2 * out.shape[0]) as tf.Scalar);
}

/**
 * Sum (not mean) of ½‖f(x) − onehot(y)‖² and of correct argmax predictions over a batch,
 * for accumulating full-set metrics over chunks.
 * @param out [B, C]; @param target one-hot [B, C]; @param labels int32 [B]
 */
export function lossAndCorrectSums(out: tf.Tensor2D, target: tf.Tensor2D, labels: tf.Tensor1D): [tf.Scalar, tf.Scalar] {
  return tf.tidy(() => {
    const loss = tf.div(tf.sum(tf.square(tf.sub(out, target))), 2) as tf.Scalar;
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), labels), "float32")) as tf.Scalar;
    return [loss, correct];
  });
}
