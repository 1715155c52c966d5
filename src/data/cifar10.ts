/**
 * Reader for the CIFAR-10 binary format (Krizhevsky 2009; the "binary version" of
 * https://www.cs.toronto.edu/~kriz/cifar.html): `cifar-10-batches-bin/data_batch_{1..5}.bin`
 * (10 000 records each, the 50 000 training images) and `test_batch.bin` (10 000 test images).
 * Each record is 1 label byte (0..9) followed by 3072 pixel bytes, channel-major: the 1024
 * red values of the 32×32 image in row-major order, then 1024 green, then 1024 blue.
 * The paper's network experiment (Sec. 5) trains a VGG on a per-class subset of it.
 */
import * as path from "path";
import { dataDir } from "../store/paths";
import { DataFileError, check, showValue } from "../core/errors";
import { readDataFile } from "../store/files";
import { ImageSet, fetchCommand, concatSets } from "./image-set";

/** Bytes of the label at the start of a record. */
export const CIFAR10_LABEL_BYTES = 1;
/** Image side in pixels. */
export const CIFAR10_SIDE = 32;
/** Colour channels (R, G, B planes). */
export const CIFAR10_CHANNELS = 3;
/** Pixel bytes per record: 3 planes of 32×32 = 3072. */
export const CIFAR10_IMAGE_BYTES = CIFAR10_SIDE * CIFAR10_SIDE * CIFAR10_CHANNELS;
/** Bytes per record: 1 + 3072 = 3073. */
export const CIFAR10_RECORD_BYTES = CIFAR10_LABEL_BYTES + CIFAR10_IMAGE_BYTES;
/** Number of classes. */
export const CIFAR10_CLASSES = 10;
/** Folder of the extracted binary tarball. */
export const CIFAR10_FOLDER = "cifar-10-batches-bin";
/** Training batch files, in order (50 000 images). */
export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
/** Test batch file (10 000 images). */
export const CIFAR10_TEST_FILE = "test_batch.bin";
/**
 * Per-channel mean and standard deviation (R, G, B) of the pixel values scaled to [0, 1],
 * computed over the 50 000 training images — the values used by most CIFAR-10 code
 * (e.g. the correction in kuangliu/pytorch-cifar issue #19; the often copied std
 * (0.2023, 0.1994, 0.2010) is the mean of per-image stds, not the data-set std).
 */
export const CIFAR10_MEAN = [0.4914, 0.4822, 0.4465] as const;
/** See {@link CIFAR10_MEAN}. */
export const CIFAR10_STD = [0.2470, 0.2435, 0.2616] as const;

/** The default folder: `<dataDir()>/cifar-10-batches-bin` (LATE_DECAY_DATA_DIR moves it). */
export function cifar10Dir(): string {
  return path.join(dataDir(), CIFAR10_FOLDER);
}

/** Options of the CIFAR-10 readers. */
export interface Cifar10Options {
  /** folder holding the .bin files; default {@link cifar10Dir} */
  dir?: string;
  /** subtract {@link CIFAR10_MEAN} and divide by {@link CIFAR10_STD} per channel; default true (else values in [0, 1]) */
  normalize?: boolean;
}

/**
 * Reads one batch file. Layout conversion: the record's channel-major value at
 * 1 + c·1024 + h·32 + w goes to x[i, h, w, c] (NHWC), scaled by 1/255 and normalised.
 * @param file path of a `*.bin` batch
 * @returns images [n, 32, 32, 3] float32 (flat NHWC) and labels [n] int32 in 0..9
 * @throws DataFileError naming the file: missing (with the fetch command), size not a
 *   multiple of 3073 bytes (truncated record), label byte > 9
 */
export function readCifar10Batch(file: string, normalize = true): ImageSet {
  const buf = readDataFile(file, fetchCommand("cifar10"));
  if (buf.length === 0 || buf.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new DataFileError(`${file}: size ${buf.length} bytes is not a positive multiple of the ${CIFAR10_RECORD_BYTES}-byte record ` +
      `(${Math.floor(buf.length / CIFAR10_RECORD_BYTES)} whole records + ${buf.length % CIFAR10_RECORD_BYTES} bytes: truncated record)`);
  }
  const n = buf.length / CIFAR10_RECORD_BYTES;
  const plane = CIFAR10_SIDE * CIFAR10_SIDE;
  const x = new Float32Array(n * CIFAR10_IMAGE_BYTES);
  const y = new Int32Array(n);
  const scale = new Float32Array(CIFAR10_CHANNELS).map((_, c) => (normalize ? 1 / (255 * CIFAR10_STD[c]) : 1 / 255));
  const shift = new Float32Array(CIFAR10_CHANNELS).map((_, c) => (normalize ? CIFAR10_MEAN[c] / CIFAR10_STD[c] : 0));
  for (let i = 0; i < n; i++) {
    const rec = i * CIFAR10_RECORD_BYTES;
    const label = buf[rec];
    if (label >= CIFAR10_CLASSES) throw new DataFileError(`${file}: record ${i} has label byte ${label}, expected 0..9`);
    y[i] = label;
    const out = i * CIFAR10_IMAGE_BYTES;
    for (let c = 0; c < CIFAR10_CHANNELS; c++) {
      const src = rec + CIFAR10_LABEL_BYTES + c * plane;
      for (let p = 0; p < plane; p++) x[out + p * CIFAR10_CHANNELS + c] = buf[src + p] * scale[c] - shift[c];
    }
  }
  return { x, y, n, dim: CIFAR10_IMAGE_BYTES, shape: [CIFAR10_SIDE, CIFAR10_SIDE, CIFAR10_CHANNELS] };
}

/**
 * Loads the training split (the five data batches, 50 000 images, in file order) or the
 * test split (10 000 images).
 * @returns images [n, 32, 32, 3] (flat NHWC float32), labels [n] int32
 * @throws DataFileError as {@link readCifar10Batch}; ConfigError for another split name
 */
export function loadCifar10(split: "train" | "test", opts: Cifar10Options = {}): ImageSet {
  check(split === "train" || split === "test", `split must be 'train' or 'test', got ${showValue(split)}`);
  const dir = opts.dir ?? cifar10Dir();
  const files = split === "train" ? CIFAR10_TRAIN_FILES : [CIFAR10_TEST_FILE];
  return concatSets(files.map((f) => readCifar10Batch(path.join(dir, f), opts.normalize ?? true)));
}
