/**
 * Reader for MNIST in LeCun's IDX format (http://yann.lecun.com/exdb/mnist/), plain or
 * gzipped: `train-images-idx3-ubyte` / `train-labels-idx1-ubyte` (60 000) and
 * `t10k-images-idx3-ubyte` / `t10k-labels-idx1-ubyte` (10 000), each optionally `.gz`.
 * Images file: big-endian int32 magic 2051, n, rows, cols, then n·rows·cols bytes.
 * Labels file: big-endian int32 magic 2049, n, then n bytes (0..9).
 */
import * as path from "path";
import { dataDir } from "../store/paths";
import { fileExists, readDataFile } from "../store/files";
import { DataFileError, check } from "../core/errors";
import { ImageSet, fetchCommand } from "./image-set";

/** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 2049;
/** Header bytes: magic + 3 dimensions for images, magic + 1 dimension for labels. */
export const IDX_IMAGES_HEADER_BYTES = 16;
export const IDX_LABELS_HEADER_BYTES = 8;
/** MNIST pixel mean and std of the training images scaled to [0, 1] (the torchvision example's Normalize((0.1307,), (0.3081,))). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
/** Folder of the IDX files under the data directory. */
export const MNIST_FOLDER = "mnist";
/** File stems per split (a `.gz` suffix is also accepted). */
export const MNIST_FILES = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
} as const;

/** The default folder: `<dataDir()>/mnist`. */
export function mnistIdxDir(): string {
  return path.join(dataDir(), MNIST_FOLDER);
}

function header(buf: Buffer, file: string, magic: number, bytes: number): number[] {
  if (buf.length < bytes) throw new DataFileError(`${file}: truncated file: ${buf.length} bytes, shorter than the ${bytes}-byte IDX header`);
  const got = buf.readUInt32BE(0);
  if (got !== magic) throw new DataFileError(`${file}: wrong magic number ${got}, expected ${magic} (${magic === IDX_IMAGES_MAGIC ? "images" : "labels"}, idx${magic === IDX_IMAGES_MAGIC ? 3 : 1}-ubyte)`);
  const dims: number[] = [];
  for (let o = 4; o < bytes; o += 4) dims.push(buf.readUInt32BE(o));
  return dims;
}

/**
 * Reads an images file. @returns raw bytes [n, rows, cols] and the dimensions
 * @throws DataFileError naming the file: missing, wrong magic, truncated (fewer than n·rows·cols pixel bytes)
 */
export function readIdxImages(file: string): { pixels: Uint8Array; n: number; rows: number; cols: number } {
  const buf = readDataFile(file, fetchCommand("mnist"));
  const [n, rows, cols] = header(buf, file, IDX_IMAGES_MAGIC, IDX_IMAGES_HEADER_BYTES);
  const need = IDX_IMAGES_HEADER_BYTES + n * rows * cols;
  if (buf.length < need) throw new DataFileError(`${file}: truncated file: header says ${n} images of ${rows}×${cols} (${need} bytes), file has ${buf.length}`);
  return { pixels: buf.subarray(IDX_IMAGES_HEADER_BYTES, need), n, rows, cols };
}

/**
 * Reads a labels file. @returns labels [n] as bytes
 * @throws DataFileError naming the file: missing, wrong magic, truncated, label > 9
 */
export function readIdxLabels(file: string): Uint8Array {
  const buf = readDataFile(file, fetchCommand("mnist"));
  const [n] = header(buf, file, IDX_LABELS_MAGIC, IDX_LABELS_HEADER_BYTES);
  const need = IDX_LABELS_HEADER_BYTES + n;
  if (buf.length < need) throw new DataFileError(`${file}: truncated file: header says ${n} labels (${need} bytes), file has ${buf.length}`);
  const labels = buf.subarray(IDX_LABELS_HEADER_BYTES, need);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw new DataFileError(`${file}: label ${bad} is ${labels[bad]}, expected 0..9`);
  return labels;
}

/** `dir/stem` if present, else `dir/stem.gz` if present, else `dir/stem` (reported as missing). */
function locate(dir: string, stem: string): string {
  const plain = path.join(dir, stem);
  return fileExists(plain) || !fileExists(plain + ".gz") ? plain : plain + ".gz";
}

/** Options of {@link loadMnistIdx}. */
export interface MnistIdxOptions {
  /** folder of the IDX files; default {@link mnistIdxDir} */
  dir?: string;
  /** (v − 0.1307) / 0.3081 after scaling to [0, 1]; default false (values in [0, 1]) */
  normalize?: boolean;
}

/**
 * Loads one MNIST split from IDX files (plain preferred, else `.gz`).
 * @returns images [n, 28, 28, 1] float32 (flat NHWC) in [0, 1] (or normalised), labels [n] int32
 * @throws DataFileError naming the file: missing (with the fetch command), wrong magic, truncated,
 *   image and label counts that disagree; ConfigError for another split name
 */
export function loadMnistIdx(split: "train" | "test", opts: MnistIdxOptions = {}): ImageSet {
  check(split === "train" || split === "test", `split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  const dir = opts.dir ?? mnistIdxDir();
  const imgFile = locate(dir, MNIST_FILES[split].images), lblFile = locate(dir, MNIST_FILES[split].labels);
  const img = readIdxImages(imgFile);
  const lbl = readIdxLabels(lblFile);
  if (lbl.length !== img.n) throw new DataFileError(`${imgFile} has ${img.n} images but ${lblFile} has ${lbl.length} labels`);
  const a = opts.normalize ? 1 / (255 * MNIST_STD) : 1 / 255, b = opts.normalize ? MNIST_MEAN / MNIST_STD : 0;
  const x = new Float32Array(img.pixels.length);
  for (let i = 0; i < x.length; i++) x[i] = img.pixels[i] * a - b;
  return { x, y: Int32Array.from(lbl), n: img.n, dim: img.rows * img.cols, shape: [img.rows, img.cols, 1] };
}
