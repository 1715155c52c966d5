/**
 * The training state as plain data. A branch (subpath) is a copy of it; a
 * checkpoint stores it. Tensors exist only while a path is being trained.
 */
import { tf } from "../env/tf";
import { ParamLayout } from "../params/layout";
import { RngState } from "../core/rng";
import { check } from "../core/errors";

/** Everything needed to continue training exactly. */
export interface TrainState {
  /** flat parameters θ, Float32Array [P] */
  params: Float32Array;
  /** flat momentum buffers v, Float32Array [P] */
  velocity: Float32Array;
  /** completed epochs */
  epoch: number;
  /** completed SGD steps */
  step: number;
  /** state of the minibatch-order generator */
  rngState: RngState;
}

/** Splits a flat vector into one tensor per layout entry. Caller owns the tensors. */
export function toTensors(layout: ParamLayout, flat: Float32Array): tf.Tensor[] {
  check(flat.length === layout.size, `flat vector has length ${flat.length}, layout expects ${layout.size}`);
  return layout.entries.map((e) => tf.tensor(flat.subarray(e.offset, e.offset + e.size), e.shape, "float32"));
}

/** Concatenates per-entry tensors (layout order) into a new flat Float32Array [P]. */
export function toFlat(layout: ParamLayout, tensors: tf.Tensor[]): Float32Array {
  const flat = new Float32Array(layout.size);
  layout.entries.forEach((e, i) => flat.set(tensors[i].dataSync() as Float32Array, e.offset));
  return flat;
}

/** A deep copy of a state (new arrays; the RNG state through JSON). */
export function copyState(s: TrainState): TrainState {
  return {
    params: s.params.slice(),
    velocity: s.velocity.slice(),
    epoch: s.epoch,
    step: s.step,
    rngState: JSON.parse(JSON.stringify(s.rngState)),
  };
}
