/**
 * SGD with momentum and coupled (L2, PyTorch-style) weight decay, as in the
 * authors' scripts (torch.optim.SGD, dampening 0, no Nesterov):
 *   g ← ∇L(θ) + λ θ;   v ← μ v + g;   θ ← θ − η v.
 * With v initialised at 0 the first step gives v = g, exactly torch's first step.
 */
import { tf } from "../env/tf";
import { checkNumber } from "../core/errors";

/** Optimizer hyperparameters. */
export interface SgdHyper {
  /** learning rate η (per step) */
  lr: number;
  /** momentum μ in [0, 1) (0.9 in the paper) */
  momentum: number;
  /** weight decay λ ≥ 0, added to the gradient as λθ (coupled) */
  weightDecay: number;
}

/** Validates hyperparameters. @throws ConfigError naming the bad value */
export function checkSgdHyper(h: SgdHyper): SgdHyper {
  checkNumber("lr", h.lr, Number.MIN_VALUE);
  checkNumber("momentum", h.momentum, 0, 0.999999);
  checkNumber("weightDecay", h.weightDecay, 0);
  return h;
}

/**
 * One update of every parameter tensor. Pure: returns new tensors and leaves the
 * inputs alive (the caller disposes them).
 * @param params θ, one tensor per layout entry
 * @param grads ∇L(θ), same shapes
 * @param velocity v (momentum buffers), same shapes
 * @returns the new θ and v
 */
export function sgdMomentumUpdate(
  params: tf.Tensor[],
  grads: tf.Tensor[],
  velocity: tf.Tensor[],
  h: SgdHyper,
): { params: tf.Tensor[]; velocity: tf.Tensor[] } {
  const out = tf.tidy(() => {
    const v = velocity.map((vi, i) =>
      tf.add(tf.mul(vi, h.momentum), tf.add(grads[i], tf.mul(params[i], h.weightDecay))),
    );
    const p = params.map((pi, i) => tf.sub(pi, tf.mul(v[i], h.lr)));
    return [...p, ...v];
  });
  return { params: out.slice(0, params.length), velocity: out.slice(params.length) };
}
