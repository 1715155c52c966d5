/**
 * 2×2 max pooling (stride 2, 'valid') with a fast gradient on the wasm backend.
 *
 * tfjs-wasm's MaxPoolGrad kernel is slow: 32 ms for a [125, 28, 28, 16] input on this
 * machine (the forward MaxPool takes 0.5 ms), which made it the largest item of a small-CNN
 * training step. For non-overlapping 2×2 windows the gradient is a scatter: each window's
 * upstream gradient dy[b, h, w, c] goes to the position of the window's maximum, all other
 * positions get 0. Which position on ties matters (ReLU outputs of a constant image region tie
 * exactly, e.g. MNIST's zero background with a positive bias): like tfjs's cpu MaxPoolGrad and
 * TensorFlow, the FIRST maximum in row-major window order (0,0), (0,1), (1,0), (1,1) wins.
 * On wasm that scatter is a small kernel written here over the wasm heap (one pass, ~1 ms at
 * the size above); on every other backend tf.maxPool and its registered gradient are used.
 */
import { tf, type BackendWasm } from "../env/tf";
import { check } from "../core/errors";

/** Name of the wasm kernel dx = maxPool2x2 gradient(x, dy) registered by this module. */
const GRAD_KERNEL = "LateDecayMaxPool2x2Grad";

/**
 * dx for 2×2/stride-2 max pooling: dy [B, H/2, W/2, C] routed to the first maximum of each
 * window of x [B, H, W, C], written into out [B, H, W, C] (every entry is set).
 */
export function maxPool2x2GradInto(xv: Float32Array, dyv: Float32Array, out: Float32Array, shape: number[]): void {
  const b = shape[0] | 0,
    h = shape[1] | 0,
    w = shape[2] | 0,
    c = shape[3] | 0;
  const ho = h >> 1,
    wo = w >> 1,
    row = w * c;
  let o = 0;
  for (let n = 0; n < b; n++) {
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        const base = ((n * h + 2 * i) * w + 2 * j) * c;
        for (let k = 0; k < c; k++, o++) {
          const p00 = base + k,
            p01 = p00 + c,
            p10 = p00 + row,
            p11 = p10 + c;
          const a = xv[p00],
            bb = xv[p01],
            cc = xv[p10],
            d = xv[p11];
          // first maximum in window order: a, then b, c, d only when strictly larger than all before
          const top = bb > a ? 1 : 0,
            mTop = top ? bb : a;
          const bot = d > cc ? 3 : 2,
            mBot = bot === 3 ? d : cc;
          const at = mBot > mTop ? bot : top,
            g = dyv[o];
          out[p00] = at === 0 ? g : 0;
          out[p01] = at === 1 ? g : 0;
          out[p10] = at === 2 ? g : 0;
          out[p11] = at === 3 ? g : 0;
        }
      }
    }
  }
}

let registered = false;
function registerGradKernel(): void {
  if (registered) return;
  tf.registerKernel({
    kernelName: GRAD_KERNEL,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const be = backend as BackendWasm;
      const out = be.makeOutput(x.shape, "float32"); // may grow the heap: take the views after it
      maxPool2x2GradInto(
        be.typedArrayFromHeap(x) as Float32Array,
        be.typedArrayFromHeap(dy) as Float32Array,
        be.typedArrayFromHeap(out) as Float32Array,
        x.shape,
      );
      return out;
    },
  });
  registered = true;
}

const pool2x2Wasm = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
  save([x]);
  return {
    value: tf.maxPool(x, 2, 2, "valid"),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.engine().runKernel(GRAD_KERNEL, { x: saved[0], dy }) as tf.Tensor4D,
  };
});

/**
 * Max pooling over non-overlapping 2×2 windows (stride 2, 'valid'), values and gradient equal
 * to tf.maxPool(x, 2, 2, 'valid') and its gradient on cpu (first maximum wins on ties).
 * @param x [B, H, W, C] with H, W even
 * @returns [B, H/2, W/2, C]
 * @throws ConfigError for odd H or W (an odd edge would be dropped silently)
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  check(
    x.rank === 4 && x.shape[1] % 2 === 0 && x.shape[2] % 2 === 0,
    `maxPool2x2 expects [B, H, W, C] with even H and W, got ${JSON.stringify(x.shape)}`,
  );
  if (tf.getBackend() !== "wasm" || x.dtype !== "float32") return tf.maxPool(x, 2, 2, "valid");
  registerGradKernel();
  return pool2x2Wasm(x) as tf.Tensor4D;
}
