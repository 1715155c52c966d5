/** The runner's public surface: work units as data, run serially / on threads / as shard k/N. */
export type { WorkUnit, UnitFamily, UnitApi, FamilyRef, EntryKey, ShardSpec, RunUnitsOptions, RunReport, UnitEvent } from "./types";
export { runUnits, storedEntries } from "./run";
export { parseShard, checkShard, shardUnits, splitByCost } from "./shard";
export { defaultWorkers } from "./workers";
export { resolveEntry, type StoredEntry } from "./entries";
