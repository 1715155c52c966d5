/**
 * The VGG-style convnet's hot loops (../models/vgg.ts, dropout 0) as ONNX graphs for the `onnx`
 * engine (../env/engine.ts), built from the architecture (a resolved VggConfig, {@link VggArch}) and
 * checked against the flat parameter layout
 * (conv{l}/kernel [k, k, cin, cout], conv{l}/bias [cout], …, dense{d}/kernel [in, out], dense{d}/bias).
 *
 * Layout inside the graphs. ONNX Conv is NCHW with kernels [cout, cin, kh, kw] (OIHW); the project's
 * images are NHWC rows [n, H·W·C] and its kernels HWIO [kh, kw, cin, cout]. The epoch graph
 * transposes the conv kernels and their momentum buffers HWIO → OIHW once before its Loop and back
 * after it (a transpose is a permutation: no value changes), each batch NHWC → NCHW after its Gather,
 * and the last feature map NCHW → NHWC before the flatten (so dense0's rows are in the layout's
 * (h, w, c) order, as vggForward's tf.reshape of an NHWC tensor).
 *
 * **One epoch per call** ({@link vggEpochGraph}): an ONNX Loop over the epoch's steps. Step i takes
 * rows perm[iB … min((i+1)B, n)) (the last batch shorter when B does not divide n) and computes,
 * as vggForward + tf.valueAndGrads + sgdMomentumUpdate do on tfjs:
 *   forward   a = x_b (NCHW); at a conv l: z_l = Conv(a, W_l, pads) + b_l, a ← ReLU(z_l) (saved as y_l);
 *             at "M": a ← MaxPool₂ₓ₂(a), after the first conv with the flat index of each window's maximum (the first
 *             maximum in row-major window order on ties: onnxruntime's MaxPool keeps a maximum
 *             only when strictly larger, as ./pool.ts's gradient and tfjs cpu do);
 *             h = flatten_NHWC(a); then the dense layers of ./onnx-mlp.ts (ReLU between, linear out);
 *   loss      L = Σ(out − onehot)² / (2B)   (halfSquaredLoss; one value per step, returned);
 *   backward  dense layers as ./onnx-mlp.ts, continued to dh = dz₀·W₀ᵀ, un-flattened to NCHW;
 *             at "M" (in reverse): da_in = MaxUnpool(da, indices) — da routed to its window's
 *             maximum, 0 elsewhere (windows do not overlap, so no two gradients meet);
 *             at a conv: dz = da ⊙ 1[y_l > 0];  db_l = Σ_{b,h,w} dz;
 *               dW_l[o,i,u,v] = Σ_{b,y,x} dz[b,o,y,x]·a_pad[b,i,y+u,x+v], computed as one Conv of
 *                 a with batch and channel axes swapped ([cin, B, H, W]) by the kernel dz with
 *                 batch and channel swapped ([cout, B, H, W]), same pads → [cin, cout, k, k] → OIHW;
 *               da = ConvTranspose(dz, W_l, same pads) (the full correlation with the flipped
 *                 kernel, cropped to H×W), only when an earlier conv needs it (not at the data);
 *   update    v ← μv + (g + λθ);  θ ← θ − ηv   (coupled weight decay, torch.optim.SGD, dampening 0).
 * The loss of step i is at θ before step i's update (the tfjs step's `value`).
 *
 * **Evaluation** ({@link vggEvalGraph}): Σ_rows ½‖f(x) − onehot‖² and the number of rows whose
 * argmax equals the label over the rows fed (one chunk; ../train/onnx-vgg.ts sums the chunks).
 *
 * Values equal the tfjs engine's up to float32 rounding: the same operations per element, but the
 * convolutions and GEMMs (MLAS here, XNNPACK on wasm) accumulate their sums in other orders.
 */
import { OnnxGraph } from "../env/ort";
import { check } from "../core/errors";
import { convPadding } from "./conv";

/** One stage of the feature extractor, with its input size h×w×c. */
export type VggStage =
  | {
      kind: "conv";
      h: number;
      w: number;
      cin: number;
      cout: number;
      k: number;
      pads: [number, number, number, number];
      param: number;
    }
  | { kind: "pool"; h: number; w: number; c: number };

/** The network as the graphs see it. */
export interface VggPlan {
  /** input [H, W, C] */
  input: [number, number, number];
  stages: VggStage[];
  /** dense widths [flat, hidden…, classes] */
  dense: number[];
  /** index in the layout of dense0's kernel (conv parameters come first) */
  denseParam: number;
  /** layout shapes, in order */
  shapes: number[][];
  /** a string that determines the graphs (session cache key) */
  key: string;
}

/**
 * A VGG-style network as the graphs need it (../models/vgg.ts's VggConfig, resolved and checked by
 * the caller: hidden widths filled in, the kernel size given; ../train/onnx-vgg.ts builds it).
 */
export interface VggArch {
  inputShape: readonly [number, number, number] | readonly number[];
  /** conv widths and "M" for a 2×2 max-pool */
  widths: readonly (number | "M")[];
  hidden: readonly number[];
  numClasses: number;
  kernelSize: number;
}

/**
 * The plan of a VGG architecture (dropout is not part of it: the graphs train without dropout).
 * @param shapes the layout's entry shapes, checked against the architecture's (conv{l}/kernel
 *   [k, k, cin, cout], conv{l}/bias [cout], …, dense{d}/kernel [in, out], dense{d}/bias [out])
 * @throws ConfigError for a layout that is not this architecture's, no conv, or odd sizes at a pool
 */
export function vggPlan(arch: VggArch, shapes: readonly (readonly number[])[]): VggPlan {
  const k = arch.kernelSize;
  let [h, w, ch] = arch.inputShape;
  const stages: VggStage[] = [],
    expected: number[][] = [];
  for (const item of arch.widths) {
    if (item === "M") {
      check(h % 2 === 0 && w % 2 === 0, `a 2×2 pool of a ${h}×${w} map`);
      stages.push({ kind: "pool", h, w, c: ch });
      h /= 2;
      w /= 2;
      continue;
    }
    stages.push({
      kind: "conv",
      h,
      w,
      cin: ch,
      cout: item,
      k,
      pads: convPadding(k, k, "same"),
      param: expected.length,
    });
    expected.push([k, k, ch, item], [item]);
    ch = item;
  }
  check(expected.length > 0, `a VGG needs at least one conv, widths [${arch.widths}]`);
  const denseParam = expected.length,
    dense = [h * w * ch, ...arch.hidden, arch.numClasses];
  for (let d = 0; d + 1 < dense.length; d++) expected.push([dense[d], dense[d + 1]], [dense[d + 1]]);
  check(
    shapes.length === expected.length &&
      shapes.every((s, i) => s.length === expected[i].length && s.every((d, j) => d === expected[i][j])),
    `the layout [${shapes.map((s) => `[${s}]`)}] is not the VGG config's [${expected.map((s) => `[${s}]`)}]`,
  );
  const input: [number, number, number] = [arch.inputShape[0], arch.inputShape[1], arch.inputShape[2]];
  const key = `vgg ${input.join("x")} [${arch.widths.join(",")}] k=${k} dense=${dense.join("-")}`;
  return { input, stages, dense, denseParam, shapes: expected, key };
}

/** Input names of the parameters in layout order: p0, p1, … */
export const vggParamNames = (count: number) => Array.from({ length: count }, (_, i) => `p${i}`);
/** Input names of the momentum buffers in layout order: v0, v1, … */
export const vggVelocityNames = (count: number) => Array.from({ length: count }, (_, i) => `v${i}`);

const HWIO_TO_OIHW = [3, 2, 0, 1],
  OIHW_TO_HWIO = [2, 3, 1, 0];
const isConvKernel = (shape: readonly number[]) => shape.length === 4;
const onnxPads = ([pt, pb, pl, pr]: [number, number, number, number]) => [pt, pl, pb, pr];

interface Saved {
  input: string;
  y?: string;
  indices?: string;
  shape?: string;
}

/**
 * Forward pass on NHWC rows `xRows` [b, H·W·C]; returns the output and what the backward pass needs.
 * @param training also output the argmax indices of the pools after the first conv (a MaxPool with
 *   an Indices output runs a slower kernel than one without; evaluation does not need them)
 */
function forward(
  g: OnnxGraph,
  plan: VggPlan,
  p: string[],
  xRows: string,
  training: boolean,
): { out: string; saved: Saved[]; acts: string[] } {
  const [H, W, C] = plan.input;
  let a =
    C === 1
      ? g.op("Reshape", [xRows, g.int64([-1, 1, H, W])])
      : g.op("Transpose", [g.op("Reshape", [xRows, g.int64([-1, H, W, C])])], { perm: [0, 3, 1, 2] });
  const saved: Saved[] = [];
  let convSeen = false;
  for (const s of plan.stages) {
    // a pool before the first conv acts on the data, whose gradient is never needed
    if (s.kind === "pool" && !(training && convSeen)) {
      a = g.op("MaxPool", [a], { kernel_shape: [2, 2], strides: [2, 2] });
      saved.push({ input: a });
    } else if (s.kind === "pool") {
      const y = g.fresh(),
        indices = g.fresh();
      g.op("MaxPool", [a], { kernel_shape: [2, 2], strides: [2, 2] }, [y, indices]);
      saved.push({ input: a, indices, shape: g.op("Shape", [a]) });
      a = y;
    } else {
      convSeen = true;
      const z = g.op("Conv", [a, p[s.param], p[s.param + 1]], {
        kernel_shape: [s.k, s.k],
        pads: onnxPads(s.pads),
        strides: [1, 1],
      });
      const y = g.op("Relu", [z]);
      saved.push({ input: a, y });
      a = y;
    }
  }
  let h = g.op("Reshape", [g.op("Transpose", [a], { perm: [0, 2, 3, 1] }), g.int64([-1, plan.dense[0]])]);
  const acts: string[] = [];
  const L = plan.dense.length - 1;
  for (let l = 0; l < L; l++) {
    acts.push(h);
    const z = g.op("Add", [g.op("MatMul", [h, p[plan.denseParam + 2 * l]]), p[plan.denseParam + 2 * l + 1]]);
    h = l + 1 < L ? g.op("Relu", [z]) : z;
  }
  return { out: h, saved, acts };
}

/** The final feature map's NCHW shape [C, h, w] (before the flatten). */
function lastMap(plan: VggPlan): [number, number, number] {
  let [h, w, c] = plan.input;
  for (const s of plan.stages) {
    if (s.kind === "pool") {
      h /= 2;
      w /= 2;
    } else c = s.cout;
  }
  return [c, h, w];
}

/**
 * The epoch graph of a VGG plan (one call = one epoch of momentum SGD, no dropout).
 * Inputs: p_i, v_i (layout order and shapes: conv kernels HWIO); x [n, H·W·C] (NHWC rows);
 * y [n, C] one-hot; perm int64 [n]; batch int64 scalar B; steps int64 scalar ⌈n/B⌉; lr, mu, wd floats.
 * Outputs: `new_p_i`, `new_v_i` (layout shapes) and `losses` [steps].
 */
export function vggEpochGraph(plan: VggPlan): OnnxGraph {
  const P = plan.shapes.length;
  const g = new OnnxGraph(`vgg-epoch ${plan.key}`, "o");
  const params = vggParamNames(P),
    velocity = vggVelocityNames(P);
  params.forEach((n, i) => g.input(n, "float", plan.shapes[i]));
  velocity.forEach((n, i) => g.input(n, "float", plan.shapes[i]));
  g.input("x", "float", ["n", plan.input[0] * plan.input[1] * plan.input[2]]);
  g.input("y", "float", ["n", plan.dense[plan.dense.length - 1]]);
  g.input("perm", "int64", ["n"]);
  for (const s of ["batch", "steps"]) g.input(s, "int64", []);
  for (const s of ["lr", "mu", "wd"]) g.input(s, "float", []);
  // loop-carried shapes: conv kernels OIHW inside the Loop
  const inner = plan.shapes.map((s) => (isConvKernel(s) ? HWIO_TO_OIHW.map((a) => s[a]) : s));
  const toInner = (n: string, i: number) =>
    isConvKernel(plan.shapes[i]) ? g.op("Transpose", [n], { perm: HWIO_TO_OIHW }) : n;
  const loopIn = [...params.map(toInner), ...velocity.map(toInner)];

  const body = new OnnxGraph("step", "s");
  body.input("iter", "int64", []);
  body.input("cond_in", "bool", []);
  const p = params.map((n, i) => body.input(`in_${n}`, "float", inner[i]));
  const v = velocity.map((n, i) => body.input(`in_${n}`, "float", inner[i]));
  const start = body.op("Unsqueeze", [body.op("Mul", ["iter", "batch"]), body.int64([0])]);
  const end = body.op("Add", [start, "batch"]);
  const rows = body.op("Slice", ["perm", start, end]);
  const xb = body.op("Gather", ["x", rows], { axis: 0 }),
    yb = body.op("Gather", ["y", rows], { axis: 0 });
  const B = body.op("Cast", [body.op("Gather", [body.op("Shape", [xb]), body.int64([0], true)])], { to: 1 });
  const { out, saved, acts } = forward(body, plan, p, xb, true);
  const residual = body.op("Sub", [out, yb]);
  const loss = body.op("Div", [
    body.op("ReduceSum", [body.op("Mul", [residual, residual])], { keepdims: 0 }),
    body.op("Mul", [body.float(2), B]),
  ]);

  const grads: string[] = new Array(P);
  // dense layers (as ./onnx-mlp.ts), continued to the flattened feature map
  let dz = body.op("Div", [residual, B]);
  const L = plan.dense.length - 1,
    d0 = plan.denseParam;
  let dflat = "";
  for (let l = L - 1; l >= 0; l--) {
    grads[d0 + 2 * l] = body.op("MatMul", [body.op("Transpose", [acts[l]], { perm: [1, 0] }), dz]);
    grads[d0 + 2 * l + 1] = body.op("ReduceSum", [dz, body.int64([0])], { keepdims: 0 });
    const dh = body.op("MatMul", [dz, body.op("Transpose", [p[d0 + 2 * l]], { perm: [1, 0] })]);
    if (l === 0) {
      dflat = dh;
      break;
    }
    dz = body.op("Mul", [dh, body.op("Cast", [body.op("Greater", [acts[l], body.float(0)])], { to: 1 })]);
  }
  const [cl, hl, wl] = lastMap(plan);
  let da = body.op("Transpose", [body.op("Reshape", [dflat, body.int64([-1, hl, wl, cl])])], { perm: [0, 3, 1, 2] });
  const firstConv = plan.stages.findIndex((s) => s.kind === "conv");
  for (let i = plan.stages.length - 1; i >= firstConv; i--) {
    const s = plan.stages[i],
      sv = saved[i];
    if (s.kind === "pool") {
      da = body.op("MaxUnpool", [da, sv.indices!, sv.shape!], { kernel_shape: [2, 2], strides: [2, 2] });
      continue;
    }
    const dzc = body.op("Mul", [da, body.op("Cast", [body.op("Greater", [sv.y!, body.float(0)])], { to: 1 })]);
    grads[s.param + 1] = body.op("ReduceSum", [dzc, body.int64([0, 2, 3])], { keepdims: 0 });
    const swap = { perm: [1, 0, 2, 3] };
    const dwT = body.op("Conv", [body.op("Transpose", [sv.input], swap), body.op("Transpose", [dzc], swap)], {
      kernel_shape: [s.h, s.w],
      pads: onnxPads(s.pads),
      strides: [1, 1],
    });
    grads[s.param] = body.op("Transpose", [dwT], swap);
    if (i > firstConv)
      da = body.op("ConvTranspose", [dzc, p[s.param]], {
        kernel_shape: [s.k, s.k],
        pads: onnxPads(s.pads),
        strides: [1, 1],
      });
  }
  body.output(body.op("Identity", ["cond_in"]), "cond_out", "bool", []);
  const newV = v.map((vi, i) =>
    body.op("Add", [body.op("Mul", [vi, "mu"]), body.op("Add", [grads[i], body.op("Mul", [p[i], "wd"])])]),
  );
  const newP = p.map((pi, i) => body.op("Sub", [pi, body.op("Mul", [newV[i], "lr"])]));
  [...params, ...velocity].forEach((n, i) =>
    body.output(i < P ? newP[i] : newV[i - P], `out_${n}`, "float", inner[i % P]),
  );
  body.output(loss, "loss", "float", []);

  const loopOut = [...params, ...velocity].map((n) => `loop_${n}`);
  g.op("Loop", ["steps", "", ...loopIn], { body }, [...loopOut, "losses"]);
  [...params, ...velocity].forEach((n, i) => {
    const shape = plan.shapes[i % P];
    g.output(
      isConvKernel(shape) ? g.op("Transpose", [loopOut[i]], { perm: OIHW_TO_HWIO }) : loopOut[i],
      `new_${n}`,
      "float",
      shape,
    );
  });
  g.output("losses", "losses", "float", ["steps"]);
  return g;
}

/**
 * The evaluation graph of a VGG plan (evaluation mode: no dropout).
 * Inputs: p_i (layout order and shapes); x [n, H·W·C]; y [n, C] one-hot; labels int32 [n].
 * Outputs: `loss_sum` = Σ_rows ½‖f(x) − y‖², `correct` = #rows with argmax f(x) = label (float scalars).
 */
export function vggEvalGraph(plan: VggPlan): OnnxGraph {
  const g = new OnnxGraph(`vgg-eval ${plan.key}`, "e");
  const params = vggParamNames(plan.shapes.length);
  params.forEach((n, i) => g.input(n, "float", plan.shapes[i]));
  g.input("x", "float", ["n", plan.input[0] * plan.input[1] * plan.input[2]]);
  g.input("y", "float", ["n", plan.dense[plan.dense.length - 1]]);
  g.input("labels", "int32", ["n"]);
  const p = params.map((n, i) => (isConvKernel(plan.shapes[i]) ? g.op("Transpose", [n], { perm: HWIO_TO_OIHW }) : n));
  const { out } = forward(g, plan, p, "x", false);
  const residual = g.op("Sub", [out, "y"]);
  g.output(
    g.op("Div", [g.op("ReduceSum", [g.op("Mul", [residual, residual])], { keepdims: 0 }), g.float(2)]),
    "loss_sum",
    "float",
    [],
  );
  const predicted = g.op("Cast", [g.op("ArgMax", [out], { axis: 1, keepdims: 0 })], { to: 6 });
  g.output(
    g.op("ReduceSum", [g.op("Cast", [g.op("Equal", [predicted, "labels"])], { to: 1 })], { keepdims: 0 }),
    "correct",
    "float",
    [],
  );
  return g;
}

/**
 * Rows per evaluation call for a plan: the largest activation or convolution buffer of a chunk
 * (h·w·max(cout, k²·cin) floats per row at a conv) stays near 2²⁴ floats (64 MB).
 */
export function vggEvalChunkRows(plan: VggPlan): number {
  const perRow = Math.max(
    plan.dense[0],
    ...plan.stages.map((s) => (s.kind === "conv" ? s.h * s.w * Math.max(s.cout, s.k * s.k * s.cin) : s.h * s.w * s.c)),
  );
  return Math.max(1, Math.floor(2 ** 24 / perRow));
}
