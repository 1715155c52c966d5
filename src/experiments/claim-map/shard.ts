/**
 * Spreading the claim map over machines (`npm run shard -- 01b …`, a SLURM job array): the path
 * units of every cell (the late-decay units, ids prefixed with the cell's id as the weight-decay
 * sweep's shards are), split by cost into N shares; shard k computes its share into the shared
 * cache, cell by cell, so a cell whose training diverges is logged and the shard goes on with the
 * next cell. The notebook's runClaimMap then finds every path cached. Run the main paths first
 * (`only: "main"`) for the least duplicated work; a subpath whose main path is missing trains it first.
 */
import { DivergenceError, check, showValue } from "../../core/errors";
import { initBackend } from "../../env/backend";
import { runUnits, shardUnits, type UnitEvent, type WorkUnit } from "../../runner";
import { LATE_DECAY_FAMILIES, lateDecayUnits, type PathPayload } from "../late-decay";
import { mapCells } from "./cells";
import { checkClaimMapConfig } from "./config";
import type { ClaimMapConfig } from "./types";

/** Every cell's path units, ids "<cell id>:main/0", "<cell id>:sub/0/10", in the map's cell order. */
export function claimMapUnits(config: ClaimMapConfig, backend: string): WorkUnit<PathPayload>[] {
  return mapCells(checkClaimMapConfig(config)).flatMap((cell) => lateDecayUnits(cell.config, backend).map((u) => ({
    ...u, id: `${cell.id}:${u.id}`, label: `${cell.id}: ${u.label}`, dependsOn: Object.fromEntries(Object.entries(u.dependsOn).map(([role, d]) => [role, `${cell.id}:${d}`])),
  })));
}

/** Options of {@link runClaimMapShard}. */
export interface ClaimMapShardOptions {
  index: number;
  count: number;
  /** only main paths, or only subpaths (their missing main paths are trained first) */
  only?: "main" | "subpath";
  /** each path of the shard as it starts or is found cached: position in the shard, shard size, label */
  onItem?: (i: number, n: number, label: string, cachedAlready: boolean) => void;
  signal?: AbortSignal;
  workers?: number;
}

/**
 * Computes shard `index` of `count` of the map's paths in this process, skipping cached ones.
 * @returns paths computed and found cached, main paths trained for subpaths, and the diverged cells (with the message)
 * @throws ConfigError for a bad map, shard or `only` (naming the value); CancelledError when stopped (finished paths stay cached)
 */
export async function runClaimMapShard(config: ClaimMapConfig, opts: ClaimMapShardOptions):
  Promise<{ computed: number; cached: number; mainPathsForSubpaths: number; diverged: string[] }> {
  check(opts.only === undefined || opts.only === "main" || opts.only === "subpath", `only must be "main" or "subpath", got ${showValue(opts.only)}`);
  const backend = (await initBackend()).computeId;
  const units = claimMapUnits(config, backend);
  const candidates = opts.only ? units.filter((u) => u.payload.kind === opts.only) : units;
  const mine = shardUnits(candidates, { index: opts.index, count: opts.count });
  const position = new Map(mine.map((u, i) => [u.id, i]));
  const onUnit = (e: UnitEvent) => {
    const note = e.neededBy ? `: needed by ${e.neededBy}, not cached, training it first (run the main paths' shards first to avoid this)` : "";
    opts.onItem?.(position.get(e.unit.id) ?? position.get(e.neededBy ?? "") ?? -1, mine.length, `${e.unit.label}${note}`, e.cachedAlready);
  };
  const r = { computed: 0, cached: 0, mainPathsForSubpaths: 0, diverged: [] as string[] };
  for (const cell of mapCells(config)) {
    const cellUnits = units.filter((u) => u.id.startsWith(`${cell.id}:`));
    if (!cellUnits.some((u) => position.has(u.id))) continue;
    try {
      const done = await runUnits(cellUnits, { families: LATE_DECAY_FAMILIES, select: (u) => position.has(u.id), signal: opts.signal, onUnit, workers: opts.workers ?? 1 });
      r.computed += done.computed.length; r.cached += done.cached.length; r.mainPathsForSubpaths += done.dependenciesComputed.length;
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      r.diverged.push(`${cell.id}: ${e.message}`);
    }
  }
  return r;
}
