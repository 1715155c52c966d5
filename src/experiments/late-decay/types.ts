/** Types of the late-decay family (paper Sec. 2, Fig. 1), in one place so that no module imports another for a type. */
import type { EpochMetrics } from "../../train/path";
import type { Network } from "../../models/network";
import type { SetTensors } from "../../train/evaluate";
import type { LateDecayConfig } from "./config";

/** ‖θ‖₂ of a path's flat parameter vector at each of its checkpoints (norms.json of its entry). */
export interface PathNorms {
  /** the checkpoints' epochs, increasing */
  epochs: number[];
  /** ‖θ‖₂ at each of those epochs (float32 parameters, sum of squares in double precision) */
  norms: number[];
}

/** One trained path. */
export interface PathRun {
  kind: "main" | "subpath";
  seed: number;
  /** the subpath's decay epoch; null for the main path */
  decayEpoch: number | null;
  /** metric rows, first row = the path's starting point */
  history: EpochMetrics[];
  /** ‖θ‖₂ at each checkpoint, computed when the path was trained */
  norms: PathNorms;
  /** cache folder holding this path's checkpoints (for the units that analyse them: the landscape family's PCA and grid) */
  dir: string;
  /**
   * true when this call loaded it from the cache rather than computing it (also a subpath found
   * stored once its damaged main path was recomputed with the same bytes)
   */
  cacheHit: boolean;
}

/**
 * Progress callback: units (epochs, grid points) done and total over the whole computation;
 * `doneBefore` (when given): the units of `done` not computed by this call (found cached, or resumed
 * from a path's snapshot), so that a rate is (done − doneBefore) / elapsed.
 */
export type ProgressFn = (done: number, total: number, note: string, doneBefore?: number) => void;

/** Options of runLateDecay. */
export interface RunOptions {
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** run even when the estimate exceeds MAX_HOURS_ON_SLOW_BACKEND on wasm/cpu (default false) */
  forceSlowBackend?: boolean;
  /** worker threads for uncached paths; default LATE_DECAY_WORKERS, else 1 on tensorflow, else the core count */
  workers?: number;
  /** seconds between a path's resume snapshots (default 30; 0 = every epoch) */
  snapshotEverySeconds?: number;
}

/** Result of runLateDecay. */
export interface LateDecayRuns {
  config: LateDecayConfig;
  backend: string;
  /** main paths then subpaths, for every seed */
  paths: PathRun[];
  /** wall time of this call in seconds (small when everything was cached) */
  wallSeconds: number;
}

/** A path unit's payload: which path of which config. */
export interface PathPayload {
  config: LateDecayConfig;
  backend: string;
  kind: "main" | "subpath";
  seed: number;
  /** the subpath's decay epoch (absent for a main path) */
  decayEpoch?: number;
  /** seconds between resume snapshots (not part of the key: it does not change the numbers) */
  snapshotEverySeconds?: number;
}

/** What the paths of one data set and model share on a thread: the network and the data as tensors. */
export interface PathSetup {
  network: Network;
  train: SetTensors;
  test: SetTensors;
  dispose(): void;
}
