// Landscapes evaluate losses in evaluation mode: an MLP with dropout before the class layer
// (MlpConfig.dropout) gives, on the batched path and on the per-point path, exactly the rows of the
// same MLP without dropout (the layouts are the same, so the same surface applies to both).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { setupBackend } from "../helpers";
import { Rng } from "../../src/core/rng";
import { networkOf } from "../../src/models/network";
import { toSetTensors, SetTensors } from "../../src/train/evaluate";
import { planeSurface } from "../../src/analysis/surface";
import { gridFromRange } from "../../src/analysis/grid";
import { evaluateLandscape } from "../../src/analysis/landscape";
import { canBatch } from "../../src/analysis/landscape-batched";

const PLAIN = networkOf({ inputDim: 6, hidden: [5, 4], numClasses: 3 });
const DROPOUT = networkOf({ inputDim: 6, hidden: [5, 4], numClasses: 3, dropout: 0.5 });
let sets: { train: SetTensors; test: SetTensors };

function randomSet(n: number, rng: Rng): SetTensors {
  const x = new Float32Array(n * 6).map(() => rng.normal());
  return toSetTensors({ x, y: Int32Array.from({ length: n }, () => rng.int(3)), n, dim: 6 }, 3);
}

before(async () => {
  await setupBackend();
  const rng = new Rng(8);
  sets = { train: randomSet(40, rng), test: randomSet(50, rng) };
});

test("a dropout MLP's landscape rows equal the plain MLP's, batched and per point (no dropout in evaluation)", async () => {
  assert.equal(canBatch(DROPOUT), true);
  const rng = new Rng(3),
    P = PLAIN.layout.size;
  assert.equal(DROPOUT.layout.size, P);
  const surface = planeSurface(
    PLAIN.init(rng),
    rng.fillNormal(new Float32Array(P), 0.3),
    rng.fillNormal(new Float32Array(P), 0.3),
  );
  const grid = gridFromRange({ aMin: -1, aMax: 1, bMin: -1, bMax: 1 }, 3, 3);
  for (const batched of [true, false]) {
    const plain = await evaluateLandscape(PLAIN, surface, grid, sets, { batched });
    const dropout = await evaluateLandscape(DROPOUT, surface, grid, sets, { batched });
    assert.deepEqual(dropout, plain, `batched: ${batched}`);
    assert.ok(
      plain.some((r) => r.trainLoss !== plain[0].trainLoss),
      "the grid varies",
    );
  }
});
