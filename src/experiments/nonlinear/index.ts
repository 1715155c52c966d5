/**
 * The nonlinear-model family's public surface (Ren, Ma, Ying 2024, Sec. 4; notebooks 04–06): the
 * model f(x; w) = ‖w‖^γ wᵀx, its configs and profiles, batched chain sweeps (one cache entry per
 * sweep, assembled from one entry per chain), their frames, figures, tables and verdicts. Other
 * modules use the family only through this file (the architecture rule experiments-family-isolation);
 * the registry of unit families (../families.ts) names its worker-side family from ./units.ts.
 *
 * One {@link Experiment} per notebook (04 landscapes, 05 phases, 06 ablations), not one with three
 * configs: each notebook has its own config type, profile table and result (05 runs two sweeps), so
 * one object would type its config and result as unions that every caller narrows again.
 */
import type { Experiment, Overrides } from "../kit/experiment";
import {
  ABLATION_PROFILES,
  LANDSCAPE_MODEL_PROFILES,
  PHASES_PROFILES,
  ablationConfig,
  landscapeModelConfig,
  phasesConfig,
  type AblationConfig,
  type LandscapeModelConfig,
  type PhasesConfig,
} from "./config";
import { ablationSweepConfig, runAblations } from "./ablations";
import { landscapeSweepConfig, runLandscapeModel } from "./landscape";
import { decaySweepConfig, phaseSweepConfig, runDecaySweep, runPhaseCurves } from "./phases";
import { nonlinearShardUnits } from "./shard";
import type { ChainSweep, ChainSweepConfig, SweepOptions } from "./types";

export * from "./config";
export * from "./run";
export * from "./frames";
export * from "./landscape";
export * from "./phases";
export * from "./interpolants";
export * from "./ablations";
export * from "./figures";
export {
  chainUnits,
  chainCost,
  chainSteps,
  chainUnitId,
  mergeParts,
  toChainConfig,
  NONLINEAR_CHAINS,
  NONLINEAR_FAMILIES,
  nonlinearChainFamily,
} from "./units";
export { landscapeModelVerdicts, CONTROL_FRACTION } from "./landscape-verdicts";
export { phasesVerdicts, interpolantRows } from "./phases-verdicts";
export { ablationVerdicts, LEVEL_FACTOR, EXPONENT_TOLERANCE } from "./ablation-verdicts";
export { nonlinearShardUnits, runNonlinearShard } from "./shard";
export type { PartResult, ChainPayload } from "./types";

/** A nonlinear-model experiment: the kit's shape plus the chain sweeps its config runs (in the order `run` runs them). */
export type NonlinearExperiment<C, R> = Experiment<C, Overrides<C>, R, SweepOptions> & {
  /** the sweep configs of a config (their chains are the experiment's units) */
  sweeps(config: C): ChainSweepConfig[];
};

/**
 * A nonlinear experiment of a config resolver, its sweeps and its run: its units are its sweeps'
 * chains, each distinct chain entry once (nonlinearShardUnits; the chains run on the typed-array
 * engine, so the engine's computeId is not part of their keys).
 */
function nonlinearExperiment<C, R>(
  name: string,
  paper: string,
  profiles: Record<string, C>,
  config: (profile: string, overrides?: Overrides<C>) => C,
  sweeps: (c: C) => ChainSweepConfig[],
  run: (c: C, opts?: SweepOptions) => Promise<R>,
): NonlinearExperiment<C, R> {
  return {
    name,
    paper,
    profiles: Object.keys(profiles),
    config,
    sweeps,
    units: (c) => nonlinearShardUnits(sweeps(c)),
    run,
  };
}

/** Notebook 04: the d = 2 landscapes with early- and late-decayed trajectories; one sweep. */
export const landscapeModelExperiment = nonlinearExperiment<LandscapeModelConfig, ChainSweep>(
  "nonlinear-landscape",
  "Sec. 4: the model's landscapes, the curved minima manifold and SGD trajectories (notebook 04)",
  LANDSCAPE_MODEL_PROFILES,
  landscapeModelConfig,
  (c) => [landscapeSweepConfig(c)],
  runLandscapeModel,
);

/** Notebook 05: the three-phase runs, then the decay-step sweep. */
export const phasesExperiment = nonlinearExperiment<PhasesConfig, { phases: ChainSweep; decay: ChainSweep }>(
  "nonlinear-phases",
  "Sec. 4: the three phases of SGD and the drift toward the minimum-norm solution (notebook 05)",
  PHASES_PROFILES,
  phasesConfig,
  (c) => [phaseSweepConfig(c), decaySweepConfig(c)],
  async (c, opts = {}) => ({ phases: await runPhaseCurves(c, opts), decay: await runDecaySweep(c, opts) }),
);

/** Notebook 06: drift rate against η, σ, γ and B; one sweep. */
export const ablationExperiment = nonlinearExperiment<AblationConfig, ChainSweep>(
  "nonlinear-ablations",
  "Sec. 4: drift rate against LR, noise, γ and batch size (notebook 06)",
  ABLATION_PROFILES,
  ablationConfig,
  (c) => [ablationSweepConfig(c)],
  runAblations,
);
