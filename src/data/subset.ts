/**
 * The authors' subset protocol (paper Sec. 5 / their VGG-on-CIFAR-10 scripts): N examples
 * per class from the training split, chosen by a seeded permutation per class, and a test
 * loss measured either on the standard test split or, as the authors do, on a larger pool:
 * the full training split restricted to the chosen classes.
 */
import { Rng } from "../core/rng";
import { check, checkInt, showValue } from "../core/errors";
import { ImageSet, gatherRows } from "./image-set";

/** Where the test loss is measured. */
export type EvalProtocol =
  /** the data set's standard test split (restricted to the chosen classes) */
  | "test-split"
  /** the authors' choice: every training-split example of the chosen classes (includes the N per class trained on) */
  | "train-pool";

/** Options of {@link perClassSubset}. */
export interface SubsetOptions {
  /** training examples per class (500 in the paper's CIFAR-10 run) */
  perClass: number;
  /** classes to keep (default all labels present); labels keep their original values */
  classes?: number[];
  /** seed of the per-class choice */
  seed: number;
  /** where the test loss is measured */
  evaluation: EvalProtocol;
}

/** The training subset, the evaluation set and which protocol produced the latter. */
export interface SubsetSplit {
  train: ImageSet;
  test: ImageSet;
  protocol: EvalProtocol;
}

/** Indices of each class in `y`, in order. */
function byClass(y: ArrayLike<number>, classes: number[]): Map<number, number[]> {
  const m = new Map<number, number[]>(classes.map((c) => [c, []]));
  for (let i = 0; i < y.length; i++) m.get(y[i])?.push(i);
  return m;
}

/**
 * Rows of a seeded, stratified choice of `perClass` examples per class: for each class in
 * `classes` order (default all labels present, ascending), a permutation of that class's rows
 * from `new Rng(seed)`; its first `perClass` entries, in permutation order. Rows are grouped by class.
 * @param y labels [n]
 * @param name the key the caller's user wrote for `perClass`, named in errors (e.g. "trainPerClass")
 * @returns row indices into `y`, [|classes|·perClass]
 * @throws ConfigError for perClass < 1 or above a class's count (naming `name` and the count), unknown or duplicate classes, a non-integer seed
 */
export function perClassIndices(y: ArrayLike<number>, perClass: number, seed: number, classes?: number[], name = "perClass"): Int32Array {
  const present = [...new Set(Array.from(y))].sort((a, b) => a - b);
  const chosenClasses = classes ?? present;
  check(chosenClasses.length > 0 && new Set(chosenClasses).size === chosenClasses.length, `classes must be non-empty and distinct, got ${showValue(chosenClasses)}`);
  for (const c of chosenClasses) check(present.includes(c), `class ${showValue(c)} does not occur in the training split (labels ${present.join(", ")})`);
  const groups = byClass(y, chosenClasses);
  const minCount = Math.min(...chosenClasses.map((c) => groups.get(c)!.length));
  checkInt(name, perClass, 1, minCount);
  const rng = new Rng(seed);
  const chosen = new Int32Array(chosenClasses.length * perClass);
  chosenClasses.forEach((c, k) => {
    const idx = groups.get(c)!;
    const perm = rng.permutation(idx.length);
    for (let i = 0; i < perClass; i++) chosen[k * perClass + i] = idx[perm[i]];
  });
  return chosen;
}

/**
 * N per class from `trainSplit` chosen by {@link perClassIndices}.
 * The evaluation set is `testSplit` restricted to `classes` ("test-split") or all rows of
 * `trainSplit` with a label in `classes`, in file order ("train-pool").
 * @param trainSplit images [n, H, W, C] + labels [n]
 * @param testSplit the standard test split; required for "test-split", ignored otherwise
 * @returns train [|classes|·perClass, H, W, C], test [m, H, W, C], protocol
 * @throws ConfigError for perClass < 1 or above a class's count, unknown/duplicate classes,
 *   a missing testSplit, an unknown protocol
 */
export function perClassSubset(trainSplit: ImageSet, testSplit: ImageSet | null, opts: SubsetOptions): SubsetSplit {
  check(opts.evaluation === "test-split" || opts.evaluation === "train-pool",
    `evaluation must be 'test-split' or 'train-pool', got ${showValue(opts.evaluation)}`);
  const chosen = perClassIndices(trainSplit.y, opts.perClass, opts.seed, opts.classes);
  const classes = opts.classes ?? [...new Set(trainSplit.y)];
  const keep = new Set(classes);
  let test: ImageSet;
  if (opts.evaluation === "train-pool") {
    test = gatherRows(trainSplit, trainSplit.y.reduce<number[]>((a, l, i) => (keep.has(l) ? (a.push(i), a) : a), []));
  } else {
    check(testSplit !== null, "evaluation 'test-split' needs the test split, got null");
    test = gatherRows(testSplit, testSplit.y.reduce<number[]>((a, l, i) => (keep.has(l) ? (a.push(i), a) : a), []));
  }
  return { train: gatherRows(trainSplit, chosen), test, protocol: opts.evaluation };
}
