/**
 * The one way the experiments assemble a whole cache entry from part entries: a landscape grid
 * (notebook 02) from its grid-row entries, a nonlinear-model sweep (notebooks 04–06) from its
 * single-chain entries. The parts are work units the runner computes (serially, on worker threads
 * or as shards on other machines); the whole entry is what notebooks load, keyed by the whole
 * config, and holds the same bytes however its parts were computed.
 *
 * Policy: the part entries are KEPT after the whole entry is written. Why:
 * - a shard that runs again (a SLURM array re-queued after a time limit, or another notebook's
 *   shards) finds its parts stored instead of recomputing them: shards of the nonlinear sweeps do
 *   not look for the assembled sweep entry, only for their chains;
 * - a part can belong to more than one whole: the same chain reached from two sweeps is one entry;
 * - another process may be assembling the same whole at the same moment (two shards, a notebook
 *   beside a shard): deleting parts it is about to read made it fail with "finished but its cache
 *   entry … is not readable";
 * - the parts cost little disk beside the whole (a grid row is nA points, a chain its records), and
 *   removing them is a cache clean-up, not part of a computation.
 */
import { DataFileError } from "../../core/errors";
import { cached, type CachedResult, type CacheManifest } from "../../store/cache";

/** How to assemble one whole entry from its parts. */
export interface AssembleSpec<P, V> {
  /** the whole entry's cache kind, e.g. "landscape-grid", "nonlinear-sweep" */
  kind: string;
  /** the whole entry's code version */
  codeVersion: string;
  /** the whole entry's config (its cache key) */
  config: unknown;
  /** a part's name in errors, e.g. "landscape grid row", "chain" */
  part: string;
  /** computes the missing parts (the runner) and reads every part in order; null for a part whose entry is not readable */
  parts: () => Promise<readonly (P | null)[]>;
  /** writes the whole entry's files into `dir` from all parts in order; returns the manifest's meta */
  write: (dir: string, parts: P[]) => Record<string, unknown>;
  /** reads the whole entry */
  load: (dir: string, manifest: CacheManifest) => V;
}

/**
 * Loads the whole entry, or computes its missing parts, reads them all and writes it. The parts stay
 * stored (see the policy above).
 * @returns the whole entry's value, whether it was loaded (`hit`), its folder and content hash
 * @throws DataFileError naming the first part (by its index) whose entry is not readable after the parts were computed; errors of `parts` and `write`
 */
export async function assembleEntry<P, V>(spec: AssembleSpec<P, V>): Promise<CachedResult<V>> {
  return cached({
    kind: spec.kind,
    codeVersion: spec.codeVersion,
    config: spec.config,
    load: spec.load,
    compute: async (dir) => {
      const parts = await spec.parts();
      const all = parts.map((p, i) => {
        if (p === null) throw new DataFileError(`${spec.part} ${i} was computed but its cache entry is not readable`);
        return p;
      });
      return spec.write(dir, all);
    },
  });
}
