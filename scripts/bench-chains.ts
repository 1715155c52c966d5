/**
 * Throughput of the batched chain engine (src/train/chains.ts) in chain-steps per second,
 * for the nonlinear model at d = 40, n = 20. Not a test (timings never are).
 * Run: node --import tsx scripts/bench-chains.ts
 */
import { makeGaussianProblem } from "../src/data/gaussian";
import { runChains } from "../src/train/chains";

async function bench(K: number, B: number, steps: number): Promise<number> {
  const p = makeGaussianProblem({ n: 20, d: 40, seed: 0 });
  const chains = Array.from({ length: K }, (_, k) => ({
    seed: k, gamma: 1, lr: 0.005, stepsBeforeDecay: steps, stepsAfterDecay: 0, batchSize: B, labelNoiseStd: 0.5,
  }));
  const t0 = performance.now();
  await runChains(p, chains, { recordEverySteps: 1000 });
  return (K * steps) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  await bench(4, 5, 20_000); // warm-up (JIT)
  for (const B of [1, 5]) {
    for (const K of [1, 256]) {
      const rate = await bench(K, B, K === 1 ? 2_000_000 : 8_000);
      console.log(`d=40 n=20 B=${B} K=${K}: ${(rate / 1e6).toFixed(2)} M chain-steps/s`);
    }
  }
}

void main();
