/**
 * Types of the claim-map family (notebook 01b): the late-decay comparison of paper Sec. 2, Fig. 1
 * (final test loss after decaying at the latest vs the earliest decay epoch, paired over seeds)
 * repeated over a grid of settings — data set × model × weight decay — to show where it holds.
 */
import type { DataSpec, DatasetName } from "../../data/data-spec";
import type { ModelConfig } from "../../models/network";
import type { CompletedGridCell, DivergedGridCell } from "../kit/grid";
import type { PairedSummary } from "../../analysis/paired";
import type { LateDecayConfig, LateDecayRuns } from "../late-decay";

/** Momentum buffer at a branch: carried over from the main path, or restarted at zero. */
export type MomentumAtBranch = LateDecayConfig["momentumAtBranch"];

/** A row group of the map: a model with its name and, optionally, its own large LR. */
export interface MapModel {
  /** row label, e.g. "MLP", "MLP + dropout", "convnet" (unique in the map) */
  name: string;
  model: ModelConfig;
  /** the main path's LR for this model (default: the map's hyper.lr) */
  lr?: number;
}

/** Everything that determines the map's numbers (each cell's LateDecayConfig is built from it). */
export interface ClaimMapConfig {
  /** the map's columns */
  datasets: DatasetName[];
  /** the data protocol of every column; `testPerClass` applies to an mnist-package column only */
  data: Omit<DataSpec, "dataset">;
  /** row groups; each is crossed with every weight decay */
  models: MapModel[];
  /** coupled weight decays λ, crossed with every model */
  weightDecays: number[];
  /** [earliest, latest] decay epoch; the main path trains to the latest */
  decayEpochs: [number, number];
  /** epochs each subpath trains at the decayed LR */
  subpathEpochs: number;
  /** full-set metrics every this many epochs (the map reads only each subpath's last row) */
  evalEveryEpochs: number;
  /** main-path LR (unless a model sets its own) and momentum */
  hyper: { lr: number; momentum: number };
  batchSize: number;
  /** subpath LR = main-path LR × decayFactor */
  decayFactor: number;
  momentumAtBranch: MomentumAtBranch;
  /** training seeds: each draws its own subset, initialisation and batch order; intervals are over these */
  seeds: number[];
}

/** One setting of the map and the late-decay experiment that measures it. */
export interface MapCell {
  /** unique, e.g. "mnist-idx · MLP · λ=0.001" (also the prefix of its work units' ids) */
  id: string;
  dataset: DatasetName;
  model: string;
  weightDecay: number;
  /** row label: model · λ */
  row: string;
  config: LateDecayConfig;
}

/** A cell's paired Δs over seeds (latest − earliest decay epoch). */
export interface CellStats {
  /** Δ final test loss with its 95% t-interval */
  loss: PairedSummary;
  /** Δ final test accuracy (in [0, 1] units) with its 95% t-interval */
  acc: PairedSummary;
  /** Δ final train loss (a check that both subpaths fit the training subset) */
  trainLoss: PairedSummary;
}

/** A cell whose paths all finished (the kit's grid cell), with its paired statistics. */
export type CompletedMapCell = CompletedGridCell<MapCell, LateDecayRuns> & { stats: CellStats };

/** A cell one of whose paths diverged (the kit's grid cell: the error's message and details; the other cells still run). */
export type DivergedMapCell = DivergedGridCell<MapCell> & { stats?: undefined };

/** One cell of the map after its run: completed or diverged. */
export type MapCellResult = CompletedMapCell | DivergedMapCell;

/** The map: every cell, completed or diverged, in the config's order (models, weight decays, data sets). */
export interface ClaimMap {
  config: ClaimMapConfig;
  cells: MapCellResult[];
  backend: string;
  /** wall time of the call in seconds */
  wallSeconds: number;
}

/** Options of runClaimMap. */
export interface ClaimMapRunOptions {
  /** epochs done and total over the whole map, with a note naming the cell; `doneBefore`: those of `done` not computed by this call (cached or resumed) */
  onProgress?: (done: number, total: number, note: string, doneBefore?: number) => void;
  signal?: AbortSignal;
  /** run even when the estimate exceeds the slow-backend limit on wasm/cpu (default false) */
  forceSlowBackend?: boolean;
  /** worker threads per cell (default: the runner's default for the backend) */
  workers?: number;
}
