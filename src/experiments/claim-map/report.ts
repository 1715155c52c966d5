/**
 * The claim map's numbers: per cell, the paired Δ of the final test loss and accuracy (latest −
 * earliest decay epoch, one Δ per seed) with a 95% Student-t interval (src/analysis/paired),
 * one danfo frame of every cell and a formatted table from it (the verdict rows are in ./verdicts.ts).
 */
import { DataFrame, Row, toFrame, toRows } from "../../frames/frames";
import { pairBySeed, pairedSummary, smallestDetectableDifference } from "../../analysis/paired";
import { datasetLabel } from "../../data/data-spec";
import { finalFrame, type LateDecayRuns } from "../late-decay";
import { divergenceNote } from "../kit/grid";
import type { CellStats, ClaimMap } from "./types";

/** Column of finalFrame → seed → value, for one decay epoch. */
function bySeed(rows: Row[], decayEpoch: number, column: string): Map<number, number> {
  return new Map(rows.filter((r) => r.decay_epoch === decayEpoch).map((r) => [r.seed as number, r[column] as number]));
}

/**
 * A completed cell's paired Δs over seeds, latest − earliest decay epoch of its config: final test
 * loss, test accuracy and train loss, each with its 95% t-interval.
 * @throws ConfigError when a seed lacks one of the two subpaths
 */
export function cellStats(runs: LateDecayRuns): CellStats {
  const rows = toRows(finalFrame(runs));
  const decays = [...runs.config.decayEpochs].sort((a, b) => a - b);
  const [early, late] = [decays[0], decays[decays.length - 1]];
  const delta = (column: string) =>
    pairedSummary(pairBySeed(bySeed(rows, late, column), bySeed(rows, early, column)).diffs);
  return { loss: delta("test_loss"), acc: delta("test_acc"), trainLoss: delta("train_loss") };
}

/**
 * One row per cell: data_set, model, weight_decay, status ("completed" | "diverged"), seeds, the
 * paired Δ final test loss (mean, std, ci_lo, ci_hi, ci_excludes_zero: 1/0), the smallest Δ its
 * seeds resolve (80% power, two-sided 5% level, from its std), Δ test accuracy (mean, ci_lo,
 * ci_hi, ci_excludes_zero) and Δ train loss; NaN (an empty CSV field) where a cell diverged, the
 * ci_excludes_zero flags included, with the note in `note`.
 */
export function claimMapFrame(map: ClaimMap): DataFrame {
  return toFrame(
    map.cells.map((c): Row => {
      const keys = { data_set: c.cell.dataset, model: c.cell.model, weight_decay: c.cell.weightDecay };
      if (c.diverged) {
        return {
          ...keys,
          status: "diverged",
          seeds: 0,
          loss_delta: NaN,
          loss_delta_std: NaN,
          loss_ci_lo: NaN,
          loss_ci_hi: NaN,
          loss_ci_excludes_zero: NaN,
          loss_detectable: NaN,
          acc_delta: NaN,
          acc_ci_lo: NaN,
          acc_ci_hi: NaN,
          acc_ci_excludes_zero: NaN,
          train_loss_delta: NaN,
          note: divergenceNote(c.diverged),
        };
      }
      const { loss, acc, trainLoss } = c.stats;
      return {
        ...keys,
        status: "completed",
        seeds: loss.n,
        loss_delta: loss.mean,
        loss_delta_std: loss.std,
        loss_ci_lo: loss.ciLow,
        loss_ci_hi: loss.ciHigh,
        loss_ci_excludes_zero: loss.excludesZero ? 1 : 0,
        loss_detectable: loss.n > 1 ? smallestDetectableDifference(loss.std, loss.n) : NaN,
        acc_delta: acc.mean,
        acc_ci_lo: acc.ciLow,
        acc_ci_hi: acc.ciHigh,
        acc_ci_excludes_zero: acc.excludesZero ? 1 : 0,
        train_loss_delta: trainLoss.mean,
        note: "",
      };
    }),
  );
}

const f4 = (x: number) => (Number.isFinite(x) ? `${x > 0 ? "+" : ""}${x.toFixed(4)}` : "—");
const pp = (x: number) => (Number.isFinite(x) ? `${x > 0 ? "+" : ""}${(100 * x).toFixed(2)}` : "—");

/** The frame as a display table: one row per cell, Δs with their intervals, the verdict per cell. */
export function claimMapTable(map: ClaimMap): Record<string, string | number>[] {
  const [early, late] = map.config.decayEpochs;
  return toRows(claimMapFrame(map)).map((r) => {
    const mean = Number(r.loss_delta),
      resolved = r.loss_ci_excludes_zero === 1;
    return {
      "data set": datasetLabel(String(r.data_set)),
      model: r.model,
      "weight decay": String(r.weight_decay),
      seeds: r.seeds,
      [`Δ test loss (decay ${late} − ${early}) [95% CI]`]:
        r.status === "diverged" ? "diverged" : `${f4(mean)} [${f4(Number(r.loss_ci_lo))}, ${f4(Number(r.loss_ci_hi))}]`,
      "resolves |Δ| ≥ (80% power)": Number.isFinite(Number(r.loss_detectable))
        ? Number(r.loss_detectable).toFixed(4)
        : "—",
      "Δ test acc, pp [95% CI]":
        r.status === "diverged"
          ? "—"
          : `${pp(Number(r.acc_delta))} [${pp(Number(r.acc_ci_lo))}, ${pp(Number(r.acc_ci_hi))}]`,
      "later decay":
        r.status === "diverged"
          ? `diverged: ${r.note}`
          : resolved
            ? mean < 0
              ? "lowers the test loss"
              : "raises the test loss"
            : "no resolved difference",
    };
  });
}

/**
 * What `seeds` seeds resolve, in units of the standard deviation s of the per-seed Δ: the 95%
 * interval's half-width t_{0.975, n−1}/√n · s (a cell's interval excludes zero when |mean Δ| is
 * larger), and the smallest true Δ found with 80% power at the two-sided 5% level
 * ({@link smallestDetectableDifference}). The map's table gives both per cell from its measured s.
 * @throws ConfigError for fewer than 2 seeds
 */
export function seedResolution(seeds: number): Record<string, string> {
  // the half-width is the difference found with 50% power (t_{0.5} = 0): t_{0.975, n−1}/√n · s
  const half = smallestDetectableDifference(1, seeds, 0.05, 0.5),
    mdd = smallestDetectableDifference(1, seeds);
  return {
    seeds: String(seeds),
    "95% interval half-width": `${half.toFixed(3)} × s (s: std of the per-seed Δ; the interval excludes 0 when |mean Δ| is larger)`,
    "smallest Δ resolved with 80% power (two-sided 5%)": `${mdd.toFixed(3)} × s (per cell from its measured s in the table)`,
  };
}
