/**
 * A VGG-style convnet's training and evaluation on the `onnx` engine (../env/engine.ts), for configs
 * without dropout ({@link onnxVggUnsupported}): θ and v live on the host as one Float32Array per
 * layout entry (conv kernels in the layout's HWIO order); each epoch is one call of the epoch graph
 * of ../kernels/onnx-vgg.ts, each full-set evaluation one call per chunk of rows of its evaluation
 * graph (chunks bound the activations' memory; their sums are added on the host in float64).
 *
 * Same randomness as the tfjs step of ./path.ts: the epoch's permutation comes from the path's
 * minibatch generator; without dropout vggForward draws nothing else.
 */
import { cachedSession, HostTensor, OnnxSession } from "../env/ort";
import {
  vggEpochGraph,
  vggEvalChunkRows,
  vggEvalGraph,
  vggParamNames,
  vggPlan as planOf,
  vggVelocityNames,
  type VggPlan,
} from "../kernels/onnx-vgg";
import { checkVggConfig, vggHidden, type VggConfig } from "../models/vgg";
import { ParamLayout, joinEntries, splitByEntry } from "../params/layout";
import { check, checkInt, ConfigError } from "../core/errors";
import { SgdHyper, checkSgdHyper } from "./sgd";
import type { SetMetrics } from "./evaluate";
import { epochFeeds, runEpoch } from "./onnx-epoch";
import { type HostSet, hostOnehot } from "../kernels/host-batch";

/**
 * The graphs' plan of a VGG config and layout.
 * @throws ConfigError for an invalid config or a layout that is not the config's
 */
export function vggPlan(c: VggConfig, layout: ParamLayout): VggPlan {
  checkVggConfig(c);
  return planOf(
    { ...c, hidden: vggHidden(c), kernelSize: c.kernelSize ?? 3 },
    layout.entries.map((e) => e.shape),
  );
}

/**
 * Why the onnx engine does not train this VGG config (it then trains on tfjs), or null when it does.
 * Supported: any widths/pools/hidden layers/kernel size of ../models/vgg.ts with dropout 0
 * (vggForward's default is 0.5), or without hidden dense layers (where dropout has nothing to act on). Dropout > 0 is not built (its masks come from tfjs's generator
 * inside the forward pass, one draw per hidden layer per step).
 */
export function onnxVggUnsupported(c: VggConfig): string | null {
  const rate = c.dropout ?? 0.5;
  // dropout acts before hidden dense layers only: without one, the rate is never applied
  return rate > 0 && vggHidden(c).length > 0
    ? `the onnx engine trains VGG networks without dropout only (this one has dropout ${rate})`
    : null;
}

/**
 * Full-set loss and accuracy of a VGG on the onnx engine (evaluation mode), as evaluateSet of
 * ./evaluate.ts: loss = mean over the set of ½‖f(x) − onehot‖², acc = fraction of correct argmax.
 * @param params one Float32Array per layout entry; @param set the rows on the host (NHWC rows)
 * @param chunk rows per call (default: ../kernels/onnx-vgg.ts's vggEvalChunkRows, about 64 MB of activations)
 * @throws ConfigError when the layout is not the config's
 */
export async function onnxVggEvaluate(
  c: VggConfig,
  layout: ParamLayout,
  params: Float32Array[],
  set: HostSet,
  chunk?: number,
): Promise<SetMetrics> {
  const plan = vggPlan(c, layout);
  const session = await cachedSession(`vgg-eval ${plan.key}`, () => vggEvalGraph(plan));
  const rows = chunk ?? vggEvalChunkRows(plan);
  checkInt("chunk", rows, 1);
  const y = hostOnehot(set),
    C = set.numClasses;
  let loss = 0,
    correct = 0;
  for (let s = 0; s < set.n; s += rows) {
    const m = Math.min(rows, set.n - s);
    const feeds: Record<string, HostTensor> = {
      x: { data: set.x.subarray(s * set.dim, (s + m) * set.dim), dims: [m, set.dim] },
      y: { data: y.subarray(s * C, (s + m) * C), dims: [m, C] },
      labels: { data: set.labels.subarray(s, s + m), dims: [m] },
    };
    vggParamNames(params.length).forEach(
      (name, i) => (feeds[name] = { data: params[i], dims: layout.entries[i].shape }),
    );
    const out = await session.run(feeds);
    loss += out.loss_sum.data[0] as number;
    correct += out.correct.data[0] as number;
  }
  return { loss: loss / set.n, acc: correct / set.n };
}

/** A VGG's training state on the onnx engine: θ and v per layout entry, updated one epoch per call. */
export class OnnxVggTrainer {
  private constructor(
    private readonly config: VggConfig,
    private readonly layout: ParamLayout,
    private readonly plan: VggPlan,
    private readonly session: OnnxSession,
    private readonly hyper: SgdHyper,
    /** θ per layout entry (replaced by each epoch) */
    public params: Float32Array[],
    /** v per layout entry (replaced by each epoch) */
    public velocity: Float32Array[],
  ) {}

  /**
   * Opens a trainer from flat θ and v ([P] each; copied).
   * @throws ConfigError for a config the onnx engine does not train ({@link onnxVggUnsupported}), a
   *   layout that is not the config's, bad hyperparameters or lengths
   */
  static async open(
    c: VggConfig,
    layout: ParamLayout,
    params: Float32Array,
    velocity: Float32Array,
    hyper: SgdHyper,
  ): Promise<OnnxVggTrainer> {
    checkSgdHyper(hyper);
    const why = onnxVggUnsupported(c);
    if (why) throw new ConfigError(why);
    check(
      params.length === layout.size && velocity.length === layout.size,
      `θ has ${params.length} and v ${velocity.length} entries, the layout ${layout.size}`,
    );
    const plan = vggPlan(c, layout);
    const session = await cachedSession(`vgg-epoch ${plan.key}`, () => vggEpochGraph(plan));
    return new OnnxVggTrainer(
      c,
      layout,
      plan,
      session,
      hyper,
      splitByEntry(layout, params),
      splitByEntry(layout, velocity),
    );
  }

  /**
   * One epoch: ⌈n/B⌉ steps over the rows of `set` in the order `perm`.
   * @returns each step's minibatch loss at θ before its update, Float32Array [⌈n/B⌉]
   * @throws ConfigError for a bad batch size or permutation length
   */
  async epoch(set: HostSet, perm: Int32Array, batchSize: number): Promise<Float32Array> {
    checkInt("batchSize", batchSize, 1, set.n);
    check(perm.length === set.n, `the permutation has ${perm.length} entries, the set ${set.n} rows`);
    const [H, W, C] = this.plan.input;
    check(set.dim === H * W * C, `the set's rows have ${set.dim} values, the network's input ${H}×${W}×${C}`);
    const feeds = epochFeeds(set, perm, batchSize, this.hyper);
    const out = await runEpoch(
      this.session,
      feeds,
      this.layout,
      this,
      vggParamNames(this.params.length),
      vggVelocityNames(this.params.length),
    );
    ({ params: this.params, velocity: this.velocity } = out);
    return out.losses;
  }

  /** Full-set loss and accuracy at the current θ (see {@link onnxVggEvaluate}). */
  evaluate(set: HostSet, chunk?: number): Promise<SetMetrics> {
    return onnxVggEvaluate(this.config, this.layout, this.params, set, chunk);
  }

  /** θ and v as new flat arrays [P]. */
  flat(): { params: Float32Array; velocity: Float32Array } {
    return { params: joinEntries(this.layout, this.params), velocity: joinEntries(this.layout, this.velocity) };
  }
}
