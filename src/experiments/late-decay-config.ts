/**
 * Configuration of the late-decay experiment (paper Sec. 2, Fig. 1): a main path at a
 * constant large LR and subpaths that decay the LR at different epochs.
 */
import { check, checkInt, checkNumber, ConfigError } from "../core/errors";
import { MlpConfig, checkMlpConfig } from "../models/mlp";
import { SgdHyper, checkSgdHyper } from "../train/sgd";

/** Momentum buffer at a branch: carried over from the main path, or restarted at zero. */
export type MomentumAtBranch = "carry" | "reset";

/** Everything that determines the experiment's numbers (all of it goes into the cache key). */
export interface LateDecayConfig {
  data: {
    /** training digits per class */
    trainPerClass: number;
    /** test digits per class; undefined = all the rest */
    testPerClass?: number;
    /** seed of the data split (the same subset for every training seed) */
    splitSeed: number;
  };
  model: MlpConfig;
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

/** Named profiles of notebook 01. */
export type ProfileName = "smoke" | "quick" | "paper";

const mlp100: MlpConfig = { inputDim: 784, hidden: [100], numClasses: 10 };

/**
 * smoke: seconds, for tests. quick: the CPU default, tuned so the effect shows (see
 * notebook 01 for the tuning and its numbers). paper: the authors' schedule scale
 * (500 per class, lr 0.1, wd 1e-4, 3000 epochs) — hours; refused on wasm/cpu unless forced.
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
  paper: {
    data: { trainPerClass: 500, splitSeed: 0 }, model: mlp100,
    hyper: { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 }, batchSize: 125,
    mainEpochs: 3000, checkpointEveryEpochs: 10, evalEveryEpochs: 10,
    decayEpochs: [100, 250, 500, 1000, 1500, 2000, 2500, 3000], decayFactor: 0.1, subpathEpochs: 500,
    momentumAtBranch: "carry", seeds: [0, 1, 2],
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
    data: { ...base.data, ...overrides.data }, model: { ...base.model, ...overrides.model }, hyper: { ...base.hyper, ...overrides.hyper },
  };
  return checkLateDecayConfig(c);
}

/** Validates a config. @throws ConfigError naming the bad value */
export function checkLateDecayConfig(c: LateDecayConfig): LateDecayConfig {
  checkMlpConfig(c.model);
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
