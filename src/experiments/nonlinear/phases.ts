/**
 * Notebook 05: the three phases of label-noise SGD on the nonlinear model, final test loss and
 * ‖α − α_mn‖ against the decay step T, and the γ = 0 control (Ren, Ma, Ying 2024, Sec. 4).
 * Chains with the same seed and different T share their path up to T (same init, minibatches and
 * label noise), so each T is an exact branch ("subpath") of one main path per seed.
 */
import { meanStdBy, toFrame, type Row } from "../../frames/frames";
import { testLossOfAlpha } from "../../models/nonlinear";
import {
  buildProblem,
  runChainSweep,
  type ChainSpec,
  type ChainSweep,
  type ChainSweepConfig,
  type SweepOptions,
} from "./run";
import { finalRows } from "./frames";
import type { PhasesConfig } from "./config";
import type { DecayPoint, PhaseSeries } from "../../figures/nonlinear-phases";

function chain(c: PhasesConfig, gamma: number, seed: number, T: number): ChainSpec {
  return {
    seed,
    gamma,
    lr: c.lr,
    labelNoiseStd: c.labelNoiseStd,
    batchSize: c.batchSize,
    lrDecayFactor: c.lrDecayFactor,
    initScale: c.initScale,
    stepsBeforeDecay: T,
    stepsAfterDecay: c.stepsAfterDecay,
    tag: `γ = ${gamma}`,
  };
}

/** Sweep of the final-value figure: every γ × seed × decay step T. */
export function decaySweepConfig(c: PhasesConfig): ChainSweepConfig {
  const chains = c.gammas.flatMap((g) => c.seeds.flatMap((s) => c.decaySteps.map((T) => chain(c, g, s, T))));
  return { problem: { kind: "gaussian", ...c.problem }, chains, recordEverySteps: c.recordEverySteps };
}

/** Sweep of the three-phase figure: every γ × seed at T = phaseDecayStep, dense records. */
export function phaseSweepConfig(c: PhasesConfig): ChainSweepConfig {
  const chains = c.gammas.flatMap((g) => c.seeds.map((s) => chain(c, g, s, c.phaseDecayStep)));
  return { problem: { kind: "gaussian", ...c.problem }, chains, recordEverySteps: c.phaseRecordEverySteps };
}

/** Runs (or loads) the decay-step sweep. */
export function runDecaySweep(c: PhasesConfig, opts: SweepOptions = {}): Promise<ChainSweep> {
  return runChainSweep(decaySweepConfig(c), opts);
}

/** Runs (or loads) the dense three-phase runs. */
export function runPhaseCurves(c: PhasesConfig, opts: SweepOptions = {}): Promise<ChainSweep> {
  return runChainSweep(phaseSweepConfig(c), opts);
}

/** Test loss of α_mn, ½‖α_mn − α*‖² + ½σ_ε² (the reference line). */
export function alphaMnTestLoss(c: PhasesConfig): number {
  const p = buildProblem({ kind: "gaussian", ...c.problem });
  return testLossOfAlpha(p, p.alphaMn);
}

const METRICS = ["train_loss", "test_loss", "dist_along", "dist_off"] as const;

/**
 * Mean over the completed chains of each γ, per recorded step, of train loss, test loss,
 * ‖v‖ (along M) and the distance off M; plus the phase boundaries: phase I ends at the first
 * step where the mean train loss is within 2× its median over the second half of the large-LR
 * phase (its noise floor); phase II ends at the decay step.
 */
export function phaseSeries(sweep: ChainSweep): PhaseSeries[] {
  const ok = new Set(sweep.outcomes.filter((o) => o.status === "completed").map((o) => o.chain));
  const rows = sweep.rows.filter((r) => ok.has(Number(r.chain)));
  const T = sweep.config.chains[0].stepsBeforeDecay;
  return [...new Set(rows.map((r) => Number(r.gamma)))].map((gamma) => {
    const frame = toFrame(rows.filter((r) => r.gamma === gamma));
    const stats = Object.fromEntries(METRICS.map((m) => [m, meanStdBy(frame, ["step"], m)]));
    const steps = stats.train_loss.map((s) => Number(s.step));
    const train = stats.train_loss.map((s) => s.mean);
    const floor = median(train.filter((_, i) => steps[i] > T / 2 && steps[i] <= T));
    const endI = steps.find((s, i) => train[i] <= 2 * floor) ?? 0;
    return {
      gamma,
      steps,
      decayStep: T,
      phaseOneEnd: endI,
      chains: new Set(rows.filter((r) => r.gamma === gamma).map((r) => r.chain)).size,
      trainLoss: train,
      testLoss: stats.test_loss.map((s) => s.mean),
      distAlong: stats.dist_along.map((s) => s.mean),
      distOff: stats.dist_off.map((s) => s.mean),
    };
  });
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Final values per γ and decay step T: mean ± sample std over the completed chains of `column`
 * ("test_loss", "dist_mn", …), with the number of diverged / stopped chains.
 */
export function decayPoints(sweep: ChainSweep, column: string): DecayPoint[] {
  const finals = finalRows(sweep);
  const done = finals.filter((r) => r.status === "completed");
  const stats = done.length ? meanStdBy(toFrame(done), ["gamma", "decay_step"], column) : [];
  const keys = [...new Set(finals.map((r) => `${r.gamma}|${r.decay_step}`))];
  return keys
    .map((k) => {
      const [gamma, T] = k.split("|").map(Number);
      const s = stats.find((x) => Number(x.gamma) === gamma && Number(x.decay_step) === T);
      const stopped = finals.filter(
        (r) => Number(r.gamma) === gamma && Number(r.decay_step) === T && r.status !== "completed",
      ).length;
      return { gamma, decayStep: T, mean: s?.mean ?? NaN, std: s?.std ?? NaN, n: s?.n ?? 0, stopped };
    })
    .sort((a, b) => b.gamma - a.gamma || a.decayStep - b.decayStep);
}

/** One row per γ and T: final ‖α − α_mn‖ and test loss (mean ± std), chains stopped early. */
export function nonlinearDecayTable(sweep: ChainSweep): Row[] {
  const dist = decayPoints(sweep, "dist_mn"),
    loss = decayPoints(sweep, "test_loss");
  return dist.map((d, i) => ({
    γ: d.gamma,
    "decay step T": d.decayStep,
    "final ‖α − α_mn‖": `${d.mean.toFixed(4)} ± ${d.std.toFixed(4)}`,
    "final test loss": `${loss[i].mean.toFixed(4)} ± ${loss[i].std.toFixed(4)}`,
    chains: d.n,
    "diverged/stopped": d.stopped,
  }));
}

/**
 * The three-phase runs as numbers, one row per γ: end of phase I, mean ‖v‖ (along M) at steps
 * 0, T/8, T/4, T/2, T (nearest recorded step at or after each), and the mean test loss at T and at the end.
 */
export function phaseTable(series: PhaseSeries[]): Row[] {
  return series.map((s) => {
    const at = (step: number) => {
      const i = s.steps.findIndex((x) => x >= step);
      return i < 0 ? s.steps.length - 1 : i;
    };
    const row: Row = { γ: s.gamma, "phase I ends (step)": s.phaseOneEnd };
    for (const f of [0, 1 / 8, 1 / 4, 1 / 2, 1]) {
      const i = at(f * s.decayStep);
      row[`‖v‖ at step ${s.steps[i]}`] = s.distAlong[i].toPrecision(3);
    }
    row[`test loss at T = ${s.decayStep}`] = s.testLoss[at(s.decayStep)].toFixed(4);
    row[`test loss at the end (step ${s.steps[s.steps.length - 1]})`] = s.testLoss[s.steps.length - 1].toFixed(4);
    return row;
  });
}
