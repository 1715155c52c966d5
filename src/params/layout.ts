/**
 * The mapping between a network's named tensors and one flat parameter vector.
 *
 * Every network in this project is a pure function of a flat Float32 vector
 * described by a layout; a checkpoint, a PCA row and a landscape point are all
 * such vectors. Only this module computes offsets.
 */
import { check } from "../core/errors";

/** One named tensor inside the flat vector. */
export interface ParamEntry {
  /** e.g. "dense0/kernel" */
  name: string;
  /** tensor shape, e.g. [784, 100] for a dense kernel (in × out) */
  shape: number[];
  /** "kernel" tensors are weights (filter-normalizable); "bias" are biases */
  kind: "kernel" | "bias";
  /** start index in the flat vector */
  offset: number;
  /** number of elements (product of shape) */
  size: number;
}

/** Ordered list of entries plus the total length of the flat vector. */
export interface ParamLayout {
  entries: ParamEntry[];
  /** total number of parameters P */
  size: number;
}

/**
 * Builds a layout from names, shapes and kinds, assigning contiguous offsets in order.
 * @throws ConfigError on duplicate names or non-positive dimensions
 */
export function makeLayout(specs: { name: string; shape: number[]; kind: "kernel" | "bias" }[]): ParamLayout {
  const seen = new Set<string>();
  let offset = 0;
  const entries = specs.map((s) => {
    check(!seen.has(s.name), `duplicate parameter name ${JSON.stringify(s.name)}`);
    seen.add(s.name);
    check(
      s.shape.length > 0 && s.shape.every((d) => Number.isInteger(d) && d > 0),
      `parameter ${s.name} has invalid shape ${JSON.stringify(s.shape)}`,
    );
    const size = s.shape.reduce((a, b) => a * b, 1);
    const e: ParamEntry = { name: s.name, shape: [...s.shape], kind: s.kind, offset, size };
    offset += size;
    return e;
  });
  return { entries, size: offset };
}

/** The sub-array view of entry `name` inside `flat` (no copy). @throws ConfigError if absent or sizes mismatch */
export function view(layout: ParamLayout, flat: Float32Array, name: string): Float32Array {
  check(flat.length === layout.size, `flat vector has length ${flat.length}, layout expects ${layout.size}`);
  const e = layout.entries.find((x) => x.name === name);
  check(e !== undefined, `no parameter named ${JSON.stringify(name)}`);
  return flat.subarray(e.offset, e.offset + e.size);
}

/**
 * The flat vector [P] cut into one copy per layout entry (layout order), e.g. for an engine that
 * keeps each parameter tensor as its own host array.
 * @throws ConfigError when the vector's length is not P
 */
export function splitByEntry(layout: ParamLayout, flat: Float32Array): Float32Array[] {
  check(flat.length === layout.size, `flat vector has length ${flat.length}, layout expects ${layout.size}`);
  return layout.entries.map((e) => flat.slice(e.offset, e.offset + e.size));
}

/**
 * The inverse of {@link splitByEntry}: one array per layout entry joined into a new flat vector [P].
 * @throws ConfigError when the count or a length does not match the layout
 */
export function joinEntries(layout: ParamLayout, parts: ArrayLike<number>[]): Float32Array {
  check(parts.length === layout.entries.length, `${parts.length} arrays for ${layout.entries.length} layout entries`);
  const flat = new Float32Array(layout.size);
  layout.entries.forEach((e, i) => {
    check(parts[i].length === e.size, `entry ${e.name} has ${e.size} values, got ${parts[i].length}`);
    flat.set(parts[i], e.offset);
  });
  return flat;
}
