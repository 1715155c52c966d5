// Errors that used to surface late or print NaN as null: a model that does not take the data's
// examples fails at config time naming inputDim and the data's dimension; an unknown data set is
// reported before any other problem; NaN and ±Infinity print as such; curves skip missing values.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lateDecayConfig, checkLateDecayConfig } from "../../src/experiments/late-decay/config";
import { runLateDecay } from "../../src/experiments/late-decay/run";
import { curveSeries } from "../../src/experiments/late-decay/frames";
import { datasetImageShape } from "../../src/data/datasets";
import { loadSeedSplit } from "../../src/data/seed-split";
import { mnistSplit } from "../../src/data/mnist";
import { ConfigError } from "../../src/core/errors";

let dataDir: string;
before(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-late-errors-"));
  process.env.LATE_DECAY_DATA_DIR = dataDir;
});

const INPUT_DIM =
  /^model\.inputDim 100 does not match the data: mnist-package examples have 784 values \(28×28×1\); use inputDim: 784$/;

test("inputDim 100 with 784-pixel MNIST fails at config time, naming inputDim and the data's dimension; runLateDecay fails before any work", async () => {
  assert.throws(
    () => lateDecayConfig("smoke", { model: { inputDim: 100 } }),
    (e: Error) => e instanceof ConfigError && INPUT_DIM.test(e.message),
  );
  const bad = { ...lateDecayConfig("smoke"), model: { inputDim: 100, hidden: [32], numClasses: 10 } };
  await assert.rejects(
    runLateDecay(bad, { workers: 1 }),
    (e: Error) => e instanceof ConfigError && INPUT_DIM.test(e.message),
  );
  assert.ok(!fs.existsSync(path.join(dataDir, "cache")), "nothing computed or stored");
  assert.throws(
    () =>
      checkLateDecayConfig({
        ...lateDecayConfig("smoke-cnn"),
        data: { ...lateDecayConfig("smoke-cnn").data, dataset: "mnist-idx" },
      }),
    /^ConfigError: model\.inputShape \[32,32,3\] does not match the data: mnist-idx examples have 784 values \(28×28×1\)$/,
  );
  assert.deepEqual(datasetImageShape("cifar10"), [32, 32, 3]);
});

test('dataset "cifar100" is reported as an unknown data set first (smoke sets testPerClass, which used to be reported instead)', () => {
  const UNKNOWN = /^unknown dataset "cifar100" \(mnist-package, mnist-idx, fashion-mnist, cifar10\)$/;
  const smoke = lateDecayConfig("smoke");
  assert.throws(
    () => checkLateDecayConfig({ ...smoke, data: { ...smoke.data, dataset: "cifar100" as never } }),
    (e: Error) => e instanceof ConfigError && UNKNOWN.test(e.message),
  );
  assert.throws(
    () => loadSeedSplit({ dataset: "cifar100" as never, trainPerClass: 10, testPerClass: 20 }, 0),
    (e: Error) => UNKNOWN.test(e.message),
  );
});

test("messages print NaN and ±Infinity as such, not null", () => {
  assert.throws(
    () => mnistSplit({ trainPerClass: 1, seed: 0, classes: [1, NaN] }),
    /^ConfigError: unknown class NaN \(MNIST classes are 0\.\.9\)$/,
  );
  assert.throws(
    () => lateDecayConfig("smoke", { momentumAtBranch: Infinity as never }),
    /momentumAtBranch must be "carry" or "reset", got Infinity$/,
  );
  assert.throws(() => lateDecayConfig(NaN as never), /^ConfigError: unknown profile NaN;/);
});

test("curveSeries skips a missing (NaN) value in the mean over seeds (analysis/summary), as danfo's Series.mean does", () => {
  const row = (epoch: number, testLoss: number) => ({
    epoch,
    step: epoch * 4,
    lr: 0.1,
    trainLoss: 1,
    trainAcc: 0.5,
    testLoss,
    testAcc: 0.5,
  });
  const main = (seed: number, losses: number[]) => ({
    kind: "main",
    seed,
    decayEpoch: null,
    history: losses.map((l, e) => row(e, l)),
    dir: "",
    cacheHit: false,
  });
  const runs = {
    config: lateDecayConfig("smoke"),
    backend: "cpu",
    wallSeconds: 0,
    paths: [main(0, [2, NaN, 1]), main(1, [4, 3, NaN]), main(2, [6, 5, NaN])],
  };
  const [curve] = curveSeries(runs as never, "testLoss");
  assert.deepEqual(curve.epochs, [0, 1, 2]);
  assert.deepEqual(curve.values, [4, 4, 1], "(2+4+6)/3, (3+5)/2 skipping seed 0's NaN, 1 alone");
});

test('a list setting given as something else is refused naming the value (seeds: 2, seeds: "ab", decayEpochs: 7, seeds: [])', () => {
  assert.throws(
    () => lateDecayConfig("smoke", { seeds: 2 as never }),
    /^ConfigError: seeds must be a non-empty array, got 2$/,
  );
  assert.throws(
    () => lateDecayConfig("smoke", { seeds: "ab" as never }),
    /^ConfigError: seeds must be a non-empty array, got "ab"$/,
  );
  assert.throws(
    () => lateDecayConfig("smoke", { decayEpochs: 7 as never }),
    /^ConfigError: decayEpochs must be a non-empty array, got 7$/,
  );
  assert.throws(
    () => lateDecayConfig("smoke", { seeds: [] }),
    /^ConfigError: seeds must be a non-empty array, got \[\]$/,
  );
});
