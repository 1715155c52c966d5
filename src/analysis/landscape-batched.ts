/**
 * Landscape grid points of an MLP evaluated many at once (Ren, Ma, Ying 2024, Sec. 3 / Fig. 3;
 * same metrics as the per-point evaluateFlat of ./landscape.ts, which stays the reference).
 *
 * Exact algebra, not an approximation: a surface point is θ(a, b) = Σ_m c_m(a, b)·θ_m with basis
 * vectors θ_m ∈ {center, pc1, pc2, (pc3)} and coefficients c = (1, a, b, (q(a))). The first
 * dense layer's pre-activation is linear in the parameters,
 *   Z1(θ) = X·W0(θ) + 1·b0(θ)ᵀ = Σ_m c_m · Z1(θ_m),
 * so Z1(θ_m) [n, h] is computed once per set (one GEMM [n, in] × [in, M·h]) and, for a chunk of
 * K points, Z1 of all K points is one matMul C [K, M] × Z [M, n·h] (ReLU fused). Every later layer
 * is linear in its own parameters too: H_k·W(θ_k) + b(θ_k) = Σ_m c_km (H_k·W_m + b_m), one GEMM
 * [K·n, in] × [in, M·out] and a sum over m. For the 784-100-10 net this replaces ≈ 79 000
 * multiply-adds per row and point by ≈ 3 300 (the in×h first layer was almost all of them);
 * later layers cost M× their per-point flops, so wide deep layers gain less.
 *
 * Results equal the per-point path's up to float32 rounding: the per-point path sums the basis
 * vectors in float64 and rounds θ once, this one sums the layers' float32 outputs Σ_m c_m·(…)_m,
 * and the loss is reduced per point over [n, C] instead of per set.
 */
import { tf } from "../env/tf";
import { check, checkInt, checkNumber } from "../core/errors";
import { ParamLayout } from "../params/layout";
import type { SetTensors } from "../train/evaluate";
import { throwIfCancelled, yieldToEventLoop } from "../core/cancel";
import { Surface, evalQuadratic } from "./surface";
import { LandscapeGrid, gridPointAt, gridSize } from "./grid";
import type { LandscapeRow } from "./landscape-row";
import { EngineName, chooseEngine } from "../env/engine";
import { cachedSession, HostTensor } from "../env/ort";
import { basisPreactivationGraph, gridChunkGraph } from "../kernels/onnx-landscape";
import { mlpWidths } from "../kernels/onnx-mlp";
import { hostOnehot, type HostSet } from "../kernels/host-batch";

/** Metrics of one point without its grid index. */
export type PointMetrics = Omit<LandscapeRow, "index">;

/**
 * The metrics of K points from both routes' sums: `tr` and `te` hold [K] loss sums then [K] correct counts
 * over the train subset (nTrain rows) and the test set (nTest rows); each becomes a mean.
 */
function pointMetrics(
  points: readonly { a: number; b: number }[],
  tr: Float32Array,
  te: Float32Array,
  nTrain: number,
  nTest: number,
): PointMetrics[] {
  const K = points.length;
  return points.map((p, k) => ({
    a: p.a,
    b: p.b,
    trainLoss: tr[k] / nTrain,
    trainAcc: tr[K + k] / nTrain,
    testLoss: te[k] / nTest,
    testAcc: te[K + k] / nTest,
  }));
}

/** A surface ready for batched evaluation on resident sets. Call `dispose` when the grid is done. */
export interface BatchedSurface {
  /** number of basis vectors M (3 flat, 4 curved) */
  basisSize: number;
  /**
   * Train and test metrics at each (a, b), in the order given (one matMul chain per set).
   * @throws ConfigError (rejects) when a coordinate is not finite
   */
  evaluate(points: { a: number; b: number }[]): Promise<PointMetrics[]>;
  /** frees the precomputed basis tensors (the sets are the caller's) */
  dispose(): void;
}

/** Floats of the largest [K, n·h] intermediate the default chunk allows (32 MB of float32). */
const CHUNK_FLOATS = 8 * 2 ** 20;

/**
 * Points per batched chunk so that K·n·h ≤ 8 Mi floats, K in [1, 64] (measured on wasm,
 * scripts/bench/grid-workloads.ts: points/s flat from K ≈ 8 to 24 for n = 9 500, h = 100: K = 8 there).
 * @param layout MLP layout (h = the first kernel's output width); @param sets n = the larger set's rows
 */
export function defaultPointChunk(layout: ParamLayout, sets: { train: { n: number }; test: { n: number } }): number {
  const nh = Math.max(1, Math.max(sets.train.n, sets.test.n) * layout.entries[0].shape[1]);
  return Math.max(1, Math.min(64, Math.floor(CHUNK_FLOATS / nh)));
}

/** Whether a network can take the batched path: an MLP ("mlp" kind) of kernel/bias pairs with ≥ 1 hidden layer. */
export function canBatch(network: { kind?: string; layout: ParamLayout }): boolean {
  const e = network.layout.entries;
  return (
    network.kind === "mlp" &&
    e.length >= 4 &&
    e.length % 2 === 0 &&
    e.every((x, i) =>
      i % 2 === 0 ? x.kind === "kernel" && x.shape.length === 2 : x.kind === "bias" && x.shape.length === 1,
    )
  );
}

/** The basis vectors θ_m of a surface, [M] × [P], and the coefficients c_m(a, b). */
function basisOf(surface: Surface): { vectors: ArrayLike<number>[]; coefs: (a: number, b: number) => number[] } {
  if (surface.kind === "flat")
    return { vectors: [surface.center, surface.pc1, surface.pc2], coefs: (a, b) => [1, a, b] };
  const q = surface.quad;
  return {
    vectors: [surface.center, surface.pc1, surface.pc2, surface.pc3],
    coefs: (a, b) => [1, a, b, evalQuadratic(q, a)],
  };
}

/**
 * Z1(θ_m) for every basis vector on one set, as [M, n·h]: one GEMM X [n, in] × [W0_0 | … | W0_{M−1}] [in, M·h]
 * plus the biases, then rearranged so that row m holds Z1(θ_m) flattened row-major.
 */
function basisPreactivations(layout: ParamLayout, vectors: ArrayLike<number>[], set: SetTensors): tf.Tensor2D {
  const [kernel, bias] = layout.entries;
  const [inDim, h] = kernel.shape,
    M = vectors.length;
  const w = new Float32Array(inDim * M * h),
    b = new Float32Array(M * h);
  vectors.forEach((v, m) => {
    for (let i = 0; i < inDim; i++) {
      for (let j = 0; j < h; j++) w[i * M * h + m * h + j] = v[kernel.offset + i * h + j];
    }
    for (let j = 0; j < h; j++) b[m * h + j] = v[bias.offset + j];
  });
  return tf.tidy(() => {
    const z = tf.add(tf.matMul(set.x, tf.tensor2d(w, [inDim, M * h])), tf.tensor1d(b)); // [n, M·h]
    return tf.reshape(tf.transpose(tf.reshape(z, [set.n, M, h]), [1, 0, 2]), [M, set.n * h]) as tf.Tensor2D;
  });
}

/** Per later layer l ≥ 1: basis kernels side by side [in, M·out] and basis biases [M, out]. */
interface LayerBasis {
  w: tf.Tensor2D;
  b: tf.Tensor2D;
  out: number;
}

function laterLayerBases(layout: ParamLayout, vectors: ArrayLike<number>[]): LayerBasis[] {
  const M = vectors.length,
    res: LayerBasis[] = [];
  for (let l = 1; 2 * l < layout.entries.length; l++) {
    const { w, b, inDim, out } = sideBySide(layout, vectors, l);
    res.push({ w: tf.tensor2d(w, [inDim, M * out]), b: tf.tensor2d(b, [M, out]), out });
  }
  return res;
}

/**
 * Sums over each point of ½‖f − onehot‖² and of correct argmax predictions on one set, [2·K]
 * (K losses, then K counts). H = ReLU(C·Z) [K·n, h]; each later layer is linear in its parameters
 * too, so H_k·W(θ_k) + b(θ_k) = Σ_m c_km (H_k·W_m + b_m): one GEMM H [K·n, in] × [W_0 | … ] [in, M·out]
 * and a sum over m (M× the layer's flops, which are small next to the first layer's).
 */
function chunkSums(z1: tf.Tensor2D, layers: LayerBasis[], set: SetTensors, coefs: tf.Tensor2D): Float32Array {
  const [K, M] = coefs.shape,
    n = set.n;
  const out = tf.tidy(() => {
    let act: tf.Tensor = tf.fused.matMul({ a: coefs, b: z1, activation: "relu" }); // [K, n·h]
    let inDim = z1.shape[1] / n;
    layers.forEach((L, i) => {
      const g = tf.reshape(tf.matMul(tf.reshape(act, [K * n, inDim]) as tf.Tensor2D, L.w), [K, n, M, L.out]);
      const pre = tf.add(
        tf.sum(tf.mul(g, tf.reshape(coefs, [K, 1, M, 1])), 2),
        tf.reshape(tf.matMul(coefs, L.b), [K, 1, L.out]),
      );
      act = i + 1 < layers.length ? tf.relu(pre) : pre;
      inDim = L.out;
    });
    const logits = act as tf.Tensor3D; // [K, n, C]
    const loss = tf.div(tf.sum(tf.square(tf.sub(logits, set.onehot)), [1, 2]), 2);
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 2), set.labels), "float32"), 1);
    return tf.concat([loss, correct]);
  });
  const sums = out.dataSync() as Float32Array;
  out.dispose();
  return sums;
}

/**
 * Prepares batched evaluation of an MLP on a surface: computes Z1(θ_m) [M, n·h] on the train and
 * test sets (M GEMMs' worth of work, once per surface). On the onnx engine (../env/engine.ts) the
 * same algebra runs as the graphs of ../kernels/onnx-landscape.ts ({@link onnxBatchedSurface}).
 * @param engine the engine (default: the process's)
 * @param layout MLP layout (kernel [in, out] / bias [out] pairs, ≥ 1 hidden layer), size P
 * @param surface vectors of length P
 * @param sets resident train subset and test set (not disposed here)
 * @throws ConfigError when the layout is not such an MLP or the surface length is not P
 */
export function batchedSurface(
  layout: ParamLayout,
  surface: Surface,
  sets: { train: SetTensors; test: SetTensors },
  engine?: EngineName,
): BatchedSurface {
  if ((engine ?? chooseEngine().engine) === "onnx")
    return onnxBatchedSurface(layout, surface, { train: sets.train.host, test: sets.test.host });
  checkBatchable(layout, surface);
  const { vectors, coefs } = basisOf(surface);
  const z = {
    train: basisPreactivations(layout, vectors, sets.train),
    test: basisPreactivations(layout, vectors, sets.test),
  };
  const layers = laterLayerBases(layout, vectors);
  return {
    basisSize: vectors.length,
    async evaluate(points) {
      const K = points.length;
      if (K === 0) return [];
      checkPoints(points);
      const c = tf.tensor2d(
        points.flatMap((p) => coefs(p.a, p.b)),
        [K, vectors.length],
      );
      try {
        const tr = chunkSums(z.train, layers, sets.train, c),
          te = chunkSums(z.test, layers, sets.test, c);
        return pointMetrics(points, tr, te, sets.train.n, sets.test.n);
      } finally {
        c.dispose();
      }
    },
    dispose: () => tf.dispose([z.train, z.test, ...layers.flatMap((L) => [L.w, L.b])]),
  };
}

function checkPoints(points: { a: number; b: number }[]): void {
  points.forEach((p, k) => {
    checkNumber(`surface coordinate a of point ${k}`, p.a);
    checkNumber(`surface coordinate b of point ${k}`, p.b);
  });
}

/** Basis kernels of layer `l` (entries 2l, 2l+1) side by side: w [in, M·out] and biases [M, out] (or flat [M·out]). */
function sideBySide(
  layout: ParamLayout,
  vectors: ArrayLike<number>[],
  l: number,
): { w: Float32Array; b: Float32Array; inDim: number; out: number } {
  const [kern, bias] = [layout.entries[2 * l], layout.entries[2 * l + 1]];
  const [inDim, out] = kern.shape,
    M = vectors.length;
  const w = new Float32Array(inDim * M * out),
    b = new Float32Array(M * out);
  vectors.forEach((v, m) => {
    for (let i = 0; i < inDim; i++)
      for (let j = 0; j < out; j++) w[i * M * out + m * out + j] = v[kern.offset + i * out + j];
    for (let j = 0; j < out; j++) b[m * out + j] = v[bias.offset + j];
  });
  return { w, b, inDim, out };
}

/**
 * Checks that both batched routes can evaluate `surface` on `layout`.
 * @throws ConfigError when the layout is not an MLP of kernel/bias pairs with ≥ 1 hidden layer, or the surface length is not P
 */
function checkBatchable(layout: ParamLayout, surface: Surface): void {
  check(
    canBatch({ kind: "mlp", layout }),
    "batched landscape evaluation needs an MLP layout of kernel/bias pairs with at least one hidden layer",
  );
  check(
    surface.center.length === layout.size,
    `landscape surface has length ${surface.center.length}, the network has P = ${layout.size} parameters`,
  );
}

/**
 * {@link batchedSurface} on the onnx engine: the same exact algebra as the graphs of
 * ../kernels/onnx-landscape.ts, on the sets' host rows. Z1(θ_m) is computed on the first `evaluate`
 * and kept; `dispose` drops it. Values equal the tfjs route's up to float32 rounding (tested).
 * @param layout MLP layout (≥ 1 hidden layer); @param surface vectors of length P; @param sets host rows
 * @throws ConfigError when the layout is not such an MLP or the surface length is not P
 */
export function onnxBatchedSurface(
  layout: ParamLayout,
  surface: Surface,
  sets: { train: HostSet; test: HostSet },
): BatchedSurface {
  checkBatchable(layout, surface);
  const { vectors, coefs } = basisOf(surface);
  const M = vectors.length,
    widths = mlpWidths(layout.entries.map((e) => e.shape));
  const first = sideBySide(layout, vectors, 0);
  const later: Record<string, HostTensor> = {};
  for (let l = 1; l + 1 < widths.length; l++) {
    const { w, b, inDim, out } = sideBySide(layout, vectors, l);
    later[`w${l}`] = { data: w, dims: [inDim, M * out] };
    later[`b${l}`] = { data: b, dims: [M, out] };
  }
  let z1: Promise<Record<"train" | "test", Float32Array>> | null = null;
  const basis = async (set: HostSet) => {
    const pre = await cachedSession(`landscape-z1 ${first.inDim} ${first.out} ${M}`, () =>
      basisPreactivationGraph(first.inDim, first.out, M),
    );
    const out = await pre.run({
      x: { data: set.x, dims: [set.n, set.dim] },
      w: { data: first.w, dims: [first.inDim, M * first.out] },
      b: { data: first.b, dims: [M * first.out] },
    });
    return out.z1.data as Float32Array;
  };
  const sums = async (z: Float32Array, set: HostSet, c: Float32Array, K: number) => {
    const chunk = await cachedSession(`landscape-chunk ${widths.join("-")} ${M}`, () => gridChunkGraph(widths, M));
    const out = await chunk.run({
      z1: { data: z, dims: [M, set.n * first.out] },
      coefs: { data: c, dims: [K, M] },
      ...later,
      onehot: { data: hostOnehot(set), dims: [set.n, set.numClasses] },
      labels: { data: set.labels, dims: [set.n] },
    });
    return out.sums.data as Float32Array;
  };
  return {
    basisSize: M,
    async evaluate(points) {
      const K = points.length;
      if (K === 0) return [];
      checkPoints(points);
      z1 ??= (async () => ({ train: await basis(sets.train), test: await basis(sets.test) }))();
      const z = await z1;
      const c = Float32Array.from(points.flatMap((p) => coefs(p.a, p.b)));
      const tr = await sums(z.train, sets.train, c, K),
        te = await sums(z.test, sets.test, c, K);
      return pointMetrics(points, tr, te, sets.train.n, sets.test.n);
    },
    dispose: () => {
      z1 = null;
    },
  };
}

/**
 * Splits grid indices [from, to) into consecutive chunks [s, e) that never cross a grid row (nA
 * points), each row's part cut into ⌈len / pointChunk⌉ chunks of balanced sizes (41 → 6,7,7,7,7,7
 * for pointChunk 8, not 8,8,8,8,8,1). A serial grid and a grid evaluated one row per worker job
 * thus evaluate the same chunks and get bit-identical values.
 * @throws ConfigError when nA or pointChunk is not a positive integer
 */
export function gridChunks(nA: number, from: number, to: number, pointChunk: number): [number, number][] {
  checkInt("nA", nA, 1);
  checkInt("pointChunk", pointChunk, 1);
  const out: [number, number][] = [];
  for (let s = from; s < to;) {
    const rowEnd = Math.min(to, (Math.floor(s / nA) + 1) * nA),
      len = rowEnd - s,
      parts = Math.ceil(len / pointChunk);
    for (let k = 0; k < parts; k++)
      out.push([s + Math.floor((k * len) / parts), s + Math.floor(((k + 1) * len) / parts)]);
    s = rowEnd;
  }
  return out;
}

/**
 * Rows of grid indices [from, to) evaluated chunk by chunk (see {@link gridChunks}), one array of
 * rows per chunk in index order, yielding to the event loop after each chunk.
 * @throws CancelledError when `signal` is aborted before a chunk
 */
export async function* batchedGridRows(
  batched: BatchedSurface,
  grid: LandscapeGrid,
  from: number,
  to: number,
  pointChunk: number,
  signal?: AbortSignal,
): AsyncGenerator<LandscapeRow[]> {
  const total = gridSize(grid);
  for (const [s, e] of gridChunks(grid.as.length, from, to, pointChunk)) {
    throwIfCancelled(signal, `landscape grid at point ${s}/${total}`);
    const points = Array.from({ length: e - s }, (_, j) => gridPointAt(grid, s + j));
    yield (await batched.evaluate(points)).map((m, j) => ({ index: s + j, ...m }));
    await yieldToEventLoop();
  }
}
