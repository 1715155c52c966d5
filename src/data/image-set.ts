/**
 * Image data sets as plain typed arrays, shared by the CIFAR-10 and MNIST IDX readers
 * and the per-class subset protocol.
 */
import { DataFileError, showValue } from "../core/errors";
import type { LabelledSet } from "./mnist";

/** A labelled image set: a {@link LabelledSet} whose rows are NHWC images. */
export interface ImageSet extends LabelledSet {
  /** images [n, H, W, C] flattened row-major (NHWC), float32 */
  x: Float32Array;
  /** labels [n], int32 */
  y: Int32Array;
  /** per-image shape [H, W, C]; dim = H·W·C */
  shape: [number, number, number];
}

/**
 * The command that gets a data set: a download on a machine with internet access
 * (for `fashion-mnist` on Debian as root, `apt-get install dataset-fashion-mnist` first).
 */
export function fetchCommand(dataset: "cifar10" | "mnist" | "fashion-mnist"): string {
  return `node scripts/fetch-datasets.mjs ${dataset}`;
}

/**
 * Copies the rows `idx` of a set into a new set (same shape).
 * @param idx row indices into `s`
 */
export function gatherRows(s: ImageSet, idx: ArrayLike<number>): ImageSet {
  const x = new Float32Array(idx.length * s.dim);
  const y = new Int32Array(idx.length);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r];
    x.set(s.x.subarray(i * s.dim, (i + 1) * s.dim), r * s.dim);
    y[r] = s.y[i];
  }
  return { x, y, n: idx.length, dim: s.dim, shape: [...s.shape] };
}

/** Concatenates sets of the same image shape. @throws DataFileError if shapes differ */
export function concatSets(sets: ImageSet[]): ImageSet {
  const shape = sets[0].shape;
  for (const s of sets) {
    if (s.shape.join() !== shape.join()) throw new DataFileError(`cannot concatenate image shapes ${showValue(shape)} and ${showValue(s.shape)}`);
  }
  const n = sets.reduce((a, s) => a + s.n, 0);
  const x = new Float32Array(n * sets[0].dim);
  const y = new Int32Array(n);
  let r = 0;
  for (const s of sets) { x.set(s.x, r * s.dim); y.set(s.y, r); r += s.n; }
  return { x, y, n, dim: sets[0].dim, shape: [...shape] };
}
