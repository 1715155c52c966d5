/**
 * The one grid runner of the experiments: a list of cells (a weight-decay sweep of notebook 01,
 * the claim map of notebook 01b: data set × model × weight decay), each run in turn, progress
 * counted over the whole grid, and a cell whose training diverges recorded as such — with where
 * it diverged — while the grid goes on with the next cell. One type and one text for a diverged cell.
 */
import { DivergenceError, showValue, type DivergenceDetails } from "../../core/errors";

/** Progress of a run in its size units (epochs): done of total, a note, and the units of `done` this call did not compute. */
export type GridProgressFn = (done: number, total: number, note: string, doneBefore?: number) => void;

/** Why a cell has no result: the DivergenceError's message and details (path, seed, epoch, step, lr, loss). */
export interface Divergence {
  message: string;
  details?: DivergenceDetails;
}

/** A cell that completed, with its result. */
export interface CompletedGridCell<Cell, R> {
  cell: Cell;
  runs: R;
  diverged?: undefined;
}

/** A cell one of whose paths diverged. */
export interface DivergedGridCell<Cell> {
  cell: Cell;
  runs?: undefined;
  diverged: Divergence;
}

/** One cell of a grid after its run: completed, or diverged. */
export type GridCell<Cell, R> = CompletedGridCell<Cell, R> | DivergedGridCell<Cell>;

/** A diverged cell in a few words: which path, where, at which lr and loss (the full message when there are no details). */
export function divergenceNote(d: Divergence): string {
  const x = d.details;
  if (!x) return d.message;
  return `${x.pathId} diverged at epoch ${x.epoch}, step ${x.step} (lr ${x.lr}, ${x.lossOf} loss ${showValue(x.loss)})`;
}

/** How to run a grid. */
export interface GridOptions<Cell, R> {
  /** progress units (epochs) of a cell's whole run */
  size: (cell: Cell) => number;
  /** the cell's name in progress notes, e.g. "cell 3/18 mnist-idx · MLP · λ=0.001" or "λ=0.001" */
  label: (cell: Cell, index: number, count: number) => string;
  /** runs (or loads) one cell, reporting progress within the cell */
  run: (cell: Cell, onProgress: GridProgressFn) => Promise<R>;
  /** progress over the whole grid; notes are "<label>: <note>" */
  onProgress?: GridProgressFn;
}

/**
 * Runs every cell in order. A cell whose run throws a DivergenceError is recorded as diverged (and
 * reported as done in the progress); every other error stops the grid.
 * @returns one entry per cell, in the cells' order
 * @throws the first error of a cell's run other than a DivergenceError (ConfigError, CancelledError, DataFileError, …)
 */
export async function runGrid<Cell, R>(
  cells: readonly Cell[],
  opts: GridOptions<Cell, R>,
): Promise<GridCell<Cell, R>[]> {
  const sizes = cells.map(opts.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const out: GridCell<Cell, R>[] = [];
  let offset = 0; // units of the cells before this one
  let before = 0; // units of earlier cells this call did not compute
  for (const [i, cell] of cells.entries()) {
    const label = opts.label(cell, i, cells.length);
    let cellBefore = 0;
    try {
      const runs = await opts.run(cell, (done, _t, note, doneBefore = 0) => {
        cellBefore = doneBefore;
        opts.onProgress?.(offset + done, total, `${label}: ${note}`, before + doneBefore);
      });
      before += cellBefore;
      out.push({ cell, runs });
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      const diverged = { message: e.message, details: e.details };
      out.push({ cell, diverged });
      opts.onProgress?.(offset + sizes[i], total, `${label}: diverged (${divergenceNote(diverged)})`, before);
    }
    offset += sizes[i];
  }
  return out;
}
