/**
 * Notebook 06: how the drift rate along the minima manifold depends on η, σ, γ and B
 * (Ren, Ma, Ying 2024, Sec. 4). Every chain runs at a constant LR; the rate κ is the exponential
 * fit of ‖v‖ = ‖(I − P_X)(α − α_mn)‖ on the window where ‖v‖ ≤ startBelowFrac·‖α_mn‖ (near α_mn,
 * where the linearized theory applies) and above a numerical floor; the prediction is the closed form
 * of nonlinear-theory.ts.
 */
import { driftRate } from "../../analysis/drift-rate";
import { fitPowerLaw } from "../../analysis/drift-rate";
import { meanStdBy, toFrame, type Row } from "../../frames/frames";
import {
  buildProblem,
  runChainSweep,
  type ChainSpec,
  type ChainSweep,
  type ChainSweepConfig,
  type SweepOptions,
} from "./run";
import { chainRows } from "./frames";
import { manifoldConstants, predictedDriftRate } from "../../models/nonlinear-theory";
import type { AblationConfig } from "./config";
import type { DriftPoint } from "../../figures/nonlinear-ablations";

/** The hyperparameters swept one at a time around the base setting. */
export const ABLATION_AXES = ["lr", "labelNoiseStd", "gamma", "batchSize"] as const;
export type AblationAxis = (typeof ABLATION_AXES)[number];

/** Sweep of notebook 06: for each axis and value, every seed, others at the base setting, no decay. */
export function ablationSweepConfig(c: AblationConfig): ChainSweepConfig {
  const chains: ChainSpec[] = ABLATION_AXES.flatMap((axis) =>
    c.sweeps[axis].flatMap((value) =>
      c.seeds.map((seed) => ({
        ...c.base,
        [axis]: value,
        seed,
        initScale: c.initScale,
        stepsBeforeDecay: c.steps,
        stepsAfterDecay: 0,
        tag: `${axis}=${value}`,
      })),
    ),
  );
  return { problem: { kind: "gaussian", ...c.problem }, chains, recordEverySteps: c.recordEverySteps };
}

/** Runs (or loads) all ablation chains in one batched call. */
export function runAblations(c: AblationConfig, opts: SweepOptions = {}): Promise<ChainSweep> {
  return runChainSweep(ablationSweepConfig(c), opts);
}

/**
 * One row per chain: axis, value, seed, status, fitted κ (NaN when the window has < 3 points or the
 * chain diverged), R² and points of the fit, and the predicted κ.
 */
export function driftRateRows(c: AblationConfig, sweep: ChainSweep): Row[] {
  const k = manifoldConstants(buildProblem({ kind: "gaussian", ...c.problem }));
  const window = { startBelow: c.window.startBelowFrac * k.normAlphaMn, stopBelow: c.window.stopBelow };
  return sweep.config.chains.map((ch, i) => {
    const [axis, value] = (ch.tag ?? "=").split("=");
    const rows = chainRows(sweep, i),
      status = sweep.outcomes[i].status;
    const fit =
      status === "diverged"
        ? null
        : driftRate(
            rows.map((r) => Number(r.step)),
            rows.map((r) => Number(r.dist_along)),
            window,
          );
    const predicted = predictedDriftRate(k, {
      lr: ch.lr,
      labelNoiseStd: ch.labelNoiseStd ?? 0,
      batchSize: ch.batchSize ?? c.problem.n,
      gamma: ch.gamma,
    });
    return {
      axis,
      value: Number(value),
      seed: ch.seed,
      status,
      measured: fit?.rate ?? NaN,
      r2: fit?.r2 ?? NaN,
      points: fit?.n ?? 0,
      predicted,
    };
  });
}

/** Per axis and value: measured κ mean ± std over chains with a fit, predicted κ, chains diverged or without a fit. */
export function driftPoints(rows: Row[]): DriftPoint[] {
  const fitted = rows.filter((r) => Number.isFinite(Number(r.measured)));
  const stats = fitted.length ? meanStdBy(toFrame(fitted), ["axis", "value"], "measured") : [];
  const keys = [...new Set(rows.map((r) => `${r.axis}|${r.value}`))];
  return keys.map((key) => {
    const [axis, v] = key.split("|"),
      value = Number(v);
    const mine = rows.filter((r) => r.axis === axis && Number(r.value) === value);
    const s = stats.find((x) => x.axis === axis && Number(x.value) === value);
    return {
      axis,
      value,
      measured: s?.mean ?? NaN,
      std: s?.std ?? NaN,
      n: s?.n ?? 0,
      predicted: Number(mine[0].predicted),
      diverged: mine.filter((r) => r.status === "diverged").length,
      unfitted: mine.filter((r) => r.status !== "diverged" && !Number.isFinite(Number(r.measured))).length,
    };
  });
}

/** The exponent each axis should show under the theory (κ ∝ η²σ²/B); γ enters through a prefactor, not a power. */
export const PREDICTED_EXPONENTS: Record<string, number> = { lr: 2, labelNoiseStd: 2, batchSize: -1 };

/**
 * Measured scaling: a power-law fit of the mean measured κ against the swept value for η, σ and B,
 * next to the predicted exponent; for γ, the ratio measured/predicted at each value.
 */
export function driftScalingTable(points: DriftPoint[]): Row[] {
  const out: Row[] = [];
  for (const axis of ["lr", "labelNoiseStd", "batchSize"]) {
    const ps = points.filter((p) => p.axis === axis && p.measured > 0);
    if (ps.length < 2) continue;
    const f = fitPowerLaw(
      ps.map((p) => p.value),
      ps.map((p) => p.measured),
    );
    out.push({
      axis,
      "measured exponent": f.exponent.toFixed(3),
      "predicted exponent": PREDICTED_EXPONENTS[axis],
      "R² (log-log)": f.r2.toFixed(4),
      "measured/predicted κ (range)": ratioRange(ps),
    });
  }
  const gs = points.filter((p) => p.axis === "gamma" && p.measured > 0);
  if (gs.length)
    out.push({
      axis: "gamma",
      "measured exponent": "—",
      "predicted exponent": "—",
      "R² (log-log)": "—",
      "measured/predicted κ (range)": ratioRange(gs),
    });
  return out;
}

function ratioRange(ps: DriftPoint[]): string {
  const r = ps.map((p) => p.measured / p.predicted);
  return `${Math.min(...r).toFixed(2)} … ${Math.max(...r).toFixed(2)}`;
}

/** One row per axis value: measured κ (mean ± std), predicted κ, their ratio, diverged / unfitted chains. */
export function driftTable(points: DriftPoint[]): Row[] {
  return points.map((p) => ({
    axis: p.axis,
    value: p.value,
    "measured κ (per step)": `${p.measured.toExponential(3)} ± ${p.std.toExponential(2)}`,
    "predicted κ": p.predicted.toExponential(3),
    "measured / predicted": (p.measured / p.predicted).toFixed(3),
    chains: p.n,
    diverged: p.diverged,
    "no fit": p.unfitted,
  }));
}

/** Mean ‖v‖ per step for each value of one axis (completed chains), for the example-curves figure. */
export function driftCurves(
  sweep: ChainSweep,
  axis: AblationAxis,
): { value: number; steps: number[]; distAlong: number[] }[] {
  const ok = new Set(sweep.outcomes.filter((o) => o.status === "completed").map((o) => o.chain));
  const rows = sweep.rows.filter((r) => ok.has(Number(r.chain)) && String(r.tag).startsWith(`${axis}=`));
  if (!rows.length) return [];
  const stats = meanStdBy(toFrame(rows), ["tag", "step"], "dist_along");
  return [...new Set(stats.map((s) => String(s.tag)))]
    .map((tag) => {
      const ss = stats.filter((s) => s.tag === tag);
      return {
        value: Number(tag.split("=")[1]),
        steps: ss.map((s) => Number(s.step)),
        distAlong: ss.map((s) => s.mean),
      };
    })
    .sort((a, b) => a.value - b.value);
}
