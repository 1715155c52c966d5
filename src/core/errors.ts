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

/** A training path produced a non-finite or exploding loss. */
export class DivergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DivergenceError";
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
 * Throws a ConfigError unless `ok`.
 * @param ok condition that must hold
 * @param message text naming the bad value
 */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new ConfigError(message);
}

/** Throws unless `x` is an integer within [min, max]. `name` is used in the message. */
export function checkInt(name: string, x: unknown, min = -Infinity, max = Infinity): number {
  check(typeof x === "number" && Number.isInteger(x) && x >= min && x <= max,
    `${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(x)}`);
  return x as number;
}

/** Throws unless `x` is a finite number within [min, max]. */
export function checkNumber(name: string, x: unknown, min = -Infinity, max = Infinity): number {
  check(typeof x === "number" && Number.isFinite(x) && x >= min && x <= max,
    `${name} must be a finite number in [${min}, ${max}], got ${JSON.stringify(x)}`);
  return x as number;
}
