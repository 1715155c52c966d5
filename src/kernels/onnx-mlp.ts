/**
 * The MLP's hot loops as ONNX graphs for the `onnx` engine (../env/engine.ts), built from the
 * layer widths of the flat parameter layout (../params/layout.ts: kernel0 [d0, d1], bias0 [d1], …):
 *
 * **One epoch per call** ({@link mlpEpochGraph}): an ONNX Loop over the epoch's steps. Step i takes
 * rows perm[iB … min((i+1)B, n)) of the training set (the last batch is shorter when B does not
 * divide n) and computes, as ./mlp-grads.ts and ../train/mlp-step.ts do on tfjs:
 *   forward   a₀ = x_b;  z_l = a_l·W_l + b_l;  a_{l+1} = ReLU(z_l)  (the last layer linear);
 *             with dropout, the class layer's input is a_{L−1} ⊙ m (the inverted-dropout mask of
 *             ./dropout.ts for that step's seed, drawn on the host and passed in);
 *   loss      L = Σ(out − onehot)² / (2B)   (halfSquaredLoss; one value per step, returned);
 *   backward  dz = (out − onehot)/B;  dW_l = a_lᵀ·dz;  db_l = Σ_rows dz;
 *             dh = dz·W_lᵀ (⊙ m at the class layer's input);  dz ← dh ⊙ 1[a_l > 0];
 *   update    v ← μv + (g + λθ);  θ ← θ − ηv   (coupled weight decay, torch.optim.SGD, dampening 0).
 * The loss of step i is at θ before step i's update (the tfjs step's `withLoss`).
 *
 * **Full-set evaluation** ({@link mlpEvalGraph}): Σ_rows ½‖f(x) − onehot‖² and the number of rows
 * whose argmax equals the label (lossAndCorrectSums of ../models/losses.ts), summed over the set.
 *
 * Values equal the tfjs engine's up to float32 rounding: the same operations in the same order per
 * element, but the GEMMs (MLAS here, XNNPACK on wasm) accumulate their dot products in other orders.
 */
import { OnnxGraph } from "../env/ort";
import { check } from "../core/errors";

/** The layer widths [d0, d1, …, d_L] of an MLP layout's kernel shapes. @throws ConfigError unless kernel/bias pairs chain */
export function mlpWidths(shapes: readonly (readonly number[])[]): number[] {
  check(shapes.length >= 2 && shapes.length % 2 === 0, `expected kernel/bias pairs, got ${shapes.length} tensors`);
  const widths = [shapes[0][0]];
  for (let i = 0; i < shapes.length; i += 2) {
    const [fanIn, fanOut] = shapes[i];
    check(
      shapes[i].length === 2 &&
        fanIn === widths[widths.length - 1] &&
        shapes[i + 1].length === 1 &&
        shapes[i + 1][0] === fanOut,
      `MLP layout: entry ${i} is [${shapes[i]}] after width ${widths[widths.length - 1]}, bias [${shapes[i + 1]}]`,
    );
    widths.push(fanOut);
  }
  return widths;
}

/** Input names of the parameters in layout order: w0, b0, w1, b1, … */
export const paramNames = (layers: number) =>
  Array.from({ length: 2 * layers }, (_, i) => `${i % 2 === 0 ? "w" : "b"}${i >> 1}`);
/** Input names of the momentum buffers in layout order: vw0, vb0, … */
export const velocityNames = (layers: number) => paramNames(layers).map((n) => `v${n}`);

/** Declares the parameter inputs (and velocity inputs) of an MLP with widths `d`. */
function declareParams(g: OnnxGraph, d: number[], prefix = ""): string[] {
  const names: string[] = [];
  for (let l = 0; l + 1 < d.length; l++) {
    names.push(g.input(`${prefix}w${l}`, "float", [d[l], d[l + 1]]), g.input(`${prefix}b${l}`, "float", [d[l + 1]]));
  }
  return names;
}

/** Forward pass of the MLP on `x`: returns the output and the inputs a_l of each layer. */
function forward(g: OnnxGraph, params: string[], x: string, mask?: string): { out: string; acts: string[] } {
  const L = params.length / 2,
    acts: string[] = [];
  let a = x;
  for (let l = 0; l < L; l++) {
    if (l === L - 1 && mask) a = g.op("Mul", [a, mask]);
    acts.push(a);
    const z = g.op("Add", [g.op("MatMul", [a, params[2 * l]]), params[2 * l + 1]]);
    a = l + 1 < L ? g.op("Relu", [z]) : z;
  }
  return { out: a, acts };
}

/**
 * The epoch graph of an MLP with widths `d` (one call = one epoch of momentum SGD).
 * Inputs: w_l, b_l, vw_l, vb_l (layout order); x [n, d0]; y [n, C] one-hot; perm int64 [n] (the
 * epoch's permutation); batch int64 scalar B; steps int64 scalar ⌈n/B⌉; lr, mu, wd float scalars;
 * with `dropout`, mask [n, d_{L−1}] (step i's mask in rows iB …, as the batch's rows).
 * Outputs: the new parameters and buffers (`new_w0`, …, `new_vw0`, …) and `losses` [steps].
 * @param d layer widths [d0, …, d_L] (at least one hidden layer with dropout)
 * @throws ConfigError for fewer than two widths, or dropout without a hidden layer
 */
export function mlpEpochGraph(d: number[], dropout: boolean): OnnxGraph {
  check(d.length >= 2, `an MLP needs at least two widths, got [${d}]`);
  check(!dropout || d.length >= 3, `dropout needs a hidden layer; widths [${d}]`);
  const L = d.length - 1;
  const g = new OnnxGraph(`mlp-epoch-${d.join("-")}${dropout ? "-dropout" : ""}`, "o");
  const params = declareParams(g, d),
    velocity = declareParams(g, d, "v");
  g.input("x", "float", ["n", d[0]]);
  g.input("y", "float", ["n", d[L]]);
  g.input("perm", "int64", ["n"]);
  if (dropout) g.input("mask", "float", ["n", d[L - 1]]);
  for (const s of ["batch", "steps"]) g.input(s, "int64", []);
  for (const s of ["lr", "mu", "wd"]) g.input(s, "float", []);

  const body = new OnnxGraph("step", "s");
  body.input("iter", "int64", []);
  body.input("cond_in", "bool", []);
  const shapes = params.map((_, i) => (i % 2 === 0 ? [d[i >> 1], d[(i >> 1) + 1]] : [d[(i >> 1) + 1]]));
  const p = params.map((n, i) => body.input(`in_${n}`, "float", shapes[i]));
  const v = velocity.map((n, i) => body.input(`in_${n}`, "float", shapes[i]));
  const start = body.op("Unsqueeze", [body.op("Mul", ["iter", "batch"]), body.int64([0])]);
  const end = body.op("Add", [start, "batch"]);
  const rows = body.op("Slice", ["perm", start, end]);
  const xb = body.op("Gather", ["x", rows], { axis: 0 }),
    yb = body.op("Gather", ["y", rows], { axis: 0 });
  const mb = dropout ? body.op("Slice", ["mask", start, end]) : undefined;
  const B = body.op("Cast", [body.op("Gather", [body.op("Shape", [xb]), body.int64([0], true)])], { to: 1 });
  const { out, acts } = forward(body, p, xb, mb);
  const residual = body.op("Sub", [out, yb]);
  const loss = body.op("Div", [
    body.op("ReduceSum", [body.op("Mul", [residual, residual])], { keepdims: 0 }),
    body.op("Mul", [body.float(2), B]),
  ]);
  let dz = body.op("Div", [residual, B]);
  const grads: string[] = new Array(2 * L);
  for (let l = L - 1; l >= 0; l--) {
    grads[2 * l] = body.op("MatMul", [body.op("Transpose", [acts[l]], { perm: [1, 0] }), dz]);
    grads[2 * l + 1] = body.op("ReduceSum", [dz, body.int64([0])], { keepdims: 0 });
    if (l === 0) break;
    let dh = body.op("MatMul", [dz, body.op("Transpose", [p[2 * l]], { perm: [1, 0] })]);
    if (l === L - 1 && mb) dh = body.op("Mul", [dh, mb]);
    dz = body.op("Mul", [dh, body.op("Cast", [body.op("Greater", [acts[l], body.float(0)])], { to: 1 })]);
  }
  body.output(body.op("Identity", ["cond_in"]), "cond_out", "bool", []);
  const newV = v.map((vi, i) =>
    body.op("Add", [body.op("Mul", [vi, "mu"]), body.op("Add", [grads[i], body.op("Mul", [p[i], "wd"])])]),
  );
  const newP = p.map((pi, i) => body.op("Sub", [pi, body.op("Mul", [newV[i], "lr"])]));
  [...params, ...velocity].forEach((n, i) =>
    body.output(i < p.length ? newP[i] : newV[i - p.length], `out_${n}`, "float", shapes[i % p.length]),
  );
  body.output(loss, "loss", "float", []);

  g.op("Loop", ["steps", "", ...params, ...velocity], { body }, [
    ...params.map((n) => `new_${n}`),
    ...velocity.map((n) => `new_${n}`),
    "losses",
  ]);
  [...params, ...velocity].forEach((n, i) => g.output(`new_${n}`, `new_${n}`, "float", shapes[i % params.length]));
  g.output("losses", "losses", "float", ["steps"]);
  return g;
}

/**
 * The evaluation graph of an MLP with widths `d` (evaluation mode: no dropout).
 * Inputs: w_l, b_l; x [n, d0]; y [n, C] one-hot; labels int32 [n].
 * Outputs: `loss_sum` = Σ_rows ½‖f(x) − y‖², `correct` = #rows with argmax f(x) = label (float scalars).
 * @throws ConfigError for fewer than two widths
 */
export function mlpEvalGraph(d: number[]): OnnxGraph {
  check(d.length >= 2, `an MLP needs at least two widths, got [${d}]`);
  const g = new OnnxGraph(`mlp-eval-${d.join("-")}`, "e");
  const params = declareParams(g, d);
  g.input("x", "float", ["n", d[0]]);
  g.input("y", "float", ["n", d[d.length - 1]]);
  g.input("labels", "int32", ["n"]);
  const { out } = forward(g, params, "x");
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
