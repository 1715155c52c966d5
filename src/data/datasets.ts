/**
 * The data sets of the network experiments behind one config: the `mnist` package's
 * 10 000 digits (always available), and, when their files are present under data/,
 * MNIST IDX and CIFAR-10 (the paper's data set) with the authors' subset protocol.
 */
import { check } from "../core/errors";
import { LabelledSet, mnistSplit } from "./mnist";
import * as path from "path";
import { fileExists } from "../store/files";
import { loadCifar10, cifar10Dir, CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE } from "./cifar10";
import { loadMnistIdx, mnistIdxDir, MNIST_FILES } from "./idx";
import { fetchCommand } from "./image-set";
import { perClassSubset, EvalProtocol } from "./subset";

/** Which data set. */
export type DatasetName = "mnist-package" | "mnist-idx" | "cifar10";

/** The data part of an experiment config. */
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
 * Loads the split a config describes.
 * @throws ConfigError for invalid options; DataFileError naming the missing or damaged file
 *   (with the command that fetches it) for file data sets
 */
export function loadSplit(d: DataConfig): DataSplit {
  const dataset = d.dataset ?? "mnist-package";
  if (dataset === "mnist-package") {
    const s = mnistSplit({ trainPerClass: d.trainPerClass, testPerClass: d.testPerClass, seed: d.splitSeed });
    return { ...s, description: describeData(d) };
  }
  check(d.testPerClass === undefined, `testPerClass applies to dataset "mnist-package" only, got ${d.testPerClass} for ${JSON.stringify(dataset)}`);
  check(dataset === "cifar10" || dataset === "mnist-idx", `unknown dataset ${JSON.stringify(dataset)} (mnist-package, mnist-idx, cifar10)`);
  const evaluation = d.evaluation ?? "test-split";
  const load = dataset === "cifar10" ? loadCifar10 : (split: "train" | "test") => loadMnistIdx(split, { normalize: true });
  const trainSplit = load("train");
  const testSplit = evaluation === "test-split" ? load("test") : null;
  const s = perClassSubset(trainSplit, testSplit, { perClass: d.trainPerClass, seed: d.splitSeed, evaluation });
  return { train: s.train, test: s.test, description: describeData(d) };
}

/** A one-line description of the data a config selects. */
export function describeData(d: DataConfig): string {
  const dataset = d.dataset ?? "mnist-package";
  if (dataset === "mnist-package") {
    return `MNIST digits (mnist package), ${d.trainPerClass}/class train, test = ${d.testPerClass ?? "all remaining"}/class (disjoint)`;
  }
  const evaluation = d.evaluation ?? "test-split";
  return `${dataset === "cifar10" ? "CIFAR-10" : "MNIST (IDX files)"}, ${d.trainPerClass}/class train, test loss on ${evaluation === "test-split" ? "the standard test split" : "the whole training split (the authors' protocol)"}`;
}

/** Null when the data set's files are present, else a message naming the folder and the fetch command. */
export function datasetMissing(d: DataConfig): string | null {
  const dataset = d.dataset ?? "mnist-package";
  if (dataset === "mnist-package") return null;
  const cifar = dataset === "cifar10";
  const dir = cifar ? cifar10Dir() : mnistIdxDir();
  const files: string[] = cifar ? [...CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILE]
    : [MNIST_FILES.train.images, MNIST_FILES.train.labels, MNIST_FILES.test.images, MNIST_FILES.test.labels];
  const name = cifar ? "cifar10" : "mnist";
  const absent = files.filter((f) => !fileExists(path.join(dir, f)) && !fileExists(path.join(dir, `${f}.gz`)));
  return absent.length ? `${dataset} files not found in ${dir} (${absent.join(", ")}); fetch them with \`${fetchCommand(name)}\`` : null;
}
