/**
 * Worker-thread entry for the chains of a nonlinear-model sweep (see ./worker-pool for the
 * protocol). A job is a sweep config and the indices of some of its chains; the worker runs them
 * with the typed-array engine (no TF.js backend is needed or initialized), posts progress in
 * updates done, and posts the records and outcomes back as its result.
 */
import { parentPort } from "worker_threads";
import { CancelledError } from "../core/errors";
import type { NonlinearProblem } from "../models/nonlinear";
import { configHash } from "../core/hash";
import { buildProblem, runChainPart } from "./nonlinear-parts";
import type { ChainSweepConfig } from "./nonlinear-runs";

/** A job of this worker: chains `chains` of `config`. */
export interface ChainPartJob {
  id: string;
  config: ChainSweepConfig;
  chains: number[];
}

const problems = new Map<string, NonlinearProblem>();
let controller = new AbortController();
const port = parentPort;

async function run(job: ChainPartJob): Promise<void> {
  const key = configHash(job.config.problem);
  if (!problems.has(key)) problems.set(key, buildProblem(job.config.problem));
  let pending = 0, last = performance.now();
  const result = await runChainPart(job.config, job.chains, {
    signal: controller.signal, problem: problems.get(key),
    onSteps: (steps) => {
      pending += steps;
      if (performance.now() - last < 50) return; // at most ~20 messages per second
      port?.postMessage({ type: "progress", units: pending, note: "" });
      pending = 0; last = performance.now();
    },
  });
  if (pending > 0) port?.postMessage({ type: "progress", units: pending, note: "" });
  port?.postMessage({ type: "result", data: result });
}

port?.on("message", (msg: { type: "run"; job: ChainPartJob } | { type: "cancel" }) => {
  if (msg.type === "cancel") { controller.abort(new CancelledError("cancelled")); return; }
  if (controller.signal.aborted) controller = new AbortController();
  run(msg.job).then(
    () => port?.postMessage({ type: "done" }),
    (e: Error) => port?.postMessage({ type: "error", name: e.name, message: e.message }),
  );
});
