/**
 * Divergence checks of a training path: the minibatch loss of every step (a by-product of the
 * step's forward pass: one [B, C] reduction and a scalar read per step) and the full-set losses
 * at evaluations. A loss is bad when it is not finite, or when it exceeds
 * EXPLOSION_FACTOR × the reference loss — max(the path's full-set train loss at its start,
 * ZERO_OUTPUT_LOSS) — an explosion that has not overflowed yet (e.g. 0.85 → 540 at lr 2).
 */
import { DivergenceDetails, DivergenceError } from "../core/errors";

/** Default factor over the reference loss past which a finite loss counts as an explosion. */
export const EXPLOSION_FACTOR = 100;
/**
 * ½‖0 − onehot(y)‖² = 0.5: the half squared loss of a network that outputs zeros. The reference
 * never goes below it, so that a subpath starting at a tiny loss (1e-3) is not flagged for
 * minibatch noise: with the default factor the threshold is at least 50.
 */
export const ZERO_OUTPUT_LOSS = 0.5;

/** What the checks name in their errors. */
export interface DivergenceContext {
  pathId: string;
  seed?: number;
  lr: number;
  weightDecay: number;
  /** explosion factor (default EXPLOSION_FACTOR); Infinity turns the explosion check off */
  factor?: number;
}

/** Checks losses of one path against its reference. */
export class DivergenceWatch {
  readonly factor: number;
  readonly referenceLoss: number;
  readonly threshold: number;
  /**
   * @param startTrainLoss full-set train loss at the path's start (the reference, floored at
   *        ZERO_OUTPUT_LOSS; a non-finite one is reported by checkSets at the start)
   */
  constructor(
    private ctx: DivergenceContext,
    startTrainLoss: number,
  ) {
    this.factor = ctx.factor ?? EXPLOSION_FACTOR;
    this.referenceLoss = Number.isFinite(startTrainLoss)
      ? Math.max(startTrainLoss, ZERO_OUTPUT_LOSS)
      : ZERO_OUTPUT_LOSS;
    this.threshold = this.factor * this.referenceLoss;
  }

  private check(loss: number, lossOf: DivergenceDetails["lossOf"], epoch: number, step: number): void {
    const finite = Number.isFinite(loss);
    if (finite && loss <= this.threshold) return;
    const { pathId, seed, lr, weightDecay } = this.ctx;
    throw DivergenceError.of({
      pathId,
      ...(seed !== undefined ? { seed } : {}),
      epoch,
      step,
      lr,
      weightDecay,
      loss,
      lossOf,
      kind: finite ? "explosion" : "non-finite",
      ...(finite ? { threshold: this.threshold, factor: this.factor, referenceLoss: this.referenceLoss } : {}),
    });
  }

  /**
   * Checks the minibatch loss of step `step` (1-based), taken at θ before that step's update.
   * @throws DivergenceError naming path, seed, epoch, step, lr, λ, the loss and the threshold
   */
  checkStep(loss: number, epoch: number, step: number): void {
    this.check(loss, "minibatch", epoch, step);
  }

  /** Checks full-set losses after `steps` steps. @throws DivergenceError as checkStep */
  checkSets(trainLoss: number, testLoss: number, epoch: number, steps: number): void {
    this.check(trainLoss, "train set", epoch, steps);
    this.check(testLoss, "test set", epoch, steps);
  }
}

export type { DivergenceDetails } from "../core/errors";
