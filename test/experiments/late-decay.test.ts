import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tf, setupBackend } from "../helpers";
import { runLateDecay } from "../../src/experiments/late-decay/run";
import { lateDecayConfig, LateDecayConfig } from "../../src/experiments/late-decay/config";
import { finalByDecayEpoch, trajectoryFrame } from "../../src/experiments/late-decay/frames";
import { CheckpointReader } from "../../src/store/checkpoints";
import { trainPath } from "../../src/train/path";
import { loadSeedSplit } from "../../src/data/seed-split";
import { toSetTensors, disposeSet } from "../../src/train/evaluate";
import { networkOf } from "../../src/models/network";
import { deriveSeed } from "../../src/core/rng";

const tiny: LateDecayConfig = lateDecayConfig("smoke", {
  data: { dataset: "mnist-package", trainPerClass: 5, testPerClass: 5 },
  model: { inputDim: 784, hidden: [8], numClasses: 10 },
  batchSize: 20,
  mainEpochs: 4,
  checkpointEveryEpochs: 2,
  evalEveryEpochs: 1,
  decayEpochs: [2, 4],
  subpathEpochs: 2,
  seeds: [0],
});

before(async () => {
  await setupBackend();
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-exp-"));
});

/** Trains `epochs` from a checkpoint row directly with trainPath: the reference for a subpath. */
async function reference(c: LateDecayConfig, mainDir: string, epoch: number, lr: number, velocity: "carry" | "reset") {
  const split = loadSeedSplit(c.data, 0); // the reference trains seed 0's own subset
  const train = toSetTensors(split.train, 10),
    test = toSetTensors(split.test, 10);
  const network = networkOf(c.model);
  const layout = network.layout;
  const ck = new CheckpointReader(mainDir);
  const row = ck.rowOfEpoch(epoch);
  const out = await trainPath(
    {
      params: ck.params(row),
      velocity: velocity === "carry" ? ck.velocity(row) : new Float32Array(layout.size),
      epoch,
      step: ck.index.steps[row],
      rngState: ck.index.rngStates[row],
    },
    {
      pathId: "reference",
      network,
      train,
      test,
      hyper: { ...c.hyper, lr },
      batchSize: c.batchSize,
      epochs: c.subpathEpochs,
      evalEveryEpochs: 1,
      checkpointEveryEpochs: 0,
      batchSeed: deriveSeed(0, "batches"),
    },
  );
  disposeSet(train);
  disposeSet(test);
  return out.state;
}

test("subpaths branch exactly from the main path's checkpoint, at the decayed LR, without altering the main path", async () => {
  const before = tf.memory().numTensors;
  const runs = await runLateDecay(tiny);
  assert.equal(tf.memory().numTensors, before, "tensor leak in runLateDecay");
  const main = runs.paths.find((p) => p.kind === "main")!;
  const mainCk = new CheckpointReader(main.dir);
  assert.deepEqual(mainCk.index.epochs, [0, 2, 4]);
  const mainBytes = fs.readFileSync(path.join(main.dir, "params.f32"));
  for (const sub of runs.paths.filter((p) => p.kind === "subpath")) {
    const E = sub.decayEpoch!;
    const subCk = new CheckpointReader(sub.dir);
    assert.equal(subCk.index.epochs[0], E);
    assert.deepEqual(subCk.params(0), mainCk.params(mainCk.rowOfEpoch(E)), `subpath E=${E} first params`);
    assert.deepEqual(subCk.velocity(0), mainCk.velocity(mainCk.rowOfEpoch(E)), `subpath E=${E} carries momentum`);
    assert.ok(
      sub.history.every((h) => Math.abs(h.lr - 0.01) < 1e-12),
      "subpath LR is decayed on every row",
    );
    // the subpath's end point equals a direct run at lr × factor from the checkpoint, and differs from one at the large LR
    const ref = await reference(tiny, main.dir, E, 0.1 * 0.1, "carry");
    const last = subCk.params(subCk.count - 1);
    assert.deepEqual(last, ref.params);
    const large = await reference(tiny, main.dir, E, 0.1, "carry");
    assert.notDeepEqual(last, large.params);
  }
  assert.ok(mainBytes.equals(fs.readFileSync(path.join(main.dir, "params.f32"))), "main path checkpoints unchanged");
});

test("momentumAtBranch=reset restarts the momentum buffer at zero", async () => {
  const c = { ...tiny, momentumAtBranch: "reset" as const };
  const runs = await runLateDecay(c);
  const main = runs.paths.find((p) => p.kind === "main")!;
  assert.equal(main.cacheHit, true, "the main path is shared with the carry runs");
  const sub = runs.paths.find((p) => p.kind === "subpath" && p.decayEpoch === 2)!;
  const ck = new CheckpointReader(sub.dir);
  assert.ok(ck.velocity(0).every((v) => v === 0));
  const ref = await reference(c, main.dir, 2, 0.01, "reset");
  assert.deepEqual(ck.params(ck.count - 1), ref.params);
});

test("second run loads every path from cache with identical histories; frames have the documented columns", async () => {
  const a = await runLateDecay(tiny);
  const b = await runLateDecay(tiny);
  assert.ok(b.paths.every((p) => p.cacheHit));
  assert.deepEqual(
    b.paths.map((p) => p.history),
    a.paths.map((p) => p.history),
  );
  const df = trajectoryFrame(b);
  assert.deepEqual(df.columns, [
    "path",
    "seed",
    "decay_epoch",
    "epoch",
    "step",
    "lr",
    "train_loss",
    "train_acc",
    "test_loss",
    "test_acc",
  ]);
  assert.equal(df.shape[0], 5 + 3 + 3);
  const finals = finalByDecayEpoch(b);
  assert.deepEqual(
    finals.map((f) => f.decay_epoch),
    [2, 4],
  );
  const sub4 = b.paths.find((p) => p.decayEpoch === 4)!;
  assert.equal(finals[1].mean, sub4.history[sub4.history.length - 1].testLoss);
});

test("invalid configs name the bad value", () => {
  assert.throws(() => lateDecayConfig("fast"), /unknown profile "fast"/);
  assert.throws(() => lateDecayConfig("smoke", { decayEpochs: [3] }), /decay epoch 3 must be/);
  assert.throws(() => lateDecayConfig("smoke", { momentumAtBranch: "keep" as never }), /momentumAtBranch .*"keep"/);
});

test("a run far too long for a CPU engine is refused up front with its estimated wall time", async () => {
  // 50 million epochs of the smoke MLP: days on any CPU engine (the onnx engine ≈ 1 ms an epoch here)
  const huge = lateDecayConfig("smoke", { mainEpochs: 50_000_000, decayEpochs: [2] });
  await assert.rejects(
    runLateDecay(huge),
    /needs about [\d.]+ h on this machine \((onnx|tfjs) .* \+ (wasm|cpu)\) \(\d+ SGD steps; estimated from a timed epoch.*forceSlowBackend/,
  );
});

test("a kernel interrupt (SIGINT) stops a run within a step, removes its listener and leaves no partial entry", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-sigint-"));
  process.env.LATE_DECAY_DATA_DIR = dir;
  const listeners = process.listenerCount("SIGINT");
  const long = { ...tiny, mainEpochs: 2000, decayEpochs: [2000] };
  setTimeout(() => process.emit("SIGINT"), 800);
  await assert.rejects(runLateDecay(long, { workers: 1 }), /main path \(seed 0\): interrupted \(SIGINT\)/);
  assert.equal(process.listenerCount("SIGINT"), listeners);
  const left = fs.readdirSync(path.join(dir, "cache"), { recursive: true }) as string[];
  assert.deepEqual(
    left.filter((f) => /tmp-|manifest\.json/.test(f)),
    [],
  );
});
