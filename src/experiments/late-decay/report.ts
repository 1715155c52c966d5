/**
 * Numbers that read the late-decay runs: per decay epoch, the final test loss (mean ±
 * std over seeds) and the paired difference to the earliest decay (same seed, so the
 * seed-to-seed offset of the loss level cancels), and the main path's parameter norm.
 * The verdict table built from them is in ./verdicts.ts.
 */
import type { LateDecayRuns } from "./types";
import { DecayStat } from "../../figures/late-decay";
import { decayStats } from "./frames";
import { pairBySeed, pairedSummary } from "../../analysis/paired";
import { meanOf, summarize } from "../../analysis/summary";

/** A metric of the training history. */
export type Metric = "trainLoss" | "testLoss" | "trainAcc" | "testAcc";

/** Final value of `metric` of each subpath: decay epoch (increasing) → seed → value. */
export function finals(runs: LateDecayRuns, metric: Metric): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const p of runs.paths) {
    if (p.kind !== "subpath") continue;
    const m = out.get(p.decayEpoch as number) ?? new Map<number, number>();
    m.set(p.seed, p.history[p.history.length - 1][metric]);
    out.set(p.decayEpoch as number, m);
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}

/**
 * Per seed, final(E, s) − final(E₀, s) at decay epoch E, E₀ the earliest decay epoch (seed order).
 * @throws Error when no subpath has decay epoch E; ConfigError when a seed lacks one of the two (analysis/paired's rule)
 */
export function pairedDiffs(runs: LateDecayRuns, metric: Metric, decayEpoch: number): number[] {
  const f = finals(runs, metric);
  const first = [...f.values()][0],
    at = f.get(decayEpoch);
  if (!at) throw new Error(`no subpath with decay epoch ${decayEpoch}`);
  return pairBySeed(at, first).diffs;
}

/**
 * Paired differences: for each decay epoch E and seed s, final(E, s) − final(E₀, s) with
 * E₀ the earliest decay epoch; mean ± sample std over seeds.
 */
export function pairedDecayStats(runs: LateDecayRuns, metric: Metric = "testLoss"): DecayStat[] {
  const f = finals(runs, metric);
  const first = [...f.values()][0];
  return [...f.entries()].map(([decayEpoch, bySeed]) => {
    const { mean, std, n } = summarize(pairBySeed(bySeed, first).diffs);
    return { decayEpoch, mean, std, n };
  });
}

const COLUMN: Record<Metric, string> = {
  trainLoss: "train_loss",
  trainAcc: "train_acc",
  testLoss: "test_loss",
  testAcc: "test_acc",
};

/** Final metric per decay epoch: mean ± sample std over seeds (danfo groupby, via late-decay-frames). */
export function finalDecayStats(runs: LateDecayRuns, metric: Metric = "testLoss"): DecayStat[] {
  return decayStats(runs, COLUMN[metric]);
}

const pm = (s: { mean: number; std: number }, digits = 4) => `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`;

/** One row per decay epoch with final test loss/acc, paired Δ test loss and final train loss (formatted). */
export function decayTable(runs: LateDecayRuns): Record<string, string | number>[] {
  const loss = finalDecayStats(runs, "testLoss"),
    acc = finalDecayStats(runs, "testAcc");
  const paired = pairedDecayStats(runs, "testLoss"),
    train = finalDecayStats(runs, "trainLoss");
  return loss.map((l, i) => ({
    "decay epoch": l.decayEpoch,
    "final epoch": l.decayEpoch + runs.config.subpathEpochs,
    "test loss": pm(l),
    "Δ test loss vs earliest (paired)": pm(paired[i]),
    "test acc": pm(acc[i], 4),
    "train loss": pm(train[i]),
    seeds: l.n,
  }));
}

/**
 * Paired t-test of the final `metric`, latest vs earliest decay, over seeds (jStat, via
 * analysis/paired): t = mean(Δ) / (std(Δ)/√n) with n − 1 degrees of freedom; two-sided p-value.
 * @returns t and p (NaN for fewer than 2 seeds or zero spread), n, mean and std of Δ
 */
export function pairedTTest(
  runs: LateDecayRuns,
  metric: Metric = "testLoss",
): { t: number; p: number; n: number; mean: number; std: number } {
  const paired = pairedDecayStats(runs, metric);
  const s = pairedSummary(pairedDiffs(runs, metric, paired[paired.length - 1].decayEpoch));
  return { t: s.t, p: s.p, n: s.n, mean: s.mean, std: s.n > 1 ? s.std : 0 };
}

/**
 * ‖θ‖₂ of the main path at each checkpoint epoch, mean over seeds (analysis/summary's mean): {epochs, norms}.
 * Reads each path's norms, computed when it was trained (PathRun.norms); no file is read.
 */
export function mainPathNorms(runs: LateDecayRuns): { epochs: number[]; norms: number[] } {
  const sums = new Map<number, number[]>();
  for (const p of runs.paths.filter((q) => q.kind === "main")) {
    p.norms.epochs.forEach((e, i) => sums.set(e, [...(sums.get(e) ?? []), p.norms.norms[i]]));
  }
  const epochs = [...sums.keys()].sort((a, b) => a - b);
  return { epochs, norms: epochs.map((e) => meanOf(sums.get(e) as number[])) };
}
