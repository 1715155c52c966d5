/**
 * The weight-decay dependence of the late-decay effect: the whole experiment (main
 * path + subpaths, every seed) repeated for several weight decays λ. With a small λ
 * the MLP interpolates its training subset early and later decay only adds
 * overfitting; with a larger λ the long large-LR phase keeps shrinking the parameter
 * norm (the paper's minimum-norm story, Sec. 4), and later decay helps.
 */
import { LateDecayConfig } from "./config";
import { runLateDecay } from "./run";
import type { LateDecayRuns, RunOptions } from "./types";
import { experimentWork } from "./work";
import { runGrid, type GridCell } from "../kit/grid";
import { checkNumber } from "../../core/errors";

/** Default weight decays of the sweep figure per profile. */
export const WEIGHT_DECAY_SWEEPS: Record<string, number[]> = {
  smoke: [1e-4, 1e-3],
  quick: [], // at the authors' subset size a sweep would multiply notebook 01's ten minutes: the weight decay is an axis of notebook 01b's claim map
  "paper-mlp": [1e-4, 1e-3],
  paper: [1e-4],
  "smoke-cnn": [1e-3],
  "quick-cnn": [1e-4, 3e-3],
};

/** One weight decay of the sweep: λ and the config it runs (the base config with that λ). */
export interface SweepCell {
  weightDecay: number;
  config: LateDecayConfig;
}

/** One weight decay's runs, or the divergence that stopped them (the kit's grid cell; the sweep's other cells still complete). */
export type SweepEntry = GridCell<SweepCell, LateDecayRuns>;

/**
 * The sweep's cells: `base` with each weight decay λ (the configs notebook 01 and its shards run besides `base`).
 * @throws ConfigError naming a negative or non-finite weight decay
 */
export function sweepCells(base: LateDecayConfig, weightDecays: readonly number[]): SweepCell[] {
  weightDecays.forEach((w, i) => checkNumber(`weightDecays[${i}]`, w, 0));
  return weightDecays.map((weightDecay) => ({
    weightDecay,
    config: { ...base, hyper: { ...base.hyper, weightDecay } },
  }));
}

/**
 * Runs (or loads) the experiment for each weight decay, everything else as in `base`, through the
 * kit's grid runner (../kit/grid.ts). Progress counts epochs over the whole sweep (./work.ts). A
 * weight decay whose training diverges is recorded as diverged (`diverged`: message and details)
 * and the sweep goes on with the next one. An empty list (a profile without a sweep, e.g. quick)
 * returns an empty sweep, which the figure and table say.
 * @throws ConfigError for a negative/non-finite weight decay; CancelledError; other errors of runLateDecay
 */
export async function runWeightDecaySweep(
  base: LateDecayConfig,
  weightDecays: number[],
  opts: RunOptions = {},
): Promise<SweepEntry[]> {
  return runGrid(sweepCells(base, weightDecays), {
    size: (cell) => experimentWork(cell.config).epochs,
    label: (cell) => `λ=${cell.weightDecay}`,
    run: (cell, onProgress) => runLateDecay(cell.config, { ...opts, onProgress }),
    onProgress: opts.onProgress,
  });
}
