/**
 * Configuration of the late-decay experiment (paper Sec. 2, Fig. 1): a main path at a
 * constant large LR and subpaths that decay the LR at different epochs.
 */
import type { Overrides } from "../kit/experiment";
import {
  check,
  checkInt,
  checkNumber,
  ConfigError,
  DataFileError,
  showValue,
  checkNonEmptyArray,
} from "../../core/errors";
import { MlpConfig } from "../../models/mlp";
import { ModelConfig, networkOf } from "../../models/network";
import { datasetImageShape, datasetMissing } from "../../data/datasets";
import { DataSpec, checkDataSpec } from "../../data/data-spec";
import { VGG_SMALL_WIDTHS } from "../../models/vgg";
import { SgdHyper, checkSgdHyper } from "../../train/sgd";
import { ProfileSpec, buildProfiles, withOverrides } from "../../core/profiles";

/** Momentum buffer at a branch: carried over from the main path, or restarted at zero. */
export type MomentumAtBranch = "carry" | "reset";

/** Everything that determines the experiment's numbers (all of it goes into the cache key). */
export interface LateDecayConfig {
  /** data set, training subset per class (drawn per seed by default), evaluation set, input normalisation */
  data: DataSpec;
  /** the authors' MLP (MNIST) or a VGG convnet (CIFAR-10) */
  model: ModelConfig;
  /** main-path optimizer: the large LR */
  hyper: SgdHyper;
  batchSize: number;
  /** epochs of the main path at the large LR */
  mainEpochs: number;
  /** main path and subpaths save (params, momentum) every this many epochs */
  checkpointEveryEpochs: number;
  /** full-set metrics every this many epochs */
  evalEveryEpochs: number;
  /** epochs at which subpaths branch off; each a multiple of checkpointEveryEpochs, ≤ mainEpochs */
  decayEpochs: number[];
  /** subpath LR = hyper.lr × decayFactor */
  decayFactor: number;
  /** epochs each subpath trains after its decay epoch */
  subpathEpochs: number;
  momentumAtBranch: MomentumAtBranch;
  /** training seeds (initialization and minibatch order); mean ± std are over these */
  seeds: number[];
}

/** Named profiles of notebooks 01–03. */
export type ProfileName = "smoke" | "quick" | "paper" | "paper-mlp" | "smoke-cnn" | "quick-cnn";

const mlp100: MlpConfig = { inputDim: 784, hidden: [100], numClasses: 10 };

/** A narrow VGG that trains on 2 CPU cores in minutes (32×32×3 → 10; 3 conv layers). */
const cnnSmall: ModelConfig = {
  kind: "vgg",
  inputShape: [32, 32, 3],
  widths: [16, "M", 32, "M", 64, "M"],
  hidden: [64],
  dropout: 0,
  numClasses: 10,
};

/**
 * The CPU default, as close to the authors' MNIST setting as 2 CPU cores allow (about ten minutes
 * for notebook 01): their MLP, data protocol (500 per class of real MNIST's train split, drawn per
 * seed, test loss on the official test split, inputs standardised by the subset's statistics) and
 * optimizer (lr 0.1 → 0.01, momentum 0.9, weight decay 1e-4, batch 125); a main path of 600 epochs
 * instead of 3000 and subpaths of 100 instead of 500. Eight seeds: the spread over seeds then
 * includes the subset's variance, and the paired difference is resolved (see notebook 01's table).
 */
const QUICK: LateDecayConfig = {
  data: { dataset: "mnist-idx", trainPerClass: 500 },
  model: mlp100,
  hyper: { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 },
  batchSize: 125,
  mainEpochs: 600,
  checkpointEveryEpochs: 10,
  evalEveryEpochs: 10,
  decayEpochs: [20, 50, 100, 200, 400, 600],
  decayFactor: 0.1,
  subpathEpochs: 100,
  momentumAtBranch: "carry",
  seeds: [0, 1, 2, 3, 4, 5, 6, 7],
};

/** Every profile but quick, as named changes with their reasons (see {@link buildProfiles}). */
export const LATE_DECAY_PROFILE_CHANGES: Record<Exclude<ProfileName, "quick">, ProfileSpec> = {
  smoke: {
    from: "quick",
    changes: {
      data: [
        { dataset: "mnist-package", trainPerClass: 10, testPerClass: 20 },
        "seconds, for tests: 100 training digits of the mnist package (no files to read), a 200-digit test subset",
      ],
      "model.hidden": [[32], "a smaller MLP keeps each step cheap"],
      "hyper.weightDecay": [1e-3, "with 6 epochs a larger decay would only shrink the weights"],
      batchSize: [25, "4 steps per epoch on 100 digits"],
      seeds: [[0, 1, 2], "three seeds exercise the mean ± spread"],
      mainEpochs: [6, "seconds"],
      checkpointEveryEpochs: [2, "3 checkpoints per path: enough for PCA and branching"],
      evalEveryEpochs: [1, "every epoch: the curves have 7 points"],
      decayEpochs: [[2, 4, 6], "a decay at every checkpoint"],
      subpathEpochs: [2, "seconds"],
    },
  },
  "paper-mlp": {
    from: "quick",
    changes: {
      mainEpochs: [3000, "the authors' schedule"],
      decayEpochs: [[100, 250, 500, 1000, 1500, 2000, 2500, 3000], "the authors' decay epochs"],
      subpathEpochs: [500, "the authors' subpath length"],
    },
  },
  paper: {
    from: "paper-mlp",
    changes: {
      data: [
        { dataset: "cifar10", trainPerClass: 500, evaluation: "train-pool" },
        "CIFAR-10 as the authors; test loss on the training pool of all 10 classes",
      ],
      model: [
        { kind: "vgg", inputShape: [32, 32, 3], widths: VGG_SMALL_WIDTHS, numClasses: 10, dropout: 0.5 },
        'the authors\' small VGG "A"',
      ],
    },
  },
  "quick-cnn": {
    from: "quick",
    changes: {
      data: [{ dataset: "cifar10", trainPerClass: 50 }, "CIFAR-10, 500 images: tens of minutes on 2 CPU cores"],
      model: [cnnSmall, "a narrow VGG (3 conv layers) that trains on CPU"],
      "hyper.lr": [0.05, "0.1 diverges for this narrow VGG"],
      seeds: [[0, 1, 2], "convnet paths are costly on CPU"],
      "hyper.weightDecay": [3e-3, "the weight decay this profile was tuned with"],
      mainEpochs: [200, "tens of minutes"],
      evalEveryEpochs: [10, "evaluations of a convnet are costly"],
      decayEpochs: [[20, 50, 100, 200], "spread over the shorter main path"],
      subpathEpochs: [50, "a quarter of the main path"],
    },
  },
  "smoke-cnn": {
    from: "quick-cnn",
    changes: {
      "data.trainPerClass": [4, "a tiny run for tests on generated files"],
      model: [
        { kind: "vgg", inputShape: [32, 32, 3], widths: [4, "M", 8, "M"], hidden: [8], dropout: 0, numClasses: 10 },
        "the smallest VGG that exercises conv, pool and dense",
      ],
      "hyper.weightDecay": [1e-3, "as smoke"],
      batchSize: [20, "2 steps per epoch on 40 images"],
      mainEpochs: [6, "seconds"],
      checkpointEveryEpochs: [1, "a checkpoint every epoch"],
      evalEveryEpochs: [1, "every epoch"],
      decayEpochs: [[2, 4, 6], "as smoke"],
      subpathEpochs: [2, "seconds"],
    },
  },
};

/**
 * The authors' MLP — smoke: seconds, for tests, on the mnist package's digits; quick: the CPU default
 * on real MNIST (see QUICK); paper-mlp: quick at the authors' schedule (3000 epochs, subpaths of 500).
 * Convnets on CIFAR-10 (files under data/cifar-10-batches-bin, see environment.md) —
 * smoke-cnn: a tiny run for tests on generated files; quick-cnn: a narrow VGG on 50/class,
 * tens of minutes on 2 CPU cores; paper: the authors' configuration (small VGG "A", 500/class,
 * lr 0.1, momentum 0.9, wd 1e-4, batch 125, 3000 epochs, test loss on the training pool of
 * all 10 classes) — days on wasm/cpu, refused there unless forced; run it with tfjs-node-gpu.
 * Each profile is quick plus the changes in {@link LATE_DECAY_PROFILE_CHANGES}, each with its reason.
 */
const built = buildProfiles("quick", QUICK, LATE_DECAY_PROFILE_CHANGES);
export const LATE_DECAY_PROFILES: Record<ProfileName, LateDecayConfig> = {
  smoke: built.smoke,
  quick: built.quick,
  paper: built.paper,
  "paper-mlp": built["paper-mlp"],
  "smoke-cnn": built["smoke-cnn"],
  "quick-cnn": built["quick-cnn"],
};

/** Overrides of a late-decay config: any key, nested objects (data, model, hyper) merged key by key. */
export type LateDecayOverrides = Overrides<LateDecayConfig>;

/**
 * Keys a profile may lack that overrides may add: the MLP's dropout before the class layer
 * (MlpConfig.dropout; absent = none, and left absent so that the plain MLP's cache keys stay the same).
 */
export const LATE_DECAY_OPTIONAL_KEYS: readonly string[] = ["model.dropout"];

/**
 * A profile's config with overrides applied (nested objects `data`, `model` and `hyper` merged key by key,
 * optional keys {@link LATE_DECAY_OPTIONAL_KEYS} added, e.g. `{ model: { dropout: 0.5 } }`), validated.
 * @throws ConfigError for an unknown profile name, an unknown key (also nested, e.g. "hyper.learningRate": naming the valid ones) or an invalid value
 */
export function lateDecayConfig(profile: string, overrides: LateDecayOverrides = {}): LateDecayConfig {
  const base = Object.hasOwn(LATE_DECAY_PROFILES, profile) ? LATE_DECAY_PROFILES[profile as ProfileName] : undefined;
  if (!base)
    throw new ConfigError(
      `unknown profile ${showValue(profile)}; use one of ${Object.keys(LATE_DECAY_PROFILES).join(", ")}`,
    );
  const { data, ...rest } = overrides;
  // the data spec's optional keys (subset, subsetSeed, evaluation, normalization, testPerClass) may be set
  // though the profile leaves them to their defaults: checkDataSpec refuses unknown ones, naming them
  const merged = withOverrides(base, rest, "", LATE_DECAY_OPTIONAL_KEYS);
  return checkLateDecayConfig(
    data === undefined ? merged : { ...merged, data: { ...base.data, ...definedOnly(data) } as DataSpec },
  );
}

/** The keys of `o` whose values are not undefined (an undefined override keeps the profile's value). */
function definedOnly(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Checks that the model takes the data's examples: an MLP's inputDim is the data's pixel count, a
 * convnet's inputShape its image shape. @throws ConfigError naming both (an unknown data set first)
 */
function checkModelFitsData(data: DataSpec, model: ModelConfig): void {
  const shape = datasetImageShape(data.dataset);
  const dim = shape[0] * shape[1] * shape[2],
    dataset = data.dataset;
  const of = `${dataset} examples have ${dim} values (${shape.join("×")})`;
  if ("kind" in model && model.kind === "vgg") {
    check(
      model.inputShape.join() === shape.join(),
      `model.inputShape ${showValue(model.inputShape)} does not match the data: ${of}`,
    );
  } else {
    const inputDim = networkOf(model).inputDim;
    check(inputDim === dim, `model.inputDim ${inputDim} does not match the data: ${of}; use inputDim: ${dim}`);
  }
}

/**
 * Validates a config, the model against the data's dimension.
 * @returns the config with its data spec's defaults filled in (so that equal settings give equal cache keys)
 * @throws ConfigError naming the bad value
 */
export function checkLateDecayConfig(c: LateDecayConfig): LateDecayConfig {
  const data = checkDataSpec(c.data);
  checkModelFitsData(data, c.model);
  checkSgdHyper(c.hyper);
  checkInt("batchSize", c.batchSize, 1);
  // every data set has 10 classes; the training set is trainPerClass of each (data/seed-split)
  const n = 10 * data.trainPerClass;
  check(
    c.batchSize <= n,
    `batchSize ${c.batchSize} is larger than the training set: 10 classes × data.trainPerClass ${data.trainPerClass} = ${n} examples`,
  );
  checkInt("mainEpochs", c.mainEpochs, 1);
  checkInt("checkpointEveryEpochs", c.checkpointEveryEpochs, 1);
  checkInt("evalEveryEpochs", c.evalEveryEpochs, 1);
  checkInt("subpathEpochs", c.subpathEpochs, 1);
  checkNumber("decayFactor", c.decayFactor, Number.MIN_VALUE, 1);
  check(
    ["carry", "reset"].includes(c.momentumAtBranch),
    `momentumAtBranch must be "carry" or "reset", got ${showValue(c.momentumAtBranch)}`,
  );
  checkNonEmptyArray("seeds", c.seeds);
  c.seeds.forEach((s, i) => checkInt(`seeds[${i}]`, s, 0));
  checkNonEmptyArray("decayEpochs", c.decayEpochs);
  for (const e of c.decayEpochs) {
    check(
      Number.isInteger(e) && e >= 0 && e <= c.mainEpochs && e % c.checkpointEveryEpochs === 0,
      `decay epoch ${e} must be an integer multiple of checkpointEveryEpochs=${c.checkpointEveryEpochs} in [0, mainEpochs=${c.mainEpochs}]`,
    );
  }
  return { ...c, data };
}

/** The profile actually used and a label for the notebook banner. */
export interface UsedProfile {
  /** profile name to pass to lateDecayConfig / landscapeConfig */
  profile: string;
  /** e.g. "quick-cnn" or "quick (quick-cnn needs CIFAR-10: …)" */
  label: string;
}

/**
 * Checks that a profile's data set files are present. `quick-cnn` without CIFAR-10 falls
 * back to `quick` (the MLP on the mnist package digits) and says what to fetch; `paper`
 * and `smoke-cnn` without their files throw.
 * @throws ConfigError for an unknown profile; DataFileError naming the folder and the fetch command
 */
export function profileWithFallback(profile: string): UsedProfile {
  const c = lateDecayConfig(profile);
  const missing = datasetMissing(c.data);
  if (!missing) return { profile, label: profile };
  if (profile === "quick-cnn") return { profile: "quick", label: `quick — fallback: ${missing}` };
  throw new DataFileError(`profile ${showValue(profile)}: ${missing}`);
}
