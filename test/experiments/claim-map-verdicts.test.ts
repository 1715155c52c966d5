// Notebook 01b's verdict rows (claimMapVerdicts: VerdictRow[]) on a hand-made map whose answers are known: one cell
// resolves a higher loss, one is unresolved, one resolves a lower loss (with a higher accuracy), one diverged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { claimMapConfig } from "../../src/experiments/claim-map/config";
import { mapCells } from "../../src/experiments/claim-map/cells";
import { claimMapVerdicts } from "../../src/experiments/claim-map/verdicts";
import { pairedSummary } from "../../src/analysis/paired";
import type { ClaimMap, MapCellResult } from "../../src/experiments/claim-map/types";
import type { LateDecayRuns } from "../../src/experiments/late-decay/types";

const details = {
  pathId: "main path (seed 1)",
  seed: 1,
  epoch: 3,
  step: 12,
  lr: 0.5,
  weightDecay: 1e-3,
  loss: Infinity,
  lossOf: "minibatch",
} as never;

test("claimMapVerdicts: counts, lists and holds from the cells' 95 % intervals; a diverged cell named with where it diverged", () => {
  const config = claimMapConfig("smoke");
  // cells in map order: mnist-package λ=1e-4, mnist-idx λ=1e-4, mnist-package λ=1e-3, mnist-idx λ=1e-3
  const [hi, unresolved, lo, bad] = mapCells(config);
  const done = (cell: typeof hi, loss: number[], acc = [0, 0, 0]): MapCellResult => ({
    cell,
    runs: {} as LateDecayRuns,
    stats: { loss: pairedSummary(loss), acc: pairedSummary(acc), trainLoss: pairedSummary([0, 0, 0]) },
  });
  const map: ClaimMap = {
    config,
    backend: "wasm",
    wallSeconds: 0,
    cells: [
      done(hi, [0.1, 0.2, 0.15]), // mean 0.15, half-width 4.303 · 0.05/√3 = 0.124: above 0
      done(unresolved, [-0.1, 0.1, 0]), // contains 0
      done(lo, [-0.5, -0.51, -0.49], [0.01, 0.02, 0.015]), // below 0, accuracy up
      { cell: bad, diverged: { message: "loss became Infinity", details } },
    ],
  };
  const rows = claimMapVerdicts(map);
  assert.deepEqual(
    rows.map((r) => [r.claim.replace(/:.*| \(.*/, ""), r.measured, r.holds]),
    [
      [
        "Every cell of the map completes",
        "4 cells (2 data sets × 1 model × 2 weight decays), 2 seeds each; 3 completed, 1 diverged: " +
          "mnist-idx · MLP · λ=0.001: main path (seed 1) diverged at epoch 3, step 12 (lr 0.5, minibatch loss Infinity)",
        "partly",
      ],
      [
        "Later decay gives a lower final test loss",
        "1 of 3 cells lower (interval below 0): MLP · λ=0.001 on MNIST (mnist package); " +
          "1 of 3 higher (interval above 0): MLP · λ=0.0001 on MNIST (mnist package); 1 of 3 not resolved (interval contains 0)",
        "partly",
      ],
      [
        "By weight decay",
        "λ=0.0001: 0 lower, 1 higher of 2 · λ=0.001: 1 lower, 0 higher of 1 (0 of 1 steps go down)",
        "yes",
      ],
      ["By model", "MLP: 1 lower, 1 higher of 3", "partly"],
      ["By data set", "MNIST (mnist package): 1 lower, 1 higher of 2 · MNIST: 0 lower, 0 higher of 1", "no"],
      [
        "Where later decay lowers the test loss, it also raises the test accuracy",
        "higher with later decay in 1 of those 1 cells",
        "yes",
      ],
    ],
  );
  assert.ok(rows.every((r) => r["how measured"].length > 0));
  // no completed cell: nothing measured but the divergences
  const none = claimMapVerdicts({ ...map, cells: [map.cells[3]] });
  assert.deepEqual(
    none.map((r) => r.holds),
    ["no", "not measured", "not measured", "not measured", "not measured", "not measured"],
  );
});
