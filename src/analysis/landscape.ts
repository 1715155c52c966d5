/**
 * Landscape grid evaluation: the network's train and test loss/accuracy at every point of a
 * grid on a surface in parameter space (Ren, Ma, Ying 2024, Sec. 3 and Fig. 3: the train loss
 * shows a valley along which the large-LR main path travels toward the test-loss minimum;
 * Li et al. 2018's `crunch` for random directions).
 *
 * Two paths with the same metrics:
 * - per point (the reference, any network): each grid point (a, b) is turned into a flat parameter
 *   vector by `surfacePoint` (one reused [P] buffer), uploaded as per-entry tensors, evaluated on
 *   the resident train and test tensors with `evaluateSet`, and disposed;
 * - batched (MLPs, the default for network kind "mlp"): chunks of grid points at once through
 *   the exact basis decomposition of ./landscape-batched.ts, ≈ 25× faster on the quick profile.
 * Either way tf.memory().numTensors is unchanged across a grid. Single-threaded: under Node the
 * wasm backend runs one thread per process; the experiment layer splits a grid across workers.
 */
import { tf } from "../env/tf";
import { check, checkInt } from "../core/errors";
import { throwIfCancelled, yieldToEventLoop } from "../core/cancel";
import { Network } from "../models/network";
import { toTensors } from "../train/state";
import { SetTensors, SetMetrics, evaluateSet } from "../train/evaluate";
import { LandscapeGrid, gridPoints, gridSize } from "./grid";
import { Surface, surfacePoint } from "./surface";
import { batchedGridRows, batchedSurface, canBatch, defaultPointChunk } from "./landscape-batched";
import type { LandscapeRow } from "./landscape-row";

export type { LandscapeRow } from "./landscape-row";

/** Options of {@link evaluateLandscape}. */
export interface LandscapeEvalOptions {
  /** first grid index to evaluate (resume after a stop; default 0) */
  start?: number;
  /** called after every point with the row and the number of points done (counting `start`) out of nA·nB */
  onRow?: (row: LandscapeRow, done: number, total: number) => void;
  /** checked before every point; abort → CancelledError */
  signal?: AbortSignal;
  /** per-point path: rows per forward pass (default: the whole set in one pass, which is fastest on wasm) */
  chunk?: number;
  /** use the batched path when the network allows it (kind "mlp"; default true); false forces the per-point path */
  batched?: boolean;
  /** batched path: grid points per chunk (default defaultPointChunk(layout, sets)); chunks never cross a grid row */
  pointChunk?: number;
}

/**
 * Loss and accuracy of the network with flat parameters `flat` [P] on one resident set.
 * The per-entry parameter tensors are created and disposed here.
 * @throws ConfigError when flat.length ≠ layout.size
 */
export function evaluateFlat(
  network: Pick<Network, "layout" | "forward">,
  flat: Float32Array,
  set: SetTensors,
  chunk?: number,
): SetMetrics {
  const params = toTensors(network.layout, flat);
  try {
    return evaluateSet(params, set, chunk ?? Math.max(set.n, 1), (p, x) => network.forward(p, x));
  } finally {
    tf.dispose(params);
  }
}

/**
 * Train and test metrics at one surface point (a, b).
 * @param buffer optional [P] scratch vector reused across points
 */
export function evaluateSurfacePoint(
  network: Pick<Network, "layout" | "forward">,
  surface: Surface,
  a: number,
  b: number,
  sets: { train: SetTensors; test: SetTensors },
  buffer?: Float32Array,
  chunk?: number,
): Omit<LandscapeRow, "index"> {
  const flat = surfacePoint(surface, a, b, buffer);
  const tr = evaluateFlat(network, flat, sets.train, chunk);
  const te = evaluateFlat(network, flat, sets.test, chunk);
  return { a, b, trainLoss: tr.loss, trainAcc: tr.acc, testLoss: te.loss, testAcc: te.acc };
}

/**
 * Evaluates every grid point from `opts.start` on, in row order (b outer, a inner), yielding to
 * the event loop between points (per-point path) or chunks (batched path) so progress displays
 * render and interrupts are seen. MLPs (network kind "mlp") take the batched path unless
 * `opts.batched` is false; its basis tensors are disposed before this returns or throws.
 * @param network the network (layout of size P, forward pass, kind); surface vectors must have length P
 * @param sets resident train subset and test set (not disposed here)
 * @returns rows for indices start … nA·nB − 1, in order
 * @throws ConfigError when the surface's length is not P or start is out of range;
 *   CancelledError when `signal` aborts
 */
export async function evaluateLandscape(
  network: Pick<Network, "layout" | "forward"> & { kind?: Network["kind"] },
  surface: Surface,
  grid: LandscapeGrid,
  sets: { train: SetTensors; test: SetTensors },
  opts: LandscapeEvalOptions = {},
): Promise<LandscapeRow[]> {
  const layout = network.layout;
  check(
    surface.center.length === layout.size,
    `landscape surface has length ${surface.center.length}, the network has P = ${layout.size} parameters`,
  );
  const total = gridSize(grid);
  const start = opts.start ?? 0;
  checkInt(`grid start index (grid has ${total} points)`, start, 0, total);
  const rows: LandscapeRow[] = [];
  if (start < total && opts.batched !== false && canBatch(network)) {
    const batched = batchedSurface(layout, surface, sets);
    try {
      for await (const chunk of batchedGridRows(
        batched,
        grid,
        start,
        total,
        opts.pointChunk ?? defaultPointChunk(layout, sets),
        opts.signal,
      )) {
        for (const row of chunk) {
          rows.push(row);
          opts.onRow?.(row, row.index + 1, total);
        }
      }
    } finally {
      batched.dispose();
    }
    return rows;
  }
  const buffer = new Float32Array(layout.size);
  for (const pt of gridPoints(grid, start)) {
    throwIfCancelled(opts.signal, `landscape grid at point ${pt.index}/${total}`);
    const row = { index: pt.index, ...evaluateSurfacePoint(network, surface, pt.a, pt.b, sets, buffer, opts.chunk) };
    rows.push(row);
    opts.onRow?.(row, pt.index + 1, total);
    await yieldToEventLoop();
  }
  return rows;
}

/** A metric of all rows as a [nB][nA] matrix (plotly's contour z layout); rows must cover the whole grid in order. */
export function landscapeMatrix(
  grid: LandscapeGrid,
  rows: LandscapeRow[],
  metric: keyof Omit<LandscapeRow, "index" | "a" | "b">,
): number[][] {
  const nA = grid.as.length,
    nB = grid.bs.length;
  check(rows.length === nA * nB, `landscapeMatrix needs ${nA * nB} rows (the whole grid), got ${rows.length}`);
  rows.forEach((r, k) => check(r.index === k, `landscape row ${k} has index ${r.index}: rows must be in grid order`));
  return Array.from({ length: nB }, (_, j) => rows.slice(j * nA, (j + 1) * nA).map((r) => r[metric]));
}
