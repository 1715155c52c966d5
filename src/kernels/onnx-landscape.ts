/**
 * The batched landscape-grid evaluation of ../analysis/landscape-batched.ts as ONNX graphs, for the
 * `onnx` engine (Ren, Ma, Ying 2024, Sec. 3 / Fig. 3). Same exact algebra as the tfjs version there:
 * a surface point is θ(a, b) = Σ_m c_m θ_m over M basis vectors, every dense layer is linear in its
 * own parameters, so
 *   Z1(θ_m) = X·W0_m + b0_m for all m at once ({@link basisPreactivationGraph}: one GEMM
 *             X [n, in] × [W0_0 | … | W0_{M−1}] [in, M·h], rearranged to [M, n·h]), once per surface;
 *   a chunk of K points ({@link gridChunkGraph}): H = ReLU(C·Z1) [K, n·h] with C [K, M] the points'
 *             coefficients; each later layer Σ_m c_km (H_k·W_m + b_m) by one GEMM
 *             H [K·n, in] × [W_0 | …] [in, M·out] and a sum over m; then per point the sums of
 *             ½‖f − onehot‖² and of correct argmax predictions over the set's n rows.
 * Values equal the tfjs version's up to float32 rounding (GEMMs accumulate in other orders).
 */
import { OnnxGraph } from "../env/ort";
import { check } from "../core/errors";

/**
 * Z1 of every basis vector on one set: inputs x [n, in], w [in, M·h] (the basis kernels side by side),
 * b [M·h]; output z [M, n·h] (row m = Z1(θ_m) flattened row-major).
 * @param inDim in; @param h the first layer's width; @param M the number of basis vectors
 */
export function basisPreactivationGraph(inDim: number, h: number, M: number): OnnxGraph {
  const g = new OnnxGraph(`landscape-z1-${inDim}-${h}-${M}`, "z");
  g.input("x", "float", ["n", inDim]);
  g.input("w", "float", [inDim, M * h]);
  g.input("b", "float", [M * h]);
  const z = g.op("Add", [g.op("MatMul", ["x", "w"]), "b"]); // [n, M·h]
  const perMember = g.op("Transpose", [g.op("Reshape", [z, g.int64([-1, M, h])])], { perm: [1, 0, 2] }); // [M, n, h]
  g.output(g.op("Reshape", [perMember, g.int64([M, -1])]), "z1", "float", [M, "nh"]);
  return g;
}

/**
 * Sums over one set for a chunk of K surface points: inputs z1 [M, n·h], coefs [K, M], per later
 * layer l ≥ 1 w{l} [in_l, M·out_l] and b{l} [M, out_l], onehot [n, C], labels int32 [n]; output
 * sums [2K] (K loss sums ½Σ‖f − onehot‖², then K counts of correct argmax predictions).
 * @param widths the MLP's layer widths [d0, d1, …, d_L] (at least one hidden layer); @param M basis size
 * @throws ConfigError without a hidden layer
 */
export function gridChunkGraph(widths: number[], M: number): OnnxGraph {
  check(widths.length >= 3, `batched landscape evaluation needs a hidden layer; widths [${widths}]`);
  const g = new OnnxGraph(`landscape-chunk-${widths.join("-")}-${M}`, "c");
  g.input("z1", "float", [M, "nh"]);
  g.input("coefs", "float", ["K", M]);
  g.input("onehot", "float", ["n", widths[widths.length - 1]]);
  g.input("labels", "int32", ["n"]);
  const K = g.op("Slice", [g.op("Shape", ["coefs"]), g.int64([0]), g.int64([1])]);
  const n = g.op("Slice", [g.op("Shape", ["onehot"]), g.int64([0]), g.int64([1])]);
  let act = g.op("Relu", [g.op("MatMul", ["coefs", "z1"])]); // [K, n·h]
  const coefs4 = g.op("Unsqueeze", [g.op("Unsqueeze", ["coefs", g.int64([1])]), g.int64([3])]); // [K, 1, M, 1]
  for (let l = 1; l + 1 < widths.length; l++) {
    const [inDim, out] = [widths[l], widths[l + 1]];
    const w = g.input(`w${l}`, "float", [inDim, M * out]),
      b = g.input(`b${l}`, "float", [M, out]);
    const gemm = g.op("MatMul", [g.op("Reshape", [act, g.int64([-1, inDim])]), w]); // [K·n, M·out]
    const shape = g.op("Concat", [K, n, g.int64([M, out])], { axis: 0 });
    const summed = g.op("ReduceSum", [g.op("Mul", [g.op("Reshape", [gemm, shape]), coefs4]), g.int64([2])], {
      keepdims: 0,
    }); // [K, n, out]
    const bias = g.op("Unsqueeze", [g.op("MatMul", ["coefs", b]), g.int64([1])]); // [K, 1, out]
    const pre = g.op("Add", [summed, bias]);
    act = l + 2 < widths.length ? g.op("Relu", [pre]) : pre;
  }
  const residual = g.op("Sub", [act, "onehot"]); // [K, n, C]
  const loss = g.op("Div", [
    g.op("ReduceSum", [g.op("Mul", [residual, residual]), g.int64([1, 2])], { keepdims: 0 }),
    g.float(2),
  ]);
  const predicted = g.op("Cast", [g.op("ArgMax", [act], { axis: 2, keepdims: 0 })], { to: 6 });
  const correct = g.op("ReduceSum", [g.op("Cast", [g.op("Equal", [predicted, "labels"])], { to: 1 }), g.int64([1])], {
    keepdims: 0,
  });
  g.output(g.op("Concat", [loss, correct], { axis: 0 }), "sums", "float", ["twoK"]);
  return g;
}
