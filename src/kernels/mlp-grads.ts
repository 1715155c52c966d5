/**
 * The MLP's backward pass written for speed: the gradients of the fast training step
 * (../train/mlp-step.ts: forward + backward + momentum SGD), which equals the plain step of
 * ../train/path.ts — tf.grads of halfSquaredLoss(mlpForward(θ, x), onehot) then sgdMomentumUpdate —
 * up to float32 rounding (tested over several steps, also on the wide 784-256-256-10 MLP).
 *
 * Why it is faster (wasm backend, batch 125):
 *   - the backward pass is written by hand, with no gradient tape: dL/dout = (out − onehot)/B
 *     for L = Σ(out − onehot)²/(2B); per layer dW = hᵀ·dz, db = Σ_rows dz, dh = dz·Wᵀ
 *     ({@link denseInputGrad}), dz_prev = dh ⊙ 1[h > 0] (ReLU);
 *   - every matMul is a plain one with explicit transposes: tfjs-wasm sends only non-transposed
 *     matMuls to XNNPACK and runs transposed-operand ones in a naive loop (measured 10–20× slower:
 *     hᵀ·dz for a 784×256 layer 1.8 ms via tf.transpose, 27 ms via matMul(h, dz, true));
 *   - it skips the gradient with respect to the input batch, which tf.grads through the `dense`
 *     custom gradient computes anyway (for 784×256 a ~2.5 ms matMul, a third of that layer's flops);
 *   - η, μ, λ are uploaded once as scalar tensors (sgdScalars of ../train/mlp-step.ts), not on every op.
 * Feed it batches from ./host-batch.ts rather than tf.gather (a 125×784 gather costs ~3.5 ms).
 *
 * Measured (interleaved blocks in one process, host batches for both, medians of 5 processes,
 * machine shared, load 2.6–4): 784-100-10 this step 0.60× the plain step (e.g. 3.6 vs 6.3 ms);
 * 784-256-256-10 0.71× (e.g. 8.4 vs 12.0 ms). One `npm run bench` run showed the wide step
 * slower than plain (18.6 vs 14.2 ms); it was not reproduced (bench's gathered-batch rows, 6 later
 * comparisons: 0.58–0.93×; host batches, 5: 0.64–0.79×) and that run's other rows were disturbed
 * too (784-100-10 with host batches 4.3 ms, range 2.5–5.1, elsewhere 2.6–3.0): interference. Where
 * the wide step's time goes (per op, ms): forward matMul 784×256 2.5–3.5, its dW 1.8–2.5, the
 * 256×256 layer's forward, dW and dh 0.6–1.3 each, update of θ and v 0.9, the rest < 1: it is
 * bound by XNNPACK's matMuls (~150 MFLOP per step). tf.fused.matMul with bias and ReLU was
 * measured no faster (1.01–1.03×) and rounds differently, so it is not used.
 * The update (in ../train/mlp-step.ts) is the same coupled-weight-decay momentum SGD as ../train/sgd.ts.
 *
 * Dropout before the class layer (MlpConfig.dropout): the last layer's input is h ⊙ m with m the
 * inverted-dropout mask of ./dropout.ts (entries 0 or 1/(1 − rate)); its kernel gradient uses the
 * masked h, and the gradient reaching h is (dz·Wᵀ) ⊙ m. The same mask as mlpDropoutForward's for the same
 * seed, so the step equals tf.grads of mlpDropoutForward(θ, x, dropout) (tested).
 */
import { tf } from "../env/tf";
import { check, showValue } from "../core/errors";
import { DropoutDraw, dropoutMask } from "./dropout";

/**
 * Gradients of the batch-mean half squared loss of the MLP (ReLU hidden layers, linear output)
 * with respect to every parameter tensor, by a hand-written backward pass.
 * @param params per-entry tensors in layout order (kernel0 [in, h1], bias0 [h1], ...)
 * @param x inputs [B, in]; @param onehot targets [B, C]
 * @param dropout rate and mask seed of the dropout before the class layer (absent or rate 0: none)
 * @returns gradients, same shapes and order as params (caller owns them)
 * @throws ConfigError when params are not kernel/bias pairs, or dropout > 0 without a hidden layer
 */
export function mlpLossGrads(
  params: tf.Tensor[],
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  dropout?: DropoutDraw,
): tf.Tensor[] {
  return mlpLossGradsAndLoss(params, x, onehot, false, dropout).grads;
}

/**
 * {@link mlpLossGrads}, and when `withLoss` also the batch loss ½Σ‖out − onehot‖²/B (as
 * halfSquaredLoss) from the same forward pass (with dropout: the masked one): one reduction of
 * [B, C] values more.
 * @returns grads (layout order) and loss (a scalar, only when withLoss); the caller owns them
 */
export function mlpLossGradsAndLoss(
  params: tf.Tensor[],
  x: tf.Tensor2D,
  onehot: tf.Tensor2D,
  withLoss: boolean,
  dropout?: DropoutDraw,
): { grads: tf.Tensor[]; loss?: tf.Scalar } {
  check(params.length % 2 === 0 && params.length >= 2, `expected kernel/bias pairs, got ${params.length} tensors`);
  const rate = dropout?.rate ?? 0;
  check(
    rate === 0 || params.length >= 4,
    `dropout rate ${showValue(rate)} needs a hidden layer; got one kernel/bias pair`,
  );
  const out = tf.tidy(() => {
    const L = params.length / 2;
    const acts: tf.Tensor2D[] = [x]; // inputs of each layer: x, h1, ..., h_{L-1} (the last one masked with dropout)
    let out: tf.Tensor2D = x,
      mask: tf.Tensor2D | undefined;
    for (let l = 0; l < L; l++) {
      if (l === L - 1 && rate > 0) {
        mask = dropoutMask(out.shape, rate, (dropout as DropoutDraw).seed);
        out = acts[l] = tf.mul(out, mask);
      }
      const z = tf.add(tf.matMul(out, params[2 * l] as tf.Tensor2D), params[2 * l + 1]) as tf.Tensor2D;
      out = l + 1 < L ? tf.relu(z) : z;
      if (l + 1 < L) acts.push(out);
    }
    const residual = tf.sub(out, onehot);
    let dz = tf.div(residual, x.shape[0]) as tf.Tensor2D;
    const grads: tf.Tensor[] = new Array(params.length);
    for (let l = L - 1; l >= 0; l--) {
      grads[2 * l] = tf.matMul(tf.transpose(acts[l]), dz);
      grads[2 * l + 1] = tf.sum(dz, 0);
      if (l === 0) continue;
      let dh = denseInputGrad(dz, params[2 * l] as tf.Tensor2D);
      if (l === L - 1 && mask) dh = tf.mul(dh, mask); // d(h ⊙ m)/dh = m; 1[h ⊙ m > 0] below is 0 where m is
      dz = tf.mul(dh, tf.step(acts[l])) as tf.Tensor2D; // ReLU'(z) = 1[h > 0]
    }
    return withLoss ? [...grads, tf.div(tf.sum(tf.square(residual)), 2 * x.shape[0])] : grads;
  });
  return withLoss ? { grads: out.slice(0, params.length), loss: out[params.length] as tf.Scalar } : { grads: out };
}

/**
 * Backward pass of a dense layer to its input: dL/dh = dz·Wᵀ, by whichever of two plain
 * (non-transposed-operand) matMuls is cheaper on wasm. tfjs-wasm hands only non-transposed
 * matMuls to XNNPACK, which repacks the right operand whenever it is a new tensor (every step):
 *   dz·(Wᵀ) transposes and packs the in×out kernel;
 *   (W·dzᵀ)ᵀ transposes dz, packs dzᵀ (out×B) and transposes the B×in result.
 * Rule, from timing both on wasm (medians of 3 repeats): the second when in·out ≥ B·(in + out)/2
 * — 256×256 kernel at B = 125: 0.8–0.93×, 512×512: 0.6×, 784×100: 0.6× (wide MLP step: ~5% faster);
 * the first otherwise — 100×100: the second would be 1.4×, 256×10 and 100×10: 2×.
 * Each output entry is the same dot product over `out`, accumulated in the same order, so both
 * routes give bitwise-equal values (tested; the step was also bitwise unchanged over 200 training
 * steps of 784-256-256-10 on wasm and 20 on cpu), so the choice does not change training numbers.
 * @param dz gradient at the layer's output (pre-activation) [B, out]; @param w kernel [in, out]
 * @returns dL/dh [B, in] (caller owns it)
 * @throws ConfigError when the shapes do not match
 */
export function denseInputGrad(dz: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const [B, out] = dz.shape,
    [fanIn, fanOut] = w.shape;
  check(out === fanOut, `denseInputGrad: dz is [${dz.shape}] but the kernel is [${w.shape}] (out ${out} ≠ ${fanOut})`);
  return tf.tidy(
    () =>
      (2 * fanIn * fanOut >= B * (fanIn + fanOut)
        ? tf.transpose(tf.matMul(w, tf.transpose(dz)))
        : tf.matMul(dz, tf.transpose(w))) as tf.Tensor2D,
  );
}
