/**
 * The one worker-thread entry of the runner: receives {type: "run", unit, entry} and
 * {type: "cancel"}, computes the unit into its cache entry with ./compute (the family module is
 * loaded by the path in the unit), and answers {type: "progress", units, note}, then {type: "done", hit}
 * or {type: "error", name, message}. A worker that loaded another build of dist/ than its parent
 * (`npm run build` ran in between) answers every unit with that ConfigError. Imports stay light (no TF.js), so a family that needs no
 * backend starts fast; families that do initialize it in their setup.
 */
import { parentPort, workerData } from "worker_threads";
import { checkSameBuild } from "../store/code-version";
import { CancelledError } from "../core/errors";
import { computeUnit } from "./compute";
import { ResolvedEntry } from "./entries";
import { WorkUnit } from "./types";

/** Messages the pool posts to a worker. */
export type ToWorker = { type: "run"; unit: WorkUnit; entry: ResolvedEntry } | { type: "cancel" };
/** Messages a worker posts back. */
export type FromWorker =
  | { type: "progress"; units: number; note: string; resumed?: boolean }
  | { type: "done"; hit: boolean }
  | { type: "error"; name: string; message: string; details?: unknown };

const port = parentPort;
if (port) {
  let controller = new AbortController();
  port.on("message", (msg: ToWorker) => {
    if (msg.type === "cancel") { controller.abort(new CancelledError("cancelled")); return; }
    if (controller.signal.aborted) controller = new AbortController();
    const api = {
      signal: controller.signal, parentDirs: msg.entry.parentDirs,
      progress: (units: number, note = "", resumed = false) => port.postMessage({ type: "progress", units, note, resumed } satisfies FromWorker),
    };
    const checked = async () => {
      checkSameBuild((workerData as { buildFingerprint?: string | null } | undefined)?.buildFingerprint ?? null);
      return computeUnit(msg.unit, msg.entry, api);
    };
    checked().then(
      (hit) => port.postMessage({ type: "done", hit } satisfies FromWorker),
      (e: Error & { details?: unknown }) => port.postMessage({ type: "error", name: e.name, message: e.message, details: e.details } satisfies FromWorker),
    );
  });
}
