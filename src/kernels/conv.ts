/**
 * 2-D convolution (stride 1, NHWC, kernel [kh, kw, cin, cout]) that trains on every
 * backend, including wasm, which has no Conv2DBackpropFilter / Conv2DBackpropInput
 * kernels, so `tf.grads` through `tf.conv2d` throws there. Two variants, same values and
 * gradients: {@link conv2d} (default; forward and both gradients as forward Conv2D calls,
 * which wasm has) and {@link conv2dIm2col} (no Conv2D at all; derivation below, which also
 * gives the two sums the faster variant computes with Conv2D).
 *
 * Forward (im2col). Pad x to xp ([B, H+kh−1, W+kw−1, cin] for 'same'), take the kh·kw
 * shifted windows S_ij = xp[:, i:i+Ho, j:j+Wo, :] ([B, Ho, Wo, cin]) and concatenate them
 * along channels in (i, j, ci) order: cols [B·Ho·Wo, K], K = kh·kw·cin. That order is the
 * row-major order of the kernel, so with Wr = reshape(w, [K, cout]):
 *     y = cols · Wr   reshaped to [B, Ho, Wo, cout].
 *
 * Gradient (hand-written with tf.customGrad; only pad, slice, transpose, matMul, add):
 *   - weight:  dWr = colsᵀ · dy₂  with dy₂ = reshape(dy, [B·Ho·Wo, cout]); the transpose is
 *              explicit (a copy), because wasm's transposed-operand matMul is ~10× slower.
 *   - input:   dcols = dy₂ · Wrᵀ, [B·Ho·Wo, K]. Column block (i, j) of dcols is the gradient
 *              with respect to the window S_ij, and S_ij is xp shifted by (i, j); the adjoint
 *              of "slice at offset (i, j)" is "zero-pad back to xp's size at offset (i, j)".
 *              So dxp = Σ_ij pad(dcols_ij, [i, Hp−Ho−i], [j, Wp−Wo−j]) and dx is dxp with the
 *              forward padding cropped off: dx = dxp[:, pt:pt+H, pl:pl+W, :].
 *              Equivalently dx[b, h, w, ci] = Σ_{i,j,co} dy[b, h+pt−i, w+pl−j, co]·w[i, j, ci, co]
 *              (out-of-range dy terms are 0), the usual "full correlation with the flipped kernel".
 * Values and both gradients of both variants are tested against tf.conv2d and tf.grads on cpu.
 */
import { tf } from "../env/tf";
import { check } from "../core/errors";

/** Padding mode: 'same' (output H×W, TF/PyTorch-style padding of k−1, extra row/column at the end) or 'valid'. */
export type ConvPadding = "same" | "valid";

/** Padding amounts [top, bottom, left, right] for a kernel kh×kw. */
export function convPadding(kh: number, kw: number, padding: ConvPadding): [number, number, number, number] {
  if (padding === "valid") return [0, 0, 0, 0];
  const pt = Math.floor((kh - 1) / 2),
    pl = Math.floor((kw - 1) / 2);
  return [pt, kh - 1 - pt, pl, kw - 1 - pl];
}

/** The im2col matrix of xp: [B·Ho·Wo, kh·kw·cin], columns in (i, j, ci) order. */
function im2col(xp: tf.Tensor4D, kh: number, kw: number, ho: number, wo: number): tf.Tensor2D {
  const [b, , , cin] = xp.shape;
  if (kh === 1 && kw === 1) return tf.reshape(xp, [b * ho * wo, cin]);
  const windows: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) windows.push(tf.slice(xp, [0, i, j, 0], [b, ho, wo, cin]));
  }
  return tf.reshape(tf.concat(windows, 3), [b * ho * wo, kh * kw * cin]);
}

/** Adjoint of im2col: the sum of the column blocks, each zero-padded back to its offset in xp. */
function col2im(dcols: tf.Tensor2D, xpShape: number[], kh: number, kw: number, ho: number, wo: number): tf.Tensor4D {
  const [b, hp, wp, cin] = xpShape;
  const d6 = tf.reshape(dcols, [b, ho, wo, kh * kw, cin]);
  const parts: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const block = tf.reshape(tf.slice(d6, [0, 0, 0, i * kw + j, 0], [b, ho, wo, 1, cin]), [
        b,
        ho,
        wo,
        cin,
      ]) as tf.Tensor4D;
      parts.push(
        tf.pad(block, [
          [0, 0],
          [i, hp - ho - i],
          [j, wp - wo - j],
          [0, 0],
        ]),
      );
    }
  }
  return parts.length === 1 ? parts[0] : (tf.addN(parts) as tf.Tensor4D);
}

/** Convolution with the im2col forward and explicit adjoint gradient; pads are [pt, pb, pl, pr]. */
function makeConv(pads: [number, number, number, number]) {
  const [pt, pb, pl, pr] = pads;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    const [kh, kw, cin, cout] = w.shape;
    const [b, h, wd] = x.shape;
    const xp = pads.some((p) => p > 0)
      ? tf.pad(x, [
          [0, 0],
          [pt, pb],
          [pl, pr],
          [0, 0],
        ])
      : x;
    const ho = xp.shape[1] - kh + 1,
      wo = xp.shape[2] - kw + 1;
    const cols = im2col(xp, kh, kw, ho, wo);
    const wr = tf.reshape(w, [kh * kw * cin, cout]) as tf.Tensor2D;
    save([cols, wr]);
    return {
      value: tf.reshape(tf.matMul(cols, wr), [b, ho, wo, cout]) as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [c, wm] = saved as [tf.Tensor2D, tf.Tensor2D];
        const dy2 = tf.reshape(dy, [b * ho * wo, cout]) as tf.Tensor2D;
        const dw = tf.reshape(tf.matMul(tf.transpose(c), dy2), [kh, kw, cin, cout]);
        const dxp = col2im(tf.matMul(dy2, tf.transpose(wm)), [b, h + pt + pb, wd + pl + pr, cin], kh, kw, ho, wo);
        const dx = pads.some((p) => p > 0) ? tf.slice(dxp, [0, pt, pl, 0], [b, h, wd, cin]) : dxp;
        return [dx, dw];
      },
    };
  });
}

const im2colCache = new Map<string, ReturnType<typeof makeConv>>();
const shimCache = new Map<string, ReturnType<typeof makeShim>>();

/** Explicit tfjs padding [[0,0],[top,bottom],[left,right],[0,0]]. */
export function explicit(
  t: number,
  b: number,
  l: number,
  r: number,
): [[number, number], [number, number], [number, number], [number, number]] {
  return [
    [0, 0],
    [t, b],
    [l, r],
    [0, 0],
  ];
}

/**
 * dL/dx of the stride-1 convolution with pads [pt, pb, pl, pr], as one forward Conv2D (a kernel
 * wasm has, backed by XNNPACK): dx = conv(dy, w flipped in (i, j) with cin/cout swapped), padded
 * (kh−1−pt, kh−1−pb, kw−1−pl, kw−1−pr) — the sum dx[b,h,w,ci] = Σ dy[b, h+pt−i, w+pl−j, co]·w[i,j,ci,co]
 * of the header. dy [B, Ho, Wo, cout], w [kh, kw, cin, cout] → [B, H, W, cin].
 */
export function convInputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, pads: [number, number, number, number]): tf.Tensor4D {
  const [kh, kw] = w.shape,
    [pt, pb, pl, pr] = pads;
  return tf.conv2d(dy, flipSwap(w), 1, explicit(kh - 1 - pt, kh - 1 - pb, kw - 1 - pl, kw - 1 - pr));
}

/**
 * w [kh, kw, cin, cout] flipped in (i, j) with cin/cout swapped → [kh, kw, cout, ci], in one pass
 * over the host copy: wasm's Reverse and GatherV2 kernels take 18–20 ms at [3, 3, 256, 256]
 * (≈ 30 ns per element); the read-back, loop and upload take about 1 ms there.
 */
function flipSwap(w: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, cin, cout] = w.shape,
    src = w.dataSync(),
    out = new Float32Array(src.length);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = (i * kw + j) * cin * cout,
        to = ((kh - 1 - i) * kw + (kw - 1 - j)) * cout * cin;
      for (let ci = 0; ci < cin; ci++)
        for (let co = 0; co < cout; co++) out[to + co * cin + ci] = src[from + ci * cout + co];
    }
  }
  return tf.tensor4d(out, [kh, kw, cout, cin]);
}

/**
 * Input channel counts up to which {@link convWeightGrad} uses im2col + matMul rather than a
 * Conv2D: measured on wasm at B = 125 (ms, im2col vs Conv2D, kernels alone): cin 3, 32×32→32:
 * 27 vs 45; cin 16, 14×14→32: 25 vs 15 (the 9 slices dominate as cin grows). Whole small-VGG
 * step: 665–676 ms with im2col for its cin-3 layer vs 686–687 ms without; the CNN's cin-1 layer
 * is a tie (63 ms either way).
 */
const IM2COL_MAX_CIN = 4;

/**
 * dL/dw of the stride-1 convolution with pads [pt, pb, pl, pr]:
 * dw[i,j,ci,co] = Σ_{b,h,w} xp[b, h+i, w+j, ci]·dy[b, h, w, co] = colsᵀ·dy₂ of the header.
 *  - cin ≤ IM2COL_MAX_CIN: colsᵀ [kh·kw·cin, B·Ho·Wo] built directly from slices of the padded
 *    xᵀ [cin, B, Hp, Wp] (rows in (i, j, ci) order), then one matMul with dy₂;
 *  - otherwise as a Conv2D with batch as the channel axis: xᵀ = transpose(x, [3,1,2,0]) [cin, H, W, B]
 *    padded like the forward, dyᵀ = transpose(dy, [1,2,0,3]) [Ho, Wo, B, cout] as the filter,
 *    'valid' → [cin, kh, kw, cout], transposed to [kh, kw, cin, cout].
 * x [B, H, W, cin], dy [B, Ho, Wo, cout] → [kh, kw, cin, cout].
 */
export function convWeightGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kh: number,
  kw: number,
  pads: [number, number, number, number],
): tf.Tensor4D {
  const [pt, pb, pl, pr] = pads,
    [b, , , cin] = x.shape,
    [, ho, wo, cout] = dy.shape;
  if (cin <= IM2COL_MAX_CIN) {
    const xt = tf.pad(tf.transpose(x, [3, 0, 1, 2]), [
      [0, 0],
      [0, 0],
      [pt, pb],
      [pl, pr],
    ]);
    const rows: tf.Tensor[] = [];
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) rows.push(tf.slice(xt, [0, 0, i, j], [cin, b, ho, wo]));
    const colsT = tf.reshape(rows.length === 1 ? rows[0] : tf.stack(rows), [kh * kw * cin, b * ho * wo]) as tf.Tensor2D;
    return tf.reshape(tf.matMul(colsT, tf.reshape(dy, [b * ho * wo, cout]) as tf.Tensor2D), [kh, kw, cin, cout]);
  }
  const xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
  const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
  return tf.transpose(tf.conv2d(xT, dyT, 1, explicit(pt, pb, pl, pr)), [1, 2, 0, 3]);
}

/** Convolution whose forward and both gradients use {@link convInputGrad} / {@link convWeightGrad}. */
function makeShim(pads: [number, number, number, number]) {
  const [pt, pb, pl, pr] = pads;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.conv2d(x, w, 1, explicit(pt, pb, pl, pr)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        return [
          convInputGrad(dy as tf.Tensor4D, ws, pads),
          convWeightGrad(xs, dy as tf.Tensor4D, ws.shape[0], ws.shape[1], pads),
        ];
      },
    };
  });
}

/** Validates conv2d arguments and returns the padding [pt, pb, pl, pr]. */
export function checkConvArgs(x: tf.Tensor4D, w: tf.Tensor4D, padding: ConvPadding): [number, number, number, number] {
  check(
    x.rank === 4 && w.rank === 4,
    `conv2d expects x [B, H, W, cin] and w [kh, kw, cin, cout], got ${JSON.stringify(x.shape)} and ${JSON.stringify(w.shape)}`,
  );
  check(
    x.shape[3] === w.shape[2],
    `conv2d: x has ${x.shape[3]} channels but the kernel expects ${w.shape[2]} (x ${JSON.stringify(x.shape)}, w ${JSON.stringify(w.shape)})`,
  );
  check(
    padding === "same" || padding === "valid",
    `conv2d padding must be 'same' or 'valid', got ${JSON.stringify(padding)}`,
  );
  const pads = convPadding(w.shape[0], w.shape[1], padding);
  check(
    x.shape[1] + pads[0] + pads[1] >= w.shape[0] && x.shape[2] + pads[2] + pads[3] >= w.shape[1],
    `conv2d 'valid': input ${x.shape[1]}×${x.shape[2]} is smaller than the kernel ${w.shape[0]}×${w.shape[1]}`,
  );
  return pads;
}

/** The custom-gradient function for these paddings, made once per distinct padding. */
function cachedByPadding<F>(
  cache: Map<string, F>,
  pads: [number, number, number, number],
  make: (pads: [number, number, number, number]) => F,
): F {
  const key = pads.join(",");
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make(pads)));
  return f;
}

/**
 * 2-D convolution, stride 1, no dilation, NHWC — equal in value and gradients to
 * `tf.conv2d(x, w, 1, padding)`, and differentiable on the wasm backend: forward, input
 * gradient and weight gradient are forward Conv2D calls, or for few input channels an
 * im2col matMul (see convWeightGrad above). This is the fast variant (wasm's strided slices make {@link conv2dIm2col} several times slower).
 * @param x input [B, H, W, cin]
 * @param w kernel [kh, kw, cin, cout]
 * @param padding 'same' (output [B, H, W, cout]) or 'valid' (output [B, H−kh+1, W−kw+1, cout])
 * @returns [B, Ho, Wo, cout]
 * @throws ConfigError when ranks or channel counts disagree, or 'valid' leaves no output
 */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, padding: ConvPadding = "same"): tf.Tensor4D {
  return cachedByPadding(shimCache, checkConvArgs(x, w, padding), makeShim)(x, w) as tf.Tensor4D;
}

/**
 * The same convolution through im2col only (pad, slice, concat, one matMul; gradient by
 * explicit transposes, matMuls and the col2im sum of the file header). Uses no Conv2D
 * kernel at all, so it runs on any backend; slower than {@link conv2d} on wasm.
 * Arguments, result and errors as {@link conv2d}.
 */
export function conv2dIm2col(x: tf.Tensor4D, w: tf.Tensor4D, padding: ConvPadding = "same"): tf.Tensor4D {
  return cachedByPadding(im2colCache, checkConvArgs(x, w, padding), makeConv)(x, w) as tf.Tensor4D;
}

export { maxPool2x2 } from "./pool";
