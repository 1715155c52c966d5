/**
 * Worker-thread entry of the late-decay experiment (see ./worker-pool for the protocol):
 * each worker initializes its own TF.js backend and computes tasks into the shared cache.
 */
import { initBackend } from "../../env/backend";
import { configHash } from "../../core/hash";
import { LateDecayConfig } from "./config";
import { PathTask, TaskContext, computeTask, openTaskContext } from "./units";
import { serveJobs, WorkerJobApi } from "../worker-serve";

const contexts = new Map<string, TaskContext>();

async function run(job: PathTask & { config: LateDecayConfig }, api: WorkerJobApi): Promise<void> {
  const { backend } = await initBackend();
  const key = configHash(job.config);
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = await openTaskContext(job.config, backend, undefined, () => undefined);
    contexts.set(key, ctx);
  }
  ctx.signal = api.signal;
  ctx.tick = (units, note) => api.progress(units, note);
  await computeTask(ctx, job);
}

serveJobs(run);
