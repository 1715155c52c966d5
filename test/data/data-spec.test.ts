/** DataSpec: defaults, validation messages, subset seeds, the config table's lines. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkDataSpec, subsetSeedOf, dataTableRows, DataSpec } from "../../src/data/data-spec";
import { deriveSeed } from "../../src/core/rng";

test("defaults: per-seed subset, official test split, train-subset normalisation", () => {
  assert.deepEqual(checkDataSpec({ dataset: "mnist-idx", trainPerClass: 500 }),
    { dataset: "mnist-idx", trainPerClass: 500, subset: "per-seed", evaluation: "test-split", normalization: "train-subset" });
  assert.equal(checkDataSpec({ dataset: "mnist-idx", trainPerClass: 5, subset: undefined }).subset, "per-seed", "an explicit undefined (merged override) is the default");
});

test("subset seeds: per-seed → deriveSeed(seed, 'subset'), distinct across seeds; fixed → subsetSeed (default 0)", () => {
  const per = { dataset: "fashion-mnist", trainPerClass: 10 } as const;
  assert.equal(subsetSeedOf(per, 3), deriveSeed(3, "subset"));
  assert.equal(new Set([0, 1, 2, 3, 4, 5, 6, 7].map((s) => subsetSeedOf(per, s))).size, 8);
  assert.equal(subsetSeedOf({ ...per, subset: "fixed" }, 5), 0);
  assert.equal(subsetSeedOf({ ...per, subset: "fixed", subsetSeed: 9 }, 5), 9);
  assert.throws(() => subsetSeedOf(per, -1), /seed must be an integer in \[0, Infinity\], got -1/);
});

test("bad specs throw errors naming the value", () => {
  const base: DataSpec = { dataset: "mnist-idx", trainPerClass: 500 };
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ dataset: "mnist" }, /unknown dataset "mnist" \(mnist-package, mnist-idx, fashion-mnist, cifar10\)/],
    [{ trainPerClass: 0 }, /trainPerClass must be an integer in \[1, Infinity\], got 0/],
    [{ subset: "shared" }, /subset must be "per-seed" or "fixed", got "shared"/],
    [{ subsetSeed: 3 }, /subsetSeed applies to subset "fixed" only, got 3 with subset "per-seed"/],
    [{ subset: "fixed", subsetSeed: 1.5 }, /subsetSeed must be an integer .*got 1\.5/],
    [{ evaluation: "val" }, /evaluation must be "test-split" or "train-pool", got "val"/],
    [{ normalization: "minmax" }, /normalization must be .*got "minmax"/],
    [{ testPerClass: 20 }, /testPerClass applies to dataset "mnist-package" only, got 20 for "mnist-idx"/],
    [{ dataset: "mnist-package", evaluation: "train-pool" }, /"mnist-package" has no training split: evaluation must be "test-split", got "train-pool"/],
    [{ splitSeed: 0 }, /unknown data option\(s\) splitSeed/],
  ];
  for (const [change, re] of bad) assert.throws(() => checkDataSpec({ ...base, ...change } as DataSpec), re, JSON.stringify(change));
});

test("config table lines state the data set, the subset rule, the test set and the normalisation", () => {
  assert.deepEqual(dataTableRows({ dataset: "mnist-idx", trainPerClass: 500 }), [
    ["data set", "MNIST (60 000 train / 10 000 test)"],
    ["training subset", "500 per class from the train split, drawn per seed"],
    ["test loss on", "the official test split"],
    ["input normalisation", "standardised by the training subset's mean and std, same for train and test"],
  ]);
  const fixed = dataTableRows({ dataset: "fashion-mnist", trainPerClass: 50, subset: "fixed", subsetSeed: 2, evaluation: "train-pool", normalization: "dataset-constants" });
  assert.deepEqual(fixed.map(([, v]) => v), ["Fashion-MNIST (60 000 train / 10 000 test)",
    "50 per class from the train split, one fixed subset (subset seed 2) for every seed",
    "the whole train split (the authors' alternative; includes the training subset)",
    "standardised by the data set's usual mean and std, same for train and test"]);
});
