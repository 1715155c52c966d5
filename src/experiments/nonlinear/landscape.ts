/**
 * Notebook 04: the nonlinear model in d = 2 with one sample (n = 1) — the training and test loss
 * over the w-plane, the minima manifold M = {w : x·α(w) = y} as a curve, w_mn = α⁻¹(α_mn), the
 * test-loss minimum α⁻¹(α*), the flattest points of M, and label-noise SGD trajectories decayed
 * early and late (Ren, Ma, Ying 2024, Sec. 4; the model's counterpart of the PCA landscape, Fig. 3).
 */
import {
  checkGamma,
  minNormW,
  norm,
  testLoss,
  trainLoss,
  wOfAlpha,
  type NonlinearProblem,
} from "../../models/nonlinear";
import { manifoldConstants, flattestNorm } from "../../models/nonlinear-theory";
import {
  buildProblem,
  runChainSweep,
  type ChainSweep,
  type ChainSweepConfig,
  type ProblemSpec,
  type SweepOptions,
} from "./run";
import { chainRows } from "./frames";
import type { LandscapeModelConfig } from "./config";
import type { ModelLandscapePanel, ModelTrajectory } from "../../figures/nonlinear-landscape";

/** The n = 1, d = 2 problem of a config: X = [x], y = [x·α*]. */
export function landscapeProblemSpec(c: LandscapeModelConfig): ProblemSpec {
  return {
    kind: "explicit",
    n: 1,
    d: 2,
    X: [...c.x],
    y: [c.x[0] * c.alphaStar[0] + c.x[1] * c.alphaStar[1]],
    alphaStar: [...c.alphaStar],
  };
}

/** The sweep of notebook 04: one chain per γ × decay step, all with the same seed, w recorded. */
export function landscapeSweepConfig(c: LandscapeModelConfig): ChainSweepConfig {
  const chains = c.gammas.flatMap((gamma) =>
    c.decaySteps.map((T) => ({
      seed: c.seed,
      gamma,
      lr: c.lr,
      labelNoiseStd: c.labelNoiseStd,
      lrDecayFactor: c.lrDecayFactor,
      stepsBeforeDecay: T,
      stepsAfterDecay: c.stepsAfterDecay,
      w0: Array.from(wOfAlpha(Float64Array.from(c.alpha0), gamma)),
      tag: `γ = ${gamma}, decay at ${T}`,
    })),
  );
  return { problem: landscapeProblemSpec(c), chains, recordEverySteps: c.recordEverySteps, recordParams: true };
}

/** Runs (or loads) the trajectories of notebook 04. */
export function runLandscapeModel(c: LandscapeModelConfig, opts: SweepOptions = {}): Promise<ChainSweep> {
  return runChainSweep(landscapeSweepConfig(c), opts);
}

/**
 * Points of M in w-space: α(s) = α_mn + s·u (u ⊥ x, unit), s ∈ [−S, S], mapped by α⁻¹; [points] each.
 * @param S range of the manifold coordinate s (α-units); @param points number of points
 */
export function manifoldCurve(
  p: NonlinearProblem,
  gamma: number,
  S: number,
  points = 801,
): { w0: number[]; w1: number[]; s: number[] } {
  const u = unitNullDirection(p);
  const out = { w0: [] as number[], w1: [] as number[], s: [] as number[] };
  for (let i = 0; i < points; i++) {
    const s = -S + (2 * S * i) / (points - 1);
    const w = wOfAlpha(Float64Array.from([p.alphaMn[0] + s * u[0], p.alphaMn[1] + s * u[1]]), gamma);
    out.w0.push(w[0]);
    out.w1.push(w[1]);
    out.s.push(s);
  }
  return out;
}

/** The unit vector u = (−x₂, x₁)/‖x‖ spanning the null space of X = [x] (d = 2, n = 1). */
export function unitNullDirection(p: NonlinearProblem): number[] {
  const r = Math.hypot(p.X[0], p.X[1]);
  return [-p.X[1] / r, p.X[0] / r];
}

/**
 * The two flattest points of M (smallest tr H) in w-space: ‖α‖ = flattestNorm, i.e. α = α_mn ± s·u with
 * s = sqrt(‖α‖² − ‖α_mn‖²). For n = 1 and γ > 0 they differ from w_mn (see nonlinear-theory.ts).
 */
export function flattestPoints(p: NonlinearProblem, gamma: number): number[][] {
  const r = flattestNorm(manifoldConstants(p), gamma),
    a = norm(p.alphaMn);
  const s = Math.sqrt(Math.max(0, r * r - a * a)),
    u = unitNullDirection(p);
  return [s, -s].map((t) =>
    Array.from(wOfAlpha(Float64Array.from([p.alphaMn[0] + t * u[0], p.alphaMn[1] + t * u[1]]), gamma)),
  );
}

/** Train and test loss on the grid [−half, half]², [points][points] (row j = second coordinate). */
export function landscapeGrid(p: NonlinearProblem, gamma: number, half: number, points: number) {
  checkGamma(gamma);
  const axis = Array.from({ length: points }, (_, i) => -half + (2 * half * i) / (points - 1));
  const w = new Float64Array(2);
  const train: number[][] = [],
    test: number[][] = [];
  for (const b of axis) {
    const tr: number[] = [],
      te: number[] = [];
    for (const a of axis) {
      w[0] = a;
      w[1] = b;
      tr.push(trainLoss(p, w, gamma));
      te.push(testLoss(p, w, gamma));
    }
    train.push(tr);
    test.push(te);
  }
  return { axis, train, test };
}

/**
 * Everything one panel of the notebook 04 figures draws, for each γ of the config:
 * grid losses, manifold curve, w_mn, α⁻¹(α*), flattest points and the trajectories of the sweep.
 */
export function landscapePanels(c: LandscapeModelConfig, sweep: ChainSweep): ModelLandscapePanel[] {
  const p = buildProblem(landscapeProblemSpec(c));
  return c.gammas.map((gamma) => {
    const g = landscapeGrid(p, gamma, c.grid.half, c.grid.points);
    const trajectories: ModelTrajectory[] = sweep.config.chains.flatMap((ch, k) => {
      if (ch.gamma !== gamma) return [];
      const rows = chainRows(sweep, k);
      const outcome = sweep.outcomes[k];
      return [
        {
          name: `decay at step ${ch.stepsBeforeDecay}`,
          decayStep: ch.stepsBeforeDecay,
          steps: rows.map((r) => Number(r.step)),
          w0: rows.map((r) => Number(r.w0)),
          w1: rows.map((r) => Number(r.w1)),
          status: outcome.status,
          finalTestLoss: Number(rows[rows.length - 1].test_loss),
          finalDistMn: Number(rows[rows.length - 1].dist_mn),
        },
      ];
    });
    return {
      gamma,
      axis: g.axis,
      trainLoss: g.train,
      testLoss: g.test,
      manifold: manifoldCurve(p, gamma, 3 * c.grid.half ** (1 + gamma)),
      wMn: Array.from(minNormW(p, gamma)),
      wStar: Array.from(wOfAlpha(p.alphaStar, gamma)),
      flattest: gamma > 0 ? flattestPoints(p, gamma) : [],
      trajectories,
    };
  });
}

/** One row per trajectory: γ, decay step, status, final test loss and ‖α − α_mn‖. */
export function landscapeTable(panels: ModelLandscapePanel[]): Record<string, string | number>[] {
  return panels.flatMap((pa) =>
    pa.trajectories.map((t) => ({
      γ: pa.gamma,
      "decay step T": t.decayStep,
      status: t.status,
      "final test loss": t.finalTestLoss.toFixed(4),
      "final ‖α − α_mn‖": t.finalDistMn.toFixed(4),
    })),
  );
}
