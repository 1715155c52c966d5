/** Notebook 01b's figure and tables, built from the map (cells → plain data → plotly spec). */
import { FigureSpec } from "../../figures/types";
import { claimMapFigure, type CellInterval, type ClaimMapCell } from "../../figures/claim-map";
import type { PairedSummary } from "../../analysis/paired";
import { dataTableRows, datasetLabel } from "../../data/data-spec";
import { writeCsv } from "../../frames/frames";
import { describeModel } from "../late-decay";
import { mapCells } from "./cells";
import { claimMapFrame } from "./report";
import { divergenceNote } from "../kit/grid";
import type { ClaimMap, ClaimMapConfig } from "./types";

/** A paired summary as the figure's interval. */
const intervalOf = (s: PairedSummary): CellInterval => ({
  mean: s.mean,
  lo: s.ciLow,
  hi: s.ciHigh,
  n: s.n,
  excludesZero: s.excludesZero,
});

/** The map as a heatmap: rows model · λ, columns data set, coloured by the sign of Δ, ★ where the interval excludes 0. */
export function claimMapFigureOf(map: ClaimMap): FigureSpec {
  const cells = map.cells.map((c): ClaimMapCell => ({
    row: c.cell.row,
    column: datasetLabel(c.cell.dataset),
    ...(c.diverged
      ? { diverged: divergenceNote(c.diverged) }
      : { loss: intervalOf(c.stats.loss), acc: intervalOf(c.stats.acc) }),
  }));
  const all = mapCells(map.config);
  return claimMapFigure(cells, {
    rows: [...new Set(all.map((c) => c.row))],
    columns: map.config.datasets.map(datasetLabel),
    decays: map.config.decayEpochs,
  });
}

/** The map's settings as rows for a table (one row per setting). */
export function claimMapConfigRows(c: ClaimMapConfig): Record<string, string>[] {
  const [early, late] = c.decayEpochs;
  const cells = mapCells(c);
  const data = c.datasets.map((d) => dataTableRows(cells.find((x) => x.dataset === d)!.config.data));
  return [
    ["data sets (columns)", c.datasets.map(datasetLabel).join(", ")],
    ...c.datasets.map((d, i) => [
      datasetLabel(d),
      `${data[i][0][1]}; training subset ${data[i][1][1]}; test loss on ${data[i][2][1]}`,
    ]),
    data[0][3],
    ...c.models.map((m, i) => [
      `model ${i + 1} (rows)`,
      `${m.name}: ${describeModel(m.model)}${m.lr !== undefined ? `, lr ${m.lr}` : ""}`,
    ]),
    ["weight decays (rows)", c.weightDecays.join(", ")],
    [
      "optimizer",
      `SGD lr ${c.hyper.lr} (unless a model sets its own), momentum ${c.hyper.momentum}, batch ${c.batchSize}`,
    ],
    [
      "main path",
      `${late} epochs at the large LR; checkpoints every ${cells[0].config.checkpointEveryEpochs}, metrics every ${c.evalEveryEpochs} epochs`,
    ],
    [
      "subpaths",
      `decay at epoch ${early} (earliest) and ${late} (latest); lr × ${c.decayFactor} for ${c.subpathEpochs} epochs; ` +
        `momentum ${c.momentumAtBranch === "carry" ? "carried over" : "reset to 0"}`,
    ],
    [
      "compared",
      `final test loss of the latest − the earliest decay, paired by seed; 95% Student-t interval over ${c.seeds.length} seeds (${c.seeds.join(", ")})`,
    ],
  ].map(([setting, value]) => ({ setting, value }));
}

/** Writes the map's frame (one row per cell) as claim-map.csv into `dir` (atomically). @returns the file's path */
export function exportClaimMapCsv(map: ClaimMap, dir: string): string {
  const file = `${dir}/claim-map.csv`;
  writeCsv(claimMapFrame(map), file);
  return file;
}
