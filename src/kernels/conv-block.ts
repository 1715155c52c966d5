/**
 * The VGG conv block relu(conv2d(x, w) + b) as one differentiable op, with a hand-written
 * gradient tuned for the wasm backend (see ./conv.ts for why conv gradients are hand-written
 * there at all). Same values and gradients as tf.relu(tf.add(tf.conv2d(x, w, 1, padding), b))
 * under tf.grads on cpu (tested), with these measured savings on wasm (B = 125):
 *   - forward: one FusedConv2D (conv + bias + ReLU in XNNPACK) instead of Conv2D, Add, Relu;
 *   - bias gradient: a sum over the 2-D [B·Ho·Wo, cout] view (slightly faster than over axes
 *     [0, 1, 2] of the 4-D tensor);
 *   - ReLU gradient: dz = dy ⊙ step(y) on the saved output y (y > 0 ⟺ z > 0, so this is tfjs's
 *     dy ⊙ step(z)), without the extra cast;
 *   - input gradient only when asked: the first layer's input is the data, and its dL/dx
 *     (a full Conv2D, 46 ms for the small VGG's 32×32×3 input) is never used.
 */
import { tf } from "../env/tf";
import { check } from "../core/errors";
import { checkConvArgs, convInputGrad, convWeightGrad, explicit, type ConvPadding } from "./conv";

type Pads = [number, number, number, number];

/** db [cout] = column sums of dz [B, Ho, Wo, cout], summed as the 2-D [B·Ho·Wo, cout] (a little faster on wasm than axes [0, 1, 2]). */
function biasGrad(dz: tf.Tensor4D): tf.Tensor1D {
  const cout = dz.shape[3];
  return tf.sum(tf.reshape(dz, [dz.size / cout, cout]), 0);
}

/** Forward y = relu(conv(x, w) + b) [B, Ho, Wo, cout] in one FusedConv2D. */
function forward(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, pads: Pads): tf.Tensor4D {
  const [pt, pb, pl, pr] = pads;
  // the FusedConv2D kernel directly: tf.fused.conv2d falls back to conv, add, relu while a gradient is recorded
  const attrs = {
    strides: [1, 1],
    pad: explicit(pt, pb, pl, pr),
    dataFormat: "NHWC",
    dilations: [1, 1],
    activation: "relu",
  };
  return tf
    .engine()
    .runKernel("FusedConv2D", { x, filter: w, bias: b }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** Block differentiable in (x, w, b). */
function makeWithInput(pads: Pads) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, b, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    const y = forward(x, w, b, pads);
    save([x, w, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
        const dz = tf.mul(dy, tf.step(ys)) as tf.Tensor4D;
        return [convInputGrad(dz, ws, pads), convWeightGrad(xs, dz, ws.shape[0], ws.shape[1], pads), biasGrad(dz)];
      },
    };
  });
}

/** Block differentiable in (w, b) only; x is a constant of the closure (no dL/dx computed). */
function paramsOnly(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, pads: Pads): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [wi, bi, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    const y = forward(x, wi, bi, pads);
    save([x, y]); // x too: tf.grads disposes tensors made inside the loss function before the backward pass
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dz = tf.mul(dy, tf.step(ys)) as tf.Tensor4D;
        return [convWeightGrad(xs, dz, wi.shape[0], wi.shape[1], pads), biasGrad(dz)];
      },
    };
  });
  return f(w, b) as tf.Tensor4D;
}

const cache = new Map<string, ReturnType<typeof makeWithInput>>();

/**
 * relu(conv2d(x, w, padding) + b): stride-1 NHWC convolution, per-channel bias, ReLU — the
 * conv layer of a VGG (Sec. 5 of the paper, App. "VGG on CIFAR-10").
 * @param x input [B, H, W, cin]
 * @param w kernel [kh, kw, cin, cout]
 * @param b bias [cout]
 * @param padding 'same' (default) or 'valid', as ./conv.ts's conv2d
 * @param inputGrad differentiate with respect to x too (default true). With false, x is treated
 *   as a constant (the data batch of the first layer): tf.grads with respect to x then throws,
 *   and the dL/dx convolution is skipped.
 * @returns [B, Ho, Wo, cout]
 * @throws ConfigError when ranks or channel counts disagree, or b is not [cout]
 */
export function convBiasRelu(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  b: tf.Tensor1D,
  padding: ConvPadding = "same",
  inputGrad = true,
): tf.Tensor4D {
  const pads = checkConvArgs(x, w, padding);
  check(
    b.rank === 1 && b.shape[0] === w.shape[3],
    `convBiasRelu: bias must be [${w.shape[3]}], got ${JSON.stringify(b.shape)}`,
  );
  if (!inputGrad) return paramsOnly(x, w, b, pads);
  const key = pads.join(",");
  let f = cache.get(key);
  if (!f) cache.set(key, (f = makeWithInput(pads)));
  return f(x, w, b) as tf.Tensor4D;
}
