/**
 * Spreading the nonlinear-model sweeps of notebooks 04–06 (Ren, Ma, Ying 2024, Sec. 4) over
 * machines: the chains of one or more sweeps are listed in a fixed order (configs in the given
 * order, then chains), chains reached twice (the same single-chain cache entry) are kept once, and
 * shard k of N computes its share into single-chain entries ("nonlinear-chain", see
 * ./units.ts) in the shared cache directory (LATE_DECAY_DATA_DIR). A SLURM job array
 * runs the shards; the notebook's runChainSweep then assembles each sweep from those entries (and
 * computes any chain that is missing), writing exactly the sweep entry a serial run writes.
 *
 * Chains differ in length by up to ~3× (decay steps T from 0 to 16 000 before the same T′), so
 * shares are balanced by estimated cost (chainCost, greedy longest-first) rather than taking every
 * N-th chain, which for N = 7 would give one shard all the shortest chains. A shard runs its chains
 * one after another on one thread: start one shard per core.
 */
import { ConfigError, showValue } from "../../core/errors";
import { stableJson } from "../../core/hash";
import { runUnits, type UnitEvent, type WorkUnit } from "../../runner";
import { NONLINEAR_FAMILIES, chainUnits } from "./units";
import { ablationConfig, landscapeModelConfig, phasesConfig } from "./config";
import { landscapeSweepConfig } from "./landscape";
import { decaySweepConfig, phaseSweepConfig } from "./phases";
import { ablationSweepConfig } from "./ablations";
import type { ChainPayload, ChainSweepConfig } from "./types";

/** A notebook that runs nonlinear-model sweeps. */
export type NonlinearNotebook = "04" | "05" | "06";

/**
 * The sweep configs a notebook runs under a profile with its parameters cell's defaults
 * (overrides = {}): 04 the trajectories, 05 the three-phase runs then the decay-step sweep,
 * 06 the ablation chains.
 * @param profile "smoke" | "quick" | "paper" or an alias of notebooks 01–03 ("paper-mlp", …)
 * @throws ConfigError for another notebook or an unknown profile (naming it)
 */
export function nonlinearShardConfigs(notebook: NonlinearNotebook, profile: string): ChainSweepConfig[] {
  switch (notebook) {
    case "04": return [landscapeSweepConfig(landscapeModelConfig(profile))];
    case "05": { const c = phasesConfig(profile); return [phaseSweepConfig(c), decaySweepConfig(c)]; }
    case "06": return [ablationSweepConfig(ablationConfig(profile))];
    default: throw new ConfigError(`notebook ${showValue(notebook)} runs no nonlinear sweeps; use "04", "05" or "06"`);
  }
}

/**
 * The chain units of several sweeps in the fixed order (configs, then chains), each distinct chain
 * entry once; ids "s<sweep>:chain/<k>".
 * @throws ConfigError for an empty config list
 */
export function nonlinearShardUnits(configs: readonly ChainSweepConfig[]): WorkUnit<ChainPayload>[] {
  if (configs.length === 0) throw new ConfigError("no sweep configs to shard");
  const seen = new Set<string>();
  return configs.flatMap((config, sweep) => chainUnits(config).flatMap((u) => {
    const key = stableJson(u.entry);
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ...u, id: `s${sweep}:${u.id}`, label: `sweep ${sweep} ${u.label}` }];
  }));
}

/**
 * Computes shard `index` of `count` in this process into the shared cache, skipping chains
 * already cached (so a re-run after a time limit resumes). Shards have about equal estimated cost.
 * @param onItem called for each chain of the shard: position, number of chains in this shard, a label, and whether it was cached
 * @returns the numbers of chains computed and found cached
 * @throws ConfigError for bad shard numbers (naming the value) or chains; CancelledError when `signal` aborts (finished chains stay cached)
 */
export async function runNonlinearShard(configs: readonly ChainSweepConfig[], opts: { index: number; count: number;
  onItem?: (i: number, n: number, label: string, cachedAlready: boolean) => void; signal?: AbortSignal }): Promise<{ computed: number; cached: number }> {
  const onUnit = (e: UnitEvent) => opts.onItem?.(e.position, e.count, e.unit.label, e.cachedAlready);
  const r = await runUnits(nonlinearShardUnits(configs), { families: NONLINEAR_FAMILIES, shard: { index: opts.index, count: opts.count }, signal: opts.signal, onUnit, workers: 1 });
  return { computed: r.computed.length, cached: r.cached.length };
}
