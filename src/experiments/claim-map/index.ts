/**
 * The claim-map family (notebook 01b: paper Sec. 2, Fig. 1 repeated over data set × model × weight
 * decay): its public surface and its {@link Experiment}. Other modules (src/index.ts, the notebook
 * registry, scripts) use the claim map through this module.
 */
import type { Experiment } from "../kit/experiment";
import { CLAIM_MAP_PROFILES, CLAIM_MAP_PROFILE_ALIASES, claimMapConfig, type ClaimMapOverrides } from "./config";
import { runClaimMap } from "./run";
import { claimMapUnits } from "./units";
import type { ClaimMap, ClaimMapConfig, ClaimMapRunOptions } from "./types";

export {
  claimMapConfig,
  checkClaimMapConfig,
  claimMapCellConfigs,
  CLAIM_MAP_PROFILES,
  CLAIM_MAP_PROFILE_CHANGES,
  CLAIM_MAP_PROFILE_ALIASES,
} from "./config";
export type { ClaimMapProfile, ClaimMapOverrides } from "./config";
export { mapCells, epochsPerSeed } from "./cells";
export { runClaimMap } from "./run";
export { claimMapEstimate, describeEstimate, CLAIM_MAP_MAX_HOURS_ON_SLOW_BACKEND } from "./estimate";
export type { ClaimMapEstimate, CellEstimate } from "./estimate";
export { cellStats, claimMapFrame, claimMapTable, seedResolution } from "./report";
export { claimMapVerdicts } from "./verdicts";
export { claimMapFigureOf, claimMapConfigRows, exportClaimMapCsv } from "./figures";
export { claimMapUnits } from "./units";
export { runClaimMapShard } from "./shard";
export type {
  ClaimMap,
  ClaimMapConfig,
  ClaimMapRunOptions,
  MapCell,
  MapModel,
  CellStats,
  CompletedMapCell,
  DivergedMapCell,
  MapCellResult,
} from "./types";

/** Notebook 01b's experiment: profiles (and 01's names as aliases) → map config → every cell's path units → the map. */
export const claimMapExperiment: Experiment<ClaimMapConfig, ClaimMapOverrides, ClaimMap, ClaimMapRunOptions> = {
  name: "claim-map",
  paper:
    "Sec. 2, Fig. 1 over settings: the paired Δ final test loss (latest − earliest decay) over data set × model × weight decay",
  profiles: [...Object.keys(CLAIM_MAP_PROFILES), ...Object.keys(CLAIM_MAP_PROFILE_ALIASES)],
  config: claimMapConfig,
  units: (config, computeId) => claimMapUnits(config, computeId),
  run: runClaimMap,
};
