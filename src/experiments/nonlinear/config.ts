/**
 * Configurations and named profiles of notebooks 04–06 (the nonlinear model of Ren, Ma, Ying 2024,
 * Sec. 4). smoke: seconds, for tests; quick: the CPU default (about a minute on 2 cores);
 * paper: notebooks 05–06 with larger d and n, more seeds and longer phases; notebook 04 stays at d = 2
 * with one seed in every profile (only the run lengths and the grid resolution grow).
 * Each builder takes the profile's config and applies overrides (nested objects merged one level deep).
 */
import { check, checkInt, checkNumber, ConfigError, showValue, checkNonEmptyArray } from "../../core/errors";
import { ProfileSpec, buildProfiles, withOverrides } from "../../core/profiles";

export type NonlinearProfile = "smoke" | "quick" | "paper";

/** Notebook 04: d = 2, n = 1, landscapes on the w-plane with SGD trajectories. */
export interface LandscapeModelConfig {
  /** the single input x ∈ ℝ² and the teacher α* ∈ ℝ² (y = x·α*) */
  x: number[];
  alphaStar: number[];
  /** one panel per γ, e.g. [1, 0] */
  gammas: number[];
  /** initial predictor α0 ∈ ℝ² (w0 = α⁻¹(α0) for each γ) */
  alpha0: number[];
  lr: number;
  labelNoiseStd: number;
  lrDecayFactor: number;
  /** decay steps T drawn: early and late */
  decaySteps: number[];
  stepsAfterDecay: number;
  recordEverySteps: number;
  seed: number;
  /** landscape grid: w ∈ [−half, half]², points per axis */
  grid: { half: number; points: number };
}

/** Notebook 05: the three phases, final values against T, the γ = 0 control, α_mn's optimality. */
export interface PhasesConfig {
  problem: { n: number; d: number; seed: number };
  gammas: number[];
  seeds: number[];
  lr: number;
  labelNoiseStd: number;
  batchSize: number;
  lrDecayFactor: number;
  initScale: number;
  /** decay steps T of the final-value sweep */
  decaySteps: number[];
  stepsAfterDecay: number;
  recordEverySteps: number;
  /** T of the three-phase plot (dense records every phaseRecordEverySteps) */
  phaseDecayStep: number;
  phaseRecordEverySteps: number;
  /** interpolant check: number of teachers α* ~ N(0, I/d), offsets c of α_mn + c·u, seed */
  interpolants: { teachers: number; offsets: number[]; seed: number };
}

/** Notebook 06: drift rate against η, σ, γ and B around a base setting. */
export interface AblationConfig {
  problem: { n: number; d: number; seed: number };
  base: { lr: number; labelNoiseStd: number; batchSize: number; gamma: number };
  sweeps: { lr: number[]; labelNoiseStd: number[]; gamma: number[]; batchSize: number[] };
  seeds: number[];
  initScale: number;
  /** constant-LR steps of every chain */
  steps: number;
  recordEverySteps: number;
  /** fit window: from ‖v‖ ≤ startBelowFrac·‖α_mn‖ to ‖v‖ < stopBelow */
  window: { startBelowFrac: number; stopBelow: number };
}

/** The profiles in the order the messages list them. */
const inOrder = <T>(p: Record<string, T>) => ({ smoke: p.smoke, quick: p.quick, paper: p.paper });

const seeds = (k: number) => Array.from({ length: k }, (_, i) => i);

/** Notebook 04's quick profile (the CPU default); smoke and paper are named changes from it. */
const LANDSCAPE_MODEL_QUICK: LandscapeModelConfig = {
  x: [1, 0.5],
  alphaStar: [0.6, 0.8],
  gammas: [1, 0],
  alpha0: [-0.7, 2.1],
  lr: 0.1,
  labelNoiseStd: 0.5,
  lrDecayFactor: 0.1,
  decaySteps: [200, 20000],
  stepsAfterDecay: 2000,
  recordEverySteps: 20,
  seed: 0,
  grid: { half: 2.5, points: 121 },
};

/** Notebook 04's smoke and paper profiles as changes from quick, each with its reason. */
export const LANDSCAPE_MODEL_PROFILE_CHANGES: Record<"smoke" | "paper", ProfileSpec> = {
  smoke: {
    from: "quick",
    changes: {
      decaySteps: [[50, 400], "seconds, for tests: an early and a late decay within a few hundred steps"],
      stepsAfterDecay: [100, "seconds"],
      recordEverySteps: [10, "dense enough for the short paths"],
      "grid.points": [41, "a coarse landscape"],
    },
  },
  paper: {
    from: "quick",
    changes: {
      decaySteps: [[200, 50000], "the late decay after a longer drift along the manifold"],
      stepsAfterDecay: [5000, "longer settling after the decay"],
      "grid.points": [201, "a finer landscape"],
    },
  },
};

export const LANDSCAPE_MODEL_PROFILES = inOrder(
  buildProfiles("quick", LANDSCAPE_MODEL_QUICK, LANDSCAPE_MODEL_PROFILE_CHANGES),
) as Record<NonlinearProfile, LandscapeModelConfig>;

/** Notebook 05's quick profile (the CPU default, about a minute on 2 cores). */
const PHASES_QUICK: PhasesConfig = {
  problem: { n: 20, d: 40, seed: 1 },
  gammas: [1, 0],
  seeds: seeds(16),
  lr: 0.01,
  labelNoiseStd: 1,
  batchSize: 1,
  lrDecayFactor: 0.1,
  initScale: 1,
  decaySteps: [0, 500, 1000, 2000, 4000, 8000, 16000],
  stepsAfterDecay: 10000,
  recordEverySteps: 250,
  phaseDecayStep: 8000,
  phaseRecordEverySteps: 20,
  interpolants: { teachers: 4000, offsets: [0, 0.1, 0.25, 0.5, 1], seed: 7 },
};

/** Notebook 05's smoke and paper profiles as changes from quick, each with its reason. */
export const PHASES_PROFILE_CHANGES: Record<"smoke" | "paper", ProfileSpec> = {
  smoke: {
    from: "quick",
    changes: {
      "problem.n": [10, "seconds, for tests: a smaller problem"],
      "problem.d": [20, "d = 2n as in quick"],
      seeds: [seeds(8), "enough seeds for mean ± std"],
      lr: [0.02, "a larger LR reaches the drift phase in fewer steps"],
      decaySteps: [[0, 200, 800], "three decay steps within the short run"],
      stepsAfterDecay: [300, "seconds"],
      recordEverySteps: [100, "a few records per chain"],
      phaseDecayStep: [800, "the last decay step of the smoke sweep"],
      "interpolants.teachers": [200, "a rough Monte Carlo check"],
      "interpolants.offsets": [[0, 0.5, 1], "three offsets"],
    },
  },
  paper: {
    from: "quick",
    changes: {
      "problem.n": [50, "larger d and n"],
      "problem.d": [100, "d = 2n as in quick"],
      seeds: [seeds(32), "tighter mean ± std"],
      lr: [0.004, "stable at d = 100"],
      decaySteps: [[0, 1000, 2000, 5000, 10000, 20000, 40000], "longer phases at the smaller LR"],
      stepsAfterDecay: [30000, "longer settling at the smaller LR"],
      recordEverySteps: [500, "records scale with the run length"],
      phaseDecayStep: [20000, "the three-phase plot decays in the drift phase of the longer run"],
      phaseRecordEverySteps: [50, "dense records over a longer run"],
      "interpolants.teachers": [20000, "a tighter Monte Carlo check"],
    },
  },
};

export const PHASES_PROFILES = inOrder(buildProfiles("quick", PHASES_QUICK, PHASES_PROFILE_CHANGES)) as Record<
  NonlinearProfile,
  PhasesConfig
>;

/** Notebook 06's quick profile (the CPU default). */
const ABLATION_QUICK: AblationConfig = {
  problem: { n: 20, d: 40, seed: 1 },
  base: { lr: 0.01, labelNoiseStd: 1, batchSize: 1, gamma: 1 },
  sweeps: {
    lr: [0.005, 0.007, 0.01, 0.014, 0.02],
    labelNoiseStd: [0.5, 0.7, 1, 1.4],
    gamma: [0.5, 1, 2],
    batchSize: [1, 2, 4, 8],
  },
  seeds: seeds(8),
  initScale: 1,
  steps: 40000,
  recordEverySteps: 200,
  window: { startBelowFrac: 0.5, stopBelow: 1e-8 },
};

/** Notebook 06's smoke and paper profiles as changes from quick, each with its reason. */
export const ABLATION_PROFILE_CHANGES: Record<"smoke" | "paper", ProfileSpec> = {
  smoke: {
    from: "quick",
    changes: {
      "problem.n": [10, "seconds, for tests: a smaller problem"],
      "problem.d": [20, "d = 2n as in quick"],
      "base.lr": [0.02, "a larger LR drifts measurably within 2500 steps"],
      sweeps: [{ lr: [0.014, 0.02], labelNoiseStd: [0.7, 1], gamma: [1, 2], batchSize: [1, 2] }, "two values per axis"],
      seeds: [seeds(2), "two seeds"],
      steps: [2500, "seconds"],
      recordEverySteps: [50, "enough records for the fit window"],
    },
  },
  paper: {
    from: "quick",
    changes: {
      "problem.n": [50, "larger d and n"],
      "problem.d": [100, "d = 2n as in quick"],
      "base.lr": [0.004, "stable at d = 100"],
      "sweeps.lr": [[0.002, 0.003, 0.004, 0.006, 0.008], "around the smaller base LR"],
      "sweeps.gamma": [[0.5, 1, 1.5, 2, 3], "a wider γ range"],
      "sweeps.batchSize": [[1, 2, 4, 8, 16], "a wider batch-size range"],
      seeds: [seeds(16), "tighter fits"],
      steps: [150000, "the drift is slower at the smaller LR"],
      recordEverySteps: [500, "records scale with the run length"],
    },
  },
};

export const ABLATION_PROFILES = inOrder(buildProfiles("quick", ABLATION_QUICK, ABLATION_PROFILE_CHANGES)) as Record<
  NonlinearProfile,
  AblationConfig
>;

/**
 * Profile names of notebooks 01–03 mapped to this model's profiles, so that one
 * `npm run reproduce -- --profile <name>` runs every notebook. The nonlinear model has no MLP or CNN
 * variants: "paper-mlp" runs the paper profile, "smoke-cnn" the smoke one, "quick-cnn" the quick one.
 */
export const NONLINEAR_PROFILE_ALIASES: Record<string, NonlinearProfile> = {
  "paper-mlp": "paper",
  "smoke-cnn": "smoke",
  "quick-cnn": "quick",
};

/**
 * The nonlinear profile a name stands for: itself, or its alias from notebooks 01–03.
 * @throws ConfigError for any other name, listing the valid ones
 */
export function nonlinearProfileOf(profile: string): NonlinearProfile {
  if (Object.hasOwn(LANDSCAPE_MODEL_PROFILES, profile)) return profile as NonlinearProfile;
  if (Object.hasOwn(NONLINEAR_PROFILE_ALIASES, profile)) return NONLINEAR_PROFILE_ALIASES[profile];
  throw new ConfigError(
    `unknown profile ${showValue(profile)} for notebooks 04–06; use one of ${Object.keys(LANDSCAPE_MODEL_PROFILES).join(", ")} ` +
      `(or ${Object.entries(NONLINEAR_PROFILE_ALIASES)
        .map(([a, b]) => `${a} → ${b}`)
        .join(", ")})`,
  );
}

/** Config overrides: nested objects (problem, grid, base, sweeps, …) merge key by key; unknown keys, also nested, are refused. */
export type { Overrides } from "../kit/experiment";
import type { Overrides } from "../kit/experiment";

function pick<T extends object>(table: Record<NonlinearProfile, T>, profile: string, overrides: Overrides<T>): T {
  return withOverrides(table[nonlinearProfileOf(profile)], overrides);
}

/** γ ≥ 0 of each entry of a list, naming the entry (e.g. "gammas[0]"). */
const checkGammaList = (name: string, xs: number[]) => {
  checkNonEmptyArray(name, xs);
  xs.forEach((v, i) => checkNumber(`${name}[${i}]`, v, 0));
};

const checkPositiveList = (name: string, xs: number[]) => {
  checkNonEmptyArray(name, xs);
  xs.forEach((v, i) => checkNumber(`${name}[${i}]`, v, Number.MIN_VALUE));
};

/** Notebook 04's config of a profile (or alias) with overrides. @throws ConfigError for an unknown profile or key, or bad values */
export function landscapeModelConfig(
  profile: string,
  overrides: Overrides<LandscapeModelConfig> = {},
): LandscapeModelConfig {
  const c = pick(LANDSCAPE_MODEL_PROFILES, profile, overrides);
  checkNumber("lr", c.lr, Number.MIN_VALUE);
  checkNumber("labelNoiseStd", c.labelNoiseStd, 0);
  checkGammaList("gammas", c.gammas);
  check(
    c.x.length === 2 && c.alphaStar.length === 2 && c.alpha0.length === 2,
    "x, alphaStar and alpha0 must have 2 entries (d = 2)",
  );
  checkInt("grid.points", c.grid.points, 3);
  return c;
}

/** Notebook 05's config of a profile (or alias) with overrides. @throws ConfigError for an unknown profile or key, or bad values */
export function phasesConfig(profile: string, overrides: Overrides<PhasesConfig> = {}): PhasesConfig {
  const c = pick(PHASES_PROFILES, profile, overrides);
  checkNumber("lr", c.lr, Number.MIN_VALUE);
  checkNumber("labelNoiseStd", c.labelNoiseStd, 0);
  checkInt("batchSize", c.batchSize, 1, c.problem.n);
  checkGammaList("gammas", c.gammas);
  check(
    c.decaySteps.includes(c.phaseDecayStep),
    `phaseDecayStep ${c.phaseDecayStep} must be one of decaySteps ${c.decaySteps.join(", ")}`,
  );
  check(c.seeds.length >= 2, "need at least 2 seeds for mean ± std");
  return c;
}

/** Notebook 06's config of a profile (or alias) with overrides. @throws ConfigError for an unknown profile or key, or bad values */
export function ablationConfig(profile: string, overrides: Overrides<AblationConfig> = {}): AblationConfig {
  const c = pick(ABLATION_PROFILES, profile, overrides);
  checkNumber("base.lr", c.base.lr, Number.MIN_VALUE);
  checkNumber("base.labelNoiseStd", c.base.labelNoiseStd, 0);
  checkNumber("base.gamma", c.base.gamma, 0);
  checkInt("base.batchSize", c.base.batchSize, 1, c.problem.n);
  for (const [k, xs] of Object.entries(c.sweeps)) checkPositiveList(`sweeps.${k}`, xs);
  return c;
}
