/**
 * A tfjs (float32) reference of the nonlinear model's training loss, Ren, Ma, Ying 2024, Sec. 4:
 * L(w) = (1/2n) Σ_i (‖w‖^γ w·x_i − y_i)². A test helper, to check the closed-form gradient
 * of src/models/nonlinear.ts against tf.grad (automatic differentiation). The caller picks the backend.
 */
import { tf } from "../../src/env/tf";
import { checkGamma, type NonlinearProblem } from "../../src/models/nonlinear";

/**
 * L(w) as a tf scalar (float32). Pure tensor function: call inside tf.tidy or tf.grad.
 * @param X [n, d]; @param y [n]; @param w [d]; @param gamma γ ≥ 0
 */
export function trainLossTf(X: tf.Tensor2D, y: tf.Tensor1D, w: tf.Tensor1D, gamma: number): tf.Scalar {
  checkGamma(gamma);
  const alpha = gamma === 0 ? w : tf.mul(tf.pow(tf.norm(w), gamma), w);
  const pred = tf.squeeze(tf.matMul(X, tf.expandDims(alpha, 1)), [1]);
  return tf.div(tf.sum(tf.square(tf.sub(pred, y))), 2 * X.shape[0]) as tf.Scalar;
}

/**
 * Loss and gradient of L at w by tf.grad, in float32; all tensors are disposed.
 * @param w [d]; @returns { loss, grad [d] } as plain numbers (float32 precision)
 */
export function trainLossAndGradTf(
  p: NonlinearProblem,
  w: Float64Array,
  gamma: number,
): { loss: number; grad: Float32Array } {
  return tf.tidy(() => {
    const X = tf.tensor2d(Float32Array.from(p.X), [p.n, p.d], "float32");
    const y = tf.tensor1d(Float32Array.from(p.y), "float32");
    const wt = tf.tensor1d(Float32Array.from(w), "float32");
    const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => trainLossTf(X, y, v as tf.Tensor1D, gamma))(wt);
    return { loss: value.dataSync()[0], grad: Float32Array.from(grad.dataSync()) };
  });
}
