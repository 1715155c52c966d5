/** DataFrames of the late-decay runs (paper Fig. 1 data). */
import { meanOf } from "../../analysis/summary";
import { DataFrame, Row, toFrame, meanStdBy, GroupStat, writeCsv } from "../../frames/frames";
import type { LateDecayRuns } from "./types";
import { CurveSeries, DecayStat } from "../../figures/late-decay";

/**
 * Long-format trajectories: one row per path × recorded epoch with columns
 * path ("main" | "subpath"), seed, decay_epoch (NaN for the main path), epoch, step, lr,
 * train_loss, train_acc, test_loss, test_acc (losses: mean ½‖f(x) − onehot(y)‖²; acc in [0, 1]).
 */
export function trajectoryFrame(runs: LateDecayRuns): DataFrame {
  const rows: Row[] = [];
  for (const p of runs.paths) {
    for (const h of p.history) {
      rows.push({
        path: p.kind,
        seed: p.seed,
        decay_epoch: p.decayEpoch ?? NaN,
        epoch: h.epoch,
        step: h.step,
        lr: h.lr,
        train_loss: h.trainLoss,
        train_acc: h.trainAcc,
        test_loss: h.testLoss,
        test_acc: h.testAcc,
      });
    }
  }
  return toFrame(rows);
}

/**
 * One row per subpath: its final metrics (after `subpathEpochs` at the decayed LR).
 * Columns: seed, decay_epoch, final_epoch, train_loss, train_acc, test_loss, test_acc.
 */
export function finalFrame(runs: LateDecayRuns, extra: Row = {}): DataFrame {
  const rows: Row[] = runs.paths
    .filter((p) => p.kind === "subpath")
    .map((p) => {
      const h = p.history[p.history.length - 1];
      return {
        ...extra,
        seed: p.seed,
        decay_epoch: p.decayEpoch as number,
        final_epoch: h.epoch,
        train_loss: h.trainLoss,
        train_acc: h.trainAcc,
        test_loss: h.testLoss,
        test_acc: h.testAcc,
      };
    });
  return toFrame(rows);
}

/** Final test loss (or another column of finalFrame) per decay epoch: mean ± sample std over seeds. */
export function finalByDecayEpoch(runs: LateDecayRuns, column = "test_loss"): GroupStat[] {
  return meanStdBy(finalFrame(runs), ["decay_epoch"], column);
}

/** Writes trajectories.csv and finals.csv into `dir` (atomically). @returns the two paths */
export function exportCsv(runs: LateDecayRuns, dir: string): string[] {
  const files = [`${dir}/trajectories.csv`, `${dir}/finals.csv`];
  writeCsv(trajectoryFrame(runs), files[0]);
  writeCsv(finalFrame(runs), files[1]);
  return files;
}

/**
 * Mean over seeds of `metric` per path and epoch, as curves for lossCurvesFigure:
 * the main path first, then subpaths by decay epoch. Missing (NaN) values are skipped, the one
 * rule of every summary (analysis/summary); an epoch with no value is NaN (a gap in the curve).
 */
export function curveSeries(
  runs: LateDecayRuns,
  metric: "trainLoss" | "testLoss" | "trainAcc" | "testAcc",
): CurveSeries[] {
  const groups = new Map<string, { decayEpoch: number | null; sums: Map<number, number[]> }>();
  for (const p of runs.paths) {
    const key = p.decayEpoch === null ? "main path" : `decay at ${p.decayEpoch}`;
    const g = groups.get(key) ?? { decayEpoch: p.decayEpoch, sums: new Map() };
    for (const h of p.history) g.sums.set(h.epoch, [...(g.sums.get(h.epoch) ?? []), h[metric]]);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .sort(([, a], [, b]) => (a.decayEpoch ?? -1) - (b.decayEpoch ?? -1))
    .map(([name, g]) => {
      const epochs = [...g.sums.keys()].sort((a, b) => a - b);
      return { name, decayEpoch: g.decayEpoch, epochs, values: epochs.map((e) => meanOf(g.sums.get(e) as number[])) };
    });
}

/** Final-metric stats as DecayStat points for decayEpochFigure. */
export function decayStats(runs: LateDecayRuns, column = "test_loss"): DecayStat[] {
  return finalByDecayEpoch(runs, column).map((s) => ({
    decayEpoch: Number(s.decay_epoch),
    mean: s.mean,
    std: s.std,
    n: s.n,
  }));
}
