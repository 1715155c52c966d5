/**
 * The fast MLP training step: gradients by the hand-written backward pass of
 * ../kernels/mlp-grads.ts (why it is faster, and the measurements, are documented there), then the
 * same coupled-weight-decay momentum SGD as ./sgd.ts:
 *   v ← μv + (g + λθ);  θ ← θ − ηv  (paper Sec. 2, torch.optim.SGD with dampening 0).
 * Equal to the plain step of ./path.ts (tf.grads + sgdMomentumUpdate) up to float32 rounding (tested).
 */
import { tf } from "../env/tf";
import { check } from "../core/errors";
import { SgdHyper, checkSgdHyper } from "./sgd";
import { mlpLossGrads, mlpLossGradsAndLoss } from "../kernels/mlp-grads";
import type { DropoutDraw } from "../kernels/dropout";

/** η, μ, λ as resident scalar tensors. Dispose with {@link disposeSgdScalars}. */
export interface SgdScalars {
  lr: tf.Scalar;
  momentum: tf.Scalar;
  weightDecay: tf.Scalar;
}

/**
 * Uploads the optimizer hyperparameters once.
 * @throws ConfigError naming a bad value (as checkSgdHyper)
 */
export function sgdScalars(h: SgdHyper): SgdScalars {
  checkSgdHyper(h);
  return { lr: tf.scalar(h.lr), momentum: tf.scalar(h.momentum), weightDecay: tf.scalar(h.weightDecay) };
}

/** Frees the scalars of {@link sgdScalars}. */
export function disposeSgdScalars(s: SgdScalars): void {
  tf.dispose([s.lr, s.momentum, s.weightDecay]);
}

/**
 * One training step: gradients by {@link mlpLossGrads}, then v ← μv + (g + λθ), θ ← θ − ηv.
 * Pure: returns new tensors and leaves the inputs alive (the caller disposes them), like
 * sgdMomentumUpdate.
 * @param params θ and @param velocity v, per-entry tensors in layout order
 * @param x [B, in]; @param onehot [B, C]; @param s hyperparameters from {@link sgdScalars}
 * @param withLoss also return the batch loss at θ (before the update), for divergence checks
 * @param dropout rate and mask seed of the dropout before the class layer (absent: none)
 * @returns the new θ and v (and the loss, a scalar, when withLoss)
 */
export function mlpSgdStep(
  params: tf.Tensor[],
  velocity: tf.Tensor[],
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  s: SgdScalars,
  withLoss = false,
  dropout?: DropoutDraw,
): { params: tf.Tensor[]; velocity: tf.Tensor[]; loss?: tf.Scalar } {
  check(velocity.length === params.length, `velocity has ${velocity.length} tensors, params ${params.length}`);
  const out = tf.tidy(() => {
    const { grads, loss } = mlpLossGradsAndLoss(params, x, onehot, withLoss, dropout);
    const v = velocity.map((vi, i) =>
      tf.add(tf.mul(vi, s.momentum), tf.add(grads[i], tf.mul(params[i], s.weightDecay))),
    );
    const p = params.map((pi, i) => tf.sub(pi, tf.mul(v[i], s.lr)));
    return loss ? [...p, ...v, loss] : [...p, ...v];
  });
  const n = params.length;
  return {
    params: out.slice(0, n),
    velocity: out.slice(n, 2 * n),
    ...(withLoss ? { loss: out[2 * n] as tf.Scalar } : {}),
  };
}
