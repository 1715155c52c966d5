/**
 * What the onnx engine's epoch graphs (../kernels/onnx-mlp.ts, ../kernels/onnx-vgg.ts) have in common on the
 * host side: their shared inputs and one call that feeds θ and v, runs the epoch and takes the new θ, v and the
 * per-step losses back.
 */
import type { HostTensor, OnnxSession } from "../env/ort";
import { type HostSet, hostOnehot } from "../kernels/host-batch";
import type { ParamLayout } from "../params/layout";
import type { SgdHyper } from "./sgd";

const float = (v: number): HostTensor => ({ data: new Float32Array([v]), dims: [] });
const int64 = (v: number): HostTensor => ({ data: new BigInt64Array([BigInt(v)]), dims: [] });

/**
 * The inputs every epoch graph takes: x [n, dim], y [n, C] one-hot, perm int64 [n], batch B, steps ⌈n/B⌉ (int64
 * scalars), lr, mu, wd (float scalars).
 */
export function epochFeeds(
  set: HostSet,
  perm: Int32Array,
  batchSize: number,
  hyper: SgdHyper,
): Record<string, HostTensor> {
  return {
    x: { data: set.x, dims: [set.n, set.dim] },
    y: { data: hostOnehot(set), dims: [set.n, set.numClasses] },
    perm: { data: BigInt64Array.from(perm, (i) => BigInt(i)), dims: [set.n] },
    batch: int64(batchSize),
    steps: int64(Math.ceil(set.n / batchSize)),
    lr: float(hyper.lr),
    mu: float(hyper.momentum),
    wd: float(hyper.weightDecay),
  };
}

/**
 * Runs one epoch: θ and v (one array per layout entry) go in under `names` and `velocityNames`, the graph's
 * `new_<name>` outputs and `losses` [steps] come back (new arrays).
 * @throws Error from the runtime
 */
export async function runEpoch(
  session: OnnxSession,
  feeds: Record<string, HostTensor>,
  layout: ParamLayout,
  state: { params: Float32Array[]; velocity: Float32Array[] },
  names: string[],
  velocityNames: string[],
): Promise<{ params: Float32Array[]; velocity: Float32Array[]; losses: Float32Array }> {
  names.forEach((name, i) => (feeds[name] = { data: state.params[i], dims: layout.entries[i].shape }));
  velocityNames.forEach((name, i) => (feeds[name] = { data: state.velocity[i], dims: layout.entries[i].shape }));
  const out = await session.run(feeds);
  return {
    params: names.map((name) => out[`new_${name}`].data as Float32Array),
    velocity: velocityNames.map((name) => out[`new_${name}`].data as Float32Array),
    losses: out.losses.data as Float32Array,
  };
}
