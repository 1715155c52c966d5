/**
 * Spreading the late-decay runs over machines: the independent paths of one or more
 * configs (e.g. notebook 01's config and its weight-decay sweep) are listed in a fixed
 * order and shard k of N computes every N-th one into the (shared) cache directory. A
 * SLURM job array (what the authors used) or any batch scheduler runs the shards; the
 * notebook then finds every path in the cache. A subpath whose main path is missing
 * computes it first; two shards that compute the same entry keep one copy (identical).
 * For the least duplicated work, run the main paths first (`only: "main"`), then the rest.
 */
import { initBackend } from "../../env/backend";
import { check, checkInt } from "../../core/errors";
import { validEntry } from "../../store/cache";
import { LateDecayConfig, checkLateDecayConfig } from "./config";
import { PathTask, lateDecayTasks, taskDir, computeTask, openTaskContext, TaskContext } from "./units";
import { configHash } from "../../core/hash";

/** One unit of a shard: a task of a config. */
export interface ShardItem {
  config: LateDecayConfig;
  task: PathTask;
}

/**
 * The items of shard `index` (0-based) of `count`: all tasks of all configs in a fixed
 * order (configs in the given order, then seeds, main path before subpaths), duplicates
 * (the same cache entry reached from two configs) removed, then every count-th from index.
 * @param only restrict to main paths or subpaths
 * @throws ConfigError for index ∉ [0, count) or count < 1
 */
export function shardItems(configs: LateDecayConfig[], index: number, count: number, backend: string, only?: "main" | "subpath"): ShardItem[] {
  checkInt("shard count", count, 1);
  checkInt("shard index", index, 0, count - 1);
  check(only === undefined || only === "main" || only === "subpath", `only must be "main" or "subpath", got ${JSON.stringify(only)}`);
  const seen = new Set<string>();
  const all: ShardItem[] = [];
  for (const config of configs.map(checkLateDecayConfig)) {
    for (const task of lateDecayTasks(config)) {
      const dir = taskDir(config, task, backend);
      if (seen.has(dir) || (only && task.kind !== only)) continue;
      seen.add(dir);
      all.push({ config, task });
    }
  }
  return all.filter((_, i) => i % count === index);
}

/**
 * Computes shard `index` of `count` in this process, skipping entries already cached. A subpath
 * whose main path is not cached trains the main path first (said in its item label and counted).
 * @returns the number of paths computed and found cached, and the main paths trained for subpaths
 */
export async function runLateDecayShard(configs: LateDecayConfig[], opts: { index: number; count: number; only?: "main" | "subpath";
  onItem?: (i: number, n: number, label: string, cachedAlready: boolean) => void; signal?: AbortSignal }): Promise<{ computed: number; cached: number; mainPathsForSubpaths: number }> {
  const { backend } = await initBackend();
  const items = shardItems(configs, opts.index, opts.count, backend, opts.only);
  const contexts = new Map<string, TaskContext>();
  let computed = 0, cachedCount = 0, mainPathsForSubpaths = 0;
  try {
    for (const [i, { config, task }] of items.entries()) {
      const already = validEntry(taskDir(config, task, backend)) !== null;
      const mainMissing = !already && task.kind === "subpath" && !validEntry(taskDir(config, { id: `main/${task.seed}`, kind: "main", seed: task.seed }, backend));
      if (mainMissing) mainPathsForSubpaths++;
      const note = mainMissing ? ": its main path is not cached, training it first (run the main paths' shards first to avoid this)" : "";
      opts.onItem?.(i, items.length, `${task.id} (config ${configHash(config, 8)})${note}`, already);
      if (already) { cachedCount++; continue; }
      const key = configHash(config);
      if (!contexts.has(key)) contexts.set(key, await openTaskContext(config, backend, opts.signal, () => undefined));
      await computeTask(contexts.get(key)!, task);
      computed++;
    }
  } finally {
    for (const ctx of contexts.values()) ctx.dispose();
  }
  return { computed, cached: cachedCount, mainPathsForSubpaths };
}
