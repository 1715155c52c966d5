/** The runner's public surface: work units as data, run serially / on threads / as shard k/N. */
export type {
  WorkUnit,
  UnitFamily,
  UnitApi,
  FamilyTable,
  EntryKey,
  ShardSpec,
  RunUnitsOptions,
  RunReport,
  RunProgress,
  UnitEvent,
} from "./types";
export { runUnits, storedEntries } from "./run";
export { parseShard, checkShard, shardUnits, splitByCost } from "./shard";
export { defaultWorkers, workerCount } from "./workers";
export { serveUnits } from "./worker";
export { resolveEntry, type StoredEntry } from "./entries";
