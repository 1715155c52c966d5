/**
 * The late-decay experiment (paper Sec. 2, Fig. 1): for each seed, a main path at the
 * large LR with checkpoints, and one subpath per decay epoch E that starts from the
 * main path's checkpoint at E with the LR multiplied by `decayFactor`.
 *
 * Branch semantics: a subpath copies the main path's parameters, epoch, step counter
 * and minibatch-generator state at E (so its minibatches are those a single run with a
 * step schedule would draw). The momentum buffer is carried over (`"carry"`, what a
 * step-schedule run does) or restarted at zero (`"reset"`, what the authors' scripts
 * did since they reload weights only). The main path is never modified by branching.
 *
 * Every path is one cache entry (./units.ts) run by the runner (src/runner): serially, on
 * worker threads, or as shards of a cluster job (./shard.ts), with the same bytes every way;
 * an interrupted run loses at most the paths in progress.
 */
import { initBackend, type BackendInfo } from "../../env/backend";
import { runUnits, storedEntries } from "../../runner";
import { LateDecayConfig, checkLateDecayConfig } from "./config";
import { needsEstimate, refuseIfTooSlow } from "./estimate";
import { trainRows } from "./work";
import { LATE_DECAY_FAMILIES, lateDecayUnits, loadHistory, loadNorms, openPathSetup } from "./units";
import { LateDecayRuns, PathRun, RunOptions } from "./types";

export { LATE_DECAY_CODE_VERSION } from "./units";

/** Times the run first on a slow backend (unless forced) and refuses it when too slow. */
async function checkSpeed(c: LateDecayConfig, info: BackendInfo, force: boolean): Promise<void> {
  if (!needsEstimate(c, info.backend, force, trainRows(c))) return;
  const setup = openPathSetup(c, c.seeds[0]);
  try {
    await refuseIfTooSlow(c, info.computeId, setup);
  } finally {
    setup.dispose();
  }
}

/**
 * Trains (or loads from cache) the main path and all subpaths for every seed.
 * Runs are cancelled by a kernel interrupt (SIGINT) or `opts.signal` within one step.
 * @throws ConfigError for an invalid config or a run too slow for this backend (with its
 *   estimate); DivergenceError naming the path, epoch and lr; DataFileError for missing data files
 */
export async function runLateDecay(config: LateDecayConfig, opts: RunOptions = {}): Promise<LateDecayRuns> {
  const c = checkLateDecayConfig(config);
  const info = await initBackend();
  const backend = info.computeId; // engine, its version and the tfjs backend: part of every path's key
  const t0 = performance.now();
  const units = lateDecayUnits(c, backend, { snapshotEverySeconds: opts.snapshotEverySeconds });
  const before = storedEntries(units);
  const todo = units.filter((u) => !before.get(u.id));
  if (todo.length > 0) await checkSpeed(c, info, opts.forceSlowBackend ?? false);
  const report = await runUnits(units, {
    families: LATE_DECAY_FAMILIES,
    workers: opts.workers,
    backend: info.backend,
    signal: opts.signal,
    onProgress: (p) => opts.onProgress?.(p.done, p.total, p.allCached ? "all paths cached" : p.note, p.doneBefore),
  });
  const paths = units.map((u): PathRun => {
    const dir = report.dirs[u.id];
    const p = u.payload;
    return {
      kind: p.kind,
      seed: p.seed,
      decayEpoch: p.decayEpoch ?? null,
      history: loadHistory(dir),
      norms: loadNorms(dir),
      dir,
      cacheHit: report.cached.includes(u.id),
    };
  });
  return { config: c, backend, paths, wallSeconds: (performance.now() - t0) / 1000 };
}
