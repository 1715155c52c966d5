/**
 * The worker-thread side of the runner: {@link serveUnits} receives {type: "run", unit, entry} and
 * {type: "cancel"}, computes the unit into its cache entry with ./compute (its family looked up by
 * name in the static registry the worker entry module passes in), and answers {type: "progress", units, note}, then {type: "done", hit}
 * or {type: "error", name, message}. A worker that loaded another build of dist/ than its parent
 * (`npm run build` ran in between) answers every unit with that ConfigError. Imports stay light (no TF.js), so a family that needs no
 * backend starts fast; families that do initialize it in their setup.
 */
import { parentPort, workerData } from "worker_threads";
import { checkSameBuild } from "../store/code-version";
import { CancelledError } from "../core/errors";
import { computeUnit, familyOf } from "./compute";
import { ResolvedEntry } from "./entries";
import { UnitFamily, WorkUnit } from "./types";

/** Messages the pool posts to a worker. */
export type ToWorker = { type: "run"; unit: WorkUnit; entry: ResolvedEntry } | { type: "cancel" };
/** Messages a worker posts back. */
export type FromWorker =
  | { type: "progress"; units: number; note: string; resumed?: boolean }
  | { type: "done"; hit: boolean }
  | { type: "error"; name: string; message: string; details?: unknown };

/**
 * Serves units on this worker thread with the families of `families` (a worker entry module's
 * static registry; see FamilyTable.workerEntry). Does nothing on the main thread.
 */
export function serveUnits(families: Readonly<Record<string, UnitFamily<any, any>>>): void {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const port = parentPort;
  if (!port) return;
  let controller = new AbortController();
  port.on("message", (msg: ToWorker) => {
    if (msg.type === "cancel") {
      controller.abort(new CancelledError("cancelled"));
      return;
    }
    if (controller.signal.aborted) controller = new AbortController();
    const api = {
      signal: controller.signal,
      parents: msg.entry.parentDirs,
      progress: (units: number, note = "", resumed = false) =>
        port.postMessage({ type: "progress", units, note, resumed } satisfies FromWorker),
    };
    const checked = async () => {
      checkSameBuild((workerData as { buildFingerprint?: string | null } | undefined)?.buildFingerprint ?? null);
      return computeUnit(msg.unit, familyOf(msg.unit, families), msg.entry, api);
    };
    checked().then(
      (hit) => port.postMessage({ type: "done", hit } satisfies FromWorker),
      (e: Error & { details?: unknown }) =>
        port.postMessage({ type: "error", name: e.name, message: e.message, details: e.details } satisfies FromWorker),
    );
  });
}
