/**
 * Runs independent jobs on worker threads, each worker with its own TF.js backend
 * instance (the wasm backend is single-threaded under Node, so a second core is only
 * reachable this way). Jobs may depend on earlier jobs (a subpath on its main path);
 * a job starts once its dependency is done. Results travel through the cache on disk,
 * not through messages, so a parallel run writes exactly what a serial run writes.
 *
 * Protocol: the pool posts {type: "run", job} and {type: "cancel"}; a worker posts
 * {type: "progress", units, note}, {type: "result", data} (small results, e.g. grid rows),
 * {type: "done"} or {type: "error", name, message}. The worker side is ./worker-serve (serveJobs).
 */
import { Worker } from "worker_threads";
import { CancelledError } from "../core/errors";

/** A job with an id and an optional dependency on another job's id. */
export interface PoolJob {
  id: string;
  dependsOn?: string;
}

/**
 * A worker running `file`: compiled JS as it is; a .ts source (tests run src/ through tsx)
 * through tsx's CommonJS hook, since workers do not inherit the parent's --import loader.
 */
function startWorker(file: string): Worker {
  if (!file.endsWith(".ts")) return new Worker(file);
  return new Worker(`require("tsx/cjs"); require(${JSON.stringify(file)});`, { eval: true });
}

/** Messages a worker posts. */
export type WorkerMessage =
  | { type: "progress"; units: number; note: string }
  | { type: "result"; data: unknown }
  | { type: "done" }
  | { type: "error"; name: string; message: string };

/**
 * Runs `jobs` on `workers` threads started from `workerFile`.
 * @param onProgress called with each worker's progress units and note
 * @throws the first job error (others are cancelled), or CancelledError when `signal` aborts
 */
export async function runPool<J extends PoolJob>(workerFile: string, jobs: J[], workers: number,
  opts: { onProgress?: (units: number, note: string) => void; onResult?: (job: J, data: unknown) => void; signal?: AbortSignal }): Promise<void> {
  const pending = [...jobs];
  const finished = new Set<string>();
  let failure: Error | null = null;
  const pool = Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, () => startWorker(workerFile));
  const cancelAll = () => pool.forEach((w) => w.postMessage({ type: "cancel" }));
  const onAbort = () => { failure ??= new CancelledError("cancelled"); cancelAll(); };
  opts.signal?.addEventListener("abort", onAbort);
  const ready = () => pending.findIndex((j) => !j.dependsOn || finished.has(j.dependsOn));
  try {
    await Promise.all(pool.map((worker) => new Promise<void>((resolve) => {
      const next = () => {
        const i = failure ? -1 : ready();
        if (i < 0) {
          if (failure || pending.length === 0) { resolve(); return; }
          setTimeout(next, 50); // wait for a dependency another worker is computing
          return;
        }
        const [job] = pending.splice(i, 1);
        worker.once("message", function handle(msg: WorkerMessage) {
          if (msg.type === "progress") { opts.onProgress?.(msg.units, msg.note); worker.once("message", handle); return; }
          if (msg.type === "result") { opts.onResult?.(job, msg.data); worker.once("message", handle); return; }
          if (msg.type === "error") {
            if (!failure) { failure = Object.assign(new Error(msg.message), { name: msg.name }); cancelAll(); }
          } else finished.add(job.id);
          next();
        });
        worker.postMessage({ type: "run", job });
      };
      worker.once("error", (e) => { failure ??= e; cancelAll(); resolve(); });
      next();
    })));
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (failure) throw failure;
}
