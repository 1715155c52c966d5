/**
 * Worker-thread entry of the late-decay experiment (see ./worker-pool for the protocol):
 * each worker initializes its own TF.js backend and computes tasks into the shared cache.
 */
import { parentPort } from "worker_threads";
import { initBackend } from "../env/backend";
import { configHash } from "../core/hash";
import { CancelledError } from "../core/errors";
import { LateDecayConfig } from "./late-decay-config";
import { PathTask, TaskContext, computeTask, openTaskContext } from "./late-decay-tasks";

const contexts = new Map<string, TaskContext>();
let controller = new AbortController();
const port = parentPort;

async function run(job: PathTask & { config: LateDecayConfig }): Promise<void> {
  const { backend } = await initBackend();
  const key = configHash(job.config);
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = await openTaskContext(job.config, backend, undefined, () => undefined);
    contexts.set(key, ctx);
  }
  ctx.signal = controller.signal;
  ctx.tick = (units, note) => port?.postMessage({ type: "progress", units, note });
  await computeTask(ctx, job);
}

port?.on("message", (msg: { type: "run"; job: PathTask & { config: LateDecayConfig } } | { type: "cancel" }) => {
  if (msg.type === "cancel") {
    controller.abort(new CancelledError("cancelled"));
    return;
  }
  if (controller.signal.aborted) controller = new AbortController();
  run(msg.job).then(
    () => port?.postMessage({ type: "done" }),
    (e: Error) => port?.postMessage({ type: "error", name: e.name, message: e.message }),
  );
});
