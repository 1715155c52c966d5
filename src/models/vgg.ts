/**
 * VGG-style convnets (Simonyan & Zisserman 2015) as pure functions of their parameters,
 * in the style of ./mlp.ts: a {@link ParamLayout}, a seeded init and a forward pass over
 * per-entry tensors in layout order.
 *
 * The paper's network experiment (Sec. 5, App. "VGG on CIFAR-10") trains the authors'
 * small VGG, configuration "A" = {@link VGG_SMALL_WIDTHS}: 3×3 'same' convolutions + ReLU,
 * 2×2 max-pools at "M", no batch norm (the issue does not ask for it), then a classifier
 *   dropout → dense(h) → ReLU → dropout → dense(h) → ReLU → dense(classes),
 * with h = half the last conv width (128), i.e. the classifier of the pytorch-vgg-cifar10
 * code the authors build on, at half width. Conv layers are ./conv-block.ts's
 * {@link convBiasRelu} (trainable on wasm, gradients hand-written), pools ./pool.ts's
 * {@link maxPool2x2}; dense layers the explicit-transpose {@link dense}.
 */
import { tf } from "../env/tf";
import { makeLayout, ParamLayout } from "../params/layout";
import { Rng } from "../core/rng";
import { check, checkInt, checkNumber, showValue } from "../core/errors";
import { maxPool2x2 } from "../kernels/pool";
import { convBiasRelu } from "../kernels/conv-block";
import { dense } from "./mlp";

/** A conv width, or "M" for a 2×2 max-pool. */
export type VggItem = number | "M";

/** The authors' small VGG, configuration "A". */
export const VGG_SMALL_WIDTHS: VggItem[] = [32, "M", 64, "M", 64, 64, "M", 128, 128, "M", 256, 256, "M"];
/** Standard VGG-11 (configuration "A" of Simonyan & Zisserman) conv widths. */
export const VGG11_WIDTHS: VggItem[] = [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"];

/** Architecture of a VGG-style net. */
export interface VggConfig {
  /** input [H, W, C], e.g. [32, 32, 3] for CIFAR-10; H and W divisible by 2^(number of "M") */
  inputShape: [number, number, number];
  /** conv widths and pools, e.g. {@link VGG_SMALL_WIDTHS} */
  widths: VggItem[];
  /** hidden dense widths of the classifier; default two layers of half the last conv width */
  hidden?: number[];
  /** output units = classes (10) */
  numClasses: number;
  /** dropout rate before each hidden dense layer, in [0, 1); default 0.5 */
  dropout?: number;
  /** square conv kernel size; default 3 */
  kernelSize?: number;
}

/** The small VGG of the paper for CIFAR-10: 32×32×3 input, 10 classes (1 250 634 parameters). */
export function vggSmallConfig(): VggConfig {
  return { inputShape: [32, 32, 3], widths: VGG_SMALL_WIDTHS, numClasses: 10 };
}

/** Resolved hidden widths (default: two layers of half the last conv width). */
export function vggHidden(c: VggConfig): number[] {
  const convs = c.widths.filter((w): w is number => w !== "M");
  return c.hidden ?? [Math.floor(convs[convs.length - 1] / 2), Math.floor(convs[convs.length - 1] / 2)];
}

/** Validates a VGG config. @throws ConfigError naming the bad field */
export function checkVggConfig(c: VggConfig): VggConfig {
  check(
    Array.isArray(c.inputShape) && c.inputShape.length === 3,
    `inputShape must be [H, W, C], got ${showValue(c.inputShape)}`,
  );
  c.inputShape.forEach((d, i) => checkInt(`inputShape[${i}]`, d, 1));
  check(
    Array.isArray(c.widths) && c.widths.some((w) => w !== "M"),
    `widths must contain at least one conv width, got ${showValue(c.widths)}`,
  );
  c.widths.forEach((w, i) => {
    if (w !== "M") checkInt(`widths[${i}]`, w, 1);
  });
  const scale = 2 ** c.widths.filter((w) => w === "M").length;
  check(
    c.inputShape[0] % scale === 0 && c.inputShape[1] % scale === 0,
    `inputShape ${JSON.stringify(c.inputShape)}: H and W must be divisible by 2^pools = ${scale}`,
  );
  vggHidden(c).forEach((h, i) => checkInt(`hidden[${i}]`, h, 1));
  checkInt("numClasses", c.numClasses, 1);
  if (c.dropout !== undefined) checkNumber("dropout", c.dropout, 0, 0.999999);
  if (c.kernelSize !== undefined) checkInt("kernelSize", c.kernelSize, 1);
  return c;
}

/**
 * Parameter layout: `conv{l}/kernel` [k, k, cin, cout] and `conv{l}/bias` [cout] for each conv,
 * then `dense{l}/kernel` [in, out] and `dense{l}/bias` [out]; the first dense input is the
 * flattened last feature map (H/2^pools)·(W/2^pools)·C_last (NHWC order).
 */
export function vggLayout(c: VggConfig): ParamLayout {
  checkVggConfig(c);
  const k = c.kernelSize ?? 3;
  const specs: { name: string; shape: number[]; kind: "kernel" | "bias" }[] = [];
  let [h, w, cin] = c.inputShape;
  let l = 0;
  for (const item of c.widths) {
    if (item === "M") {
      h /= 2;
      w /= 2;
      continue;
    }
    specs.push({ name: `conv${l}/kernel`, shape: [k, k, cin, item], kind: "kernel" });
    specs.push({ name: `conv${l}/bias`, shape: [item], kind: "bias" });
    cin = item;
    l++;
  }
  const sizes = [h * w * cin, ...vggHidden(c), c.numClasses];
  for (let d = 0; d + 1 < sizes.length; d++) {
    specs.push({ name: `dense${d}/kernel`, shape: [sizes[d], sizes[d + 1]], kind: "kernel" });
    specs.push({ name: `dense${d}/bias`, shape: [sizes[d + 1]], kind: "bias" });
  }
  return makeLayout(specs);
}

/**
 * Initialization of torchvision's VGG (and the authors' code):
 *   conv kernels ~ N(0, 2/fan_out) with fan_out = k·k·cout — PyTorch's
 *   `kaiming_normal_(w, mode='fan_out', nonlinearity='relu')`;
 *   dense kernels ~ N(0, 0.01²) (`normal_(0, 0.01)`); all biases 0.
 * Drawn from `rng` in layout order.
 * @returns flat parameters, Float32Array [P]
 */
export function initVgg(c: VggConfig, rng: Rng): Float32Array {
  const layout = vggLayout(c);
  const flat = new Float32Array(layout.size);
  for (const e of layout.entries) {
    if (e.kind === "bias") continue;
    const std = e.shape.length === 4 ? Math.sqrt(2 / (e.shape[0] * e.shape[1] * e.shape[3])) : 0.01;
    rng.fillNormal(flat.subarray(e.offset, e.offset + e.size), std);
  }
  return flat;
}

/** Options of {@link vggForward}. */
export interface VggForwardOptions {
  /** apply dropout (training mode); default false (evaluation: dropout is the identity) */
  training?: boolean;
  /** seeds the dropout masks; required when training with dropout > 0 */
  rng?: Rng;
}

/**
 * Forward pass f(x; θ): conv → +bias → ReLU at each width, 2×2 max-pool at each "M",
 * flatten, then the classifier (dropout before each hidden dense layer when training,
 * ReLU after it; linear output). Inverted dropout: kept units are scaled by 1/(1−rate).
 * Differentiable in the parameters only: x is a constant (tf.grads with respect to x throws).
 * @param c the config the layout was built from
 * @param params per-entry tensors in layout order
 * @param x images [B, H, W, C] (NHWC)
 * @returns outputs [B, numClasses]
 * @throws ConfigError for a wrong parameter count or input shape, or training with dropout but no rng
 */
export function vggForward(
  c: VggConfig,
  params: tf.Tensor[],
  x: tf.Tensor4D,
  opts: VggForwardOptions = {},
): tf.Tensor2D {
  const nConv = c.widths.filter((w) => w !== "M").length;
  const nDense = vggHidden(c).length + 1;
  check(
    params.length === 2 * (nConv + nDense),
    `expected ${2 * (nConv + nDense)} parameter tensors, got ${params.length}`,
  );
  check(
    x.rank === 4 && x.shape.slice(1).every((d, i) => d === c.inputShape[i]),
    `x must be [B, ${c.inputShape.join(", ")}], got ${JSON.stringify(x.shape)}`,
  );
  const rate = opts.training ? (c.dropout ?? 0.5) : 0;
  check(rate === 0 || opts.rng !== undefined, "vggForward: training with dropout needs a seeded rng");
  let h: tf.Tensor4D = x;
  let p = 0;
  for (const item of c.widths) {
    if (item === "M") {
      h = maxPool2x2(h);
      continue;
    }
    // the first layer's input is the data: no dL/dx (vggForward is differentiated in θ only)
    h = convBiasRelu(h, params[p] as tf.Tensor4D, params[p + 1] as tf.Tensor1D, "same", p > 0);
    p += 2;
  }
  let z = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  for (let d = 0; d < nDense; d++, p += 2) {
    const last = d === nDense - 1;
    if (!last && rate > 0) z = tf.dropout(z, rate, undefined, opts.rng!.int(2 ** 31)) as tf.Tensor2D;
    z = dense(z, params[p] as tf.Tensor2D, params[p + 1] as tf.Tensor1D);
    if (!last) z = tf.relu(z);
  }
  return z;
}
