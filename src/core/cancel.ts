/**
 * Cancellation of long loops. tslab's interrupt (SIGINT) only stops *waiting* for a
 * cell's promise: an async training loop would go on in the background and print
 * into later cells. Long loops therefore check an AbortSignal every step; this helper
 * gives one that the next SIGINT aborts.
 */
import { CancelledError } from "./errors";

/**
 * Runs `fn` with a signal that is aborted on SIGINT (kernel interrupt) or when
 * `outer` aborts. The SIGINT listener is removed when `fn` settles.
 */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
  const ctrl = new AbortController();
  const onSigint = () => ctrl.abort(new CancelledError("interrupted (SIGINT)"));
  const onOuter = () => ctrl.abort(outer?.reason);
  process.on("SIGINT", onSigint);
  outer?.addEventListener("abort", onOuter);
  if (outer?.aborted) onOuter();
  try {
    return await fn(ctrl.signal);
  } finally {
    process.off("SIGINT", onSigint);
    outer?.removeEventListener("abort", onOuter);
  }
}

/** Throws CancelledError when `signal` is aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) {
    const why = signal.reason instanceof CancelledError ? signal.reason.message : "cancelled";
    throw new CancelledError(`${where}: ${why}`);
  }
}

/** Yields to the event loop so that signals and I/O are processed between steps. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
