/**
 * Inverted dropout as an explicit mask (Srivastava et al. 2014; the authors' VGG classifier and the
 * MLP variant of ../models/mlp.ts): each unit is kept with probability 1 − rate and a kept unit is
 * scaled by 1/(1 − rate), so the expected activation equals the evaluation-mode one (no dropout).
 * The mask is a tensor of its own so that a hand-written backward pass (./mlp-grads.ts) can apply
 * the same mask to the gradient: d(h ⊙ m)/dh = m.
 */
import { tf } from "../env/tf";
import { check, checkInt, showValue } from "../core/errors";

/** A dropout layer's draw: its rate and the integer seed of its mask. */
export interface DropoutDraw {
  /** probability of dropping a unit, in [0, 1) */
  rate: number;
  /** seed of the mask, e.g. `rng.int(2 ** 31)` from the path's minibatch generator */
  seed: number;
}

/** Throws unless `rate` is a number in [0, 1). `name` is used in the message. */
export function checkDropoutRate(name: string, rate: unknown): number {
  check(typeof rate === "number" && rate >= 0 && rate < 1, `${name} must be in [0, 1), got ${showValue(rate)}`);
  return rate as number;
}

/**
 * The multiplier of inverted dropout, `floor(u + keep) / keep` with u ~ U[0, 1) seeded and
 * keep = 1 − rate: entries are 0 (probability ≈ rate) or 1/(1 − rate). It is tf.dropout's own
 * multiplier, so `x ⊙ dropoutMask(x.shape, rate, seed)` equals `tf.dropout(x, rate, undefined, seed)`
 * bitwise (tested). The uniforms are drawn on the host by tfjs's seeded generator (seedrandom's alea),
 * so the mask depends on the seed only, not on the backend.
 * @param shape [B, h]; @param rate in [0, 1); @param seed integer
 * @returns the mask [B, h] (caller owns it)
 * @throws ConfigError for a rate outside [0, 1) or a non-integer seed, naming the value
 */
export function dropoutMask(shape: [number, number], rate: number, seed: number): tf.Tensor2D {
  checkDropoutRate("dropout rate", rate);
  checkInt("dropout seed", seed);
  const keep = 1 - rate;
  return tf.tidy(
    () => tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, "float32", seed), keep)), keep) as tf.Tensor2D,
  );
}
