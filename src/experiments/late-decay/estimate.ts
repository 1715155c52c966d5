/**
 * Wall-time estimate of a late-decay experiment from a short timing on the real data,
 * used to refuse paper-scale runs on slow backends (wasm/cpu) with a clear message.
 */
import { ConfigError } from "../../core/errors";
import { Rng } from "../../core/rng";
import { trainPath } from "../../train/path";
import { LateDecayConfig } from "./config";
import type { PathSetup } from "./types";
import { experimentWork } from "./work";

/** Runs with more SGD steps than this are timed before they start. */
export const ESTIMATE_ABOVE_STEPS = 100_000;
/** On wasm/cpu, runs estimated above this many hours are refused unless forced. */
export const MAX_HOURS_ON_SLOW_BACKEND = 2;

/** Training time the estimate's timed epochs should reach (seconds) before it trusts their mean. */
const MIN_TIMED_SECONDS = 0.5;
/** At most this many epochs are timed. */
const MAX_TIMED_EPOCHS = 200;

/**
 * Seconds of one training epoch (without evaluation) and of one full evaluation (train subset and
 * test set) of `c`'s network on `ctx`'s data, timed from a seeded initialisation: an untimed
 * evaluation first (the backend's first calls compile kernels), then a timed one, then `epochs`
 * epochs whose two evaluations (start and end) are subtracted; when that leaves under half a second
 * of training (a fast engine), it times again with enough epochs for about half a second (at most 200).
 * @param epochs epochs to time at least (more average out the first steps' warm-up; default 1)
 */
export async function timeEpochAndEval(
  c: Pick<LateDecayConfig, "hyper" | "batchSize">,
  ctx: Pick<PathSetup, "network" | "train" | "test">,
  epochs = 1,
): Promise<{ epochSeconds: number; evalSeconds: number }> {
  const { network, train, test } = ctx;
  const layout = network.layout;
  const params = network.init(new Rng(0));
  // trainPath on the process's engine: with 0 epochs it only evaluates train and test sets once
  const run = (n: number) =>
    trainPath(
      { params, velocity: new Float32Array(layout.size), epoch: 0, step: 0, rngState: new Rng(0).state() },
      {
        pathId: "timing",
        network,
        train,
        test,
        hyper: c.hyper,
        batchSize: c.batchSize,
        epochs: n,
        evalEveryEpochs: Math.max(1, n),
        checkpointEveryEpochs: 0,
        batchSeed: 0,
      },
    );
  await run(0);
  const t0 = performance.now();
  await run(0);
  const evalSeconds = (performance.now() - t0) / 1000;
  const timeEpochs = async (n: number) => {
    const t1 = performance.now();
    await run(n);
    return (performance.now() - t1) / 1000 - 2 * evalSeconds;
  };
  let n = epochs,
    trainSeconds = await timeEpochs(n);
  // fast engines: an epoch can cost less than an evaluation, so a few epochs minus two evaluations is mostly
  // noise (it came out ≤ 0); time enough epochs for about MIN_TIMED_SECONDS of training instead
  if (trainSeconds < MIN_TIMED_SECONDS) {
    n = Math.min(
      MAX_TIMED_EPOCHS,
      Math.max(2 * n, Math.ceil(MIN_TIMED_SECONDS / Math.max(trainSeconds / n, MIN_TIMED_SECONDS / MAX_TIMED_EPOCHS))),
    );
    trainSeconds = await timeEpochs(n);
  }
  return { epochSeconds: Math.max(0, trainSeconds / n), evalSeconds };
}

/**
 * Estimated wall time in seconds: one timed epoch (without evaluation) and one timed
 * full evaluation ({@link timeEpochAndEval}), scaled to the experiment's epochs and evaluations (./work.ts experimentWork).
 */
export async function estimateSeconds(
  c: LateDecayConfig,
  ctx: Pick<PathSetup, "network" | "train" | "test">,
): Promise<number> {
  const { epochSeconds, evalSeconds } = await timeEpochAndEval(c, ctx);
  const work = experimentWork(c, ctx.train.n);
  return work.epochs * epochSeconds + work.evaluations * evalSeconds;
}

/**
 * Whether a run must be timed before it starts: a slow backend (wasm/cpu), not forced, and more
 * than ESTIMATE_ABOVE_STEPS steps. `nTrain` = trainPerClass × classes (known without loading data).
 */
export function needsEstimate(c: LateDecayConfig, backend: string, allow: boolean, nTrain: number): boolean {
  return !allow && backend !== "tensorflow" && experimentWork(c, nTrain).steps > ESTIMATE_ABOVE_STEPS;
}

/**
 * Times the run on `ctx` and throws when the estimate exceeds MAX_HOURS_ON_SLOW_BACKEND.
 * Call only when {@link needsEstimate} is true.
 * @throws ConfigError with the estimate and how to force the run
 */
export async function refuseIfTooSlow(
  c: LateDecayConfig,
  backend: string,
  ctx: Pick<PathSetup, "network" | "train" | "test">,
): Promise<void> {
  const seconds = await estimateSeconds(c, ctx);
  if (seconds / 3600 > MAX_HOURS_ON_SLOW_BACKEND) {
    throw new ConfigError(
      `this configuration needs about ${(seconds / 3600).toFixed(1)} h on this machine (${backend}) ` +
        `(${experimentWork(c, ctx.train.n).steps} SGD steps; estimated from a timed epoch on one core). Run it on a machine with ` +
        `@tensorflow/tfjs-node-gpu (see environment.md), use the quick profile, or set forceSlowBackend = true to run anyway.`,
    );
  }
}
