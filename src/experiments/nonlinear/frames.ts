/**
 * The nonlinear-model sweeps (Ren, Ma, Ying 2024, Sec. 4; notebooks 04–06) as long-format rows and
 * DataFrames: one row per chain × recorded step (the sweep entry's rows.json), and the views of them
 * the figures, tables and verdicts read. Pure functions of the rows (no file reads).
 */
import type { ChainRecord } from "../../train/chains";
import type { Row } from "../../frames/frames";
import type { ChainOutcome, ChainSweep, ChainSweepConfig } from "./types";

/**
 * Long-format rows: chain, tag, seed, gamma, eta (large LR), decay_step (T), steps_after_decay,
 * lr_decay_factor, batch_size, label_noise_std, status, step, lr (of that update), train_loss,
 * test_loss, dist_mn, dist_along, dist_off, norm_w, trace_h (and w0 … w{d−1} with recordParams).
 */
export function sweepRows(config: ChainSweepConfig, records: ChainRecord[], outcomes: ChainOutcome[]): Row[] {
  return records.map((r) => {
    const c = config.chains[r.chain];
    const row: Row = {
      chain: r.chain,
      tag: c.tag ?? "",
      seed: c.seed,
      gamma: c.gamma,
      eta: c.lr,
      decay_step: c.stepsBeforeDecay,
      steps_after_decay: c.stepsAfterDecay,
      lr_decay_factor: c.lrDecayFactor ?? 0.1,
      batch_size: c.batchSize ?? config.problem.n,
      label_noise_std: c.labelNoiseStd ?? 0,
      status: outcomes[r.chain].status,
      step: r.step,
      lr: r.lr,
      train_loss: r.trainLoss,
      test_loss: r.testLoss,
      dist_mn: r.distMn,
      dist_along: r.distAlong,
      dist_off: r.distOff,
      norm_w: r.normW,
      trace_h: r.traceH,
    };
    r.w?.forEach((v, j) => {
      row[`w${j}`] = v;
    });
    return row;
  });
}

/** Rows of one chain, in step order. */
export function chainRows(sweep: Pick<ChainSweep, "rows">, chain: number): Row[] {
  return sweep.rows.filter((r) => r.chain === chain);
}

/** The last recorded row of every chain (its final state, or the last one before it stopped). */
export function finalRows(sweep: Pick<ChainSweep, "rows">): Row[] {
  const last = new Map<number, Row>();
  for (const r of sweep.rows) last.set(Number(r.chain), r);
  return [...last.values()];
}
