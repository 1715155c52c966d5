// Paths every script agrees on, defined once for scripts/ (plain node cannot import src/*.ts; the
// library's own copies are src/store/paths.ts REPO_ROOT/dataDir and src/data/sources.ts
// DEBIAN_FASHION_MNIST_DIR, which this file mirrors: test/tooling/script-paths.test.ts checks they agree).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Root of this checkout (two levels above scripts/lib). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The data directory (datasets, caches): LATE_DECAY_DATA_DIR when set, else <repo>/data; absolute.
 * @param {string} [root] checkout whose data/ is the default (REPO_ROOT)
 */
export function dataDir(root = REPO_ROOT) {
  return resolve(process.env.LATE_DECAY_DATA_DIR || join(root, "data"));
}

/** Debian's dataset-fashion-mnist package installs the four IDX files (.gz) here. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The Fashion-MNIST folder in the data directory (a user's own copy, or the download of fetch-datasets.mjs). */
export function fashionMnistDir(root = REPO_ROOT) {
  return join(dataDir(root), "fashion-mnist");
}
