/**
 * Worker-thread entry for landscape grids (see ./worker-pool for the protocol): each
 * worker holds its own TF.js backend, network and resident data, and evaluates the grid
 * points of the jobs it is given, posting the rows back.
 */
import { parentPort } from "worker_threads";
import { initBackend } from "../env/backend";
import { configHash } from "../core/hash";
import { CancelledError } from "../core/errors";
import { throwIfCancelled, yieldToEventLoop } from "../core/cancel";
import { loadSplit } from "../data/datasets";
import { Network, networkOf } from "../models/network";
import { toSetTensors, SetTensors } from "../train/evaluate";
import { gridPointAt } from "../analysis/grid";
import { evaluateSurfacePoint, LandscapeRow } from "../analysis/landscape";
import type { GridJob } from "./landscape-parallel";

const contexts = new Map<string, { network: Network; sets: { train: SetTensors; test: SetTensors } }>();
let controller = new AbortController();
const port = parentPort;

async function run(job: GridJob): Promise<void> {
  await initBackend();
  const key = configHash(job.config.lateDecay);
  if (!contexts.has(key)) {
    const network = networkOf(job.config.lateDecay.model);
    const split = loadSplit(job.config.lateDecay.data);
    contexts.set(key, { network, sets: { train: toSetTensors(split.train, network.numClasses), test: toSetTensors(split.test, network.numClasses) } });
  }
  const { network, sets } = contexts.get(key)!;
  const buffer = new Float32Array(network.layout.size);
  const rows: LandscapeRow[] = [];
  for (let index = job.from; index < job.to; index++) {
    throwIfCancelled(controller.signal, `landscape grid at point ${index}`);
    const pt = gridPointAt(job.grid, index);
    rows.push({ index, ...evaluateSurfacePoint(network, job.surface, pt.a, pt.b, sets, buffer) });
    port?.postMessage({ type: "progress", units: 1, note: "" });
    await yieldToEventLoop();
  }
  port?.postMessage({ type: "result", data: rows });
}

port?.on("message", (msg: { type: "run"; job: GridJob } | { type: "cancel" }) => {
  if (msg.type === "cancel") { controller.abort(new CancelledError("cancelled")); return; }
  if (controller.signal.aborted) controller = new AbortController();
  run(msg.job).then(
    () => port?.postMessage({ type: "done" }),
    (e: Error) => port?.postMessage({ type: "error", name: e.name, message: e.message }),
  );
});
