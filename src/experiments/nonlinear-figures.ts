/** Notebooks 04–06's figures and tables, built from cached sweeps (data → plain series → plotly specs). */
import type { FigureSpec } from "../figures/types";
import { modelLandscapeFigure } from "../figures/nonlinear-landscape";
import { decayStepFigure, phasesFigure } from "../figures/nonlinear-phases";
import { driftAxesFigure, driftCurvesFigure, driftMeasuredVsPredictedFigure } from "../figures/nonlinear-ablations";
import { buildProblem, type ChainSweep } from "./nonlinear-runs";
import { landscapePanels } from "./nonlinear-landscape";
import { alphaMnTestLoss, decayPoints, phaseSeries } from "./nonlinear-phases";
import { driftCurves, driftPoints, driftRateRows, type AblationAxis } from "./nonlinear-ablations";
import { manifoldConstants } from "./nonlinear-theory";
import type { AblationConfig, LandscapeModelConfig, PhasesConfig } from "./nonlinear-config";

/** Notebook 04: train or test loss over the w-plane, one panel per γ, with M, w_mn, α⁻¹(α*) and the trajectories. */
export function landscapeModelFigureOf(c: LandscapeModelConfig, sweep: ChainSweep, which: "train" | "test"): FigureSpec {
  return modelLandscapeFigure(landscapePanels(c, sweep), which);
}

/** Notebook 05: the three phases (mean curves; first γ solid, the others dashed). */
export function phasesFigureOf(sweep: ChainSweep): FigureSpec {
  return phasesFigure(phaseSeries(sweep));
}

/** Notebook 05: final test loss (with α_mn's as reference) and final ‖α − α_mn‖ against the decay step T. */
export function decayStepFigureOf(c: PhasesConfig, sweep: ChainSweep): FigureSpec {
  return decayStepFigure(decayPoints(sweep, "test_loss"), decayPoints(sweep, "dist_mn"), alphaMnTestLoss(c),
    { title: `Final values after ${c.stepsAfterDecay} steps at lr ${c.lr}×${c.lrDecayFactor}, against the decay step T (mean ± std over ${c.seeds.length} seeds)` });
}

/** Notebook 06: λ against η, σ, γ and B, measured and predicted. */
export function driftAxesFigureOf(c: AblationConfig, sweep: ChainSweep): FigureSpec {
  return driftAxesFigure(driftPoints(driftRateRows(c, sweep)));
}

/** Notebook 06: measured against predicted λ. */
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
    chains: String(sweep.config.chains.length), "chain-steps": sweep.chainSteps.toLocaleString("en-US"),
    "wall time of the simulation": `${sweep.wallSeconds.toFixed(2)} s`,
    "chain-steps per second": `${(sweep.chainStepsPerSecond / 1e6).toFixed(2)} M`,
    cache: sweep.cacheHit ? "loaded from cache (times are from the run that computed it)" : "computed now",
  };
}
