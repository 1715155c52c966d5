/**
 * Spreading the nonlinear-model sweeps of notebooks 04–06 (Ren, Ma, Ying 2024, Sec. 4) over
 * machines: the chains of one or more sweeps are listed in a fixed order (configs in the given
 * order, then chains), chains reached twice (the same single-chain cache entry) are kept once, and
 * shard k of N computes its share into single-chain entries ("nonlinear-chain", see
 * ./nonlinear-chain-cache) in the shared cache directory (LATE_DECAY_DATA_DIR). A SLURM job array
 * runs the shards; the notebook's runChainSweep then assembles each sweep from those entries (and
 * computes any chain that is missing), writing exactly the sweep entry a serial run writes.
 *
 * Chains differ in length by up to ~3× (decay steps T from 0 to 16 000 before the same T′), so
 * shares are balanced by estimated cost (chainCost, greedy longest-first) rather than taking every
 * N-th chain, which for N = 7 would give one shard all the shortest chains. A shard runs its chains
 * one after another on one thread: start one shard per core.
 */
import { checkInt, ConfigError } from "../../core/errors";
import type { NonlinearProblem } from "../../models/nonlinear";
import { buildProblem, chainCost, splitByCost } from "./units";
import { cacheChain, chainEntryDir, loadCachedChain } from "./chain-cache";
import { ablationConfig, landscapeModelConfig, phasesConfig } from "./config";
import { landscapeSweepConfig } from "./landscape";
import { decaySweepConfig, phaseSweepConfig } from "./phases";
import { ablationSweepConfig } from "./ablations";
import type { ChainSweepConfig } from "./run";

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
    default: throw new ConfigError(`notebook ${JSON.stringify(notebook)} runs no nonlinear sweeps; use "04", "05" or "06"`);
  }
}

/** One unit of a shard: chain `chain` of sweep `config` (index `sweep` in the configs given). */
export interface NonlinearShardItem {
  sweep: number;
  config: ChainSweepConfig;
  chain: number;
}

/**
 * The chains of shard `index` (0-based) of `count`, in the fixed order (configs, then chains).
 * Every distinct chain of the configs is in exactly one shard; shards have about equal estimated cost.
 * @throws ConfigError for count < 1 or index ∉ [0, count − 1] (naming the value), or an empty config list
 */
export function nonlinearShardItems(configs: readonly ChainSweepConfig[], index: number, count: number): NonlinearShardItem[] {
  checkInt("shard count", count, 1);
  checkInt("shard index", index, 0, count - 1);
  if (configs.length === 0) throw new ConfigError("no sweep configs to shard");
  const seen = new Set<string>();
  const all: NonlinearShardItem[] = [];
  configs.forEach((config, sweep) => config.chains.forEach((_, chain) => {
    const dir = chainEntryDir(config, chain);
    if (seen.has(dir)) return;
    seen.add(dir);
    all.push({ sweep, config, chain });
  }));
  const costs = all.map((it) => chainCost(it.config.problem, it.config.chains[it.chain], it.config.recordEverySteps));
  return splitByCost(costs, count)[index].map((i) => all[i]);
}

/**
 * Computes shard `index` of `count` in this process into the shared cache, skipping chains
 * already cached (so a re-run after a time limit resumes).
 * @param onItem called before each chain: position, number of chains in this shard, a label, and whether it was cached
 * @returns the numbers of chains computed and found cached
 * @throws ConfigError for bad shard numbers or chains; CancelledError when `signal` aborts (finished chains stay cached)
 */
export async function runNonlinearShard(configs: readonly ChainSweepConfig[], opts: { index: number; count: number;
  onItem?: (i: number, n: number, label: string, cachedAlready: boolean) => void; signal?: AbortSignal }): Promise<{ computed: number; cached: number }> {
  const items = nonlinearShardItems(configs, opts.index, opts.count);
  const problems = new Map<number, NonlinearProblem>();
  let computed = 0, cachedCount = 0;
  for (const [i, { sweep, config, chain }] of items.entries()) {
    const already = loadCachedChain(config, chain) !== null;
    const c = config.chains[chain];
    opts.onItem?.(i, items.length, `sweep ${sweep} chain ${chain} (${c.tag ?? ""}, seed ${c.seed}, ${c.stepsBeforeDecay}+${c.stepsAfterDecay} steps)`, already);
    if (already) { cachedCount++; continue; }
    if (!problems.has(sweep)) problems.set(sweep, buildProblem(config.problem));
    await cacheChain(config, chain, { signal: opts.signal, problem: problems.get(sweep) });
    computed++;
  }
  return { computed, cached: cachedCount };
}
