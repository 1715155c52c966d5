/**
 * Seeded random numbers whose state is plain data.
 *
 * All randomness in src/ comes from here (never Math.random or tf.util.shuffle,
 * which cannot be seeded). The generator is seedrandom's xor4096; its state can
 * be saved in a checkpoint and restored, so a branched subpath continues the
 * exact random stream of its parent.
 */
import seedrandom from "seedrandom";
import { checkInt } from "./errors";

/** Serializable generator state (opaque; produced by {@link Rng.state}). */
export type RngState = object;

/** A seeded uniform/normal generator with a saveable state. */
export class Rng {
  private gen: seedrandom.StatefulPRNG<seedrandom.State.Xor4096>;
  private spareNormal: number | null = null;

  /**
   * @param seed integer seed (0 is a valid seed)
   * @param state optional state from {@link Rng.state}; overrides `seed`
   * @throws ConfigError when seed is not an integer
   */
  constructor(seed: number, state?: RngState) {
    checkInt("seed", seed);
    const s = state as { gen?: seedrandom.State.Xor4096; spare?: number | null } | undefined;
    this.gen = seedrandom.xor4096(String(seed), { state: s?.gen ?? true });
    this.spareNormal = s?.spare ?? null;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.gen.double();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.gen.double() * n);
  }

  /** Standard normal sample (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.gen.double();
    const v = this.gen.double();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fills `out` with standard normal samples and returns it. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = std * this.normal();
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** A deep copy of the generator state, restorable with `new Rng(seed, state)`. */
  state(): RngState {
    return { gen: this.gen.state(), spare: this.spareNormal };
  }
}

/**
 * Derives an independent integer seed from a base seed and a list of labels,
 * e.g. `deriveSeed(seed, "init")`, so that streams for init, minibatches and
 * noise do not overlap.
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  const r = seedrandom.alea([seed, ...labels].join("/"));
  return r.int32() >>> 0;
}
