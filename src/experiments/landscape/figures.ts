/**
 * Figure inputs of notebooks 02 and 03 (paper Sec. 3, Fig. 3): the loss landscapes on the surface with
 * the paths drawn on it, its title, and the paths on PC1–PC3. Pure functions of the results; the
 * plotly specs are built by src/figures/landscape.ts and src/figures/trajectory-3d.ts.
 */
import { landscapeMatrix } from "../../analysis/landscape";
import type { LandscapeFigureData } from "../../figures/landscape";
import type { Trajectory3dData } from "../../figures/trajectory-3d";
import type { LandscapeRun, TrajectoryPcaRun } from "./types";

/** The landscape figure's input: grid axes, train/test loss matrices [nB][nA] and the paths' (a, b). */
export function landscapeFigureData(run: LandscapeRun): LandscapeFigureData {
  return {
    as: run.grid.as,
    bs: run.grid.bs,
    trainLoss: landscapeMatrix(run.grid, run.rows, "trainLoss"),
    testLoss: landscapeMatrix(run.grid, run.rows, "testLoss"),
    paths: run.paths,
    aTitle: run.surface === "random" ? "random direction 1, coordinate a" : "PC1 coordinate a",
    bTitle: run.surface === "random" ? "random direction 2, coordinate b" : "PC2 coordinate b",
  };
}

/** Figure title naming the surface: curved / flat PCA surface or random filter-normalized directions. */
export function landscapeTitle(run: LandscapeRun): string {
  const what = {
    curved: "curved PCA surface (center + a·PC1 + b·PC2 + q(a)·PC3)",
    flat: "flat PCA plane (center + a·PC1 + b·PC2)",
    random: "random filter-normalized directions around the final point (Li et al. 2018)",
  }[run.surface];
  return `Loss landscapes on the ${what}, seed ${run.config.seed}`;
}

/** The 3D figure's input: every path's PC coordinates and the explained-variance ratios. */
export function trajectory3dData(run: TrajectoryPcaRun): Trajectory3dData {
  return { paths: run.paths, explainedVarianceRatio: run.pca.explainedVarianceRatio };
}
