/**
 * The row type of a landscape grid, shared by the per-point path (./landscape.ts) and the batched
 * path (./landscape-batched.ts) so that neither imports the other for it.
 */

/** Metrics at one grid point. Losses are the mean of ½‖f(x) − onehot(y)‖²; accuracies are in [0, 1]. */
export interface LandscapeRow {
  /** flat grid index j·nA + i (see grid.ts) */
  index: number;
  a: number;
  b: number;
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
}
