/**
 * Configuration of the late-decay experiment (paper Sec. 2, Fig. 1): a main path at a
 * constant large LR and subpaths that decay the LR at different epochs.
 */
import { check, checkInt, checkNumber, ConfigError, DataFileError } from "../../core/errors";
import { MlpConfig } from "../../models/mlp";
import { ModelConfig, networkOf } from "../../models/network";
import { DataConfig, datasetMissing } from "../../data/datasets";
import { VGG_SMALL_WIDTHS } from "../../models/vgg";
import { SgdHyper, checkSgdHyper } from "../../train/sgd";

/** Momentum buffer at a branch: carried over from the main path, or restarted at zero. */
export type MomentumAtBranch = "carry" | "reset";

/** Everything that determines the experiment's numbers (all of it goes into the cache key). */
export interface LateDecayConfig {
  /** data set, subset size per class, split seed (the same subset for every training seed) */
  data: DataConfig;
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
const cnnSmall: ModelConfig = { kind: "vgg", inputShape: [32, 32, 3], widths: [16, "M", 32, "M", 64, "M"], hidden: [64], dropout: 0, numClasses: 10 };

/**
 * MLP on the mnist package's digits — smoke: seconds, for tests; quick: the CPU default,
 * tuned so the effect shows (see notebook 01 for the tuning and its numbers); paper-mlp: the
 * authors' schedule at their subset size (500/class, wd 1e-4, 3000 epochs).
 * Convnets on CIFAR-10 (files under data/cifar-10-batches-bin, see environment.md) —
 * smoke-cnn: a tiny run for tests on generated files; quick-cnn: a narrow VGG on 50/class,
 * tens of minutes on 2 CPU cores; paper: the authors' configuration (small VGG "A", 500/class,
 * lr 0.1, momentum 0.9, wd 1e-4, batch 125, 3000 epochs, test loss on the training pool of
 * all 10 classes) — days on wasm/cpu, refused there unless forced; run it with tfjs-node-gpu.
 */
export const LATE_DECAY_PROFILES: Record<ProfileName, LateDecayConfig> = {
  smoke: {
    data: { trainPerClass: 10, testPerClass: 20, splitSeed: 0 }, model: { ...mlp100, hidden: [32] },
    hyper: { lr: 0.1, momentum: 0.9, weightDecay: 1e-3 }, batchSize: 25,
    mainEpochs: 6, checkpointEveryEpochs: 2, evalEveryEpochs: 1, decayEpochs: [2, 4, 6], decayFactor: 0.1,
    subpathEpochs: 2, momentumAtBranch: "carry", seeds: [0, 1, 2],
  },
  quick: {
    data: { trainPerClass: 50, splitSeed: 0 }, model: mlp100,
    hyper: { lr: 0.1, momentum: 0.9, weightDecay: 3e-3 }, batchSize: 125,
    mainEpochs: 600, checkpointEveryEpochs: 5, evalEveryEpochs: 5, decayEpochs: [25, 50, 100, 200, 400, 600],
    decayFactor: 0.1, subpathEpochs: 100, momentumAtBranch: "carry", seeds: [0, 1, 2],
  },
  "paper-mlp": {
    data: { trainPerClass: 500, splitSeed: 0 }, model: mlp100,
    hyper: { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 }, batchSize: 125,
    mainEpochs: 3000, checkpointEveryEpochs: 10, evalEveryEpochs: 10,
    decayEpochs: [100, 250, 500, 1000, 1500, 2000, 2500, 3000], decayFactor: 0.1, subpathEpochs: 500,
    momentumAtBranch: "carry", seeds: [0, 1, 2],
  },
  paper: {
    data: { dataset: "cifar10", trainPerClass: 500, splitSeed: 0, evaluation: "train-pool" },
    model: { kind: "vgg", inputShape: [32, 32, 3], widths: VGG_SMALL_WIDTHS, numClasses: 10, dropout: 0.5 },
    hyper: { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 }, batchSize: 125,
    mainEpochs: 3000, checkpointEveryEpochs: 10, evalEveryEpochs: 10,
    decayEpochs: [100, 250, 500, 1000, 1500, 2000, 2500, 3000], decayFactor: 0.1, subpathEpochs: 500,
    momentumAtBranch: "carry", seeds: [0, 1, 2],
  },
  "smoke-cnn": {
    data: { dataset: "cifar10", trainPerClass: 4, splitSeed: 0, evaluation: "test-split" },
    model: { kind: "vgg", inputShape: [32, 32, 3], widths: [4, "M", 8, "M"], hidden: [8], dropout: 0, numClasses: 10 },
    hyper: { lr: 0.05, momentum: 0.9, weightDecay: 1e-3 }, batchSize: 20,
    mainEpochs: 6, checkpointEveryEpochs: 1, evalEveryEpochs: 1, decayEpochs: [2, 4, 6], decayFactor: 0.1,
    subpathEpochs: 2, momentumAtBranch: "carry", seeds: [0, 1, 2],
  },
  "quick-cnn": {
    data: { dataset: "cifar10", trainPerClass: 50, splitSeed: 0, evaluation: "test-split" }, model: cnnSmall,
    hyper: { lr: 0.05, momentum: 0.9, weightDecay: 3e-3 }, batchSize: 125,
    mainEpochs: 200, checkpointEveryEpochs: 5, evalEveryEpochs: 10, decayEpochs: [20, 50, 100, 200], decayFactor: 0.1,
    subpathEpochs: 50, momentumAtBranch: "carry", seeds: [0, 1, 2],
  },
};

/**
 * A profile's config with overrides applied (shallow per top-level key; `data`,
 * `model` and `hyper` merge one level deep), validated.
 * @throws ConfigError for an unknown profile name or an invalid value
 */
export function lateDecayConfig(profile: string, overrides: Partial<LateDecayConfig> = {}): LateDecayConfig {
  const base = LATE_DECAY_PROFILES[profile as ProfileName];
  if (!base) throw new ConfigError(`unknown profile ${JSON.stringify(profile)}; use one of ${Object.keys(LATE_DECAY_PROFILES).join(", ")}`);
  const c: LateDecayConfig = {
    ...base, ...overrides,
    data: { ...base.data, ...overrides.data }, model: { ...base.model, ...overrides.model } as ModelConfig, hyper: { ...base.hyper, ...overrides.hyper },
  };
  return checkLateDecayConfig(c);
}

/** Validates a config. @throws ConfigError naming the bad value */
export function checkLateDecayConfig(c: LateDecayConfig): LateDecayConfig {
  networkOf(c.model);
  checkSgdHyper(c.hyper);
  checkInt("batchSize", c.batchSize, 1);
  checkInt("mainEpochs", c.mainEpochs, 1);
  checkInt("checkpointEveryEpochs", c.checkpointEveryEpochs, 1);
  checkInt("evalEveryEpochs", c.evalEveryEpochs, 1);
  checkInt("subpathEpochs", c.subpathEpochs, 1);
  checkNumber("decayFactor", c.decayFactor, Number.MIN_VALUE, 1);
  check(["carry", "reset"].includes(c.momentumAtBranch), `momentumAtBranch must be "carry" or "reset", got ${JSON.stringify(c.momentumAtBranch)}`);
  check(c.seeds.length > 0, "seeds must not be empty");
  c.seeds.forEach((s, i) => checkInt(`seeds[${i}]`, s, 0));
  check(c.decayEpochs.length > 0, "decayEpochs must not be empty");
  for (const e of c.decayEpochs) {
    check(Number.isInteger(e) && e >= 0 && e <= c.mainEpochs && e % c.checkpointEveryEpochs === 0,
      `decay epoch ${e} must be an integer multiple of checkpointEveryEpochs=${c.checkpointEveryEpochs} in [0, mainEpochs=${c.mainEpochs}]`);
  }
  checkInt("data.splitSeed", c.data.splitSeed, 0);
  return c;
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
  throw new DataFileError(`profile ${JSON.stringify(profile)}: ${missing}`);
}
