/**
 * Notebook 01's verdict tables (paper Sec. 2, Fig. 1): the paper's claims about late decay, each
 * with what this run measured, whether it holds, and how it was measured. Statistics are paired
 * over seeds (same seed: same initialization and, with per-seed subsets, the same training subset),
 * with a 95 % Student-t interval (analysis/paired).
 */
import type { LateDecayRuns } from "./types";
import type { SweepEntry } from "./sweep";
import { finals, mainPathNorms, type Metric } from "./report";
import { divergenceNote } from "../kit/grid";
import { pairBySeed, pairedSummary, smallestDetectableDifference, type PairedSummary } from "../../analysis/paired";
import { meanOf } from "../../analysis/summary";
import {
  fmt,
  fmtInterval,
  pairedRow,
  signHolds,
  trendHolds,
  verdict,
  type Holds,
  type VerdictRow,
} from "../../analysis/verdict";
import { DataFileError } from "../../core/errors";

/** "Nearly zero" training loss: at most this fraction of the main path's initial training loss ("partly" up to 10×). */
export const NEAR_ZERO_TRAIN_LOSS_FRACTION = 0.01;

/**
 * Paired Δ of the final `metric`, subpath decayed latest minus earliest, per seed (seed → Δ), its
 * mean with 95 % interval, and the two decay epochs.
 * @throws DataFileError with fewer than two decay epochs; ConfigError when a seed lacks one of the two (analysis/paired's rule)
 */
export function latestMinusEarliest(
  runs: LateDecayRuns,
  metric: Metric,
): { earliest: number; latest: number; bySeed: Map<number, number>; stat: PairedSummary } {
  const f = finals(runs, metric);
  const epochs = [...f.keys()];
  if (epochs.length < 2)
    throw new DataFileError(`need subpaths at two decay epochs or more, found ${epochs.length} (${epochs.join(", ")})`);
  const earliest = epochs[0],
    latest = epochs[epochs.length - 1],
    a = f.get(earliest)!,
    b = f.get(latest)!;
  const { seeds, diffs } = pairBySeed(b, a);
  const bySeed = new Map(seeds.map((s, i) => [s, diffs[i]]));
  return { earliest, latest, bySeed, stat: pairedSummary(diffs) };
}

const PAIRED_HOW = (E0: number, E1: number, what: string) =>
  `final ${what} of the subpath decayed at epoch ${E1} minus that of the subpath decayed at epoch ${E0}, same seed; ` +
  "mean, 95 % t-interval and two-sided paired t-test over seeds. yes: the interval excludes 0 on the claimed side; partly: only the mean is on it";

/** Row: later decay lowers the final test loss (paired Δ latest − earliest), with the smallest Δ this seed count resolves. */
function testLossRow(runs: LateDecayRuns, claim = "Later decay gives a lower final test loss"): VerdictRow {
  const { earliest, latest, stat } = latestMinusEarliest(runs, "testLoss");
  const row = pairedRow(claim, stat, "negative", PAIRED_HOW(earliest, latest, "test loss"));
  const dd = stat.n >= 2 ? smallestDetectableDifference(stat.std, stat.n) : NaN;
  return Number.isFinite(dd)
    ? { ...row, measured: `Δ = ${row.measured}; smallest |Δ| detectable at 80 % power with this spread: ${fmt(dd)}` }
    : row;
}

/** Row: the mean final test loss falls with every later decay epoch. */
function monotoneRow(runs: LateDecayRuns): VerdictRow {
  const f = finals(runs, "testLoss");
  const means = [...f.values()].map((m) => meanOf([...m.values()]));
  const t = trendHolds(means, "decreasing");
  const list = [...f.keys()].map((E, i) => `${E}: ${fmt(means[i], 4)}`).join(", ");
  return verdict(
    "The later the decay, the lower the final test loss (monotone in the decay epoch)",
    `mean final test loss by decay epoch: ${list}; ${t.against} of ${t.steps} steps go up`,
    t.holds,
    "mean over seeds of each subpath's final test loss, in decay-epoch order. yes: no step goes up; partly: the latest is below the earliest but some step goes up",
  );
}

/** Row: every subpath ends at (nearly) zero training loss. */
function trainLossRow(runs: LateDecayRuns): VerdictRow {
  const mains = runs.paths.filter((p) => p.kind === "main");
  if (mains.length === 0) throw new DataFileError("the runs hold no main path: the initial training loss is unknown");
  const initial = mains.reduce((s, p) => s + p.history[0].trainLoss, 0) / mains.length;
  const subs = runs.paths.filter((p) => p.kind === "subpath");
  const worst = subs.reduce((w, p) =>
    p.history[p.history.length - 1].trainLoss > w.history[w.history.length - 1].trainLoss ? p : w,
  );
  const loss = worst.history[worst.history.length - 1].trainLoss,
    frac = loss / initial;
  const holds: Holds =
    frac <= NEAR_ZERO_TRAIN_LOSS_FRACTION ? "yes" : frac <= 10 * NEAR_ZERO_TRAIN_LOSS_FRACTION ? "partly" : "no";
  return verdict(
    "Every subpath reaches (nearly) zero training loss",
    `largest final training loss ${fmt(loss)} (decay at ${worst.decayEpoch}, seed ${worst.seed}) = ${fmt(100 * frac, 2)} % of the main path's initial ${fmt(initial)}`,
    holds,
    `largest final training loss over all subpaths and seeds, against the main path's training loss at its start (mean over seeds). yes: at most ${100 * NEAR_ZERO_TRAIN_LOSS_FRACTION} % of it; partly: at most ${1000 * NEAR_ZERO_TRAIN_LOSS_FRACTION} %`,
  );
}

/**
 * Notebook 01's verdict table for one set of runs (the profile's weight decay): later decay lowers
 * the final test loss (paired Δ latest − earliest with its 95 % interval, seeds, p and the smallest
 * detectable Δ), monotone in the decay epoch, test accuracy beside it (paired Δ), and near-zero
 * training loss at every subpath's end.
 * @param runs runLateDecay's result: at least two decay epochs, a main path per seed
 * @throws DataFileError with fewer than two decay epochs or no main path; ConfigError when no seed pairs
 */
export function lateDecayVerdicts(runs: LateDecayRuns): VerdictRow[] {
  const acc = latestMinusEarliest(runs, "testAcc");
  return [
    testLossRow(runs),
    monotoneRow(runs),
    pairedRow(
      "Later decay gives a higher final test accuracy",
      acc.stat,
      "positive",
      PAIRED_HOW(acc.earliest, acc.latest, "test accuracy"),
    ),
    trainLossRow(runs),
  ];
}

/**
 * Row: the benefit of late decay grows with λ — the mean paired Δ falls at every larger λ, and the
 * Δ of the largest λ minus that of the smallest, paired by seed (a seed has the same initialization
 * and data at every λ), has its 95 % interval below 0.
 */
function trendOverWeightDecay(
  done: { weightDecay: number; delta: ReturnType<typeof latestMinusEarliest> }[],
): VerdictRow {
  const claim = "The stronger the weight decay, the more later decay lowers the test loss";
  if (done.length < 2)
    return verdict(
      claim,
      `${done.length} weight decay(s) completed`,
      "not measured",
      "needs two completed weight decays",
    );
  const t = trendHolds(
    done.map((d) => d.delta.stat.mean),
    "decreasing",
  );
  const first = done[0],
    last = done[done.length - 1],
    diff = pairedSummary(pairBySeed(last.delta.bySeed, first.delta.bySeed).diffs);
  const holds: Holds =
    t.holds === "yes" && signHolds(diff, "negative") === "yes" ? "yes" : diff.mean < 0 ? "partly" : "no";
  return verdict(
    claim,
    `mean paired Δ by λ: ${done.map((d) => `${d.weightDecay}: ${fmt(d.delta.stat.mean)}`).join(", ")} (${t.against} of ${t.steps} steps go up); Δ at λ = ${last.weightDecay} minus Δ at λ = ${first.weightDecay}: ${fmtInterval(diff)}`,
    holds,
    "Δ = paired final test loss, latest − earliest decay, per seed. yes: the mean Δ falls at every larger λ and the largest λ's Δ minus the smallest λ's (paired by seed) has its 95 % interval below 0; partly: that difference is below 0 on average",
  );
}

/** Row: the main path's ‖θ‖ falls over the large-LR phase (from the earliest decay epoch to its end), mean over seeds. */
function normRow(runs: LateDecayRuns, label: string): VerdictRow {
  const { epochs, norms } = mainPathNorms(runs);
  const E0 = Math.min(...runs.config.decayEpochs),
    i0 = Math.max(
      0,
      epochs.findIndex((e) => e >= E0),
    ),
    i1 = epochs.length - 1;
  return verdict(
    `${label}: the main path's ‖θ‖ falls during the large-LR phase after the earliest decay epoch (the drift toward small norm of Sec. 4, once the training loss is low)`,
    `‖θ‖ at epoch ${epochs[i0]} → ${epochs[i1]}: ${fmt(norms[i0], 4)} → ${fmt(norms[i1], 4)} (mean over ${runs.config.seeds.length} seeds)`,
    norms[i1] < norms[i0] ? "yes" : "no",
    "Euclidean norm of the main path's flat parameter vector at its checkpoint at the earliest decay epoch and at its last checkpoint, mean over seeds",
  );
}

/**
 * Notebook 01's verdict table for the weight-decay sweep: per weight decay λ, later decay lowers the
 * final test loss (paired, 95 % interval) and the main path's ‖θ‖ falls during the large-LR phase;
 * then whether the benefit grows with λ (see trendOverWeightDecay). A diverged λ is
 * "not measured", with what diverged; so is the trend when the profile runs no sweep (an empty list).
 * @throws DataFileError for too few decay epochs
 */
export function weightDecaySweepVerdicts(sweep: SweepEntry[]): VerdictRow[] {
  if (sweep.length === 0) {
    return [
      verdict(
        "The stronger the weight decay, the more later decay lowers the test loss",
        "this profile runs no weight-decay sweep",
        "not measured",
        "set weightDecays in the parameters cell, or read the weight-decay axis of notebook 01b's claim map",
      ),
    ];
  }
  const rows: VerdictRow[] = [];
  const done: { weightDecay: number; delta: ReturnType<typeof latestMinusEarliest> }[] = [];
  for (const entry of [...sweep].sort((a, b) => a.cell.weightDecay - b.cell.weightDecay)) {
    const { weightDecay } = entry.cell,
      label = `λ = ${weightDecay}`;
    if (entry.diverged) {
      rows.push(
        verdict(
          `${label}: later decay gives a lower final test loss`,
          `diverged: ${divergenceNote(entry.diverged)}`,
          "not measured",
          "a path of this weight decay diverged",
        ),
      );
      continue;
    }
    rows.push(
      testLossRow(entry.runs, `${label}: later decay gives a lower final test loss`),
      normRow(entry.runs, label),
    );
    done.push({ weightDecay, delta: latestMinusEarliest(entry.runs, "testLoss") });
  }
  rows.push(trendOverWeightDecay(done));
  return rows;
}
