/**
 * Notebook 01b's verdict table (paper Sec. 2, Fig. 1 over settings), computed from the map's cells:
 * how many cells resolve a lower / higher final test loss with later decay (paired Δ, latest −
 * earliest decay, 95 % Student-t interval over seeds excluding zero: ./report.ts cellStats), which,
 * how the count changes with the weight decay, the model and the data set, whether the test
 * accuracy follows the loss, and which cells diverged.
 */
import { datasetLabel } from "../../data/data-spec";
import { trendHolds, verdict, type Holds, type VerdictRow } from "../../analysis/verdict";
import { divergenceNote } from "../kit/grid";
import type { ClaimMap, CompletedMapCell, DivergedMapCell } from "./types";

/** Cells of a list as "MLP · λ=0.001 on MNIST; …" (or "none"). */
function listCells(cells: CompletedMapCell[]): string {
  return cells.length ? cells.map((c) => `${c.cell.row} on ${datasetLabel(c.cell.dataset)}`).join("; ") : "none";
}

/** "1 model", "3 models". */
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The completed cells grouped by `key` (first-seen order): each group's cells, and those resolving a lower / higher loss. */
function groups(
  done: CompletedMapCell[],
  key: (c: CompletedMapCell) => string,
): { key: string; n: number; lower: number; higher: number }[] {
  return [...new Set(done.map(key))].map((k) => {
    const of = done.filter((c) => key(c) === k);
    return { key: k, n: of.length, lower: of.filter(lowers).length, higher: of.filter(raises).length };
  });
}

const lowers = (c: CompletedMapCell) => c.stats.loss.excludesZero && c.stats.loss.mean < 0;
const raises = (c: CompletedMapCell) => c.stats.loss.excludesZero && c.stats.loss.mean > 0;

/** "λ=0.0001: 1 lower, 0 higher of 2 · λ=0.001: …". */
const countText = (gs: ReturnType<typeof groups>) =>
  gs.map((g) => `${g.key}: ${g.lower} lower, ${g.higher} higher of ${g.n}`).join(" · ");

/** yes: every cell of every group resolves a lower loss; partly: every group has at least one; no: some group has none. */
function everyGroupHolds(gs: ReturnType<typeof groups>): Holds {
  if (gs.length === 0) return "not measured";
  return gs.every((g) => g.lower === g.n) ? "yes" : gs.every((g) => g.lower > 0) ? "partly" : "no";
}

const EVERY_GROUP_HOW = (of: string) =>
  `count per ${of} of the completed cells whose 95 % interval of the paired Δ final test loss is below 0 (lower) or above 0 (higher). ` +
  `yes: every cell of every ${of} lower; partly: every ${of} has at least one lower cell; no: some ${of} has none`;

/**
 * Notebook 01b's verdict table: every cell completes (or which diverged, and where); later decay
 * lowers the final test loss cell by cell (which cells resolve lower, which higher); by weight decay
 * (does the count of lower cells grow with λ, the drift toward small norm of Sec. 4), by model and by
 * data set (does it hold for each); and where the loss is lower, whether the test accuracy is higher.
 * @param map runClaimMap's result
 */
export function claimMapVerdicts(map: ClaimMap): VerdictRow[] {
  const done = map.cells.filter((c): c is CompletedMapCell => !c.diverged);
  const diverged = map.cells.filter((c): c is DivergedMapCell => !!c.diverged);
  const lower = done.filter(lowers),
    higher = done.filter(raises);
  const [early, late] = map.config.decayEpochs;
  const { datasets, models, weightDecays, seeds } = map.config;
  const cellsText =
    `${map.cells.length} cells (${plural(datasets.length, "data set")} × ${plural(models.length, "model")} × ${plural(weightDecays.length, "weight decay")}), ` +
    `${plural(seeds.length, "seed")} each; ${done.length} completed, ${diverged.length} diverged` +
    (diverged.length ? `: ${diverged.map((c) => `${c.cell.id}: ${divergenceNote(c.diverged)}`).join("; ")}` : "");
  const byWeightDecay = groups(
    [...done].sort((a, b) => a.cell.weightDecay - b.cell.weightDecay),
    (c) => `λ=${c.cell.weightDecay}`,
  );
  const wdTrend = trendHolds(
    byWeightDecay.map((g) => g.lower / g.n),
    "increasing",
  );
  const accUp = lower.filter((c) => c.stats.acc.mean > 0).length;
  const accHolds: Holds =
    lower.length === 0 ? "not measured" : accUp === lower.length ? "yes" : accUp > 0 ? "partly" : "no";
  return [
    verdict(
      "Every cell of the map completes (no path diverges)",
      cellsText,
      diverged.length === 0 ? "yes" : done.length > 0 ? "partly" : "no",
      "a cell one of whose paths' loss explodes is recorded with where it diverged (path, epoch, step, lr, loss) and the map goes on with the next cell. yes: none diverged; partly: some completed",
    ),
    verdict(
      "Later decay gives a lower final test loss (cell by cell)",
      `${lower.length} of ${done.length} cells lower (interval below 0): ${listCells(lower)}; ${higher.length} of ${done.length} higher (interval above 0): ${listCells(higher)}; ` +
        `${done.length - lower.length - higher.length} of ${done.length} not resolved (interval contains 0)`,
      done.length === 0 ? "not measured" : lower.length === done.length ? "yes" : lower.length > 0 ? "partly" : "no",
      `per cell: final test loss after decaying at epoch ${late} minus after decaying at epoch ${early}, paired by seed; 95 % Student-t interval over seeds. ` +
        "yes: every completed cell's interval is below 0; partly: some cell's is; no: none is",
    ),
    verdict(
      "By weight decay: the stronger the weight decay, the more cells where later decay lowers the test loss (the drift toward small norm of Sec. 4)",
      byWeightDecay.length
        ? `${countText(byWeightDecay)} (${wdTrend.against} of ${wdTrend.steps} steps go down)`
        : "no completed cell",
      byWeightDecay.length < 2 ? "not measured" : wdTrend.holds,
      "fraction of a weight decay's completed cells whose interval is below 0, in increasing λ. yes: it never falls and the largest λ's is above the smallest's; partly: only the latter; not measured with fewer than two weight decays",
    ),
    verdict(
      "By model: later decay lowers the test loss with every model",
      countText(groups(done, (c) => c.cell.model)) || "no completed cell",
      everyGroupHolds(groups(done, (c) => c.cell.model)),
      EVERY_GROUP_HOW("model"),
    ),
    verdict(
      "By data set: later decay lowers the test loss on every data set",
      countText(groups(done, (c) => datasetLabel(c.cell.dataset))) || "no completed cell",
      everyGroupHolds(groups(done, (c) => datasetLabel(c.cell.dataset))),
      EVERY_GROUP_HOW("data set"),
    ),
    verdict(
      "Where later decay lowers the test loss, it also raises the test accuracy",
      lower.length
        ? `higher with later decay in ${accUp} of those ${lower.length} cells`
        : "no cell with a resolved lower loss",
      accHolds,
      "mean paired Δ final test accuracy (latest − earliest decay) of each cell whose loss interval is below 0. yes: positive in every such cell; partly: in some",
    ),
  ];
}
