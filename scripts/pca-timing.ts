/**
 * Times trajectoryPca on a synthetic 300 × 80 000 trajectory (a seeded random walk
 * with drift, stored as Float32 rows like checkpoints read from disk).
 * Run: `node --import tsx scripts/pca-timing.ts [T] [P] [k]`
 */
import { Rng } from "../src/core/rng";
import { rowsFromArrays, trajectoryPca } from "../src/analysis/pca";

function randomWalk(T: number, P: number, rng: Rng): Float32Array[] {
  const x = rng.fillNormal(new Float64Array(P));
  const drift = rng.fillNormal(new Float64Array(P), 0.01);
  const step = new Float64Array(P);
  const rows: Float32Array[] = [];
  for (let t = 0; t < T; t++) {
    rng.fillNormal(step, 0.003);
    for (let p = 0; p < P; p++) x[p] += drift[p] + step[p];
    rows.push(Float32Array.from(x));
  }
  return rows;
}

function main(): void {
  const [T, P, k] = [Number(process.argv[2] ?? 300), Number(process.argv[3] ?? 80_000), Number(process.argv[4] ?? 5)];
  const rows = randomWalk(T, P, new Rng(0));
  const t0 = performance.now();
  const pca = trajectoryPca(rowsFromArrays(rows), { k });
  const ms = performance.now() - t0;
  const ratios = pca.explainedVarianceRatio.map((r) => r.toFixed(4)).join(", ");
  console.log(`trajectoryPca T=${T} P=${P} k=${k}: ${(ms / 1000).toFixed(2)} s; explained variance ratios [${ratios}]`);
}

main();
