/**
 * Step time of convnet training (forward + gradient + momentum-SGD update) per backend.
 *   node --import tsx scripts/bench-conv.ts [--steps N] [--backends wasm,cpu]
 * Models: the paper's small VGG on 32×32×3 and a small CNN (conv16-pool-conv32-pool-dense)
 * on 28×28×1, both at batch 125 with the half squared loss on one-hot targets.
 * The cpu backend is timed for 1 step only (it is slow). Not a test: prints a table.
 */
import { Command } from "commander";
import { tf } from "../src/env/tf";
import { initBackend } from "../src/env/backend";
import { vggLayout, initVgg, vggForward, vggSmallConfig, VggConfig } from "../src/models/vgg";
import { halfSquaredLoss } from "../src/models/losses";
import { sgdMomentumUpdate } from "../src/train/sgd";
import { toTensors } from "../src/train/state";
import { Rng } from "../src/core/rng";

const BATCH = 125;
const MODELS: Record<string, VggConfig> = {
  "small VGG 32×32×3": { ...vggSmallConfig(), dropout: 0.5 },
  "CNN conv16-pool-conv32-pool-dense 28×28×1": { inputShape: [28, 28, 1], widths: [16, "M", 32, "M"], hidden: [], numClasses: 10 },
};

/** Mean seconds per training step over `steps` steps, after one warm-up step. */
function timeSteps(c: VggConfig, steps: number): number {
  const layout = vggLayout(c);
  const rng = new Rng(0);
  let params = toTensors(layout, initVgg(c, rng));
  let vel = params.map((p) => tf.zerosLike(p));
  const [h, w, ch] = c.inputShape;
  const x = tf.tensor4d(rng.fillNormal(new Float32Array(BATCH * h * w * ch)), [BATCH, h, w, ch]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % c.numClasses), "int32"), c.numClasses).toFloat() as tf.Tensor2D;
  const step = () => {
    const grads = tf.tidy(() => tf.grads((...p: tf.Tensor[]) =>
      halfSquaredLoss(vggForward(c, p, x, { training: true, rng }), y))(params));
    const next = sgdMomentumUpdate(params, grads, vel, { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 });
    tf.dispose([...grads, ...params, ...vel]);
    params = next.params; vel = next.velocity;
    params[0].dataSync(); // wait for the step
  };
  step();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) step();
  const sec = Number(process.hrtime.bigint() - t0) / 1e9 / steps;
  tf.dispose([...params, ...vel, x, y]);
  return sec;
}

async function main(): Promise<void> {
  const opts = new Command()
    .option("--steps <n>", "timed steps per model on fast backends", "5")
    .option("--backends <list>", "comma-separated backends", "wasm,cpu")
    .parse().opts<{ steps: string; backends: string }>();
  const info = await initBackend();
  console.log(`tfjs-core ${info.tfjsCore}, node ${info.node}, batch ${BATCH}`);
  for (const backend of opts.backends.split(",")) {
    if (!(await tf.setBackend(backend))) { console.log(`${backend}: not available`); continue; }
    for (const [name, c] of Object.entries(MODELS)) {
      const steps = backend === "cpu" ? 1 : Number(opts.steps);
      const sec = timeSteps(c, steps);
      console.log(`${backend.padEnd(10)} ${name.padEnd(44)} ${sec.toFixed(3)} s/step (${steps} steps, ${vggLayout(c).size} params)`);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
