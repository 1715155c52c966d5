/**
 * Configuration of the landscape notebooks (02 and 03; paper Sec. 3, Fig. 3): which late-decay
 * runs to read (notebook 01's profile), which seed's trajectory, how many principal components,
 * which surface and which landscape grid.
 */
import { check, checkInt, checkNumber, ConfigError, showValue } from "../../core/errors";
import { LateDecayConfig, LateDecayOverrides, lateDecayConfig, checkLateDecayConfig } from "../late-decay";
import { withOverrides } from "../../core/profiles";
import type { Overrides } from "../kit/experiment";

/**
 * The surface a landscape is drawn on:
 * - "curved": center + a·pc1 + b·pc2 + q(a)·pc3 (the authors' surface, bends with the trajectory)
 * - "flat":   center + a·pc1 + b·pc2
 * - "random": final main-path parameters + a·d1 + b·d2 with random filter-normalized d1, d2 (Li et al. 2018)
 */
export type SurfaceKind = "flat" | "curved" | "random";

/** Everything that determines the PCA and the landscape grid (all of it goes into the cache keys). */
export interface LandscapeConfig {
  /** the late-decay experiment whose checkpoints are analysed (notebook 01's config) */
  lateDecay: LateDecayConfig;
  /** training seed whose main path and subpaths are analysed (one of lateDecay.seeds) */
  seed: number;
  /** principal components computed (≥ 3: the curved surface and the 3D view use PC3) */
  k: number;
  surface: SurfaceKind;
  grid: {
    /** number of a values (columns) */
    nA: number;
    /** number of b values (rows) */
    nB: number;
    /** PCA surfaces: room around the checkpoints' (a, b) as a fraction of their extent on each side */
    margin: number;
    /** random surface: the grid covers [−randomRange, randomRange]² (Li et al. use 1) */
    randomRange: number;
  };
  /** seed of the random filter-normalized directions (surface "random" only) */
  directionSeed: number;
}

/** Grid resolution per late-decay profile (smoke: seconds, for tests). */
export const GRID_BY_PROFILE: Record<string, { nA: number; nB: number }> = {
  smoke: { nA: 7, nB: 5 },
  quick: { nA: 41, nB: 31 },
  paper: { nA: 41, nB: 31 },
  "paper-mlp": { nA: 41, nB: 31 },
  "smoke-cnn": { nA: 5, nB: 4 },
  "quick-cnn": { nA: 21, nB: 15 },
};

/**
 * Overrides accepted by {@link landscapeConfig}: the kit's Overrides for every key (`grid` merges key
 * by key) except `lateDecay`, which takes the late-decay family's own overrides: they reach one level
 * deeper (e.g. `lateDecay: { data: { subset: "fixed" } }`) than Overrides<T> describes.
 */
export type LandscapeOverrides = Overrides<Omit<LandscapeConfig, "lateDecay">> & { lateDecay?: LateDecayOverrides };

/**
 * The landscape config of a late-decay profile ("smoke" | "quick" | "paper"): seed = the profile's
 * first seed, k = 5, the curved surface, a 41 × 31 grid (7 × 5 for smoke) with a 20% margin.
 * Overrides equal to undefined keep the default; `grid` and `lateDecay` merge key by key. A caller
 * with several layers of overrides merges them first (a notebook merges its `overrides` with its named
 * parameters such as `seed` and `surface`, later ones winning: core/profiles mergeOverrides).
 * @throws ConfigError for an unknown profile, an unknown key (also nested, e.g. "grid.na": naming the valid ones) or an invalid value
 */
export function landscapeConfig(profile: string, overrides: LandscapeOverrides = {}): LandscapeConfig {
  const { lateDecay: lateDecayOverrides, ...rest } = overrides;
  const lateDecay = lateDecayConfig(profile, lateDecayOverrides ?? {});
  const res = GRID_BY_PROFILE[profile];
  if (!res) throw new ConfigError(`no landscape grid for profile ${showValue(profile)}`);
  const defaults: LandscapeConfig = {
    lateDecay,
    seed: lateDecay.seeds[0],
    k: 5,
    surface: "curved",
    grid: { ...res, margin: 0.2, randomRange: 1 },
    directionSeed: 0,
  };
  return checkLandscapeConfig(withOverrides(defaults, rest));
}

/** Validates a landscape config. @throws ConfigError naming the bad value */
export function checkLandscapeConfig(c: LandscapeConfig): LandscapeConfig {
  checkLateDecayConfig(c.lateDecay);
  checkInt("seed", c.seed, 0);
  check(
    c.lateDecay.seeds.includes(c.seed),
    `seed ${c.seed} is not one of the late-decay seeds ${showValue(c.lateDecay.seeds)}`,
  );
  checkInt("k (principal components)", c.k, 3);
  check(
    ["flat", "curved", "random"].includes(c.surface),
    `surface must be "flat", "curved" or "random", got ${showValue(c.surface)}`,
  );
  checkInt("grid.nA", c.grid.nA, 2);
  checkInt("grid.nB", c.grid.nB, 2);
  checkNumber("grid.margin", c.grid.margin, 0);
  checkNumber("grid.randomRange", c.grid.randomRange, Number.MIN_VALUE);
  checkInt("directionSeed", c.directionSeed, 0);
  return c;
}

/**
 * The late-decay config restricted to one seed: its cache entries are the same as those of the
 * full multi-seed run (each path is keyed by its own seed), so nothing is retrained.
 */
export function singleSeedConfig(c: LandscapeConfig): LateDecayConfig {
  return { ...c.lateDecay, seeds: [c.seed] };
}
