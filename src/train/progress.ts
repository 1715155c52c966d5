/**
 * In-progress snapshots of a path, for resuming inside it after an interruption or a kill: the
 * state {params, momentum, epoch, step, rngState}, the metric rows so far and how many checkpoints
 * were emitted, in two files of the path's working folder. `progress-state.f32` (θ then v, Float32
 * [2P]) is written first, then `progress.json` (with the state file's SHA-256), each atomically
 * (temp file + rename): the JSON is the commit point, so a kill at any moment leaves either the
 * previous snapshot or the new one, never a mix. A snapshot carries a key (hash of the path's spec
 * and start state) and is used only by the same path.
 */
import * as path from "path";
import { createHash } from "crypto";
import { writeAtomic, f32Bytes, readJson, readBytes, removeFile } from "../store/files";
import type { TrainState } from "./state";

const STATE_FILE = "progress-state.f32";
const INDEX_FILE = "progress.json";

/** A snapshot; `history` holds the path's metric rows up to `state.epoch`. */
export interface PathProgress<Row> {
  /** which path it belongs to (see trainPath's progressKey) */
  key: string;
  state: TrainState;
  history: Row[];
  /** checkpoints emitted through onCheckpoint up to and including `state.epoch` */
  checkpoints: number;
}

/** The JSON half of a snapshot (the vectors are in STATE_FILE). */
interface ProgressIndex<Row> {
  key: string;
  state: Omit<TrainState, "params" | "velocity">;
  history: Row[];
  checkpoints: number;
  /** P, parameters per vector */
  dim: number;
  stateSha256: string;
}

/** Writes a snapshot of `p` into `dir` (two atomic writes, the JSON last). */
export function saveProgress<Row>(dir: string, p: PathProgress<Row>): void {
  const bytes = Buffer.concat([f32Bytes(p.state.params), f32Bytes(p.state.velocity)]);
  writeAtomic(path.join(dir, STATE_FILE), bytes);
  const { params: _p, velocity: _v, ...rest } = p.state;
  writeAtomic(
    path.join(dir, INDEX_FILE),
    JSON.stringify({
      key: p.key,
      state: rest,
      history: p.history,
      checkpoints: p.checkpoints,
      dim: p.state.params.length,
      stateSha256: createHash("sha256").update(bytes).digest("hex"),
    }),
  );
}

/**
 * The snapshot in `dir` if it belongs to `key` and its state file is intact, else null.
 * @param dim P, parameters per vector
 */
export function loadProgress<Row>(dir: string, key: string, dim: number): PathProgress<Row> | null {
  let index: ProgressIndex<Row>;
  try {
    index = readJson<ProgressIndex<Row>>(dir, INDEX_FILE);
    if (index.key !== key || index.dim !== dim) return null;
    const bytes = readBytes(dir, STATE_FILE);
    if (bytes.length !== 8 * dim || createHash("sha256").update(bytes).digest("hex") !== index.stateSha256) return null;
    const all = new Float32Array(2 * dim);
    new Uint8Array(all.buffer).set(bytes);
    const state: TrainState = { ...index.state, params: all.slice(0, dim), velocity: all.slice(dim) };
    return { key, state, history: index.history, checkpoints: index.checkpoints };
  } catch {
    return null;
  }
}

/** Removes the snapshot files from `dir` (when the path has finished). */
export function clearProgress(dir: string): void {
  for (const f of [INDEX_FILE, STATE_FILE]) removeFile(path.join(dir, f));
}
