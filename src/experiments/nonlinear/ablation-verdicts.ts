/**
 * Notebook 06's verdict table (Ren, Ma, Ying 2024, Sec. 4): does the measured drift rate κ scale
 * like the prediction κ ∝ η²σ²/B, does its level match, is it positive for every γ > 0, and where
 * does the small-step prediction break down. Exponents are fitted per seed (every seed runs every
 * setting) and summarized by a 95 % t-interval over seeds.
 */
import { fitPowerLaw } from "../../analysis/drift-rate";
import { pairedSummary } from "../../analysis/paired";
import { fmt, fmtInterval, trendHolds, verdict, type Holds, type VerdictRow } from "../../analysis/verdict";
import type { Row } from "../../frames/frames";
import { driftPoints, driftRateRows, PREDICTED_EXPONENTS } from "./ablations";
import type { ChainSweep } from "./run";
import type { AblationConfig } from "./config";

/** The level "matches" when every measured/predicted ratio lies in [1/LEVEL_FACTOR, LEVEL_FACTOR]. */
export const LEVEL_FACTOR = 1.25;
/** An exponent off the prediction by at most this fraction of it is "partly" right when its interval excludes the prediction. */
export const EXPONENT_TOLERANCE = 0.15;

const AXIS_NAME: Record<string, string> = { lr: "η", labelNoiseStd: "σ", batchSize: "B", gamma: "γ" };

/** Per seed, the power-law exponent of the fitted κ against the axis values (seeds with fewer than 2 fitted values left out). */
function exponentsPerSeed(rows: Row[], axis: string): number[] {
  const mine = rows.filter((r) => r.axis === axis && Number(r.measured) > 0);
  return [...new Set(mine.map((r) => Number(r.seed)))].flatMap((seed) => {
    const pts = mine.filter((r) => Number(r.seed) === seed);
    return new Set(pts.map((r) => Number(r.value))).size < 2
      ? []
      : [
          fitPowerLaw(
            pts.map((r) => Number(r.value)),
            pts.map((r) => Number(r.measured)),
          ).exponent,
        ];
  });
}

/** Row: κ ∝ value^predicted along one axis (per-seed exponents, 95 % interval). */
function exponentRow(rows: Row[], axis: string): VerdictRow {
  const pred = PREDICTED_EXPONENTS[axis],
    name = AXIS_NAME[axis],
    xs = exponentsPerSeed(rows, axis);
  const claim = `κ ∝ ${name}${pred === 2 ? "²" : pred === -1 ? "⁻¹" : `^${pred}`}`;
  if (xs.length === 0)
    return verdict(claim, "no seed has a fitted κ at two values", "not measured", "per-seed power-law fits");
  const s = pairedSummary(xs);
  const holds: Holds =
    s.n >= 2 && s.ciLow <= pred && pred <= s.ciHigh
      ? "yes"
      : Math.abs(s.mean - pred) <= EXPONENT_TOLERANCE * Math.abs(pred)
        ? "partly"
        : "no";
  return verdict(
    claim,
    `exponent ${fmtInterval(s, "seeds", false)} (predicted ${pred})`,
    holds,
    `least-squares slope of log κ on log ${name} for each seed, then mean and 95 % t-interval over seeds. yes: the interval contains the prediction; partly: the mean is within ${100 * EXPONENT_TOLERANCE} % of it`,
  );
}

/**
 * Notebook 06's verdict table: the η, σ and B exponents against the prediction, the level
 * (measured/predicted in [0.8, 1.25] everywhere), κ > 0 at every γ (per-setting 95 % interval over
 * seeds), the gap to the prediction against η and against B, and whether every chain ran and was fitted.
 */
export function ablationVerdicts(c: AblationConfig, sweep: ChainSweep): VerdictRow[] {
  const rows = driftRateRows(c, sweep),
    points = driftPoints(rows);
  const fitted = points.filter((p) => p.measured > 0),
    ratios = fitted.map((p) => p.measured / p.predicted);
  const inLevel = ratios.filter((r) => r >= 1 / LEVEL_FACTOR && r <= LEVEL_FACTOR).length;
  const lrs = points.filter((p) => p.axis === "lr" && p.measured > 0).sort((a, b) => a.value - b.value);
  const gap = trendHolds(
    lrs.map((p) => Math.abs(p.measured / p.predicted - 1)),
    "increasing",
  );
  const bs = points.filter((p) => p.axis === "batchSize" && p.measured > 0).sort((a, b) => a.value - b.value);
  const gapB = trendHolds(
    bs.map((p) => Math.abs(p.measured / p.predicted - 1)),
    "decreasing",
  );
  const gammas = points.filter((p) => p.axis === "gamma" && p.value > 0 && p.n > 0);
  const gammaStats = gammas.map((p) => ({
    value: p.value,
    s: pairedSummary(
      rows
        .filter((r) => r.axis === "gamma" && Number(r.value) === p.value)
        .map((r) => Number(r.measured))
        .filter(Number.isFinite),
    ),
  }));
  const diverged = points.reduce((a, p) => a + p.diverged, 0),
    unfitted = points.reduce((a, p) => a + p.unfitted, 0);
  return [
    ...["lr", "labelNoiseStd", "batchSize"].map((axis) => exponentRow(rows, axis)),
    verdict(
      "The measured κ matches the predicted level",
      `measured/predicted ${fmt(Math.min(...ratios))} … ${fmt(Math.max(...ratios))}; ${inLevel} of ${ratios.length} settings within [${fmt(1 / LEVEL_FACTOR)}, ${LEVEL_FACTOR}]`,
      ratios.length === 0
        ? "not measured"
        : inLevel === ratios.length
          ? "yes"
          : 2 * inLevel >= ratios.length
            ? "partly"
            : "no",
      "mean κ over seeds of each setting over the closed-form κ. yes: every setting within the range; partly: at least half",
    ),
    verdict(
      "The prediction is the small-step limit: its gap grows with η",
      `measured/predicted by η: ${lrs.map((p) => `${p.value}: ${fmt(p.measured / p.predicted, 4)}`).join(", ")}; ${gap.against} of ${gap.steps} steps against`,
      gap.holds,
      "|measured/predicted − 1| in increasing η. yes: grows at every step; partly: larger at the largest η than at the smallest",
    ),
    verdict(
      "Averaging over a batch brings the measured κ back toward the prediction",
      `measured/predicted by B: ${bs.map((p) => `${p.value}: ${fmt(p.measured / p.predicted, 4)}`).join(", ")}; ${gapB.against} of ${gapB.steps} steps against`,
      gapB.holds,
      "|measured/predicted − 1| in increasing B. yes: shrinks at every step; partly: smaller at the largest B than at the smallest",
    ),
    verdict(
      "The drift exists for every γ > 0 (κ > 0)",
      gammaStats.map(({ value, s }) => `γ = ${value}: ${fmtInterval(s)}`).join("; ") || "no γ > 0 setting",
      gammaStats.length === 0
        ? "not measured"
        : gammaStats.every(({ s }) => s.n >= 2 && s.ciLow > 0)
          ? "yes"
          : gammaStats.every(({ s }) => s.mean > 0)
            ? "partly"
            : "no",
      "κ fitted per chain, mean and 95 % t-interval over seeds. yes: every interval above 0; partly: every mean above 0",
    ),
    verdict(
      "Every chain ran and its drift was fitted",
      `${diverged} diverged, ${unfitted} with too few points in the fit window, of ${rows.length} chains`,
      diverged + unfitted === 0 ? "yes" : "no",
      "chains excluded from the fits are counted here and drawn as × in the figures",
    ),
  ];
}
