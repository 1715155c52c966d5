/**
 * Host-side (no tfjs) workloads for `npm run bench`: the nonlinear-model chain engine
 * (src/train/chains.ts) and trajectory PCA (src/analysis/pca.ts). Same sizes as
 * scripts/bench/bench_torch.py's numpy/PyTorch references.
 */
import { Rng } from "../../src/core/rng";
import { makeGaussianProblem } from "../../src/data/gaussian";
import { runChains } from "../../src/train/chains";
import type { ChainConfig } from "../../src/train/chain-config";
import { rowsFromArrays, trajectoryPca } from "../../src/analysis/pca";

/**
 * runChains on d = 40, n = 20: K chains of `steps` label-noise SGD steps each (γ = 1, B = 1,
 * σ = 0.5, η = 0.005), as the numpy reference. Returns a closure doing K·steps chain-steps.
 */
export function chainsWork(K: number, steps: number): () => Promise<unknown> {
  const p = makeGaussianProblem({ n: 20, d: 40, seed: 0 });
  let seed = 0;
  return () => {
    const chains: ChainConfig[] = Array.from({ length: K }, () => ({
      seed: seed++,
      gamma: 1,
      lr: 0.005,
      stepsBeforeDecay: steps,
      stepsAfterDecay: 0,
      batchSize: 1,
      labelNoiseStd: 0.5,
    }));
    return runChains(p, chains, { recordEverySteps: steps });
  };
}

/** trajectoryPca (k = 5) of a seeded T × P random walk with drift, rows Float32 like checkpoints. */
export function pcaWork(T = 300, P = 80_000): () => unknown {
  const rng = new Rng(0);
  const x = new Float64Array(P),
    drift = rng.fillNormal(new Float64Array(P), 0.01),
    step = new Float64Array(P);
  const rows: Float32Array[] = [];
  for (let t = 0; t < T; t++) {
    rng.fillNormal(step, 0.003);
    for (let j = 0; j < P; j++) x[j] += drift[j] + step[j];
    rows.push(Float32Array.from(x));
  }
  return () => trajectoryPca(rowsFromArrays(rows), { k: 5 });
}
