/** Types of the landscape family (paper Sec. 3, Fig. 3; notebooks 02–03), in one place so that no module imports another for a type. */
import type { LandscapeGrid } from "../../analysis/grid";
import type { LandscapeRow } from "../../analysis/landscape";
import type { TrajectoryPca } from "../../analysis/pca";
import type { Surface } from "../../analysis/surface";
import type { LateDecayConfig, LateDecayRuns, ProgressFn } from "../late-decay";
import type { LandscapeConfig } from "./config";

/** One path's rows inside the PCA input and its coordinates on the principal components. */
export interface PathCoords {
  kind: "main" | "subpath";
  /** null for the main path */
  decayEpoch: number | null;
  /** legend label: "main path" or "decay at <epoch>" */
  name: string;
  /** epoch of each checkpoint, [T_path]; a subpath's first checkpoint is its decay point */
  epochs: number[];
  /** first row of this path in the PCA input */
  firstRow: number;
  /** coordinates on the k components, [T_path][k] */
  pcs: number[][];
}

/** One subpath's displacement after its decay (notebook 03). Norms are Euclidean norms of flat parameter vectors. */
export interface DecayDirection {
  decayEpoch: number;
  /** ‖θ_sub(end) − θ_main(E)‖ */
  subpathNorm: number;
  /** ‖θ_main(E + span) − θ_main(E)‖ with span = the subpath's epochs; null when the main path ends before E + span */
  mainNorm: number | null;
  /** cosine between the two displacements; null when mainNorm is null */
  cosine: number | null;
  /** fraction of ‖subpath displacement‖² inside the span of PC1–PC3 (how much of it the 3D view shows) */
  inTop3: number;
}

/** Result of trajectoryPcaRun. */
export interface TrajectoryPcaRun {
  config: LandscapeConfig;
  backend: string;
  /** PCA of all rows (main path first, then subpaths by decay epoch) */
  pca: TrajectoryPca;
  /** main path first, then subpaths in decay-epoch order */
  paths: PathCoords[];
  /** each subpath's direction after its decay compared with the main path's, in decay-epoch order (stored with the PCA entry) */
  directions: DecayDirection[];
  /** the late-decay runs read (their `dir`s hold the checkpoints) */
  runs: LateDecayRuns;
  /** the PCA's cache folder (its content hash keys the grid rows built on it) */
  dir: string;
  cacheHit: boolean;
}

/** Options of trajectoryPcaRun. */
export interface PcaRunOptions {
  /** progress of the late-decay runs (epochs), when they are not cached yet */
  onProgress?: ProgressFn;
  signal?: AbortSignal;
}

/** A path drawn on the landscape: its checkpoints' surface coordinates. */
export interface PathOnSurface {
  name: string;
  /** null for the main path */
  decayEpoch: number | null;
  epochs: number[];
  /** surface coordinates of each checkpoint, [T_path] each */
  a: number[];
  b: number[];
  /** the path's own metrics at its last evaluation (from its training history, not from the surface) */
  final?: { epoch: number; trainLoss: number; testLoss: number };
}

/** Result of landscapeRun. */
export interface LandscapeRun {
  config: LandscapeConfig;
  surface: LandscapeConfig["surface"];
  grid: LandscapeGrid;
  /** metrics at every grid point in row order (index j·nA + i) */
  rows: LandscapeRow[];
  /** main path first, then subpaths by decay epoch */
  paths: PathOnSurface[];
  /** PCA explained-variance ratios [k] (also reported for the random surface, for reference) */
  explainedVarianceRatio: number[];
  /** RMS over all checkpoints of their PC3 offset from the flat plane (|c3|) and from the curved surface (|c3 − q(c1)|) */
  pc3RmsOffset: { flat: number; curved: number };
  /** seconds spent computing the grid rows, summed over rows (one run: its wall time, resumed runs and shards: their times added) */
  gridSeconds: number;
  /** points evaluated per second during that computation */
  pointsPerSecond: number;
  cacheHit: boolean;
}

/** Options of landscapeRun. */
export interface LandscapeRunOptions {
  /** progress: late-decay epochs first (when not cached), then grid points with rate and time left in the note */
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** worker threads for the grid (default as for the late-decay runs: LATE_DECAY_WORKERS, else the cores on wasm/cpu) */
  workers?: number;
}

/** The PCA run, surface, paths on it and grid of a landscape config (everything but the grid values). */
export interface LandscapeSetup {
  pcaRun: TrajectoryPcaRun;
  config: LandscapeConfig;
  surface: Surface;
  paths: PathOnSurface[];
  grid: LandscapeGrid;
}

/** The PCA unit's payload: the seed's paths in PCA row order (unit ids of the late-decay units). */
export interface PcaPayload {
  k: number;
  paths: { id: string; kind: "main" | "subpath"; decayEpoch: number | null }[];
}

/** A grid-row unit's payload: row j of the grid on the surface. */
export interface RowPayload {
  lateDecay: Pick<LateDecayConfig, "data" | "model">;
  /** the training seed whose paths are analysed: its training subset is the landscape's train set */
  seed: number;
  surface: Surface;
  grid: LandscapeGrid;
  row: number;
}
