/**
 * One interface over the networks of the experiments: the authors' MLP (Sec. 2, MNIST)
 * and the VGG convnets (Sec. 2 / App., CIFAR-10). Each is a pure function of per-entry
 * parameter tensors described by a flat layout.
 */
import { tf } from "../env/tf";
import { ParamLayout } from "../params/layout";
import { Rng } from "../core/rng";
import { check } from "../core/errors";
import { MlpConfig, mlpLayout, initMlp, mlpForward, mlpDropoutForward, checkMlpConfig } from "./mlp";
import { VggConfig, vggLayout, initVgg, vggForward, checkVggConfig } from "./vgg";

/** A VGG model config, tagged. */
export type VggModelConfig = VggConfig & { kind: "vgg" };
/** The model of an experiment: an MLP (untagged, or kind "mlp") or a tagged VGG. */
export type ModelConfig = (MlpConfig & { kind?: "mlp" }) | VggModelConfig;

/** A network as functions of its flat parameters. */
export interface Network {
  /** "mlp" networks train with the hand-written step of src/train/mlp-step.ts and src/kernels/mlp-grads.ts */
  kind: "mlp" | "vgg";
  layout: ParamLayout;
  /** flattened input size per example (784 for MNIST, 3072 for CIFAR-10) */
  inputDim: number;
  numClasses: number;
  /** whether the forward pass uses randomness in training (dropout) */
  stochastic: boolean;
  /**
   * The MLP's dropout rate before the class layer (MlpConfig.dropout; 0 when absent): the
   * hand-written training step applies it with a mask seeded by `rng.int(2 ** 31)`, drawn from
   * the path's minibatch generator once per step, as `forward` draws it in training mode.
   */
  mlpDropout?: number;
  /** the VGG's config (kind "vgg" only): the onnx engine builds its graphs from it (src/train/onnx-vgg.ts) */
  vgg?: VggConfig;
  /** a seeded initialization, Float32Array [P] */
  init(rng: Rng): Float32Array;
  /**
   * f(x; θ): x [B, inputDim] (images flattened NHWC) → outputs [B, numClasses].
   * `rng` seeds dropout when `training`; it is the path's minibatch generator, whose
   * state is saved in checkpoints, so a branch reproduces the same dropout masks.
   */
  forward(params: tf.Tensor[], x: tf.Tensor2D, opts?: { training?: boolean; rng?: Rng }): tf.Tensor2D;
}

/**
 * The network of a model config.
 * @throws ConfigError for an invalid config
 */
export function networkOf(m: ModelConfig): Network {
  if ("kind" in m && m.kind === "vgg") {
    const c = checkVggConfig(m);
    const [h, w, ch] = c.inputShape;
    return {
      kind: "vgg",
      vgg: c,
      layout: vggLayout(c),
      inputDim: h * w * ch,
      numClasses: c.numClasses,
      stochastic: (c.dropout ?? 0.5) > 0,
      init: (rng) => initVgg(c, rng),
      forward: (params, x, opts = {}) =>
        tf.tidy(() =>
          vggForward(c, params, tf.reshape(x, [x.shape[0], h, w, ch]) as tf.Tensor4D, {
            training: opts.training,
            rng: opts.rng,
          }),
        ),
    };
  }
  const c = checkMlpConfig(m as MlpConfig);
  const rate = c.dropout ?? 0;
  return {
    kind: "mlp",
    layout: mlpLayout(c),
    inputDim: c.inputDim,
    numClasses: c.numClasses,
    stochastic: rate > 0,
    mlpDropout: rate,
    init: (rng) => initMlp(c, rng),
    forward: (params, x, opts = {}) => {
      if (!opts.training || rate === 0) return mlpForward(params, x);
      check(opts.rng !== undefined, "the MLP's forward pass: training with dropout needs a seeded rng");
      return mlpDropoutForward(params, x, { rate, seed: opts.rng.int(2 ** 31) });
    },
  };
}
