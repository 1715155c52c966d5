/**
 * Notebook 05's verdict table (Ren, Ma, Ying 2024, Sec. 4): the three phases, later decay nearer
 * α_mn and at lower test loss (paired over seeds: chains of one seed share their path up to the
 * earlier decay step), the γ = 0 control, and α_mn as the best interpolant on average.
 */
import { pairBySeed, pairedSummary, type PairedSummary } from "../../analysis/paired";
import { meanOf } from "../../analysis/summary";
import { fmt, fmtInterval, pairedRow, trendHolds, verdict, type Holds, type VerdictRow } from "../../analysis/verdict";
import type { ChainSweep } from "./run";
import { finalRows } from "./frames";
import { alphaMnTestLoss, phaseSeries } from "./phases";
import { CONTROL_FRACTION } from "./landscape-verdicts";
import type { PhasesConfig } from "./config";
import type { InterpolantPoint, PhaseSeries } from "../../figures/nonlinear-phases";

/** Final `column` of the completed chains of one γ: decay step T (increasing) → seed → value. */
function finalsByStep(
  sweep: ChainSweep,
  gamma: number,
  column: "test_loss" | "dist_mn",
): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const r of finalRows(sweep)) {
    if (Number(r.gamma) !== gamma || r.status !== "completed") continue;
    const m = out.get(Number(r.decay_step)) ?? new Map<number, number>();
    m.set(Number(r.seed), Number(r[column]));
    out.set(Number(r.decay_step), m);
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}

/** Paired Δ of `column`, latest T − earliest T, over seeds; with the two steps and the per-T means. */
function latestMinusEarliest(sweep: ChainSweep, gamma: number, column: "test_loss" | "dist_mn") {
  const f = finalsByStep(sweep, gamma, column),
    steps = [...f.keys()];
  const means = [...f.values()].map((m) => meanOf([...m.values()]));
  const stat: PairedSummary | null =
    steps.length >= 2 ? pairedSummary(pairBySeed(f.get(steps[steps.length - 1])!, f.get(steps[0])!).diffs) : null;
  return { steps, means, stat };
}

const PAIRED_HOW = (steps: number[], what: string) =>
  `final ${what} of the chain decayed at step ${steps[steps.length - 1]} minus that decayed at step ${steps[0]}, same seed; ` +
  "mean, 95 % t-interval and paired t-test over seeds. yes: the interval excludes 0 on the claimed side; partly: only the mean is on it";

/** Rows of the decay-step sweep for one γ > 0. */
function curvedRows(c: PhasesConfig, sweep: ChainSweep, gamma: number): VerdictRow[] {
  const g = `γ = ${gamma}`,
    dist = latestMinusEarliest(sweep, gamma, "dist_mn"),
    loss = latestMinusEarliest(sweep, gamma, "test_loss");
  if (!dist.stat || !loss.stat)
    return [
      verdict(
        `${g}: later decay ends nearer α_mn`,
        `${dist.steps.length} decay step(s) completed`,
        "not measured",
        "needs two decay steps",
      ),
    ];
  const t = trendHolds(dist.means, "decreasing"),
    ref = alphaMnTestLoss(c);
  const gap = (v: number) => Math.abs(v - ref),
    r = gap(loss.means[loss.means.length - 1]) / gap(loss.means[0]);
  return [
    pairedRow(
      `${g}: the later the decay, the nearer the final α to the minimum-norm solution α_mn`,
      dist.stat,
      "negative",
      PAIRED_HOW(dist.steps, "‖α − α_mn‖"),
    ),
    pairedRow(
      `${g}: the later the decay, the lower the final test loss`,
      loss.stat,
      "negative",
      PAIRED_HOW(loss.steps, "test loss"),
    ),
    verdict(
      `${g}: the final ‖α − α_mn‖ falls with every later decay step`,
      `mean by T: ${dist.steps.map((T, i) => `${T}: ${fmt(dist.means[i])}`).join(", ")}; ${t.against} of ${t.steps} steps go up`,
      t.holds,
      "mean over seeds per decay step T. yes: it never goes up; partly: the latest below the earliest",
    ),
    verdict(
      `${g}: with the latest decay the test loss comes close to α_mn's`,
      `mean final test loss ${fmt(loss.means[0], 4)} (T = ${loss.steps[0]}) → ${fmt(loss.means[loss.means.length - 1], 4)} (T = ${loss.steps[loss.steps.length - 1]}); α_mn's ${fmt(ref, 4)}; the gap shrinks to ${fmt(100 * r)} % of the earliest`,
      r <= 0.1 ? "yes" : r < 1 ? "partly" : "no",
      "|mean final test loss − test loss of α_mn| at the latest T over that at the earliest T. yes: at most 10 %; partly: below 100 %",
    ),
  ];
}

/** Row: with γ = 0 the decay step does not matter (|paired mean Δ test loss| vs the largest γ's). */
function controlRow(sweep: ChainSweep, gamma: number | undefined): VerdictRow {
  const claim = "γ = 0 (linear regression): the decay step does not matter";
  const flat = latestMinusEarliest(sweep, 0, "test_loss").stat,
    curved = gamma === undefined ? null : latestMinusEarliest(sweep, gamma, "test_loss").stat;
  if (!flat || !curved)
    return verdict(
      claim,
      "no completed pair of decay steps to compare",
      "not measured",
      "needs γ = 0 and a γ > 0 at two decay steps",
    );
  const ratio = Math.abs(flat.mean) / Math.abs(curved.mean);
  return verdict(
    claim,
    `paired Δ test loss (latest − earliest T): ${fmtInterval(flat)} at γ = 0, mean ${fmt(curved.mean)} at γ = ${gamma} (ratio ${fmt(ratio)})`,
    ratio <= CONTROL_FRACTION ? "yes" : "no",
    `yes: |mean Δ| at γ = 0 at most ${CONTROL_FRACTION} of that at γ = ${gamma}`,
  );
}

/** Rows of the three-phase runs: phase I ends before the decay; ‖v‖ falls in phase II for γ > 0 and stays for γ = 0. */
function phaseRows(series: PhaseSeries[]): VerdictRow[] {
  return series.flatMap((s) => {
    const iT = s.steps.findIndex((x) => x >= s.decayStep),
      v0 = s.distAlong[0],
      vT = s.distAlong[iT < 0 ? s.steps.length - 1 : iT];
    const g = `γ = ${s.gamma}`,
      ratio = vT / v0;
    const drift: VerdictRow =
      s.gamma > 0
        ? verdict(
            `${g}, phase II: at the large LR α drifts along M toward α_mn`,
            `mean ‖v‖ ${fmt(v0)} at step 0 → ${fmt(vT)} at the decay (step ${s.decayStep})`,
            ratio < 0.1 ? "yes" : ratio < 1 ? "partly" : "no",
            "‖v‖ = ‖(I − P_X)(α − α_mn)‖, mean over seeds. yes: below a tenth of its start; partly: lower",
          )
        : verdict(
            `${g}: no drift along M (‖v‖ stays)`,
            `mean ‖v‖ ${fmt(v0, 4)} at step 0 → ${fmt(vT, 4)} at step ${s.decayStep}`,
            Math.abs(ratio - 1) <= 0.01 ? "yes" : "no",
            "yes: changes by at most 1 %",
          );
    const p1: Holds = s.phaseOneEnd <= s.decayStep / 10 ? "yes" : s.phaseOneEnd < s.decayStep ? "partly" : "no";
    return [
      verdict(
        `${g}, phase I: the training loss falls to its noise floor early in the large-LR phase`,
        `phase I ends at step ${s.phaseOneEnd} of ${s.decayStep}`,
        p1,
        "first step where the mean training loss is within 2× its median over the second half of the large-LR phase. yes: within the first tenth; partly: before the decay",
      ),
      drift,
    ];
  });
}

/** Rows of the interpolant check: α_mn lowest on average, and the Monte Carlo matches the closed form. */
export function interpolantRows(points: InterpolantPoint[]): VerdictRow[] {
  const mn = points.filter((p) => p.offset === 0),
    others = points.filter((p) => p.offset > 0);
  const best = others.reduce((x, y) => (y.mean < x.mean ? y : x));
  const z = points.map((p) => Math.abs(p.mean - p.predicted) / p.se),
    zMax = Math.max(...z);
  return [
    verdict(
      "α_mn has the lowest mean test loss of the interpolants checked (isotropic teachers)",
      `α_mn ${fmt(mn[0].mean, 4)} ± ${fmt(mn[0].se, 2)} (SE); lowest other ${fmt(best.mean, 4)} ± ${fmt(best.se, 2)} (${best.family}, ‖v‖ = ${fmt(best.offset)})`,
      mn.length && mn.every((m) => m.mean < best.mean) ? "yes" : "no",
      `mean test loss over ${points[0].teachers} teachers of every family and offset`,
    ),
    verdict(
      "The Monte Carlo test loss matches the closed form ½(E‖v‖² + (d − n)/d)",
      `largest |mean − closed form| / SE over ${points.length} points: ${fmt(zMax, 2)}`,
      zMax <= 3 ? "yes" : "no",
      "yes: every point within 3 standard errors",
    ),
  ];
}

/**
 * Notebook 05's verdict table from its three computations (all read from the cache once run).
 * @param phases runPhaseCurves(c); @param decay runDecaySweep(c); @param interpolants interpolantCheck(c)
 */
export function phasesVerdicts(
  c: PhasesConfig,
  phases: ChainSweep,
  decay: ChainSweep,
  interpolants: InterpolantPoint[],
): VerdictRow[] {
  const curved = c.gammas.filter((g) => g > 0).sort((a, b) => b - a);
  return [
    ...phaseRows(phaseSeries(phases)),
    ...curved.flatMap((g) => curvedRows(c, decay, g)),
    ...(c.gammas.includes(0) ? [controlRow(decay, curved[0])] : []),
    ...interpolantRows(interpolants),
  ];
}
