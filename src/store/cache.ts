/**
 * A results cache keyed by the full configuration and a code version.
 *
 * An entry is a folder `data/cache/<kind>/<key>/` where key = hash(config, codeVersion).
 * It is computed into a temporary sibling folder and renamed into place only after
 * `manifest.json` (config, code version, every file's size and SHA-256) is written, so an
 * interrupted run never leaves a folder that looks complete. On load the manifest is
 * checked against the files: every size, and the SHA-256 of files up to HASH_CHECK_BYTES
 * (large binary checkpoint files are checked by size only, so that loading a cached
 * experiment stays fast); a truncated or altered file makes the entry a miss and it is
 * recomputed. Several processes may compute the same entry at once (shards, workers): the first
 * complete entry is kept and the others load it, so a complete entry is never deleted while
 * another process may be reading it.
 */
import * as fs from "fs";
import * as path from "path";
import { createHash, randomBytes } from "crypto";
import { cacheDir } from "./paths";
import { configHash, stableJson } from "../core/hash";

const MANIFEST = "manifest.json";
/** Files up to this size are re-hashed on every load; larger ones are checked by size. */
export const HASH_CHECK_BYTES = 8 * 1024 * 1024;

/** What manifest.json holds. */
export interface CacheManifest {
  kind: string;
  key: string;
  codeVersion: string;
  config: unknown;
  createdAt: string;
  files: Record<string, { bytes: number; sha256: string }>;
  /** free-form metadata written by the producer (e.g. wall time) */
  meta: Record<string, unknown>;
  /** the entries this one was computed from (their content hashes are also in the key), if any */
  parents?: EntryParent[];
}

/** A parent entry as a dependent's manifest records it. */
export interface EntryParent {
  kind: string;
  key: string;
  /** {@link entryContentHash} of the parent */
  contentHash: string;
}

/** How to produce and read one kind of entry. */
export interface CacheSpec<T> {
  /** folder name under data/cache, e.g. "path" */
  kind: string;
  /** bump when the code that produces the entry changes its results */
  codeVersion: string;
  /** the full configuration; any change gives a different key */
  config: unknown;
  /** writes the entry's files into `dir` (an empty temporary folder); returns metadata */
  compute: (dir: string) => Promise<Record<string, unknown> | void>;
  /** reads the entry's files from `dir` */
  load: (dir: string, manifest: CacheManifest) => T | Promise<T>;
  /** recorded in the manifest: the entries this one is computed from (put their content hashes into `config` too) */
  parents?: EntryParent[];
}

/** The content hash of an entry: a hash of every file's name, size and SHA-256 (from its manifest). */
export function entryContentHash(manifest: CacheManifest): string {
  return configHash(manifest.files, 20);
}

/** Deletes an entry folder (e.g. per-row entries once the assembled grid is stored); absent is fine. */
export function removeEntry(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The cache key of a config and code version. */
export function cacheKey(config: unknown, codeVersion: string): string {
  return configHash({ config, codeVersion }, 20);
}

/** Folder of the entry for `spec` (whether or not it exists). */
export function entryDir(spec: Pick<CacheSpec<unknown>, "kind" | "config" | "codeVersion">): string {
  return path.join(cacheDir(spec.kind), cacheKey(spec.config, spec.codeVersion));
}

function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** The manifest of a complete, intact entry, or null (absent, incomplete, truncated or altered). */
export function validEntry(dir: string): CacheManifest | null {
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8"));
  } catch {
    return null;
  }
  for (const [name, f] of Object.entries(manifest.files)) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file) || fs.statSync(file).size !== f.bytes) return null;
    if (f.bytes <= HASH_CHECK_BYTES && sha256File(file) !== f.sha256) return null;
  }
  return manifest;
}

/** Whether a process with this pid is running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes `<dir>.tmp-<pid>-*` and `<dir>.damaged-<pid>-*` folders left by processes that were killed midway. */
function removeStaleTemporaries(dir: string): void {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) return;
  for (const prefix of [`${path.basename(dir)}.tmp-`, `${path.basename(dir)}.damaged-`]) {
    for (const name of fs.readdirSync(parent)) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(name.slice(prefix.length).split("-")[0]);
      if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
  }
}

/**
 * Moves a damaged entry folder aside (one atomic rename) and deletes it. If what was moved turns
 * out to be complete (another process finished the entry between our check and the rename), it
 * is moved back. If the folder is gone already, there is nothing to do.
 */
function removeDamaged(dir: string): void {
  const aside = `${dir}.damaged-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(dir, aside);
  } catch {
    return;
  }
  if (validEntry(aside)) {
    try {
      fs.renameSync(aside, dir);
      return;
    } catch {
      // dir was taken again meanwhile: then that one is kept and this copy goes
    }
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

/**
 * Returns the cached result for `spec`, computing and storing it when missing or damaged.
 * @returns `{ value, hit }`: hit is true when the entry was loaded from disk
 */
export async function cached<T>(spec: CacheSpec<T>): Promise<{ value: T; hit: boolean; dir: string }> {
  const dir = entryDir(spec);
  const existing = validEntry(dir);
  if (existing) return { value: await spec.load(dir, existing), hit: true, dir };
  removeStaleTemporaries(dir);
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const meta = (await spec.compute(tmp)) ?? {};
    const files: CacheManifest["files"] = {};
    for (const name of fs.readdirSync(tmp).sort()) {
      const file = path.join(tmp, name);
      if (fs.statSync(file).isFile()) files[name] = { bytes: fs.statSync(file).size, sha256: sha256File(file) };
    }
    const manifest: CacheManifest = {
      kind: spec.kind, key: path.basename(dir), codeVersion: spec.codeVersion,
      config: JSON.parse(stableJson(spec.config)), createdAt: new Date().toISOString(), files, meta,
      ...(spec.parents ? { parents: spec.parents } : {}),
    };
    fs.writeFileSync(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 1));
    // Another process (a shard, a worker) may have completed the same entry while we computed:
    // keep theirs (identical by construction) and never delete it, it may be being read.
    const theirs = validEntry(dir);
    if (theirs) {
      fs.rmSync(tmp, { recursive: true, force: true });
      return { value: await spec.load(dir, theirs), hit: true, dir };
    }
    removeDamaged(dir);
    try {
      fs.renameSync(tmp, dir);
    } catch (e) {
      // another process (a parallel worker or shard) completed the same entry first:
      // the results are identical by construction, so keep theirs
      const theirs = validEntry(dir);
      if (!theirs) throw e;
      fs.rmSync(tmp, { recursive: true, force: true });
      return { value: await spec.load(dir, theirs), hit: true, dir };
    }
    return { value: await spec.load(dir, manifest), hit: false, dir };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
