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
import { checkNumber, DivergenceError, type DivergenceDetails } from "../../core/errors";

/** Default weight decays of the sweep figure per profile. */
export const WEIGHT_DECAY_SWEEPS: Record<string, number[]> = {
  smoke: [1e-4, 1e-3],
  quick: [], // at the authors' subset size a sweep would multiply notebook 01's ten minutes: the weight decay is an axis of notebook 01b's claim map
  "paper-mlp": [1e-4, 1e-3],
  paper: [1e-4],
  "smoke-cnn": [1e-3],
  "quick-cnn": [1e-4, 3e-3],
};

/** One weight decay's runs, or the divergence that stopped them (the sweep's other cells still complete). */
export type SweepEntry = CompletedCell | DivergedCell;

/** A weight decay whose paths all finished. */
export interface CompletedCell {
  weightDecay: number;
  runs: LateDecayRuns;
  diverged?: undefined;
}

/** A weight decay one of whose paths diverged: the error's message and details (path, seed, epoch, step, lr, λ, loss). */
export interface DivergedCell {
  weightDecay: number;
  /** the config this cell ran */
  config: LateDecayConfig;
  runs?: undefined;
  diverged: { message: string; details?: DivergenceDetails };
}

/**
 * Runs (or loads) the experiment for each weight decay, everything else as in `base`.
 * Progress counts epochs over the whole sweep. A weight decay whose training diverges is recorded
 * as a {@link DivergedCell} and the sweep goes on with the next one. An empty list (a profile
 * without a sweep, e.g. quick) returns an empty sweep, which the figure and table say.
 * @throws ConfigError for a negative/non-finite weight decay; CancelledError; other errors of runLateDecay
 */
export async function runWeightDecaySweep(base: LateDecayConfig, weightDecays: number[], opts: RunOptions = {}): Promise<SweepEntry[]> {
  weightDecays.forEach((w, i) => checkNumber(`weightDecays[${i}]`, w, 0));
  const perRun = base.seeds.length * (base.mainEpochs + base.decayEpochs.length * base.subpathEpochs);
  const total = perRun * weightDecays.length;
  const out: SweepEntry[] = [];
  let before = 0; // units of earlier weight decays not computed by this call
  for (const [i, weightDecay] of weightDecays.entries()) {
    const config = { ...base, hyper: { ...base.hyper, weightDecay } };
    let runBefore = 0;
    try {
      const runs = await runLateDecay(config, {
        ...opts, onProgress: (done, _t, note, doneBefore = 0) => {
          runBefore = doneBefore;
          opts.onProgress?.(i * perRun + done, total, `λ=${weightDecay}: ${note}`, before + doneBefore);
        },
      });
      before += runBefore;
      out.push({ weightDecay, runs });
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      out.push({ weightDecay, config, diverged: { message: e.message, details: e.details } });
    }
  }
  return out;
}

