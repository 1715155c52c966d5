/**
 * The authors' fully connected network (paper Sec. 2 / App.: input → width 100,
 * ReLU → 10 classes; depth and widths configurable), as a pure function of its
 * parameters, which are the entries of a flat {@link ParamLayout}. A variant adds dropout
 * before the class layer (as the authors' VGG classifier has): input → dense(h) → ReLU →
 * dropout(rate) → dense(classes), in training only.
 */
import { tf } from "../env/tf";
import { makeLayout, ParamLayout } from "../params/layout";
import { Rng } from "../core/rng";
import { check, checkInt, showValue } from "../core/errors";
import { DropoutDraw, checkDropoutRate, dropoutMask } from "../kernels/dropout";

/** Architecture of the MLP. */
export interface MlpConfig {
  /** input features (784 for MNIST) */
  inputDim: number;
  /** hidden layer widths, e.g. [100] (the authors' net) */
  hidden: number[];
  /** output units = classes (10) */
  numClasses: number;
  /**
   * Dropout rate in [0, 1) applied in training to the last hidden layer's ReLU output, i.e. just
   * before the class layer (as in the authors' VGG classifier); with several hidden layers only
   * there, not between hidden layers. Inverted dropout: kept units are scaled by 1/(1 − rate), and
   * evaluation (full-set metrics, landscapes) runs without dropout. Absent or 0: the plain MLP, with
   * the same numbers; leave it out rather than write 0, so that cache keys stay those of the plain MLP.
   */
  dropout?: number;
}

/**
 * Validates an MLP config.
 * @throws ConfigError naming the bad field (a dropout rate outside [0, 1), or dropout > 0 without a hidden layer)
 */
export function checkMlpConfig(c: MlpConfig): MlpConfig {
  checkInt("inputDim", c.inputDim, 1);
  checkInt("numClasses", c.numClasses, 1);
  check(Array.isArray(c.hidden), `hidden must be an array of widths, got ${showValue(c.hidden)}`);
  c.hidden.forEach((w, i) => checkInt(`hidden[${i}]`, w, 1));
  if (c.dropout !== undefined) {
    checkDropoutRate("model.dropout", c.dropout);
    check(
      c.dropout === 0 || c.hidden.length > 0,
      `model.dropout ${showValue(c.dropout)} needs a hidden layer (it acts before the class layer, on the last hidden layer); hidden is []`,
    );
  }
  return c;
}

/** Layer sizes [in, h1, ..., out]. */
function sizes(c: MlpConfig): number[] {
  return [c.inputDim, ...c.hidden, c.numClasses];
}

/**
 * Parameter layout: for each layer l, `dense{l}/kernel` [in, out] then `dense{l}/bias` [out].
 * P = Σ (in·out + out); 784-100-10 has 79 510 parameters.
 */
export function mlpLayout(c: MlpConfig): ParamLayout {
  checkMlpConfig(c);
  const s = sizes(c);
  const specs: { name: string; shape: number[]; kind: "kernel" | "bias" }[] = [];
  for (let l = 0; l + 1 < s.length; l++) {
    specs.push({ name: `dense${l}/kernel`, shape: [s[l], s[l + 1]], kind: "kernel" });
    specs.push({ name: `dense${l}/bias`, shape: [s[l + 1]], kind: "bias" });
  }
  return makeLayout(specs);
}

/**
 * PyTorch's default nn.Linear initialization (what the authors' scripts use):
 * kernel and bias entries ~ U(−1/√fan_in, 1/√fan_in), drawn from `rng` in layout order.
 * @returns flat parameters, Float32Array [P]
 */
export function initMlp(c: MlpConfig, rng: Rng): Float32Array {
  const layout = mlpLayout(c);
  const flat = new Float32Array(layout.size);
  for (const e of layout.entries) {
    const fanIn = e.kind === "kernel" ? e.shape[0] : layout.entries[layout.entries.indexOf(e) - 1].shape[0];
    const bound = 1 / Math.sqrt(fanIn);
    for (let i = 0; i < e.size; i++) flat[e.offset + i] = (2 * rng.uniform() - 1) * bound;
  }
  return flat;
}

const denseWithGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x, w), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g), tf.sum(g, 0)];
    },
  };
});

/**
 * Dense layer x·W + b with a hand-written gradient that transposes explicitly:
 * tfjs's own matMul gradient uses transposed-operand matMuls that run ~10× slower
 * on the wasm backend. Values and gradients equal tf.matMul(x, W).add(b)'s (tested).
 * @param x [B, in]; @param w [in, out]; @param b [out]
 * @returns [B, out]
 */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return denseWithGrad(x, w, b) as tf.Tensor2D;
}

/**
 * Forward pass f(x; θ) in evaluation mode: ReLU after every hidden layer, linear output, no dropout
 * (also for a config with dropout: inverted dropout needs no rescaling at evaluation).
 * @param params per-entry tensors in layout order (kernel0, bias0, kernel1, ...)
 * @param x [B, inputDim]
 * @returns outputs [B, numClasses]
 * @throws ConfigError when params are not kernel/bias pairs
 */
export function mlpForward(params: tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
  return mlpDropoutForward(params, x, undefined);
}

/**
 * Forward pass in training mode with dropout before the class layer: as {@link mlpForward}, with the
 * last hidden layer's output multiplied by the inverted-dropout mask {@link dropoutMask}([B, h],
 * rate, seed). The hand-written gradient of ../kernels/mlp-grads.ts draws the same mask for the same seed.
 * @param params per-entry tensors in layout order; @param x [B, inputDim]
 * @param dropout the rate and the mask's seed (absent or rate 0: {@link mlpForward}, no mask drawn)
 * @returns outputs [B, numClasses]
 * @throws ConfigError when params are not kernel/bias pairs, or dropout > 0 without a hidden layer
 */
export function mlpDropoutForward(params: tf.Tensor[], x: tf.Tensor2D, dropout: DropoutDraw | undefined): tf.Tensor2D {
  check(params.length % 2 === 0 && params.length >= 2, `expected kernel/bias pairs, got ${params.length} tensors`);
  const rate = dropout?.rate ?? 0;
  check(
    rate === 0 || params.length >= 4,
    `dropout rate ${showValue(rate)} needs a hidden layer; got one kernel/bias pair`,
  );
  let h = x;
  for (let l = 0; l < params.length; l += 2) {
    if (l + 2 === params.length && rate > 0) h = tf.mul(h, dropoutMask(h.shape, rate, (dropout as DropoutDraw).seed));
    const z = dense(h, params[l] as tf.Tensor2D, params[l + 1] as tf.Tensor1D);
    h = l + 2 < params.length ? tf.relu(z) : z;
  }
  return h;
}
