/**
 * Checkpoint files of one path: `params.f32` and `velocity.f32` hold one Float32 row
 * of P values per checkpoint (little-endian, row-major [count, P]); `checkpoints.json`
 * holds the index: epochs, steps and minibatch-generator states. Rows are appended as
 * training goes, so memory stays at one row; readers fetch single rows from disk.
 */
import * as fs from "fs";
import * as path from "path";
import { f32Bytes, readF32Row, writeAtomic } from "./files";
import { DataFileError, check } from "../core/errors";

const PARAMS = "params.f32";
const VELOCITY = "velocity.f32";
const INDEX = "checkpoints.json";

/** What checkpoints.json holds. */
export interface CheckpointIndex {
  /** parameters per row, P */
  dim: number;
  epochs: number[];
  steps: number[];
  rngStates: object[];
}

/**
 * Appends checkpoints to a folder (the cache entry being written). The index is rewritten
 * (atomically) after every append, so that a resumed computation can keep the rows it had.
 */
export class CheckpointWriter {
  private index: CheckpointIndex;
  /**
   * @param keep keep the rows already in `dir` (a resumable folder) until {@link truncate} says how
   *        many are valid; default false: start empty
   */
  constructor(
    private dir: string,
    dim: number,
    opts: { keep?: boolean } = {},
  ) {
    this.index = { dim, epochs: [], steps: [], rngStates: [] };
    const indexFile = path.join(dir, INDEX);
    if (opts.keep && fs.existsSync(indexFile)) {
      const old = JSON.parse(fs.readFileSync(indexFile, "utf8")) as CheckpointIndex;
      if (old.dim === dim) this.index = old;
    }
    if (!opts.keep || this.index.epochs.length === 0) {
      fs.writeFileSync(path.join(dir, PARAMS), Buffer.alloc(0));
      fs.writeFileSync(path.join(dir, VELOCITY), Buffer.alloc(0));
    }
  }

  /** Number of rows written. */
  get count(): number {
    return this.index.epochs.length;
  }

  /**
   * Keeps the first `rows` checkpoints and drops the rest (and any partly written row).
   * @throws ConfigError when fewer than `rows` complete rows are present
   */
  truncate(rows: number): void {
    const bytes = rows * this.index.dim * 4;
    for (const f of [PARAMS, VELOCITY]) {
      const file = path.join(this.dir, f);
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      check(
        rows <= this.index.epochs.length && size >= bytes,
        `cannot keep ${rows} checkpoints in ${this.dir}: ${this.index.epochs.length} indexed, ${f} holds ${size} bytes`,
      );
      fs.truncateSync(file, bytes);
    }
    this.index = {
      dim: this.index.dim,
      epochs: this.index.epochs.slice(0, rows),
      steps: this.index.steps.slice(0, rows),
      rngStates: this.index.rngStates.slice(0, rows),
    };
    writeAtomic(path.join(this.dir, INDEX), JSON.stringify(this.index));
  }

  /** Appends one checkpoint. @throws ConfigError when a vector has the wrong length */
  append(c: { epoch: number; step: number; params: Float32Array; velocity: Float32Array; rngState: object }): void {
    check(
      c.params.length === this.index.dim && c.velocity.length === this.index.dim,
      `checkpoint at epoch ${c.epoch} has ${c.params.length} params / ${c.velocity.length} velocity values, expected ${this.index.dim}`,
    );
    fs.appendFileSync(path.join(this.dir, PARAMS), f32Bytes(c.params));
    fs.appendFileSync(path.join(this.dir, VELOCITY), f32Bytes(c.velocity));
    this.index.epochs.push(c.epoch);
    this.index.steps.push(c.step);
    this.index.rngStates.push(c.rngState);
    writeAtomic(path.join(this.dir, INDEX), JSON.stringify(this.index));
  }

  /** Writes the index; call once after the last append. */
  close(): void {
    writeAtomic(path.join(this.dir, INDEX), JSON.stringify(this.index));
  }
}

/** Reads checkpoints of one path folder, one row at a time. */
export class CheckpointReader {
  readonly index: CheckpointIndex;
  constructor(readonly dir: string) {
    const file = path.join(dir, INDEX);
    if (!fs.existsSync(file)) throw new DataFileError(`${file} is missing`);
    this.index = JSON.parse(fs.readFileSync(file, "utf8"));
    const expected = this.index.epochs.length * this.index.dim * 4;
    for (const f of [PARAMS, VELOCITY]) {
      const size = fs.statSync(path.join(dir, f)).size;
      if (size !== expected) throw new DataFileError(`${path.join(dir, f)}: ${size} bytes, expected ${expected}`);
    }
  }

  /** Number of checkpoints T. */
  get count(): number {
    return this.index.epochs.length;
  }

  /** Row of the checkpoint at `epoch`. @throws ConfigError when there is none */
  rowOfEpoch(epoch: number): number {
    const row = this.index.epochs.indexOf(epoch);
    check(row >= 0, `no checkpoint at epoch ${epoch} in ${this.dir} (have ${this.index.epochs.join(", ")})`);
    return row;
  }

  /** Flat parameters of row `i`, Float32Array [P]. */
  params(i: number): Float32Array {
    return readF32Row(path.join(this.dir, PARAMS), i, this.index.dim);
  }

  /** Flat momentum buffers of row `i`, Float32Array [P]. */
  velocity(i: number): Float32Array {
    return readF32Row(path.join(this.dir, VELOCITY), i, this.index.dim);
  }
}
