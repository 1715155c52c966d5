/**
 * Spreading the claim map over machines (`npm run shard -- 01b …`, a SLURM job array): the path
 * units of every cell (the late-decay units, ids prefixed with the cell's id as the weight-decay
 * sweep's shards are), split by cost into N shares; shard k computes its share into the shared
 * cache, cell by cell (../kit/shard.ts with the cell as group), so a cell whose training diverges
 * is logged and the shard goes on with the next cell. The notebook's runClaimMap then finds every
 * path cached. Run the main paths first (`only: "main"`) for the least duplicated work; a subpath
 * whose main path is missing trains it first.
 */
import { initBackend } from "../../env/backend";
import type { WorkUnit } from "../../runner";
import { LATE_DECAY_FAMILIES, PATH_KINDS, type PathPayload, type PathShardOptions } from "../late-decay";
import { onlyKind, runShard } from "../kit/shard";
import { unitsByCell } from "./units";
import type { ClaimMapConfig } from "./types";

/** Options of {@link runClaimMapShard}: those of any shard of late-decay paths. */
export type ClaimMapShardOptions = PathShardOptions;

/**
 * Computes shard `index` of `count` of the map's paths in this process, skipping cached ones.
 * @returns paths computed and found cached, main paths trained for subpaths, and the diverged cells (with the message)
 * @throws ConfigError for a bad map, shard or `only` (naming the value); CancelledError when stopped (finished paths stay cached)
 */
export async function runClaimMapShard(
  config: ClaimMapConfig,
  opts: ClaimMapShardOptions,
): Promise<{ computed: number; cached: number; mainPathsForSubpaths: number; diverged: string[] }> {
  const select = onlyKind<PathPayload>(opts.only, PATH_KINDS);
  const cells = unitsByCell(config, (await initBackend()).computeId);
  const cellOf = new Map(cells.flatMap((c) => c.units.map((u) => [u.id, c.cell] as const)));
  const r = await runShard(
    cells.flatMap((c) => c.units),
    {
      families: LATE_DECAY_FAMILIES,
      shard: { index: opts.index, count: opts.count },
      select,
      groupOf: (u) => cellOf.get(u.id)!,
      prerequisite: "the main paths' shards",
      onItem: opts.onItem,
      signal: opts.signal,
      workers: opts.workers,
    },
  );
  return { computed: r.computed, cached: r.cached, mainPathsForSubpaths: r.dependenciesComputed, diverged: r.diverged };
}
