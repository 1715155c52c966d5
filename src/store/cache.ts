/**
 * A results cache keyed by the full configuration and a code version.
 *
 * An entry is a folder `data/cache/<kind>/<key>/` where key = hash(config, codeVersion).
 * It is computed into a temporary sibling folder and renamed into place only after
 * `manifest.json` (config, code version, every file's size and SHA-256, and the entry's content
 * hash) is written, so an interrupted run never leaves a folder that looks complete.
 *
 * Every file is verified by content: on load the manifest is checked against the files — every
 * size and every SHA-256, whatever the file's size. A process verifies an entry once and then
 * trusts it while none of its files changes on disk (same size, inode, mtime and ctime: any write
 * changes ctime); a truncated or altered file makes the entry a miss and it is recomputed.
 * Cost (measured on this 2-core machine at load average 15–17): 0.32–0.45 s for a quick main
 * path's 77 MB entry, so ≈ 10 s for notebook 01's quick cache (12 main paths + 72 subpaths,
 * 1.9 GB), once per process; a later load of a verified entry costs ~0.4 ms (stat calls only).
 *
 * The entry's content hash (manifest.contentHash, {@link entryContentHash}) is the SHA-256 of
 * its files' names and hashes: an entry computed from another keys on it (its config includes
 * the parent's content hash), so a recomputed or different parent gives a different child.
 *
 * Several processes may compute the same entry at once (shards, workers): the first
 * complete entry is kept and the others load it, so a complete entry is never deleted while
 * another process may be reading it.
 */
import * as fs from "fs";
import * as path from "path";
import { createHash, randomBytes } from "crypto";
import { cacheDir } from "./paths";
import { configHash, stableJson } from "../core/hash";
import { acquirePartial, alive } from "./partial";
import { ConfigError, DivergenceError } from "../core/errors";

const MANIFEST = "manifest.json";
/** Bytes read per block when hashing a file (bounds memory for files of any size). */
const HASH_BLOCK_BYTES = 4 * 1024 * 1024;

/** What manifest.json holds. */
export interface CacheManifest {
  kind: string;
  key: string;
  codeVersion: string;
  config: unknown;
  createdAt: string;
  files: Record<string, { bytes: number; sha256: string }>;
  /**
   * SHA-256 (hex) of the entry's content: the stable JSON of {name: sha256} over its files
   * (absent in manifests written before it existed: {@link entryContentHash} derives it)
   */
  contentHash?: string;
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
  /** the version of the code that produces the entry (derive it: store/code-version) */
  codeVersion: string;
  /** the full configuration; any change gives a different key */
  config: unknown;
  /** writes the entry's files into `dir` (an empty temporary folder); returns metadata */
  compute: (dir: string) => Promise<Record<string, unknown> | void>;
  /** reads the entry's files from `dir` */
  load: (dir: string, manifest: CacheManifest) => T | Promise<T>;
  /** recorded in the manifest: the entries this one is computed from (put their content hashes into `config` too) */
  parents?: EntryParent[];
  /**
   * Compute in the entry's resumable folder `<entry>.partial/` (./partial.ts), which survives a
   * failed or killed computation, so that compute can continue from what it finds there (e.g.
   * trainPath's `progress`). compute must then expect a non-empty folder. Default false: a fresh
   * temporary folder, removed on failure. The folder is kept only when resuming can help: it is
   * removed when it is empty, and when compute fails with a DivergenceError or a ConfigError (the
   * same configuration would fail the same way again).
   */
  resumable?: boolean;
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

/** Hex SHA-256 of a file's bytes, read in blocks. */
export function sha256File(file: string): string {
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(HASH_BLOCK_BYTES);
  const fd = fs.openSync(file, "r");
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/**
 * The content hash of an entry: hex SHA-256 of the stable JSON of {file name: sha256}. Two entries
 * have the same content hash exactly when their files are byte-identical (up to SHA-256).
 */
export function entryContentHash(manifest: Pick<CacheManifest, "files" | "contentHash">): string {
  return (
    manifest.contentHash ??
    createHash("sha256")
      .update(stableJson(Object.fromEntries(Object.entries(manifest.files).map(([name, f]) => [name, f.sha256]))))
      .digest("hex")
  );
}

/** What a process last verified of an entry: its files' stat fingerprint and the manifest. */
const verified = new Map<string, { fingerprint: string; manifest: CacheManifest }>();

/** Size, inode, mtime and ctime of the manifest and each file (ns precision), or null when one is missing. */
function fingerprint(dir: string, names: string[]): string | null {
  const parts: string[] = [];
  for (const name of [MANIFEST, ...names]) {
    const st = fs.statSync(path.join(dir, name), { bigint: true, throwIfNoEntry: false });
    if (!st || !st.isFile()) return null;
    parts.push(`${name}:${st.size}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`);
  }
  return parts.join("|");
}

/**
 * The manifest of a complete, intact entry, or null (absent, incomplete, truncated or altered).
 * Every file's SHA-256 is checked the first time a process sees the entry, and again whenever a
 * file's size, inode, mtime or ctime changed since.
 */
export function validEntry(dir: string): CacheManifest | null {
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8"));
  } catch {
    return null;
  }
  if (
    !manifest ||
    typeof manifest.files !== "object" ||
    cacheKey(manifest.config, manifest.codeVersion) !== path.basename(dir).split(".")[0]
  )
    return null;
  const names = Object.keys(manifest.files);
  const fp = fingerprint(dir, names);
  if (fp === null) return null;
  const seen = verified.get(dir);
  if (seen && seen.fingerprint === fp) return seen.manifest;
  for (const name of names) {
    const f = manifest.files[name],
      file = path.join(dir, name);
    if (fs.statSync(file).size !== f.bytes || sha256File(file) !== f.sha256) return null;
  }
  if (manifest.contentHash !== undefined && manifest.contentHash !== entryContentHash({ files: manifest.files }))
    return null;
  verified.set(dir, { fingerprint: fp, manifest });
  return manifest;
}

/** Forgets what this process verified (the next load re-hashes every file; for tests and timing). */
export function forgetVerifiedEntries(): void {
  verified.clear();
}

/**
 * Removes `<dir>.tmp-<pid>-*` and `<dir>.damaged-<pid>-*` folders and `<dir>.partial.lock.<pid>-*` files (a lock's
 * content before it is linked into place, ./partial.ts) left by processes that were killed midway.
 */
function removeStaleTemporaries(dir: string): void {
  const parent = path.dirname(dir);
  if (!fs.existsSync(parent)) return;
  const base = path.basename(dir);
  for (const prefix of [`${base}.tmp-`, `${base}.damaged-`, `${base}.partial.lock.`]) {
    for (const name of fs.readdirSync(parent)) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(name.slice(prefix.length).split("-")[0]);
      if (Number.isInteger(pid) && pid !== process.pid && !alive(pid))
        fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
  }
}

/**
 * The manifest of a valid entry at `dir`, waiting up to `waitMs` when there is none: another process that
 * found the folder damaged a moment before a third one completed it moves it aside, sees it complete and moves
 * it back ({@link removeDamaged}), so a just-completed entry can be missing for a few milliseconds.
 * @returns the manifest, or null when no valid entry appeared in time
 */
export async function settledEntry(dir: string, waitMs = 2000): Promise<CacheManifest | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const manifest = validEntry(dir);
    if (manifest || Date.now() >= deadline) return manifest;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Moves a damaged entry folder aside (one atomic rename) and deletes it. If what was moved turns
 * out to be complete (another process finished the entry between our check and the rename), it
 * is moved back. If the folder is gone already, there is nothing to do.
 */
function removeDamaged(dir: string): void {
  if (!fs.existsSync(dir) || validEntry(dir)) return; // nothing there, or completed by another process meanwhile: keep it
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
 * Whether a resumable folder left by a failed computation can help the next one: not when it is
 * empty, nor after a divergence or a bad configuration (a rerun of the same entry fails the same way).
 */
function worthResuming(error: unknown, folder: string): boolean {
  if (error instanceof DivergenceError || error instanceof ConfigError) return false;
  try {
    return fs.readdirSync(folder).length > 0;
  } catch {
    return false;
  }
}

/** What {@link cached} returns. */
export interface CachedResult<T> {
  value: T;
  /** true when the entry was loaded from disk, false when this call computed it */
  hit: boolean;
  /** the entry's folder */
  dir: string;
  /** the entry's content hash ({@link entryContentHash}): what an entry computed from this one keys on */
  contentHash: string;
}

async function loaded<T>(
  spec: CacheSpec<T>,
  dir: string,
  manifest: CacheManifest,
  hit: boolean,
): Promise<CachedResult<T>> {
  return { value: await spec.load(dir, manifest), hit, dir, contentHash: entryContentHash(manifest) };
}

/**
 * Returns the cached result for `spec`, computing and storing it when missing or damaged.
 * @returns `{ value, hit, dir, contentHash }`: hit is true when the entry was loaded from disk
 */
export async function cached<T>(spec: CacheSpec<T>): Promise<CachedResult<T>> {
  const dir = entryDir(spec);
  const existing = validEntry(dir);
  if (existing) return loaded(spec, dir, existing, true);
  removeStaleTemporaries(dir);
  const partial = spec.resumable ? acquirePartial(dir) : null;
  const tmp = partial?.path ?? `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const meta = (await spec.compute(tmp)) ?? {};
    const files: CacheManifest["files"] = {};
    for (const name of fs.readdirSync(tmp).sort()) {
      const file = path.join(tmp, name);
      if (fs.statSync(file).isFile()) files[name] = { bytes: fs.statSync(file).size, sha256: sha256File(file) };
    }
    const manifest: CacheManifest = {
      kind: spec.kind,
      key: path.basename(dir),
      codeVersion: spec.codeVersion,
      config: JSON.parse(stableJson(spec.config)),
      createdAt: new Date().toISOString(),
      files,
      contentHash: entryContentHash({ files }),
      meta,
      ...(spec.parents ? { parents: spec.parents } : {}),
    };
    fs.writeFileSync(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 1));
    // Another process (a shard, a worker) may have completed the same entry while we computed:
    // keep theirs (identical by construction) and never delete it, it may be being read.
    const theirs = validEntry(dir);
    if (theirs) {
      fs.rmSync(tmp, { recursive: true, force: true });
      partial?.release(false);
      return loaded(spec, dir, theirs, true);
    }
    removeDamaged(dir);
    try {
      fs.renameSync(tmp, dir);
      partial?.release(false);
    } catch (e) {
      // another process (a parallel worker or shard) completed the same entry first:
      // the results are identical by construction, so keep theirs
      const theirs = validEntry(dir);
      if (!theirs) throw e;
      fs.rmSync(tmp, { recursive: true, force: true });
      partial?.release(false);
      return loaded(spec, dir, theirs, true);
    }
    // the files were hashed just now: this process need not hash them again until they change
    const fp = fingerprint(dir, Object.keys(files));
    if (fp !== null) verified.set(dir, { fingerprint: fp, manifest });
    return loaded(spec, dir, manifest, false);
  } catch (e) {
    if (partial)
      partial.release(worthResuming(e, partial.path)); // kept for the next computation to resume from
    else fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
