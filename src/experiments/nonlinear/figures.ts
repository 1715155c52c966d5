/** Notebooks 04–06's figures and tables, built from cached sweeps (data → plain series → plotly specs). */
import type { FigureSpec } from "../../figures/types";
import { modelLandscapeFigure } from "../../figures/nonlinear-landscape";
import { decayStepFigure, phasesFigure } from "../../figures/nonlinear-phases";
import { driftAxesFigure, driftCurvesFigure, driftMeasuredVsPredictedFigure } from "../../figures/nonlinear-ablations";
import { buildProblem, type ChainSweep } from "./run";
import { landscapePanels } from "./landscape";
import { alphaMnTestLoss, decayPoints, phaseSeries } from "./phases";
import { driftCurves, driftPoints, driftRateRows, type AblationAxis } from "./ablations";
import { manifoldConstants } from "../../models/nonlinear-theory";
import type { AblationConfig, LandscapeModelConfig, PhasesConfig } from "./config";

/** Notebook 04: train or test loss over the w-plane, one panel per γ, with M, w_mn, α⁻¹(α*) and the trajectories. */
export function landscapeModelFigureOf(
  c: LandscapeModelConfig,
  sweep: ChainSweep,
  which: "train" | "test",
): FigureSpec {
  return modelLandscapeFigure(landscapePanels(c, sweep), which);
}

/** Notebook 05: the three phases (mean curves; first γ solid, the others dashed). */
export function phasesFigureOf(sweep: ChainSweep): FigureSpec {
  return phasesFigure(phaseSeries(sweep));
}

/** Notebook 05: final test loss (with α_mn's as reference) and final ‖α − α_mn‖ against the decay step T. */
export function decayStepFigureOf(c: PhasesConfig, sweep: ChainSweep): FigureSpec {
  return decayStepFigure(decayPoints(sweep, "test_loss"), decayPoints(sweep, "dist_mn"), alphaMnTestLoss(c), {
    title: `Final values vs decay step T: ${c.stepsAfterDecay.toLocaleString("en-US")} steps at lr ${c.lr}×${c.lrDecayFactor} after T; mean ± std, ${c.seeds.length} seeds`,
  });
}

/** Notebook 06: κ against η, σ, γ and B, measured and predicted. */
export function driftAxesFigureOf(c: AblationConfig, sweep: ChainSweep): FigureSpec {
  return driftAxesFigure(driftPoints(driftRateRows(c, sweep)));
}

/** Notebook 06: measured against predicted κ. */
export function driftMeasuredVsPredictedFigureOf(c: AblationConfig, sweep: ChainSweep): FigureSpec {
  return driftMeasuredVsPredictedFigure(driftPoints(driftRateRows(c, sweep)));
}

/** Notebook 06: mean ‖v‖ curves for the values of one axis, with the top of the fit window. */
export function driftCurvesFigureOf(c: AblationConfig, sweep: ChainSweep, axis: AblationAxis): FigureSpec {
  const a = manifoldConstants(buildProblem({ kind: "gaussian", ...c.problem })).normAlphaMn;
  return driftCurvesFigure(driftCurves(sweep, axis), axis, c.window.startBelowFrac * a);
}

/** A sweep's size and speed as banner rows: chains, chain-steps, wall time, chain-steps per second, cache. */
export function sweepInfo(sweep: ChainSweep): Record<string, string> {
  return {
    chains: String(sweep.config.chains.length),
    "chain-steps": sweep.chainSteps.toLocaleString("en-US"),
    [sweep.chainsFromShards
      ? "compute time (this run + the shards' time on their chains)"
      : "wall time of the simulation"]: `${sweep.wallSeconds.toFixed(2)} s`,
    "chain-steps per second": `${(sweep.chainStepsPerSecond / 1e6).toFixed(2)} M`,
    cache:
      (sweep.cacheHit ? "loaded from cache (times are from the run that computed it)" : "computed now") +
      (sweep.chainsFromShards
        ? `; ${sweep.chainsFromShards} of ${sweep.config.chains.length} chains were read from shards`
        : ""),
  };
}

const list = (xs: number[]) => xs.map((x) => x.toLocaleString("en-US")).join(", ");
const seedText = (s: number[]) => `${s.length} (${s.length > 3 ? `${s[0]}–${s[s.length - 1]}` : s.join(", ")})`;
const rowsOf = (pairs: string[][]) => pairs.map(([setting, value]) => ({ setting, value }));

/** Notebook 04's config as rows {setting, value} for a table. */
export function landscapeModelConfigRows(c: LandscapeModelConfig): Record<string, string>[] {
  return rowsOf([
    [
      "problem",
      `d = 2, n = 1: x = (${c.x.join(", ")}), teacher α* = (${c.alphaStar.join(", ")}), α0 = (${c.alpha0.join(", ")})`,
    ],
    ["γ (one panel each)", list(c.gammas)],
    ["SGD", `lr η = ${c.lr}, label noise σ = ${c.labelNoiseStd}, seed ${c.seed}`],
    [
      "decay",
      `at step T ∈ {${list(c.decaySteps)}}, then lr × ${c.lrDecayFactor} for ${c.stepsAfterDecay.toLocaleString("en-US")} steps; w recorded every ${c.recordEverySteps} steps`,
    ],
    ["landscape grid", `w ∈ [−${c.grid.half}, ${c.grid.half}]², ${c.grid.points} × ${c.grid.points} points`],
  ]);
}

/** Notebook 05's config as rows {setting, value} for a table. */
export function phasesConfigRows(c: PhasesConfig): Record<string, string>[] {
  return rowsOf([
    [
      "data",
      `n = ${c.problem.n} rows x_i ~ N(0, I_d), d = ${c.problem.d}, teacher α* ~ N(0, I_d/d), y = Xα* (data seed ${c.problem.seed})`,
    ],
    ["γ", list(c.gammas)],
    [
      "SGD",
      `lr η = ${c.lr}, batch size B = ${c.batchSize}, label noise σ = ${c.labelNoiseStd}, init scale ${c.initScale}`,
    ],
    [
      "decay-step sweep",
      `T ∈ {${list(c.decaySteps)}}, then lr × ${c.lrDecayFactor} for ${c.stepsAfterDecay.toLocaleString("en-US")} steps; records every ${c.recordEverySteps} steps`,
    ],
    [
      "three-phase runs",
      `T = ${c.phaseDecayStep.toLocaleString("en-US")}, records every ${c.phaseRecordEverySteps} steps`,
    ],
    ["seeds", seedText(c.seeds)],
    [
      "interpolant check",
      `${c.interpolants.teachers.toLocaleString("en-US")} teachers, offsets ‖v‖ ∈ {${list(c.interpolants.offsets)}}, seed ${c.interpolants.seed}`,
    ],
  ]);
}

/** Notebook 06's config as rows {setting, value} for a table. */
export function ablationConfigRows(c: AblationConfig): Record<string, string>[] {
  const b = c.base;
  return rowsOf([
    ["data", `n = ${c.problem.n}, d = ${c.problem.d} (data seed ${c.problem.seed}), init scale ${c.initScale}`],
    [
      "base setting",
      `lr η = ${b.lr}, label noise σ = ${b.labelNoiseStd}, batch size B = ${b.batchSize}, γ = ${b.gamma}`,
    ],
    [
      "swept one at a time",
      `η ∈ {${list(c.sweeps.lr)}}; σ ∈ {${list(c.sweeps.labelNoiseStd)}}; γ ∈ {${list(c.sweeps.gamma)}}; B ∈ {${list(c.sweeps.batchSize)}}`,
    ],
    [
      "chains",
      `${c.steps.toLocaleString("en-US")} steps at constant lr, records every ${c.recordEverySteps} steps; seeds ${seedText(c.seeds)}`,
    ],
    ["fit window", `from ‖v‖ ≤ ${c.window.startBelowFrac}·‖α_mn‖ down to ‖v‖ = ${c.window.stopBelow}`],
  ]);
}
