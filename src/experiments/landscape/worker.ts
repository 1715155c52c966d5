/**
 * Worker-thread entry for landscape grids (see ./worker-pool for the protocol): each
 * worker holds its own TF.js backend, network and resident data, and evaluates the grid
 * points of the jobs it is given, posting the rows back. MLPs take the batched path of
 * ../analysis/landscape-batched.ts (the same chunks as a serial grid, so the same values); its
 * basis tensors are kept for the next job of the same surface and disposed when the surface changes
 * (and with the worker, which the pool terminates when the grid is done).
 */
import { initBackend } from "../../env/backend";
import { configHash } from "../../core/hash";
import { throwIfCancelled, yieldToEventLoop } from "../../core/cancel";
import { loadSplit } from "../../data/datasets";
import { Network, networkOf } from "../../models/network";
import { toSetTensors, SetTensors } from "../../train/evaluate";
import { gridPointAt } from "../../analysis/grid";
import { evaluateSurfacePoint, LandscapeRow } from "../../analysis/landscape";
import { BatchedSurface, batchedGridRows, batchedSurface, canBatch, defaultPointChunk } from "../../analysis/landscape-batched";
import { Surface } from "../../analysis/surface";
import type { GridJob } from "./parallel";
import { serveJobs, WorkerJobApi } from "../worker-serve";

const contexts = new Map<string, { network: Network; sets: { train: SetTensors; test: SetTensors } }>();

let cached: { key: string; batched: BatchedSurface } | null = null;

/** A cheap fingerprint of a surface's vectors (jobs of one grid carry equal copies of one surface). */
function surfaceKey(s: Surface): string {
  const vs = s.kind === "flat" ? [s.center, s.pc1, s.pc2] : [s.center, s.pc1, s.pc2, s.pc3];
  const sums = vs.map((v) => { let t = 0; for (let p = 0; p < v.length; p++) t += v[p] * ((p % 97) + 1); return t; });
  return JSON.stringify([s.kind, s.kind === "curved" ? s.quad : null, s.center.length, sums]);
}

function batchedFor(job: GridJob, ctxKey: string, network: Network, sets: { train: SetTensors; test: SetTensors }): BatchedSurface {
  const key = `${ctxKey}/${surfaceKey(job.surface)}`;
  if (cached?.key !== key) {
    cached?.batched.dispose();
    cached = null; // stays null if the precompute below throws
    cached = { key, batched: batchedSurface(network.layout, job.surface, sets) };
  }
  return cached.batched;
}

async function run(job: GridJob, api: WorkerJobApi): Promise<void> {
  await initBackend();
  const key = configHash(job.config.lateDecay);
  if (!contexts.has(key)) {
    const network = networkOf(job.config.lateDecay.model);
    const split = loadSplit(job.config.lateDecay.data);
    contexts.set(key, { network, sets: { train: toSetTensors(split.train, network.numClasses), test: toSetTensors(split.test, network.numClasses) } });
  }
  const { network, sets } = contexts.get(key)!;
  const rows: LandscapeRow[] = [];
  if (canBatch(network)) {
    const batched = batchedFor(job, key, network, sets);
    for await (const chunk of batchedGridRows(batched, job.grid, job.from, job.to, defaultPointChunk(network.layout, sets), api.signal)) {
      rows.push(...chunk);
      api.progress(chunk.length);
    }
  } else {
    const buffer = new Float32Array(network.layout.size);
    for (let index = job.from; index < job.to; index++) {
      throwIfCancelled(api.signal, `landscape grid at point ${index}`);
      const pt = gridPointAt(job.grid, index);
      rows.push({ index, ...evaluateSurfacePoint(network, job.surface, pt.a, pt.b, sets, buffer) });
      api.progress(1);
      await yieldToEventLoop();
    }
  }
  api.result(rows);
}

serveJobs(run);
