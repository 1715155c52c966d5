/**
 * Errors thrown by this library. Each names the offending value so that a
 * notebook user can see at once what to change.
 */

/** A configuration or argument value is out of range or of the wrong kind. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Where and how a training path diverged (the fields of a {@link DivergenceError}). */
export interface DivergenceDetails {
  /** the path's name, e.g. "main path (seed 0)" */
  pathId: string;
  /** the training seed, when the caller gave it */
  seed?: number;
  /** epoch in which the bad loss was seen (completed epochs before it) */
  epoch: number;
  /** 1-based index of the SGD step whose minibatch loss was bad (or steps done, for a set's loss) */
  step: number;
  /** learning rate η of the path */
  lr: number;
  /** weight decay λ of the path */
  weightDecay: number;
  /** the bad loss value (NaN, ±Infinity, or a finite value past the threshold) */
  loss: number;
  /** which loss: a step's minibatch loss (at θ before its update), or a full set's */
  lossOf: "minibatch" | "train set" | "test set";
  /** "non-finite", or "explosion": finite but above `threshold` */
  kind: "non-finite" | "explosion";
  /** the explosion threshold: factor × reference loss */
  threshold?: number;
  factor?: number;
  referenceLoss?: number;
}

const short = (x: number | undefined) => (x === undefined ? "?" : String(Number(x.toPrecision(4))));

/** A training path produced a non-finite or exploding loss; `details` says where (path, seed, epoch, step, lr, λ). */
export class DivergenceError extends Error {
  readonly details?: DivergenceDetails;
  constructor(message: string, details?: DivergenceDetails) {
    super(message);
    this.name = "DivergenceError";
    this.details = details;
  }

  /** The error for `d`, its message naming every field. */
  static of(d: DivergenceDetails): DivergenceError {
    const what =
      d.kind === "non-finite"
        ? `${d.lossOf} loss ${d.loss} is not finite`
        : `${d.lossOf} loss ${d.loss} exceeds ${short(d.threshold)} = ${d.factor} × reference loss ${short(d.referenceLoss)} (explosion)`;
    // the seed is said once: a path id such as "main path (seed 3)" already names it
    const seed = d.seed !== undefined && !d.pathId.includes(`seed ${d.seed}`) ? `, seed ${d.seed}` : "";
    return new DivergenceError(
      `${d.pathId} diverged at epoch ${d.epoch}, step ${d.step}${seed}` +
        ` with lr=${d.lr}, weight decay λ=${d.weightDecay}: ${what}`,
      d,
    );
  }
}

/** A long computation was stopped through its cancellation signal. */
export class CancelledError extends Error {
  constructor(message = "cancelled") {
    super(message);
    this.name = "CancelledError";
  }
}

/** A file on disk is missing, truncated or not in the expected format. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataFileError";
  }
}

/**
 * A value as it should read in an error message: numbers as JavaScript prints them (NaN,
 * Infinity, -Infinity, 0.1), bigints with their n, undefined as undefined, everything else as
 * JSON (strings quoted, objects and arrays with NaN/±Infinity inside kept as such).
 */
export function showValue(x: unknown): string {
  if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
  if (typeof x === "bigint") return `${x}n`;
  if (x === undefined) return "undefined";
  if (typeof x === "function") return `function ${x.name || "(anonymous)"}`;
  // NaN and ±Infinity inside objects and arrays: JSON would print null
  const json = JSON.stringify(x, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? `\u0000${v}\u0000` : v));
  return json === undefined ? String(x) : json.replace(/"\\u0000(NaN|Infinity|-Infinity)\\u0000"/g, "$1");
}

/**
 * Throws a ConfigError unless `ok`.
 * @param ok condition that must hold
 * @param message text naming the bad value
 */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new ConfigError(message);
}

/**
 * Checks that `xs` is a non-empty array.
 * @throws ConfigError naming `name` and the value otherwise (e.g. "seeds must be a non-empty array, got 2")
 */
export function checkNonEmptyArray(name: string, xs: unknown): asserts xs is unknown[] {
  check(Array.isArray(xs) && xs.length > 0, `${name} must be a non-empty array, got ${showValue(xs)}`);
}

/** Throws unless `x` is an integer within [min, max]. `name` is used in the message. */
export function checkInt(name: string, x: unknown, min = -Infinity, max = Infinity): number {
  check(
    typeof x === "number" && Number.isInteger(x) && x >= min && x <= max,
    `${name} must be an integer in [${min}, ${max}], got ${showValue(x)}`,
  );
  return x as number;
}

/** The range [min, max] as a reader writes it: "> 0" or "in (0, 1]" for min = Number.MIN_VALUE (positive), else "in [min, max]". */
function rangeText(min: number, max: number): string {
  if (min !== Number.MIN_VALUE) return `in [${min}, ${max}]`;
  return max === Infinity ? "> 0" : `in (0, ${max}]`;
}

/**
 * Throws unless `x` is a finite number within [min, max]; min = Number.MIN_VALUE means positive
 * (the message says "> 0"). `name` is used in the message.
 */
export function checkNumber(name: string, x: unknown, min = -Infinity, max = Infinity): number {
  check(
    typeof x === "number" && Number.isFinite(x) && x >= min && x <= max,
    `${name} must be a finite number ${rangeText(min, max)}, got ${showValue(x)}`,
  );
  return x as number;
}
