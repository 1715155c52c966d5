/**
 * The MLP path's training and evaluation on the `onnx` engine (../env/engine.ts): the parameters
 * and momentum buffers live on the host as one Float32Array per layout entry; each epoch is one call
 * of the epoch graph of ../kernels/onnx-mlp.ts (all ⌈n/B⌉ steps of momentum SGD with coupled weight
 * decay, and dropout before the class layer when the network has it), each full-set evaluation one
 * call of the evaluation graph. Sessions are built once per layer widths and kept per thread.
 *
 * Same randomness as the tfjs step of ./path.ts: the epoch's permutation comes from the path's
 * minibatch generator, and with dropout each step's mask seed is `rng.int(2 ** 31)` drawn after the
 * permutation, once per step in order; the mask itself is ../kernels/dropout.ts's (tfjs's seeded
 * generator on the host), so both engines use the same masks for the same seed.
 */
import { cachedSession, HostTensor, OnnxSession } from "../env/ort";
import { mlpEpochGraph, mlpEvalGraph, mlpWidths, paramNames, velocityNames } from "../kernels/onnx-mlp";
import { dropoutMask } from "../kernels/dropout";
import { type HostSet, hostOnehot } from "../kernels/host-batch";
import { ParamLayout, joinEntries, splitByEntry } from "../params/layout";
import { check, checkInt } from "../core/errors";
import { SgdHyper, checkSgdHyper } from "./sgd";
import type { SetMetrics } from "./evaluate";
import { epochFeeds, runEpoch } from "./onnx-epoch";

/**
 * Full-set loss and accuracy of an MLP on the onnx engine (evaluation mode), as evaluateSet of
 * ./evaluate.ts: loss = mean over the set of ½‖f(x) − onehot‖², acc = fraction of correct argmax.
 * @param params one Float32Array per layout entry; @param set the rows on the host
 * @throws ConfigError when the layout is not an MLP's
 */
export async function onnxMlpEvaluate(layout: ParamLayout, params: Float32Array[], set: HostSet): Promise<SetMetrics> {
  const d = mlpWidths(layout.entries.map((e) => e.shape));
  const session = await cachedSession(`mlp-eval ${d.join("-")}`, () => mlpEvalGraph(d));
  const feeds: Record<string, HostTensor> = {
    x: { data: set.x, dims: [set.n, set.dim] },
    y: { data: hostOnehot(set), dims: [set.n, set.numClasses] },
    labels: { data: set.labels, dims: [set.n] },
  };
  paramNames(d.length - 1).forEach((name, i) => (feeds[name] = { data: params[i], dims: layout.entries[i].shape }));
  const out = await session.run(feeds);
  return { loss: (out.loss_sum.data[0] as number) / set.n, acc: (out.correct.data[0] as number) / set.n };
}

/** An MLP's training state on the onnx engine: θ and v per layout entry, updated one epoch per call. */
export class OnnxMlpTrainer {
  private constructor(
    private readonly layout: ParamLayout,
    private readonly widths: number[],
    private readonly session: OnnxSession,
    private readonly hyper: SgdHyper,
    private readonly dropout: number,
    /** θ per layout entry (replaced by each epoch) */
    public params: Float32Array[],
    /** v per layout entry (replaced by each epoch) */
    public velocity: Float32Array[],
  ) {}

  /**
   * Opens a trainer from flat θ and v ([P] each; copied).
   * @param dropout the rate before the class layer (0: none)
   * @throws ConfigError for a layout that is not an MLP's, bad hyperparameters or lengths
   */
  static async open(
    layout: ParamLayout,
    params: Float32Array,
    velocity: Float32Array,
    hyper: SgdHyper,
    dropout = 0,
  ): Promise<OnnxMlpTrainer> {
    checkSgdHyper(hyper);
    check(
      params.length === layout.size && velocity.length === layout.size,
      `θ has ${params.length} and v ${velocity.length} entries, the layout ${layout.size}`,
    );
    const d = mlpWidths(layout.entries.map((e) => e.shape));
    const session = await cachedSession(`mlp-epoch ${d.join("-")} dropout=${dropout > 0}`, () =>
      mlpEpochGraph(d, dropout > 0),
    );
    return new OnnxMlpTrainer(
      layout,
      d,
      session,
      hyper,
      dropout,
      splitByEntry(layout, params),
      splitByEntry(layout, velocity),
    );
  }

  /**
   * One epoch: ⌈n/B⌉ steps over the rows of `set` in the order `perm`.
   * @param perm a permutation of 0..n−1; @param batchSize B
   * @param maskSeeds with dropout, one seed per step (in step order); else ignored
   * @returns each step's minibatch loss at θ before its update, Float32Array [⌈n/B⌉]
   * @throws ConfigError for a bad batch size, permutation length or seed count
   */
  async epoch(set: HostSet, perm: Int32Array, batchSize: number, maskSeeds: number[] = []): Promise<Float32Array> {
    checkInt("batchSize", batchSize, 1, set.n);
    check(perm.length === set.n, `the permutation has ${perm.length} entries, the set ${set.n} rows`);
    const steps = Math.ceil(set.n / batchSize),
      L = this.widths.length - 1;
    const feeds = epochFeeds(set, perm, batchSize, this.hyper);
    if (this.dropout > 0) {
      check(
        maskSeeds.length === steps,
        `dropout needs one mask seed per step: ${steps} steps, ${maskSeeds.length} seeds`,
      );
      feeds.mask = { data: this.masks(set.n, batchSize, maskSeeds), dims: [set.n, this.widths[L - 1]] };
    }
    const out = await runEpoch(this.session, feeds, this.layout, this, paramNames(L), velocityNames(L));
    ({ params: this.params, velocity: this.velocity } = out);
    return out.losses;
  }

  /** Full-set loss and accuracy at the current θ (see {@link onnxMlpEvaluate}). */
  evaluate(set: HostSet): Promise<SetMetrics> {
    return onnxMlpEvaluate(this.layout, this.params, set);
  }

  /** θ and v as new flat arrays [P]. */
  flat(): { params: Float32Array; velocity: Float32Array } {
    return { params: joinEntries(this.layout, this.params), velocity: joinEntries(this.layout, this.velocity) };
  }

  /** The epoch's dropout masks [n, h]: step i's mask ([B_i, h], seed maskSeeds[i]) in rows iB … */
  private masks(n: number, batchSize: number, maskSeeds: number[]): Float32Array {
    const h = this.widths[this.widths.length - 2],
      out = new Float32Array(n * h);
    maskSeeds.forEach((seed, i) => {
      const rows = Math.min(batchSize, n - i * batchSize);
      const m = dropoutMask([rows, h], this.dropout, seed);
      out.set(m.dataSync() as Float32Array, i * batchSize * h);
      m.dispose();
    });
    return out;
  }
}
