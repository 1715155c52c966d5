/**
 * The shape every experiment family follows (README "Experiments"): named profiles → a resolved,
 * validated config → work units (plain data the runner computes into cache entries) → an
 * assembled result (plain data: what figures, tables and verdicts read without touching the disk).
 * Each family folder has the same files in the same roles — config.ts (profiles and the resolver),
 * types.ts, units.ts (units and the worker-side family), run.ts (runs units, assembles the result),
 * frames/report/verdicts/figures (pure functions of the result), index.ts (its public surface and
 * its {@link Experiment}).
 */
import type { WorkUnit } from "../../runner";

/** Overrides of a config: any key; nested objects merged key by key; arrays replaced whole. */
export type Overrides<T> = {
  [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K];
};

/**
 * One experiment family.
 * @typeParam Config the resolved config (every value that determines the numbers)
 * @typeParam Over its overrides
 * @typeParam Result what `run` assembles
 * @typeParam RunOpts options of `run` (progress, cancellation, workers)
 */
export interface Experiment<Config, Over, Result, RunOpts> {
  /** family name, e.g. "late-decay" */
  name: string;
  /** the paper section and figure it reproduces */
  paper: string;
  /** profile names `config` accepts */
  profiles: readonly string[];
  /** the profile's config with overrides, validated. @throws ConfigError naming an unknown profile, key or bad value */
  config(profile: string, overrides?: Over): Config;
  /** the work units of a config on the engine `computeId` (BackendInfo.computeId, part of network cache keys) */
  units(config: Config, computeId: string): WorkUnit[];
  /** computes the missing units and assembles the result */
  run(config: Config, opts?: RunOpts): Promise<Result>;
}
