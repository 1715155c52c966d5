/**
 * The engines' agreement check shared by test/engine/*.test.ts: the same path trained on tfjs-cpu, tfjs-wasm and the
 * onnx engine, and the onnx engine held within 2δ of both, where δ = max|θ_wasm − θ_cpu| is the reference's own spread
 * between its two backends (float32 accumulation order; see onnx-mlp.test.ts for why that is the right yardstick).
 */
import assert from "node:assert/strict";
import { tf } from "../helpers";
import { trainPath, PathSpec } from "../../src/train/path";
import { TrainState } from "../../src/train/state";
import type { HostSet } from "../../src/kernels/host-batch";

export const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

/** The three runs of `spec(engine)` from `start()`: tfjs on cpu, tfjs on wasm, onnx (wasm left as the backend). */
export async function threeRuns(start: () => TrainState, spec: (engine: "onnx" | "tfjs") => PathSpec) {
  await tf.setBackend("cpu");
  const cpu = await trainPath(start(), spec("tfjs"));
  await tf.setBackend("wasm");
  const wasm = await trainPath(start(), spec("tfjs"));
  const onnx = await trainPath(start(), spec("onnx"));
  return { cpu, wasm, onnx };
}

/**
 * Asserts θ (and v) of the onnx run within 2δ of both tfjs runs, δ > 0 and small, and that training moved θ.
 * @returns δ and the distances, for a diagnostic line
 */
export function assertWithinBackendSpread(
  r: Awaited<ReturnType<typeof threeRuns>>,
  start: Float32Array,
  maxDelta: number,
) {
  const { cpu, wasm, onnx } = r;
  const delta = maxDiff(wasm.state.params, cpu.state.params);
  assert.ok(delta > 0 && delta < maxDelta, `tfjs wasm vs cpu differ by δ = ${delta}`);
  const moved = maxDiff(wasm.state.params, start);
  assert.ok(moved > 1e-2, `training moved θ by ${moved}`);
  const dw = maxDiff(onnx.state.params, wasm.state.params),
    dc = maxDiff(onnx.state.params, cpu.state.params);
  assert.ok(dw <= 2 * delta, `θ onnx vs wasm ${dw} > 2δ = ${2 * delta}`);
  assert.ok(dc <= 2 * delta, `θ onnx vs cpu ${dc} > 2δ = ${2 * delta}`);
  const deltaV = Math.max(maxDiff(wasm.state.velocity, cpu.state.velocity), 1e-9);
  const dv = maxDiff(onnx.state.velocity, wasm.state.velocity);
  assert.ok(dv <= 2 * Math.max(deltaV, delta), `v onnx vs wasm ${dv}`);
  assert.deepEqual(onnx.state.rngState, wasm.state.rngState, "the same draws from the minibatch generator");
  return { delta, dw, dc, moved };
}

/** Asserts the metric rows: same epochs and steps, losses within float32 rounding of the loss scale. */
export function assertHistoriesClose(
  onnx: { history: { epoch: number; step: number; trainLoss: number; testLoss: number }[] },
  wasm: typeof onnx,
): void {
  assert.deepEqual(
    onnx.history.map((r) => [r.epoch, r.step]),
    wasm.history.map((r) => [r.epoch, r.step]),
  );
  onnx.history.forEach((r, i) => {
    assert.ok(
      Math.abs(r.trainLoss - wasm.history[i].trainLoss) <= 1e-5 * Math.max(1, wasm.history[i].trainLoss),
      `train loss row ${i}: ${r.trainLoss} vs ${wasm.history[i].trainLoss}`,
    );
    assert.ok(
      Math.abs(r.testLoss - wasm.history[i].testLoss) <= 1e-5 * Math.max(1, wasm.history[i].testLoss),
      `test loss row ${i}`,
    );
  });
}

/** An onnx-engine trainer: one call trains an epoch over `perm` in batches of B; flat() reads θ and v back. */
export interface EpochTrainer {
  epoch(set: HostSet, perm: Int32Array, batchSize: number): Promise<Float32Array>;
  flat(): { params: Float32Array; velocity: Float32Array };
}

/**
 * Trains `whole` one epoch over `perm` in one call, and `single` (opened at the same θ, v) the same steps one call
 * each — each call a set of that step's rows alone, in the permutation's order — and asserts θ, v and every step's
 * loss equal byte for byte.
 * @param steps the epoch's steps (perm.length / B)
 * @returns the epoch's losses and `whole`'s θ after it
 */
export async function assertEpochEqualsSteps(
  whole: EpochTrainer,
  single: EpochTrainer,
  host: HostSet,
  perm: Int32Array,
  B: number,
  steps: number,
) {
  const losses = await whole.epoch(host, perm, B);
  assert.equal(losses.length, steps);
  const stepLosses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const rows = perm.subarray(s * B, (s + 1) * B);
    const x = new Float32Array(B * host.dim),
      labels = new Int32Array(B);
    rows.forEach((r, i) => {
      x.set(host.x.subarray(r * host.dim, (r + 1) * host.dim), i * host.dim);
      labels[i] = host.labels[r];
    });
    const one = await single.epoch(
      { ...host, x, labels, n: B },
      Int32Array.from({ length: B }, (_, i) => i),
      B,
    );
    stepLosses.push(one[0]);
  }
  assert.deepEqual(Buffer.from(single.flat().params.buffer), Buffer.from(whole.flat().params.buffer));
  assert.deepEqual(Buffer.from(single.flat().velocity.buffer), Buffer.from(whole.flat().velocity.buffer));
  assert.deepEqual(stepLosses, Array.from(losses));
  return { losses, params: whole.flat().params };
}
