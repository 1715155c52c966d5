/** Types of the nonlinear-model family (Ren, Ma, Ying 2024, Sec. 4; notebooks 04–06), in one place so that no module imports another for a type. */
import type { TeacherKind } from "../../data/gaussian";
import type { ChainRecord, ChainStatus } from "../../train/chains";
import type { ChainConfig } from "../../train/chain-config";
import type { DataFrame, Row } from "../../frames/frames";

/** The data of a sweep: seeded Gaussian data, or explicit arrays (X [n, d] row-major, y [n], α* [d]). */
export type ProblemSpec =
  | { kind: "gaussian"; n: number; d: number; seed: number; teacher?: TeacherKind; labelNoiseStd?: number }
  | { kind: "explicit"; n: number; d: number; X: number[]; y: number[]; alphaStar: number[] };

/** A chain as plain JSON (w0 as number[]), plus a free label carried into the frame. */
export interface ChainSpec extends Omit<ChainConfig, "w0"> {
  w0?: number[];
  /** label of the chain's group, e.g. "decay early" (frame column `tag`); default "" */
  tag?: string;
}

/** Everything that determines a sweep's numbers (the cache key). */
export interface ChainSweepConfig {
  problem: ProblemSpec;
  chains: ChainSpec[];
  /** record every s updates (and at step 0 and each chain's last step) */
  recordEverySteps: number;
  /** also record w (columns w0 … w{d−1}); for d = 2 trajectories */
  recordParams?: boolean;
}

/** Per-chain outcome, as a row. */
export interface ChainOutcome {
  chain: number;
  tag: string;
  status: ChainStatus;
  /** updates applied when the chain stopped early, else null */
  stoppedAtStep: number | null;
}

/** A cached sweep. */
export interface ChainSweep {
  config: ChainSweepConfig;
  /** long format: one row per chain × recorded step (columns: see {@link sweepRows}) */
  frame: DataFrame;
  rows: Row[];
  outcomes: ChainOutcome[];
  /** wall time and throughput of the computation (from the cache manifest on a hit) */
  wallSeconds: number;
  chainSteps: number;
  chainStepsPerSecond: number;
  cacheHit: boolean;
  /** chains whose results were read from shards' single-chain entries when the sweep entry was assembled */
  chainsFromShards: number;
}

/** Options of {@link runChainSweep}. */
export interface SweepOptions {
  onProgress?: (done: number, total: number, note?: string) => void;
  signal?: AbortSignal;
  /** worker threads for the chains; default: serial below PARALLEL_MIN_COST, else LATE_DECAY_WORKERS or the core count */
  workers?: number;
}

/** Records and outcomes of some chains of a sweep; `chain` fields are indices into the sweep's chains. */
export interface PartResult {
  /** chain-major, then by step (the order runChains produces) */
  records: ChainRecord[];
  outcomes: Omit<ChainOutcome, "tag">[];
}

/** A chain unit's payload: chain `index` of a sweep, with what fixes its numbers. */
export interface ChainPayload {
  problem: ProblemSpec;
  chain: ChainSpec;
  index: number;
  recordEverySteps: number;
  recordParams: boolean;
}
