/**
 * Spreading the nonlinear-model sweeps of notebooks 04–06 (Ren, Ma, Ying 2024, Sec. 4) over
 * machines: the chains of one or more sweeps (which sweeps a notebook runs: src/notebooks.ts) are
 * listed in a fixed order (configs in the given order, then chains), chains reached twice (the
 * same single-chain cache entry) are kept once, and shard k of N computes its share into
 * single-chain entries ("nonlinear-chain", see ./units.ts) in the shared cache directory
 * (LATE_DECAY_DATA_DIR). A SLURM job array runs the shards; the notebook's runChainSweep then
 * assembles each sweep from those entries (and computes any chain that is missing), writing
 * exactly the sweep entry a serial run writes.
 *
 * Chains differ in length by up to ~3× (decay steps T from 0 to 16 000 before the same T′), so
 * shares are balanced by estimated cost (chainCost, greedy longest-first: ../kit/shard.ts) rather
 * than taking every N-th chain, which for N = 7 would give one shard all the shortest chains. A
 * shard runs its chains one after another on one thread: start one shard per core.
 */
import { ConfigError } from "../../core/errors";
import type { WorkUnit } from "../../runner";
import { dedupeUnits, runShard } from "../kit/shard";
import { NONLINEAR_FAMILIES, chainUnits } from "./units";
import type { ChainPayload, ChainSweepConfig } from "./types";

/**
 * The chain units of several sweeps in the fixed order (configs, then chains), each distinct chain
 * entry once; ids "s<sweep>:chain/<k>", labels "sweep <sweep> chain <k> (…)".
 * @throws ConfigError for an empty config list
 */
export function nonlinearShardUnits(configs: readonly ChainSweepConfig[]): WorkUnit<ChainPayload>[] {
  if (configs.length === 0) throw new ConfigError("no sweep configs to shard");
  return dedupeUnits(
    configs.map((c) => chainUnits(c)),
    "s",
    (label, sweep) => `sweep ${sweep} ${label}`,
  );
}

/**
 * Computes shard `index` of `count` in this process into the shared cache, skipping chains
 * already cached (so a re-run after a time limit resumes). Shards have about equal estimated cost.
 * @param onItem called for each chain of the shard: position, number of chains in this shard, a label, and whether it was cached
 * @returns the numbers of chains computed and found cached
 * @throws ConfigError for bad shard numbers (naming the value) or chains; CancelledError when `signal` aborts (finished chains stay cached)
 */
export async function runNonlinearShard(
  configs: readonly ChainSweepConfig[],
  opts: {
    index: number;
    count: number;
    onItem?: (i: number, n: number, label: string, cachedAlready: boolean) => void;
    signal?: AbortSignal;
  },
): Promise<{ computed: number; cached: number }> {
  const r = await runShard(nonlinearShardUnits(configs), {
    families: NONLINEAR_FAMILIES,
    shard: { index: opts.index, count: opts.count },
    onItem: opts.onItem,
    signal: opts.signal,
  });
  return { computed: r.computed, cached: r.cached };
}
