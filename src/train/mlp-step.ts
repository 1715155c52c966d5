/**
 * A faster MLP training step (forward + backward + momentum SGD), equal to the plain step of
 * ./path.ts — tf.grads of halfSquaredLoss(mlpForward(θ, x), onehot) then sgdMomentumUpdate —
 * up to float32 rounding (tested over several steps).
 *
 * Why it is faster (wasm backend, 784-100-10, batch 125; `npm run bench` prints the numbers):
 *   - the backward pass is written by hand, with no gradient tape: dL/dout = (out − onehot)/B
 *     for L = Σ(out − onehot)²/(2B); per layer dW = hᵀ·dz (explicit transpose, then a plain
 *     matMul: wasm's transposed-operand matMul is ~10× slower), db = Σ_rows dz, and
 *     dh = dz·Wᵀ, dz_prev = dh ⊙ 1[h > 0] (ReLU);
 *   - it skips the gradient with respect to the input batch, which tf.grads through the
 *     `dense` custom gradient computes anyway (a third of the first layer's matMul flops);
 *   - η, μ, λ are uploaded once as scalar tensors ({@link sgdScalars}), not on every op.
 * Feed it batches from ./host-batch.ts rather than tf.gather: on wasm the gather of a 125×784
 * batch costs more than the rest of the step (measured: 784-100-10 step 7.8 ms plain, 6.3 ms
 * with this function on gathered batches, 2.7 ms with host batches; machine loaded).
 * The update is the same coupled-weight-decay momentum SGD as ./sgd.ts:
 *   v ← μv + (g + λθ);  θ ← θ − ηv  (paper Sec. 2, torch.optim.SGD with dampening 0).
 */
import { tf } from "../env/tf";
import { check } from "../core/errors";
import { SgdHyper, checkSgdHyper } from "./sgd";

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
 * Gradients of the batch-mean half squared loss of the MLP (ReLU hidden layers, linear output)
 * with respect to every parameter tensor, by a hand-written backward pass.
 * @param params per-entry tensors in layout order (kernel0 [in, h1], bias0 [h1], ...)
 * @param x inputs [B, in]; @param onehot targets [B, C]
 * @returns gradients, same shapes and order as params (caller owns them)
 * @throws ConfigError when params are not kernel/bias pairs
 */
export function mlpLossGrads(params: tf.Tensor[], x: tf.Tensor2D, onehot: tf.Tensor2D): tf.Tensor[] {
  check(params.length % 2 === 0 && params.length >= 2, `expected kernel/bias pairs, got ${params.length} tensors`);
  return tf.tidy(() => {
    const L = params.length / 2;
    const acts: tf.Tensor2D[] = [x]; // inputs of each layer: x, h1, ..., h_{L-1}
    let out: tf.Tensor2D = x;
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(out, params[2 * l] as tf.Tensor2D), params[2 * l + 1]) as tf.Tensor2D;
      out = l + 1 < L ? tf.relu(z) : z;
      if (l + 1 < L) acts.push(out);
    }
    let dz = tf.div(tf.sub(out, onehot), x.shape[0]) as tf.Tensor2D;
    const grads: tf.Tensor[] = new Array(params.length);
    for (let l = L - 1; l >= 0; l--) {
      grads[2 * l] = tf.matMul(tf.transpose(acts[l]), dz);
      grads[2 * l + 1] = tf.sum(dz, 0);
      if (l > 0) {
        const dh = tf.matMul(dz, tf.transpose(params[2 * l] as tf.Tensor2D));
        dz = tf.mul(dh, tf.step(acts[l])) as tf.Tensor2D; // ReLU'(z) = 1[h > 0]
      }
    }
    return grads;
  });
}

/**
 * One training step: gradients by {@link mlpLossGrads}, then v ← μv + (g + λθ), θ ← θ − ηv.
 * Pure: returns new tensors and leaves the inputs alive (the caller disposes them), like
 * sgdMomentumUpdate.
 * @param params θ and @param velocity v, per-entry tensors in layout order
 * @param x [B, in]; @param onehot [B, C]; @param s hyperparameters from {@link sgdScalars}
 * @returns the new θ and v
 */
export function mlpSgdStep(params: tf.Tensor[], velocity: tf.Tensor[], x: tf.Tensor2D, onehot: tf.Tensor2D, s: SgdScalars):
  { params: tf.Tensor[]; velocity: tf.Tensor[] } {
  check(velocity.length === params.length, `velocity has ${velocity.length} tensors, params ${params.length}`);
  const out = tf.tidy(() => {
    const grads = mlpLossGrads(params, x, onehot);
    const v = velocity.map((vi, i) => tf.add(tf.mul(vi, s.momentum), tf.add(grads[i], tf.mul(params[i], s.weightDecay))));
    const p = params.map((pi, i) => tf.sub(pi, tf.mul(v[i], s.lr)));
    return [...p, ...v];
  });
  return { params: out.slice(0, params.length), velocity: out.slice(params.length) };
}
