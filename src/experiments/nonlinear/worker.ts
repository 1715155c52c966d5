/**
 * Worker-thread entry for the chains of a nonlinear-model sweep (see ./worker-pool for the
 * protocol). A job is a sweep config and the indices of some of its chains; the worker runs them
 * with the typed-array engine (no TF.js backend is needed or initialized), posts progress in
 * updates done, and posts the records and outcomes back as its result.
 */
import type { NonlinearProblem } from "../../models/nonlinear";
import { configHash } from "../../core/hash";
import { buildProblem, runChainPart } from "./units";
import type { ChainSweepConfig } from "./run";
import { serveJobs, WorkerJobApi } from "../worker-serve";

/** A job of this worker: chains `chains` of `config`. */
export interface ChainPartJob {
  id: string;
  config: ChainSweepConfig;
  chains: number[];
}

const problems = new Map<string, NonlinearProblem>();

async function run(job: ChainPartJob, api: WorkerJobApi): Promise<void> {
  const key = configHash(job.config.problem);
  if (!problems.has(key)) problems.set(key, buildProblem(job.config.problem));
  let pending = 0, last = performance.now();
  const result = await runChainPart(job.config, job.chains, {
    signal: api.signal, problem: problems.get(key),
    onSteps: (steps) => {
      pending += steps;
      if (performance.now() - last < 50) return; // at most ~20 messages per second
      api.progress(pending);
      pending = 0; last = performance.now();
    },
  });
  if (pending > 0) api.progress(pending);
  api.result(result);
}

serveJobs(run);
