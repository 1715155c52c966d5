/**
 * Resumable working folders of cache entries: `<entry>.partial/`, kept when a computation fails
 * or its process is killed, so that the next computation of the same entry continues from what
 * it left (a path's in-progress snapshot and checkpoint rows). One process at a time owns it,
 * through `<entry>.partial.lock` (created exclusively, holding the owner's pid; a lock whose
 * process is gone is taken over). The folder is renamed into the entry when it completes.
 */
import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";

/** A partial folder this process owns. */
export interface PartialFolder {
  path: string;
  /** Gives up ownership; `keep` false also deletes the folder. */
  release(keep: boolean): void;
}

/** Whether a process with this pid is running (EPERM: it exists under another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Creates `lock` holding this process's pid in one step: the pid is written to a private file first,
 * then hard-linked to the lock's name (which fails when the lock exists). A lock created empty and
 * written after (`writeFileSync` with flag "wx") could be read empty by another process in between,
 * taken for a dead owner's and taken over: two shards then trained one path in one folder.
 */
function tryLock(lock: string): boolean {
  const mine = `${lock}.${process.pid}-${randomBytes(4).toString("hex")}`;
  fs.writeFileSync(mine, String(process.pid));
  try {
    fs.linkSync(mine, lock);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return false;
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

/** The pid in `lock`, or null when the lock is gone (released meanwhile). */
function ownerOf(lock: string): number | null {
  try {
    return Number(fs.readFileSync(lock, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/**
 * Takes the partial folder of entry folder `dir` (creating it when absent), or returns null when
 * a live process owns it (the caller then computes in a private temporary folder instead).
 */
export function acquirePartial(dir: string): PartialFolder | null {
  const folder = `${dir}.partial`,
    lock = `${folder}.lock`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  let owned = false;
  for (let attempt = 0; attempt < 3 && !owned; attempt++) {
    owned = tryLock(lock);
    if (owned) break;
    const owner = ownerOf(lock);
    if (owner === null) continue; // released between our attempt and the read: try again
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) return null;
    fs.rmSync(lock, { force: true }); // its owner died (kill -9, power loss): take over
  }
  if (!owned) return null;
  fs.mkdirSync(folder, { recursive: true });
  return {
    path: folder,
    release(keep: boolean) {
      if (!keep) fs.rmSync(folder, { recursive: true, force: true });
      fs.rmSync(lock, { force: true });
    },
  };
}
