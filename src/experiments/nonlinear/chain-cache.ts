/**
 * One chain of a nonlinear-model sweep as its own cache entry ("nonlinear-chain"), written by the
 * shards of ./nonlinear-shard and read by runChainSweep, which assembles a sweep from these entries
 * when they exist. The key holds everything that fixes the chain's numbers — the problem, the chain
 * spec without its tag, recordEverySteps, recordParams — and NONLINEAR_CODE_VERSION, but not the
 * chain's index or the other chains, so the same chain reached from two sweeps is one entry.
 */
import * as fs from "fs";
import * as path from "path";
import { cached, entryDir, validEntry } from "../../store/cache";
import type { NonlinearProblem } from "../../models/nonlinear";
import type { ChainRecord } from "../../train/chains";
import { NONLINEAR_CODE_VERSION, runChainPart, type PartResult } from "./units";
import type { ChainSweepConfig } from "./run";

const KIND = "nonlinear-chain";

/** The cache key config of chain k of a sweep (index-free; tag dropped). */
export function chainEntryConfig(config: ChainSweepConfig, k: number): unknown {
  const { tag: _tag, ...chain } = config.chains[k];
  return { problem: config.problem, chain, recordEverySteps: config.recordEverySteps, recordParams: config.recordParams ?? false };
}

/** Folder of chain k's entry (whether or not it exists). */
export function chainEntryDir(config: ChainSweepConfig, k: number): string {
  return entryDir({ kind: KIND, codeVersion: NONLINEAR_CODE_VERSION, config: chainEntryConfig(config, k) });
}

/** Reads an entry's files as chain k's part; `wallSeconds` is the time its shard spent on it. */
function readEntry(dir: string, k: number, wallSeconds: number): { part: PartResult; wallSeconds: number } {
  const records = (JSON.parse(fs.readFileSync(path.join(dir, "records.json"), "utf8")) as Omit<ChainRecord, "chain">[]).map((r) => ({ chain: k, ...r }));
  const outcome = JSON.parse(fs.readFileSync(path.join(dir, "outcome.json"), "utf8")) as Omit<PartResult["outcomes"][number], "chain">;
  return { part: { records, outcomes: [{ chain: k, ...outcome }] }, wallSeconds };
}

/** Chain k's cached part, or null when its entry is absent or damaged. */
export function loadCachedChain(config: ChainSweepConfig, k: number): { part: PartResult; wallSeconds: number } | null {
  const dir = chainEntryDir(config, k);
  const manifest = validEntry(dir);
  return manifest ? readEntry(dir, k, Number(manifest.meta.wallSeconds)) : null;
}

/**
 * Computes chain k of a sweep into its entry unless it is cached.
 * @param problem the sweep's problem, built once by the caller (optional)
 * @returns hit: whether the entry was already there
 * @throws ConfigError for a bad chain; CancelledError when `signal` aborts (nothing is written)
 */
export async function cacheChain(config: ChainSweepConfig, k: number, opts: { signal?: AbortSignal; problem?: NonlinearProblem } = {}): Promise<{ hit: boolean }> {
  const r = await cached({
    kind: KIND, codeVersion: NONLINEAR_CODE_VERSION, config: chainEntryConfig(config, k),
    compute: async (dir) => {
      const t0 = performance.now();
      const part = await runChainPart(config, [k], opts);
      fs.writeFileSync(path.join(dir, "records.json"), JSON.stringify(part.records.map(({ chain: _c, ...r }) => r)));
      const { chain: _c, ...outcome } = part.outcomes[0];
      fs.writeFileSync(path.join(dir, "outcome.json"), JSON.stringify(outcome));
      return { wallSeconds: (performance.now() - t0) / 1000 };
    },
    load: () => null,
  });
  return { hit: r.hit };
}
