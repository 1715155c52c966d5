/**
 * One training step of a VGG convnet on the onnx engine (an epoch of 40 steps per call, and one step
 * per call) against the tfjs engine (trainPath's step on the current tfjs backend, wasm here),
 * interleaved in one process (./bench/timing.ts timeInterleaved), with the load average before and after;
 * then a full-set evaluation of 10 000 rows on both engines (evaluateSet on tfjs, the onnx engine's chunks).
 * A measurement, not a test.   npx tsx scripts/bench-onnx-conv.ts [claim|cnn|both] [repeats]
 */
import os from "node:os";
import { tf } from "../src/env/tf";
import { initBackend } from "../src/env/backend";
import { timeInterleaved, perUnit } from "./bench/timing";
import { convPathStep, randomSet, CNN_CLAIM, CNN_QUICK } from "./bench/tf-workloads";
import { evaluateSet, disposeSet } from "../src/train/evaluate";
import { onnxVggEvaluate } from "../src/train/onnx-vgg";
import { networkOf } from "../src/models/network";
import { toTensors } from "../src/train/state";
import { Rng } from "../src/core/rng";
import { onnxConvEpoch, EPOCH_ROWS } from "./bench/onnx-workloads";
import type { VggConfig } from "../src/models/vgg";

const CONFIGS: Record<string, { name: string; c: VggConfig }> = {
  claim: { name: "claim-map convnet 28×28×1 [M,8,M,16] dense 32", c: CNN_CLAIM },
  cnn: { name: "quick-cnn narrow VGG 32×32×3 [16,M,32,M,64,M] dense 64", c: CNN_QUICK },
};

async function main(): Promise<void> {
  const which = process.argv[2] ?? "claim", repeats = Number(process.argv[3] ?? 7);
  const info = await initBackend();
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
  console.log(`tfjs backend ${info.backend}; load average ${load()}`);
  for (const key of which === "both" ? ["claim", "cnn"] : [which]) {
    const { name, c } = CONFIGS[key];
    const epoch = await onnxConvEpoch(c), single = await onnxConvEpoch(c, 125), tfjs = convPathStep(c);
    try {
      const [e, s, t] = await timeInterleaved([epoch.run, single.run, tfjs.run], repeats);
      const ms = (x: { median: number; q1: number; q3: number; cpuMedian?: number }) =>
        `${(1000 * x.median).toFixed(2)} ms (IQR ${(1000 * x.q1).toFixed(2)}–${(1000 * x.q3).toFixed(2)}, CPU ${(1000 * (x.cpuMedian ?? NaN)).toFixed(2)})`;
      const ep = perUnit(e, epoch.steps);
      console.log(`${name}, B = 125, load average ${load()}`);
      console.log(`  onnx, an epoch of ${epoch.steps} steps (${EPOCH_ROWS} rows) per call: ${ms(ep)} per step`);
      console.log(`  onnx, one step per call:                          ${ms(s)}`);
      console.log(`  tfjs-${tf.getBackend()}, trainPath's step:                  ${ms(t)}`);
      console.log(`  ratio tfjs / onnx-epoch: ${(t.median / ep.median).toFixed(2)}× (CPU ${((t.cpuMedian ?? NaN) / (ep.cpuMedian ?? NaN)).toFixed(2)}×); tfjs / onnx-step: ${(t.median / s.median).toFixed(2)}×`);
    } finally {
      tfjs.dispose();
    }
    const network = networkOf({ ...c, kind: "vgg" }), set = randomSet(10_000, network.inputDim, 3);
    const flat = network.init(new Rng(0)), parts = network.layout.entries.map((e) => flat.slice(e.offset, e.offset + e.size));
    const ps = toTensors(network.layout, flat);
    try {
      const [o, t] = await timeInterleaved([() => onnxVggEvaluate(c, network.layout, parts, set.host), () => evaluateSet(ps, set, undefined, network.forward)], Math.min(repeats, 5));
      console.log(`  full-set evaluation, 10 000 rows: onnx ${(1000 * o.median).toFixed(1)} ms, tfjs-${tf.getBackend()} ${(1000 * t.median).toFixed(1)} ms (${(t.median / o.median).toFixed(2)}×); load average ${load()}`);
    } finally {
      tf.dispose(ps);
      disposeSet(set);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
