/** Notebook 01's figures and tables, built from the runs (data → plain series → plotly specs). */
import { FigureSpec } from "../../figures/types";
import { lossCurvesFigure, decayEpochFigure, weightDecaySweepFigure } from "../../figures/late-decay";
import type { LateDecayRuns } from "./types";
import { LateDecayConfig } from "./config";
import { ModelConfig, networkOf } from "../../models/network";
import { dataTableRows } from "../../data/data-spec";
import type { MlpConfig } from "../../models/mlp";
import { curveSeries } from "./frames";
import { finalDecayStats, pairedDecayStats, mainPathNorms, pairedTTest } from "./report";
import type { SweepCell, SweepEntry } from "./sweep";
import { divergenceNote, type CompletedGridCell, type DivergedGridCell } from "../kit/grid";
import { check } from "../../core/errors";

/** Train and test loss curves of the main path and subpaths, mean over seeds (Fig. 1 left). */
export function lateDecayCurvesFigure(runs: LateDecayRuns): FigureSpec {
  return lossCurvesFigure(curveSeries(runs, "trainLoss"), curveSeries(runs, "testLoss"), {
    title: `Main path (lr ${runs.config.hyper.lr}) and subpaths (lr ×${runs.config.decayFactor}), mean over ${runs.config.seeds.length} seeds`,
  });
}

/** Final test loss vs decay epoch (mean ± std) and its paired difference to the earliest decay. */
export function decayEpochPanelsFigure(runs: LateDecayRuns): FigureSpec {
  const abs = decayEpochFigure([{ label: "final test loss", points: finalDecayStats(runs, "testLoss") }]);
  const paired = decayEpochFigure([
    { label: "Δ vs earliest decay (paired)", points: pairedDecayStats(runs, "testLoss") },
  ]);
  const second = paired.data.map((t) => ({ ...t, xaxis: "x2", yaxis: "y2", line: { color: "#d62728" } }));
  return {
    data: [...abs.data, ...second],
    layout: {
      title: { text: `Final test loss after ${runs.config.subpathEpochs} epochs at the decayed LR` },
      height: 400,
      xaxis: { title: { text: "decay epoch" }, domain: [0, 0.45] },
      yaxis: { title: { text: "final test loss (mean ± std)" } },
      xaxis2: { title: { text: "decay epoch" }, domain: [0.57, 1], anchor: "y2" },
      yaxis2: { title: { text: "Δ final test loss (paired, mean ± std)" }, anchor: "x2", zeroline: true },
      legend: { orientation: "h", y: -0.2 },
      margin: { t: 50, l: 70, r: 20, b: 40 },
    },
    config: abs.config,
  };
}

/**
 * Paired Δ test loss vs decay epoch and main-path ‖θ‖ per weight decay; a diverged weight decay is named in a note on the figure.
 * @throws ConfigError for an empty sweep (a profile without one: its verdict row, {@link weightDecaySweepVerdicts}, says where to look)
 */
export function sweepFigureOf(sweep: SweepEntry[]): FigureSpec {
  check(sweep.length > 0, NO_SWEEP);
  const done = sweep.filter((s): s is CompletedGridCell<SweepCell, LateDecayRuns> => !s.diverged);
  const diverged = sweep.filter((s): s is DivergedGridCell<SweepCell> => !!s.diverged);
  return weightDecaySweepFigure(
    done.map((s) => ({
      label: `λ = ${s.cell.weightDecay}`,
      paired: pairedDecayStats(s.runs, "testLoss"),
      norms: mainPathNorms(s.runs),
    })),
    diverged.map((s) => ({ label: `λ = ${s.cell.weightDecay}`, note: divergenceNote(s.diverged) })),
  );
}

/**
 * One row per weight decay: final test loss at the earliest and latest decay and the paired
 * difference; a diverged weight decay has "diverged" in its first value column and the note in "status".
 * @throws ConfigError for an empty sweep, as {@link sweepFigureOf}
 */
export function sweepTable(sweep: SweepEntry[]): Record<string, string | number>[] {
  check(sweep.length > 0, NO_SWEEP);
  return sweep.map((s) => {
    const decays = [...s.cell.config.decayEpochs].sort((a, b) => a - b);
    const cols = [
      `test loss, decay at ${decays[0]}`,
      `test loss, decay at ${decays[decays.length - 1]}`,
      "Δ latest − earliest (paired)",
      "paired t-test p",
      "test acc earliest → latest",
      "‖θ‖ main path, initialisation → end (the verdict reads it from the earliest decay epoch)",
    ];
    if (s.diverged)
      return {
        "weight decay": String(s.cell.weightDecay),
        ...Object.fromEntries(cols.map((c, i) => [c, i === 0 ? "diverged" : "—"])),
        status: `diverged: ${divergenceNote(s.diverged)}`,
      };
    const loss = finalDecayStats(s.runs, "testLoss"),
      acc = finalDecayStats(s.runs, "testAcc");
    const paired = pairedDecayStats(s.runs, "testLoss");
    const first = loss[0],
      last = loss[loss.length - 1],
      d = paired[paired.length - 1];
    const norms = mainPathNorms(s.runs);
    const values = [
      `${first.mean.toFixed(4)} ± ${first.std.toFixed(4)}`,
      `${last.mean.toFixed(4)} ± ${last.std.toFixed(4)}`,
      `${d.mean.toFixed(4)} ± ${d.std.toFixed(4)}`,
      pairedTTest(s.runs).p.toFixed(3),
      `${acc[0].mean.toFixed(4)} → ${acc[acc.length - 1].mean.toFixed(4)}`,
      `${norms.norms[0].toFixed(2)} → ${norms.norms[norms.norms.length - 1].toFixed(2)}`,
    ];
    return {
      "weight decay": String(s.cell.weightDecay),
      ...Object.fromEntries(cols.map((c, i) => [c, values[i]])),
      status: "completed",
    };
  });
}

const NO_SWEEP =
  "an empty weight-decay sweep has no figure or table: set weightDecays, or read the weight-decay axis of notebook 01b's claim map";

/** The config as rows for a table (one row per setting). */
export function lateDecayConfigRows(c: LateDecayConfig): Record<string, string>[] {
  return [
    ...dataTableRows(c.data),
    ["model", describeModel(c.model)],
    [
      "optimizer",
      `SGD lr ${c.hyper.lr}, momentum ${c.hyper.momentum}, weight decay ${c.hyper.weightDecay}, batch ${c.batchSize}`,
    ],
    [
      "main path",
      `${c.mainEpochs} epochs at lr ${c.hyper.lr}; checkpoints every ${c.checkpointEveryEpochs}, metrics every ${c.evalEveryEpochs} epochs`,
    ],
    [
      "subpaths",
      `decay at epochs ${c.decayEpochs.join(", ")}; lr × ${c.decayFactor} for ${c.subpathEpochs} epochs; momentum ${c.momentumAtBranch === "carry" ? "carried over" : "reset to 0"}`,
    ],
    ["seeds", c.seeds.join(", ")],
  ].map(([setting, value]) => ({ setting, value }));
}

/**
 * "MLP 784-100-10, ReLU (79,510 parameters)", "MLP 784-100-10, ReLU, dropout 0.5 before the class
 * layer (79,510 parameters)" or "VGG 16-M-32-M… + dense 64, dropout 0 (… parameters)".
 */
export function describeModel(m: ModelConfig): string {
  const p = networkOf(m).layout.size.toLocaleString("en-US");
  if ("kind" in m && m.kind === "vgg") {
    return `VGG ${m.inputShape.join("×")} → ${m.widths.join("-")} → dense ${(m.hidden ?? []).join("-") || "none"} → ${m.numClasses}, dropout ${m.dropout ?? 0.5} (${p} parameters)`;
  }
  const mlp = m as MlpConfig;
  const dropout = mlp.dropout ? `, dropout ${mlp.dropout} before the class layer` : "";
  return `MLP ${[mlp.inputDim, ...mlp.hidden, mlp.numClasses].join("-")}, ReLU${dropout} (${p} parameters)`;
}
