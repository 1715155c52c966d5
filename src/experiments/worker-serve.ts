/**
 * The worker side of ./worker-pool's protocol, shared by the worker entries (late-decay paths,
 * landscape grid rows, nonlinear chains): receives {type: "run", job} and {type: "cancel"},
 * answers each job with {type: "done"} or {type: "error", name, message}. Light on imports, so a
 * worker that needs no TF.js (the chains) starts fast.
 */
import { parentPort } from "worker_threads";
import { CancelledError } from "../core/errors";

/** What a job's code gets: the job's cancellation signal and the messages it may post. */
export interface WorkerJobApi {
  /** aborted when the pool posts "cancel" (CancelledError as the reason) */
  signal: AbortSignal;
  /** progress units done since the last call, with a note */
  progress(units: number, note?: string): void;
  /** a small result posted back to the pool (e.g. grid rows) */
  result(data: unknown): void;
}

/**
 * Serves jobs of type J on this worker thread with `run` (does nothing outside a worker).
 * A "cancel" aborts the running job's signal; the next "run" gets a fresh signal.
 */
export function serveJobs<J>(run: (job: J, api: WorkerJobApi) => Promise<void>): void {
  const port = parentPort;
  if (!port) return;
  let controller = new AbortController();
  port.on("message", (msg: { type: "run"; job: J } | { type: "cancel" }) => {
    if (msg.type === "cancel") { controller.abort(new CancelledError("cancelled")); return; }
    if (controller.signal.aborted) controller = new AbortController();
    const api: WorkerJobApi = {
      signal: controller.signal,
      progress: (units, note = "") => port.postMessage({ type: "progress", units, note }),
      result: (data) => port.postMessage({ type: "result", data }),
    };
    run(msg.job, api).then(
      () => port.postMessage({ type: "done" }),
      (e: Error) => port.postMessage({ type: "error", name: e.name, message: e.message }),
    );
  });
}
