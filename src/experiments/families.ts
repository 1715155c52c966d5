/**
 * The static registry of unit families: every family a work unit may name, by its registered
 * name. The experiments' worker entry (./worker.ts) serves exactly these, so the dependency graph
 * sees every family a worker thread can run (the architecture test checks that every exported
 * UnitFamily of src/experiments is listed here). Only ./worker.ts imports this module; a family's
 * run hands the runner the families it needs (kit/families.ts `familyTable`).
 */
import type { UnitFamily } from "../runner";
import { LATE_DECAY_PATHS, lateDecayPathFamily } from "./late-decay/units";
import { TRAJECTORY_PCA, trajectoryPcaFamily } from "./landscape/pca";
import { LANDSCAPE_ROWS, landscapeRowFamily } from "./landscape/units";
import { NONLINEAR_CHAINS, nonlinearChainFamily } from "./nonlinear/units";

/** Registered name → family. */
export const UNIT_FAMILIES: Readonly<Record<string, UnitFamily<any, any>>> = {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  [LATE_DECAY_PATHS]: lateDecayPathFamily,
  [TRAJECTORY_PCA]: trajectoryPcaFamily,
  [LANDSCAPE_ROWS]: landscapeRowFamily,
  [NONLINEAR_CHAINS]: nonlinearChainFamily,
};
