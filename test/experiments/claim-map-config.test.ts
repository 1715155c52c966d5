// The claim map's config: profiles, the cells they expand to, and bad input named before any work.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkClaimMapConfig, claimMapConfig, CLAIM_MAP_PROFILES } from "../../src/experiments/claim-map/config";
import { epochsPerSeed, mapCells } from "../../src/experiments/claim-map/cells";
import { claimMapUnits } from "../../src/experiments/claim-map/units";
import { networkOf } from "../../src/models/network";
import { seedResolution } from "../../src/experiments/claim-map/report";

test("smoke: 2 × 2 cells × 2 seeds — rows MLP · λ, columns the two MNIST sources; each cell decays at 2 and 4", () => {
  const c = claimMapConfig("smoke");
  const cells = mapCells(c);
  assert.deepEqual(
    cells.map((x) => x.id),
    [
      "mnist-package · MLP · λ=0.0001",
      "mnist-idx · MLP · λ=0.0001",
      "mnist-package · MLP · λ=0.001",
      "mnist-idx · MLP · λ=0.001",
    ],
  );
  const cell = cells[3].config;
  assert.deepEqual(
    [cell.decayEpochs, cell.mainEpochs, cell.checkpointEveryEpochs, cell.subpathEpochs, cell.seeds],
    [[2, 4], 4, 2, 2, [0, 1]],
  );
  assert.deepEqual(cell.hyper, { lr: 0.05, momentum: 0.9, weightDecay: 1e-3 });
  assert.deepEqual(cell.data, {
    trainPerClass: 10,
    subset: "per-seed",
    evaluation: "test-split",
    normalization: "train-subset",
    dataset: "mnist-idx",
  });
  assert.equal(epochsPerSeed(c), 4 + 2 * 2);
});

test("quick: 18 cells (2 data sets × 3 models × 3 weight decays) × 8 seeds × 160 epochs, at 500 per class", () => {
  const c = CLAIM_MAP_PROFILES.quick;
  const cells = mapCells(c);
  assert.equal(cells.length, 18);
  assert.deepEqual(
    [...new Set(cells.map((x) => x.row))],
    [
      "MLP · λ=0.0001",
      "MLP · λ=0.001",
      "MLP · λ=0.003",
      "MLP + dropout · λ=0.0001",
      "MLP + dropout · λ=0.001",
      "MLP + dropout · λ=0.003",
      "convnet · λ=0.0001",
      "convnet · λ=0.001",
      "convnet · λ=0.003",
    ],
  );
  assert.deepEqual([c.seeds.length, epochsPerSeed(c), c.data.trainPerClass], [8, 160, 500]);
  const dropoutCell = mapCells(claimMapConfig("quick")).find((x) => x.model === "MLP + dropout")!;
  assert.deepEqual(dropoutCell.config.model, { inputDim: 784, hidden: [100], numClasses: 10, dropout: 0.5 });
  assert.equal(
    networkOf(dropoutCell.config.model).stochastic,
    true,
    "the network applies the dropout it is configured with",
  );
  assert.equal(cells[0].config.checkpointEveryEpochs, 10, "gcd of the decay epochs 10 and 100: both are checkpoints");
  const paper = CLAIM_MAP_PROFILES.paper;
  assert.deepEqual(
    [paper.decayEpochs, paper.subpathEpochs, mapCells(paper)[0].config.checkpointEveryEpochs],
    [[100, 3000], 500, 100],
  );
});

test("overrides merge: data and hyper key by key, lists replace; testPerClass reaches the mnist-package column only", () => {
  const c = claimMapConfig("smoke", {
    data: { testPerClass: 20 },
    hyper: { lr: 0.02 },
    weightDecays: [3e-3],
    seeds: [4, 5, 6],
  });
  const cells = mapCells(c);
  const common = { trainPerClass: 10, subset: "per-seed", evaluation: "test-split", normalization: "train-subset" };
  assert.deepEqual(
    cells.map((x) => x.config.data),
    [
      { ...common, testPerClass: 20, dataset: "mnist-package" },
      { ...common, dataset: "mnist-idx" },
    ],
  );
  assert.deepEqual(cells[0].config.hyper, { lr: 0.02, momentum: 0.9, weightDecay: 3e-3 });
  assert.deepEqual(cells[0].config.seeds, [4, 5, 6]);
  const own = claimMapConfig("smoke", {
    models: [{ name: "MLP", model: { inputDim: 784, hidden: [8], numClasses: 10 }, lr: 0.01 }],
  });
  assert.equal(mapCells(own)[0].config.hyper.lr, 0.01, "a model's own lr wins");
  assert.deepEqual(claimMapConfig("paper-mlp"), claimMapConfig("paper"), "01's profile names stand for the map's");
});

test("bad input is named before any work: unknown profile, keys (top-level, nested, model entry) and values", () => {
  assert.throws(() => claimMapConfig("fast"), /unknown claim-map profile "fast"; use one of smoke, quick, paper/);
  assert.throws(
    () => claimMapConfig("smoke", { seed: [1] } as never),
    /unknown config key "seed"; valid keys: datasets, data, models/,
  );
  assert.throws(
    () => claimMapConfig("smoke", { hyper: { learningRate: 0.1 } } as never),
    /unknown config key "hyper.learningRate"; valid keys of hyper: lr, momentum/,
  );
  assert.throws(
    () => claimMapConfig("smoke", { datasets: ["mnist-idx", "svhn"] } as never),
    /datasets\[1\] must be one of mnist-idx, fashion-mnist, cifar10, mnist-package, got "svhn"/,
  );
  assert.throws(() => claimMapConfig("smoke", { datasets: [] }), /datasets must be a non-empty array, got \[\]/);
  assert.throws(() => claimMapConfig("smoke", { weightDecays: [1e-3, 1e-3] }), /weightDecays lists 0.001 twice/);
  assert.throws(
    () => claimMapConfig("smoke", { weightDecays: [-1] }),
    /weightDecays\[0\] must be a finite number in \[0, Infinity\], got -1/,
  );
  assert.throws(() => claimMapConfig("smoke", { decayEpochs: [4, 2] }), /earliest < latest, got \[4,2\]/);
  assert.throws(
    () => claimMapConfig("smoke", { decayEpochs: [2] as never }),
    /decayEpochs must be \[earliest, latest\], got \[2\]/,
  );
  assert.throws(() => claimMapConfig("smoke", { seeds: [0, 0] }), /seeds lists 0 twice/);
  assert.throws(
    () => claimMapConfig("smoke", { data: { dataset: "mnist-idx" } as never }),
    /unknown config key "data.dataset"; valid keys of data: trainPerClass, subset, subsetSeed/,
  );
  assert.throws(
    () =>
      checkClaimMapConfig({ ...CLAIM_MAP_PROFILES.smoke, data: { trainPerClass: 10, dataset: "mnist-idx" } as never }),
    /data\.dataset: the map's data sets are its columns/,
  );
  assert.throws(
    () => checkClaimMapConfig({ ...CLAIM_MAP_PROFILES.smoke, epochs: 3 } as never),
    /unknown claim-map key\(s\) epochs; valid keys: datasets, data, models/,
  );
  assert.throws(
    () =>
      claimMapConfig("smoke", {
        models: [{ name: "MLP", model: { inputDim: 784, hidden: [8], numClasses: 10 }, width: 3 } as never],
      }),
    /models\[0\]: unknown key\(s\) width; valid keys: name, model, lr/,
  );
  assert.throws(
    () =>
      claimMapConfig("smoke", {
        models: [
          { name: "a", model: CLAIM_MAP_PROFILES.smoke.models[0].model },
          { name: "a", model: CLAIM_MAP_PROFILES.smoke.models[0].model },
        ],
      }),
    /models lists "a" twice/,
  );
});

test("a cell's late-decay check names the cell: a model that does not fit the data, a bad batch size", () => {
  assert.throws(
    () =>
      claimMapConfig("smoke", { models: [{ name: "tiny", model: { inputDim: 100, hidden: [8], numClasses: 10 } }] }),
    /claim-map cell mnist-package · tiny · λ=0\.0001: model\.inputDim 100 does not match the data/,
  );
  assert.throws(
    () => claimMapConfig("smoke", { batchSize: 0 }),
    /claim-map cell mnist-package · MLP · λ=0\.0001: batchSize must be an integer in \[1, Infinity\], got 0/,
  );
  assert.throws(
    () => claimMapConfig("smoke", { data: { trainPerClass: 0 } }),
    /claim-map cell mnist-package · MLP · λ=0\.0001: .*trainPerClass/,
  );
});

test("shard units: every cell's main paths and subpaths, ids prefixed by the cell, subpaths tied to their own cell's main path", () => {
  const units = claimMapUnits(claimMapConfig("smoke"), "wasm");
  assert.equal(units.length, 4 * 2 * 3);
  assert.deepEqual(
    units.slice(0, 3).map((u) => [u.id, u.dependsOn]),
    [
      ["mnist-package · MLP · λ=0.0001:main/0", {}],
      ["mnist-package · MLP · λ=0.0001:sub/0/2", { main: "mnist-package · MLP · λ=0.0001:main/0" }],
      ["mnist-package · MLP · λ=0.0001:sub/0/4", { main: "mnist-package · MLP · λ=0.0001:main/0" }],
    ],
  );
  assert.equal(
    new Set(units.map((u) => JSON.stringify(u.entry))).size,
    units.length,
    "every unit is its own cache entry",
  );
});

test("seed resolution: 8 seeds resolve 0.836 s (interval) and 1.153 s (80% power), t-quantiles over √8", () => {
  const r = seedResolution(8);
  assert.match(r["95% interval half-width"], /^0\.836 × s/);
  assert.match(r["smallest Δ resolved with 80% power (two-sided 5%)"], /^1\.153 × s/);
  assert.throws(() => seedResolution(1), /n must be an integer ≥ 2, got 1/);
});
