/**
 * Batched landscape-grid workloads for `npm run bench` (scripts/bench/bench.ts): K grid points of the
 * quick profile's MLP 784-100-10 evaluated together by src/analysis/landscape-batched.ts on a
 * 500-row train subset and a 9 500-row test set, the same sets and surface as the per-point
 * `grid_point` row of ./tf-workloads.ts. One call = one chunk of K points; the row shows points/s.
 * The surface's basis pre-activations are computed once, outside the timed calls (a grid of
 * 41 × 31 points pays that ≈ 3 per-point evaluations once).
 */
import type { EngineName } from "../../src/env/engine";
import { tf } from "../../src/env/tf";
import { Rng } from "../../src/core/rng";
import { initMlp, mlpLayout } from "../../src/models/mlp";
import { toSetTensors, disposeSet, type SetTensors } from "../../src/train/evaluate";
import { planeSurface } from "../../src/analysis/surface";
import { batchedSurface, defaultPointChunk } from "../../src/analysis/landscape-batched";
import { randomSet, type Workload } from "./tf-workloads";

/** Rows of the train subset and the test set of the quick profile. */
export const GRID_SETS = { train: 500, test: 9500 } as const;

/** The default points per chunk for the quick MLP's test set (see defaultPointChunk). */
export const GRID_CHUNK = defaultPointChunk(mlpLayout({ inputDim: 784, hidden: [100], numClasses: 10 }), {
  train: { n: GRID_SETS.train },
  test: { n: GRID_SETS.test },
});

/**
 * One chunk of K landscape grid points through batchedSurface(...).evaluate on a flat surface
 * (center = a seeded init, two Gaussian directions of std 0.01, as tf-workloads.ts gridPoint).
 * @param K points per call (default GRID_CHUNK); @param engine "tfjs" (the current tfjs backend) or "onnx"
 */
export function gridBatch(K = GRID_CHUNK, engine: EngineName = "tfjs"): Workload {
  const c = { inputDim: 784, hidden: [100], numClasses: 10 },
    layout = mlpLayout(c),
    rng = new Rng(0);
  const center = initMlp(c, rng);
  const d1 = rng.fillNormal(new Float32Array(layout.size), 0.01),
    d2 = rng.fillNormal(new Float32Array(layout.size), 0.01);
  const sets = { train: randomSet(GRID_SETS.train, 784, 3), test: randomSet(GRID_SETS.test, 784, 4) };
  const batched = batchedSurface(layout, planeSurface(center, d1, d2), sets, engine);
  let k = 0;
  const points = () =>
    Array.from({ length: K }, () => {
      k++;
      return { a: (k % 7) / 7, b: (k % 5) / 5 };
    });
  return {
    run: () => batched.evaluate(points()),
    dispose: () => {
      batched.dispose();
      disposeSet(sets.train);
      disposeSet(sets.test);
    },
  };
}
