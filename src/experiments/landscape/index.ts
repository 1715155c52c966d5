/**
 * The landscape family's public surface (paper Sec. 3, Fig. 3; notebooks 02 and 03): the PCA of one
 * seed's weight trajectory, the train/test loss landscapes on a surface through it, the paths on
 * PC1–PC3 and the direction after decay, with their figures, tables and verdicts. Other modules use
 * the family only through this file (the architecture rule experiments-family-isolation); the
 * registry of unit families (../families.ts) names its worker-side families from ./units.ts and ./pca.ts.
 */
import type { Experiment } from "../kit/experiment";
import { GRID_BY_PROFILE, landscapeConfig, type LandscapeConfig, type LandscapeOverrides } from "./config";
import { pcaUnits } from "./pca";
import { landscapeRun } from "./run";
import type { LandscapeRun, LandscapeRunOptions } from "./types";

export { landscapeConfig, checkLandscapeConfig, singleSeedConfig } from "./config";
export type { LandscapeConfig, LandscapeOverrides, SurfaceKind } from "./config";
export { trajectoryPcaRun, TRAJECTORY_PCA_CODE_VERSION, TRAJECTORY_PCA, trajectoryPcaFamily } from "./pca";
export { landscapeRun, landscapeSetup, computeGridRows, gridStored, LANDSCAPE_CODE_VERSION } from "./run";
export { LANDSCAPE_ROWS, landscapeRowFamily, LANDSCAPE_FAMILIES } from "./units";
export { runLandscapeShard } from "./shard";
export { landscapeFigureData, landscapeTitle, trajectory3dData } from "./figures";
export { explainedVarianceTable, landscapeSummary, landscapeTiming } from "./frames";
export {
  landscapeVerdicts,
  trajectory3dVerdicts,
  decayDirectionsTable,
  varianceRow,
  FLOOR_FACTOR,
  WALL_FACTOR,
} from "./verdicts";
export type {
  TrajectoryPcaRun,
  PathCoords,
  DecayDirection,
  LandscapeRun,
  LandscapeRunOptions,
  LandscapeSetup,
  PathOnSurface,
  PcaRunOptions,
} from "./types";

/**
 * The landscape experiment (kit/experiment.ts): profiles of notebooks 01–03 → a landscape config →
 * units → the landscape grid. `units` lists the seed's path units and their PCA: the grid-row units
 * follow from the PCA's result (the surface and the grid around the paths), so landscapeRun lists
 * them once the PCA is stored (landscapeSetup, computeGridRows).
 */
export const landscapeExperiment: Experiment<LandscapeConfig, LandscapeOverrides, LandscapeRun, LandscapeRunOptions> = {
  name: "landscape",
  paper:
    "Sec. 3, Fig. 3: PCA of the weight trajectory, loss landscapes on the PC surface, the paths in PC1–PC3 (notebooks 02, 03)",
  profiles: Object.keys(GRID_BY_PROFILE),
  config: landscapeConfig,
  units: pcaUnits,
  run: landscapeRun,
};
