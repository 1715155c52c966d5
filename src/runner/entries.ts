/**
 * The cache entry of a work unit and the done-set of a list of units. A unit without dependencies
 * is keyed by its entry config as it stands; a unit with dependencies by {config, parents: the
 * content hashes of its parents' entries}, so a dependent entry (subpath, grid row) built on a
 * parent that was recomputed with other bytes is a miss. The manifest records the parents.
 */
import { CacheManifest, EntryParent, entryContentHash, entryDir, validEntry } from "../store/cache";
import { ConfigError } from "../core/errors";
import { WorkUnit, EntryKey } from "./types";

/** A stored entry: its folder and manifest. */
export interface StoredEntry {
  dir: string;
  manifest: CacheManifest;
}

/** A unit's entry key with its parents resolved. */
export interface ResolvedEntry extends EntryKey {
  dir: string;
  parents: EntryParent[];
  /** each parent's folder by its role */
  parentDirs: Record<string, string>;
}

/** The unit ids `unit` depends on, in `dependsOn` order. */
export function parentIds(unit: WorkUnit): string[] {
  return Object.values(unit.dependsOn);
}

/**
 * The entry of `unit` given its parents' stored entries.
 * @throws Error when a parent is not stored (the runner computes parents first)
 */
export function resolveEntry(unit: WorkUnit, stored: ReadonlyMap<string, StoredEntry | null>): ResolvedEntry {
  const parents: EntryParent[] = [];
  const parentDirs: Record<string, string> = {};
  for (const [role, id] of Object.entries(unit.dependsOn)) {
    const p = stored.get(id);
    if (!p) throw new Error(`unit ${unit.id}: its parent ${id} is not stored yet`);
    parents.push({ kind: p.manifest.kind, key: p.manifest.key, contentHash: entryContentHash(p.manifest) });
    parentDirs[role] = p.dir;
  }
  const config = parents.length
    ? { config: unit.entry.config, parents: parents.map((p) => p.contentHash) }
    : unit.entry.config;
  const key = { kind: unit.entry.kind, codeVersion: unit.entry.codeVersion, config };
  return { ...key, dir: entryDir(key), parents, parentDirs };
}

/**
 * Units ordered so that every unit comes after the units it depends on (stable otherwise).
 * @throws ConfigError for a duplicate id, a dependency on an unknown id, or a cycle (naming the ids)
 */
export function topologicalOrder<U extends WorkUnit>(units: readonly U[]): U[] {
  const byId = new Map<string, U>();
  for (const u of units) {
    if (byId.has(u.id)) throw new ConfigError(`two work units have the id ${JSON.stringify(u.id)}`);
    byId.set(u.id, u);
  }
  const out: U[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (u: U, from: string[]) => {
    if (state.get(u.id) === "done") return;
    if (state.get(u.id) === "visiting")
      throw new ConfigError(`work units depend on each other in a cycle: ${[...from, u.id].join(" → ")}`);
    state.set(u.id, "visiting");
    for (const d of parentIds(u)) {
      const dep = byId.get(d);
      if (!dep)
        throw new ConfigError(
          `work unit ${JSON.stringify(u.id)} depends on ${JSON.stringify(d)}, which is not in the list`,
        );
      visit(dep, [...from, u.id]);
    }
    state.set(u.id, "done");
    out.push(u);
  };
  for (const u of units) visit(u, []);
  return out;
}

/**
 * The done-set: every unit's stored entry, or null when it is missing (or one of its parents is,
 * since then its key is not known). Units must be in topological order.
 */
export function scanStored(ordered: readonly WorkUnit[]): Map<string, StoredEntry | null> {
  const stored = new Map<string, StoredEntry | null>();
  for (const u of ordered) {
    if (parentIds(u).some((d) => !stored.get(d))) {
      stored.set(u.id, null);
      continue;
    }
    const { dir } = resolveEntry(u, stored);
    const manifest = validEntry(dir);
    stored.set(u.id, manifest ? { dir, manifest } : null);
  }
  return stored;
}
