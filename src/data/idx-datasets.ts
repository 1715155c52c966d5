/**
 * MNIST and Fashion-MNIST splits as verified bytes, read once per process: each file's
 * decompressed content is checked against its MD5 constant when first read, and the split is
 * kept in memory (MNIST train 47 MB of bytes) so that every seed's subset reuses it.
 */
import { IdxSplit, readIdxSplit } from "./idx";
import { IdxDatasetName, idxSource } from "./sources";

const memo = new Map<string, IdxSplit>();

/**
 * One split of MNIST (`mnist-idx`) or Fashion-MNIST (`fashion-mnist`) from the folder
 * {@link idxSource} picks, MD5-verified, memoised per process by folder and split.
 * @returns bytes: pixels [n, 28, 28], labels [n] (train n = 60 000, test n = 10 000)
 * @throws DataFileError naming the file: missing (with how to get it), MD5 mismatch, bad format;
 *   ConfigError for an unknown data set or split
 */
export function loadIdxDataset(dataset: IdxDatasetName, split: "train" | "test"): IdxSplit {
  const src = idxSource(dataset);
  const key = `${src.dir}\0${split}`;
  let s = memo.get(key);
  if (!s) {
    s = readIdxSplit(src.dir, split, { fetchHint: src.fetchHint, md5: src.md5 });
    memo.set(key, s);
  }
  return s;
}

/** Forgets the memoised splits (tests that replace files; frees the memory). */
export function clearIdxDatasets(): void {
  memo.clear();
}
