/**
 * Reader for MNIST in LeCun's IDX format (http://yann.lecun.com/exdb/mnist/), plain or
 * gzipped: `train-images-idx3-ubyte` / `train-labels-idx1-ubyte` (60 000) and
 * `t10k-images-idx3-ubyte` / `t10k-labels-idx1-ubyte` (10 000), each optionally `.gz`.
 * Images file: big-endian int32 magic 2051, n, rows, cols, then n·rows·cols bytes.
 * Labels file: big-endian int32 magic 2049, n, then n bytes (0..9).
 */
import * as path from "path";
import { dataDir } from "../store/paths";
import { fileExists, fileSize, readDataFile } from "../store/files";
import { DataFileError, check, showValue } from "../core/errors";
import { ImageSet, fetchCommand } from "./image-set";
import { verifyMd5 } from "./checksums";

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

/** "file has 900 bytes", or for a gzipped file "decompressed content has 900 bytes (412 bytes gzipped)". */
function sizeOf(file: string, buf: Buffer): string {
  return file.endsWith(".gz") ? `decompressed content has ${buf.length} bytes (${fileSize(file)} bytes gzipped)` : `file has ${buf.length} bytes`;
}

function header(buf: Buffer, file: string, magic: number, bytes: number): number[] {
  if (buf.length < bytes) throw new DataFileError(`${file}: truncated file: ${sizeOf(file, buf)}, shorter than the ${bytes}-byte IDX header`);
  const got = buf.readUInt32BE(0);
  if (got !== magic) throw new DataFileError(`${file}: wrong magic number ${got}, expected ${magic} (${magic === IDX_IMAGES_MAGIC ? "images" : "labels"}, idx${magic === IDX_IMAGES_MAGIC ? 3 : 1}-ubyte)`);
  const dims: number[] = [];
  for (let o = 4; o < bytes; o += 4) dims.push(buf.readUInt32BE(o));
  return dims;
}

/** Options of {@link readIdxImages} and {@link readIdxLabels}. */
export interface IdxReadOptions {
  /** command named in the "file not found" message; default the MNIST fetch command */
  fetchHint?: string;
  /** expected MD5 of the (decompressed) content; checked before parsing when given */
  md5?: string;
}

function readChecked(file: string, opts: IdxReadOptions): Buffer {
  const buf = readDataFile(file, opts.fetchHint ?? fetchCommand("mnist"));
  if (opts.md5 !== undefined) verifyMd5(file, buf, opts.md5);
  return buf;
}

/**
 * Reads an images file (plain, or gzipped when the name ends in `.gz`).
 * @returns raw bytes [n, rows, cols] and the dimensions
 * @throws DataFileError naming the file: missing, MD5 mismatch (when `opts.md5`), wrong magic,
 *   truncated (fewer than n·rows·cols pixel bytes; sizes of a .gz file are of its decompressed content)
 */
export function readIdxImages(file: string, opts: IdxReadOptions = {}): { pixels: Uint8Array; n: number; rows: number; cols: number } {
  const buf = readChecked(file, opts);
  const [n, rows, cols] = header(buf, file, IDX_IMAGES_MAGIC, IDX_IMAGES_HEADER_BYTES);
  const need = IDX_IMAGES_HEADER_BYTES + n * rows * cols;
  if (buf.length < need) throw new DataFileError(`${file}: truncated file: header says ${n} images of ${rows}×${cols} (${need} bytes), ${sizeOf(file, buf)}`);
  return { pixels: buf.subarray(IDX_IMAGES_HEADER_BYTES, need), n, rows, cols };
}

/**
 * Reads a labels file (plain or `.gz`). @returns labels [n] as bytes
 * @throws DataFileError naming the file: missing, MD5 mismatch (when `opts.md5`), wrong magic, truncated, label > 9
 */
export function readIdxLabels(file: string, opts: IdxReadOptions = {}): Uint8Array {
  const buf = readChecked(file, opts);
  const [n] = header(buf, file, IDX_LABELS_MAGIC, IDX_LABELS_HEADER_BYTES);
  const need = IDX_LABELS_HEADER_BYTES + n;
  if (buf.length < need) throw new DataFileError(`${file}: truncated file: header says ${n} labels (${need} bytes), ${sizeOf(file, buf)}`);
  const labels = buf.subarray(IDX_LABELS_HEADER_BYTES, need);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw new DataFileError(`${file}: label ${bad} is ${labels[bad]}, expected 0..9`);
  return labels;
}

/** `dir/stem` if present, else `dir/stem.gz` if present, else `dir/stem` (reported as missing). */
export function locateIdx(dir: string, stem: string): string {
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

/** One split of an IDX data set as bytes, with the files it came from. */
export interface IdxSplit {
  /** pixel bytes [n, rows, cols], row-major, 0..255 */
  pixels: Uint8Array;
  /** labels [n], 0..9 */
  labels: Uint8Array;
  n: number;
  rows: number;
  cols: number;
  /** the images and labels files read */
  files: { images: string; labels: string };
}

/** Options of {@link readIdxSplit}. */
export interface IdxSplitOptions {
  /** command named in the "file not found" message */
  fetchHint?: string;
  /** expected MD5 of each file's decompressed content, by file stem (e.g. {@link MNIST_MD5}) */
  md5?: Readonly<Record<string, string>>;
}

/**
 * Reads one split of a data set in the MNIST file layout (MNIST, Fashion-MNIST): the files
 * {@link MNIST_FILES}[split] in `dir`, plain preferred, else `.gz`.
 * @returns bytes: pixels [n, rows, cols], labels [n]
 * @throws DataFileError naming the file: missing (with `fetchHint`), MD5 mismatch, wrong magic,
 *   truncated, label > 9, image and label counts that disagree; ConfigError for another split name
 */
export function readIdxSplit(dir: string, split: "train" | "test", opts: IdxSplitOptions = {}): IdxSplit {
  check(split === "train" || split === "test", `split must be 'train' or 'test', got ${showValue(split)}`);
  const stems = MNIST_FILES[split];
  const images = locateIdx(dir, stems.images), labels = locateIdx(dir, stems.labels);
  const img = readIdxImages(images, { fetchHint: opts.fetchHint, md5: opts.md5?.[stems.images] });
  const lbl = readIdxLabels(labels, { fetchHint: opts.fetchHint, md5: opts.md5?.[stems.labels] });
  if (lbl.length !== img.n) throw new DataFileError(`${images} has ${img.n} images but ${labels} has ${lbl.length} labels`);
  return { pixels: img.pixels, labels: lbl, n: img.n, rows: img.rows, cols: img.cols, files: { images, labels } };
}

/**
 * Rows of an IDX split as float images scaled to [0, 1] (byte / 255).
 * @param rows row indices (default all rows, in file order)
 * @returns images [rows.length, rows, cols, 1] (flat NHWC float32), labels int32
 */
export function idxRowsToImageSet(s: IdxSplit, rows?: ArrayLike<number>): ImageSet {
  const dim = s.rows * s.cols, m = rows ? rows.length : s.n;
  const x = new Float32Array(m * dim), y = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const i = rows ? rows[r] : r;
    const src = s.pixels.subarray(i * dim, (i + 1) * dim);
    for (let p = 0; p < dim; p++) x[r * dim + p] = src[p] / 255;
    y[r] = s.labels[i];
  }
  return { x, y, n: m, dim, shape: [s.rows, s.cols, 1] };
}

/**
 * Loads one MNIST split from IDX files (plain preferred, else `.gz`).
 * @returns images [n, 28, 28, 1] float32 (flat NHWC) in [0, 1] (or normalised), labels [n] int32
 * @throws DataFileError naming the file: missing (with the fetch command), wrong magic, truncated,
 *   image and label counts that disagree; ConfigError for another split name
 */
export function loadMnistIdx(split: "train" | "test", opts: MnistIdxOptions = {}): ImageSet {
  const s = idxRowsToImageSet(readIdxSplit(opts.dir ?? mnistIdxDir(), split));
  if (opts.normalize) for (let i = 0; i < s.x.length; i++) s.x[i] = (s.x[i] - MNIST_MEAN) / MNIST_STD;
  return s;
}
