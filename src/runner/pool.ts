/**
 * Units on worker threads, each thread with its own setups (a TF.js backend instance, resident
 * data): the wasm backend is single-threaded under Node, so a second core is only reachable this
 * way. A unit starts once the units it depends on are stored; results travel through the cache on
 * disk, never through messages, so threads write exactly the entries a serial run writes.
 */
import { Worker } from "worker_threads";
import { CancelledError, DivergenceError, type DivergenceDetails } from "../core/errors";

/** A worker's error as an Error of its class where it matters to callers (a DivergenceError keeps its details). */
function errorOf(msg: { name: string; message: string; details?: unknown }): Error {
  if (msg.name === "DivergenceError")
    return new DivergenceError(msg.message, msg.details as DivergenceDetails | undefined);
  return Object.assign(new Error(msg.message), { name: msg.name });
}
import { settledEntry } from "../store/cache";
import { loadedBuildFingerprint } from "../store/code-version";
import { ResolvedEntry, StoredEntry, parentIds, resolveEntry } from "./entries";
import type { FromWorker } from "./worker";
import { WorkUnit } from "./types";

/**
 * A worker running the family table's worker entry: compiled JS as it is; the .ts source (tests run src/
 * through tsx) through tsx's CommonJS hook, since workers do not inherit the parent's --import loader.
 * It gets the fingerprint of the build this process loaded and refuses to compute under another.
 */
function startWorker(file: string): Worker {
  const workerData = { buildFingerprint: loadedBuildFingerprint() };
  if (!file.endsWith(".ts")) return new Worker(file, { workerData });
  return new Worker(`require("tsx/cjs"); require(${JSON.stringify(file)});`, { eval: true, workerData });
}

/** Options of {@link runOnThreads}. */
export interface PoolOptions {
  /** the worker entry module (FamilyTable.workerEntry) */
  workerEntry: string;
  signal: AbortSignal;
  onProgress: (units: number, note: string, resumed?: boolean) => void;
  onStart: (unit: WorkUnit) => void;
  /** a unit found stored by the time it ran (another process stored it first) */
  onHit: (unit: WorkUnit) => void;
}

/**
 * Computes `todo` (in topological order) on `workers` threads; `stored` is updated as units finish.
 * @throws the first unit error (the others are cancelled), or CancelledError when `signal` aborts
 */
export async function runOnThreads(
  todo: readonly WorkUnit[],
  stored: Map<string, StoredEntry | null>,
  workers: number,
  opts: PoolOptions,
): Promise<void> {
  const pending = [...todo];
  let failure: Error | null = null;
  const pool = Array.from({ length: Math.max(1, Math.min(workers, todo.length)) }, () => startWorker(opts.workerEntry));
  const cancelAll = () => pool.forEach((w) => w.postMessage({ type: "cancel" }));
  const fail = (e: Error) => {
    if (!failure) {
      failure = e;
      cancelAll();
    }
  };
  const onAbort = () => fail(new CancelledError("cancelled"));
  opts.signal.addEventListener("abort", onAbort);
  if (opts.signal.aborted) onAbort();
  const ready = () => pending.findIndex((u) => parentIds(u).every((d) => stored.get(d)));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const next = () => {
              const i = failure ? -1 : ready();
              if (i < 0) {
                if (failure || pending.length === 0) {
                  resolve();
                  return;
                }
                setTimeout(next, 20); // wait for a dependency another worker is computing
                return;
              }
              const [unit] = pending.splice(i, 1);
              let entry: ResolvedEntry;
              try {
                entry = resolveEntry(unit, stored);
              } catch (e) {
                fail(e as Error);
                resolve();
                return;
              }
              opts.onStart(unit);
              worker.on("message", function handle(msg: FromWorker) {
                if (msg.type === "progress") {
                  opts.onProgress(msg.units, msg.note, msg.resumed);
                  return;
                }
                worker.off("message", handle);
                if (msg.type === "error") {
                  fail(errorOf(msg));
                  next();
                  return;
                }
                if (msg.hit) opts.onHit(unit);
                void settledEntry(entry.dir).then((manifest) => {
                  if (manifest) stored.set(unit.id, { dir: entry.dir, manifest });
                  else fail(new Error(`unit ${unit.id} finished but its cache entry ${entry.dir} is not readable`));
                  next();
                });
              });
              worker.postMessage({ type: "run", unit, entry });
            };
            worker.once("error", (e) => {
              fail(e);
              resolve();
            });
            next();
          }),
      ),
    );
  } finally {
    opts.signal.removeEventListener("abort", onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (failure) throw failure;
}
