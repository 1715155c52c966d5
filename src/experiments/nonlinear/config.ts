/**
 * Configurations and named profiles of notebooks 04–06 (the nonlinear model of Ren, Ma, Ying 2024,
 * Sec. 4). smoke: seconds, for tests; quick: the CPU default (about a minute on 2 cores);
 * paper: notebooks 05–06 with larger d and n, more seeds and longer phases; notebook 04 stays at d = 2
 * with one seed in every profile (only the run lengths and the grid resolution grow).
 * Each builder takes the profile's config and applies overrides (nested objects merged one level deep).
 */
import { check, checkInt, checkNumber, ConfigError } from "../../core/errors";
import { withOverrides } from "../../core/profiles";

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

const seeds = (k: number) => Array.from({ length: k }, (_, i) => i);

export const LANDSCAPE_MODEL_PROFILES: Record<NonlinearProfile, LandscapeModelConfig> = {
  smoke: { x: [1, 0.5], alphaStar: [0.6, 0.8], gammas: [1, 0], alpha0: [-0.7, 2.1], lr: 0.1, labelNoiseStd: 0.5,
    lrDecayFactor: 0.1, decaySteps: [50, 400], stepsAfterDecay: 100, recordEverySteps: 10, seed: 0, grid: { half: 2.5, points: 41 } },
  quick: { x: [1, 0.5], alphaStar: [0.6, 0.8], gammas: [1, 0], alpha0: [-0.7, 2.1], lr: 0.1, labelNoiseStd: 0.5,
    lrDecayFactor: 0.1, decaySteps: [200, 20000], stepsAfterDecay: 2000, recordEverySteps: 20, seed: 0, grid: { half: 2.5, points: 121 } },
  paper: { x: [1, 0.5], alphaStar: [0.6, 0.8], gammas: [1, 0], alpha0: [-0.7, 2.1], lr: 0.1, labelNoiseStd: 0.5,
    lrDecayFactor: 0.1, decaySteps: [200, 50000], stepsAfterDecay: 5000, recordEverySteps: 20, seed: 0, grid: { half: 2.5, points: 201 } },
};

export const PHASES_PROFILES: Record<NonlinearProfile, PhasesConfig> = {
  smoke: { problem: { n: 10, d: 20, seed: 1 }, gammas: [1, 0], seeds: seeds(8), lr: 0.02, labelNoiseStd: 1, batchSize: 1,
    lrDecayFactor: 0.1, initScale: 1, decaySteps: [0, 200, 800], stepsAfterDecay: 300, recordEverySteps: 100,
    phaseDecayStep: 800, phaseRecordEverySteps: 20, interpolants: { teachers: 200, offsets: [0, 0.5, 1], seed: 7 } },
  quick: { problem: { n: 20, d: 40, seed: 1 }, gammas: [1, 0], seeds: seeds(16), lr: 0.01, labelNoiseStd: 1, batchSize: 1,
    lrDecayFactor: 0.1, initScale: 1, decaySteps: [0, 500, 1000, 2000, 4000, 8000, 16000], stepsAfterDecay: 10000,
    recordEverySteps: 250, phaseDecayStep: 8000, phaseRecordEverySteps: 20,
    interpolants: { teachers: 4000, offsets: [0, 0.1, 0.25, 0.5, 1], seed: 7 } },
  paper: { problem: { n: 50, d: 100, seed: 1 }, gammas: [1, 0], seeds: seeds(32), lr: 0.004, labelNoiseStd: 1, batchSize: 1,
    lrDecayFactor: 0.1, initScale: 1, decaySteps: [0, 1000, 2000, 5000, 10000, 20000, 40000], stepsAfterDecay: 30000,
    recordEverySteps: 500, phaseDecayStep: 20000, phaseRecordEverySteps: 50,
    interpolants: { teachers: 20000, offsets: [0, 0.1, 0.25, 0.5, 1], seed: 7 } },
};

export const ABLATION_PROFILES: Record<NonlinearProfile, AblationConfig> = {
  smoke: { problem: { n: 10, d: 20, seed: 1 }, base: { lr: 0.02, labelNoiseStd: 1, batchSize: 1, gamma: 1 },
    sweeps: { lr: [0.014, 0.02], labelNoiseStd: [0.7, 1], gamma: [1, 2], batchSize: [1, 2] }, seeds: seeds(2), initScale: 1,
    steps: 2500, recordEverySteps: 50, window: { startBelowFrac: 0.5, stopBelow: 1e-8 } },
  quick: { problem: { n: 20, d: 40, seed: 1 }, base: { lr: 0.01, labelNoiseStd: 1, batchSize: 1, gamma: 1 },
    sweeps: { lr: [0.005, 0.007, 0.01, 0.014, 0.02], labelNoiseStd: [0.5, 0.7, 1, 1.4], gamma: [0.5, 1, 2], batchSize: [1, 2, 4, 8] },
    seeds: seeds(8), initScale: 1, steps: 40000, recordEverySteps: 200, window: { startBelowFrac: 0.5, stopBelow: 1e-8 } },
  paper: { problem: { n: 50, d: 100, seed: 1 }, base: { lr: 0.004, labelNoiseStd: 1, batchSize: 1, gamma: 1 },
    sweeps: { lr: [0.002, 0.003, 0.004, 0.006, 0.008], labelNoiseStd: [0.5, 0.7, 1, 1.4], gamma: [0.5, 1, 1.5, 2, 3], batchSize: [1, 2, 4, 8, 16] },
    seeds: seeds(16), initScale: 1, steps: 150000, recordEverySteps: 500, window: { startBelowFrac: 0.5, stopBelow: 1e-8 } },
};

/**
 * Profile names of notebooks 01–03 mapped to this model's profiles, so that one
 * `npm run reproduce -- --profile <name>` runs every notebook. The nonlinear model has no MLP or CNN
 * variants: "paper-mlp" runs the paper profile, "smoke-cnn" the smoke one, "quick-cnn" the quick one.
 */
export const NONLINEAR_PROFILE_ALIASES: Record<string, NonlinearProfile> = { "paper-mlp": "paper", "smoke-cnn": "smoke", "quick-cnn": "quick" };

/**
 * The nonlinear profile a name stands for: itself, or its alias from notebooks 01–03.
 * @throws ConfigError for any other name, listing the valid ones
 */
export function nonlinearProfileOf(profile: string): NonlinearProfile {
  if (Object.hasOwn(LANDSCAPE_MODEL_PROFILES, profile)) return profile as NonlinearProfile;
  if (Object.hasOwn(NONLINEAR_PROFILE_ALIASES, profile)) return NONLINEAR_PROFILE_ALIASES[profile];
  throw new ConfigError(`unknown profile ${JSON.stringify(profile)} for notebooks 04–06; use one of ${Object.keys(LANDSCAPE_MODEL_PROFILES).join(", ")} `
    + `(or ${Object.entries(NONLINEAR_PROFILE_ALIASES).map(([a, b]) => `${a} → ${b}`).join(", ")})`);
}

/** Config overrides: nested objects (problem, grid, base, sweeps, …) merge key by key; unknown keys, also nested, are refused. */
export type Overrides<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K] };

function pick<T extends object>(table: Record<NonlinearProfile, T>, profile: string, overrides: Overrides<T>): T {
  return withOverrides(table[nonlinearProfileOf(profile)], overrides);
}

const checkPositiveList = (name: string, xs: number[]) => {
  check(xs.length > 0, `${name} must not be empty`);
  xs.forEach((v, i) => checkNumber(`${name}[${i}]`, v, Number.MIN_VALUE));
};

/** Notebook 04's config of a profile (or alias) with overrides. @throws ConfigError for an unknown profile or key, or bad values */
export function landscapeModelConfig(profile: string, overrides: Overrides<LandscapeModelConfig> = {}): LandscapeModelConfig {
  const c = pick(LANDSCAPE_MODEL_PROFILES, profile, overrides);
  checkNumber("lr", c.lr, Number.MIN_VALUE);
  checkNumber("labelNoiseStd", c.labelNoiseStd, 0);
  check(c.x.length === 2 && c.alphaStar.length === 2 && c.alpha0.length === 2, "x, alphaStar and alpha0 must have 2 entries (d = 2)");
  checkInt("grid.points", c.grid.points, 3);
  return c;
}

/** Notebook 05's config of a profile (or alias) with overrides. @throws ConfigError for an unknown profile or key, or bad values */
export function phasesConfig(profile: string, overrides: Overrides<PhasesConfig> = {}): PhasesConfig {
  const c = pick(PHASES_PROFILES, profile, overrides);
  checkNumber("lr", c.lr, Number.MIN_VALUE);
  checkNumber("labelNoiseStd", c.labelNoiseStd, 0);
  checkInt("batchSize", c.batchSize, 1);
  check(c.decaySteps.includes(c.phaseDecayStep), `phaseDecayStep ${c.phaseDecayStep} must be one of decaySteps ${c.decaySteps.join(", ")}`);
  check(c.seeds.length >= 2, "need at least 2 seeds for mean ± std");
  return c;
}

/** Notebook 06's config of a profile (or alias) with overrides. @throws ConfigError for an unknown profile or key, or bad values */
export function ablationConfig(profile: string, overrides: Overrides<AblationConfig> = {}): AblationConfig {
  const c = pick(ABLATION_PROFILES, profile, overrides);
  checkNumber("base.lr", c.base.lr, Number.MIN_VALUE);
  checkNumber("base.labelNoiseStd", c.base.labelNoiseStd, 0);
  for (const [k, xs] of Object.entries(c.sweeps)) checkPositiveList(`sweeps.${k}`, xs);
  return c;
}
