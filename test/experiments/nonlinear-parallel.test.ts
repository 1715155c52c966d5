// Chains of a nonlinear sweep as runner units (the family's end-to-end check): cost, merge, threads = one engine call, errors, cancellation keeps finished chains.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  runChainSweep,
  NONLINEAR_CODE_VERSION,
  type ChainSweepConfig,
  type ChainOutcome,
} from "../../src/experiments/nonlinear/run";
import { sweepRows } from "../../src/experiments/nonlinear/frames";
import { buildProblem, chainCost, chainUnits, mergeParts, toChainConfig } from "../../src/experiments/nonlinear/units";
import { storedEntries } from "../../src/runner";
import { ablationConfig } from "../../src/experiments/nonlinear/config";
import { ablationSweepConfig } from "../../src/experiments/nonlinear/ablations";
import { runChains } from "../../src/train/chains";
import { CancelledError } from "../../src/core/errors";
import { entryDir } from "../../src/store/cache";

const freshDir = () => (process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-nl-par-")));
const sweepDir = (config: ChainSweepConfig) =>
  entryDir({ kind: "nonlinear-sweep", codeVersion: NONLINEAR_CODE_VERSION, config });
const read = (config: ChainSweepConfig, file: string) => fs.readFileSync(path.join(sweepDir(config), file));

// chains of different lengths, batch sizes and γ; one diverges, one is recorded off the record grid (50 % 20 ≠ 0)
const mixed: ChainSweepConfig = {
  problem: { kind: "gaussian", n: 6, d: 12, seed: 3 },
  chains: [
    ...[0, 1, 2, 3, 4].map((seed) => ({
      seed,
      gamma: 1,
      lr: 0.02,
      stepsBeforeDecay: 60 * (seed + 1),
      stepsAfterDecay: 40,
      batchSize: 2,
      labelNoiseStd: 0.5,
      tag: "a",
    })),
    { seed: 2, gamma: 0, lr: 0.05, stepsBeforeDecay: 30, stepsAfterDecay: 20, tag: "b" },
    { seed: 3, gamma: 1, lr: 50, stepsBeforeDecay: 200, stepsAfterDecay: 0, batchSize: 1, tag: "too large" },
    ...[5, 6, 7].map((seed) => ({
      seed,
      gamma: 2,
      lr: 0.01,
      stepsBeforeDecay: 500,
      stepsAfterDecay: 100,
      batchSize: 3,
      labelNoiseStd: 1,
      tag: "c",
    })),
  ],
  recordEverySteps: 20,
  recordParams: true,
};

test("chainCost counts updates and recorded points", () => {
  const p = { n: 6, d: 12 };
  // 100 steps, B = 2, records at 0, 20, …, 100 (6): 100·(5 + 2·12) + 6·(1000 + 2·6·12)
  assert.equal(
    chainCost(p, { seed: 0, gamma: 1, lr: 1, stepsBeforeDecay: 60, stepsAfterDecay: 40, batchSize: 2 }, 20),
    2900 + 6 * 1144,
  );
  // 50 steps, B = n = 6, records at 0, 20, 40 and the last step 50 (4)
  assert.equal(
    chainCost(p, { seed: 0, gamma: 1, lr: 1, stepsBeforeDecay: 30, stepsAfterDecay: 20 }, 20),
    50 * 77 + 4 * 1144,
  );
});

test("mergeParts puts chains back in order and refuses a missing or repeated chain", () => {
  const rec = (chain: number, step: number) => ({
    chain,
    step,
    lr: 1,
    trainLoss: 0,
    testLoss: 0,
    distMn: 0,
    distAlong: 0,
    distOff: 0,
    normW: 1,
    traceH: 0,
  });
  const out = (chain: number) => ({ chain, status: "completed" as const, stoppedAtStep: null });
  const m = mergeParts(3, [
    { records: [rec(2, 0), rec(0, 0), rec(0, 5)], outcomes: [out(2), out(0)] },
    { records: [rec(1, 0)], outcomes: [out(1)] },
  ]);
  assert.deepEqual(
    m.records.map((r) => [r.chain, r.step]),
    [
      [0, 0],
      [0, 5],
      [1, 0],
      [2, 0],
    ],
  );
  assert.deepEqual(
    m.outcomes.map((o) => o.chain),
    [0, 1, 2],
  );
  assert.throws(() => mergeParts(3, [{ records: [], outcomes: [out(0), out(2)] }]), /chain 1 of 3 is in no part/);
  assert.throws(
    () =>
      mergeParts(2, [
        { records: [], outcomes: [out(0), out(1)] },
        { records: [], outcomes: [out(1)] },
      ]),
    /chain 1 appears in two parts/,
  );
});

test("2 workers write byte for byte the files of a serial run, which are those of one engine call (NONLINEAR_CODE_VERSION unchanged)", async () => {
  freshDir();
  const steps: number[] = [];
  const par = await runChainSweep(mixed, {
    workers: 2,
    onProgress: (done, total) => {
      steps.push(done);
      assert.equal(total, par0Total);
    },
  });
  const rowsPar = read(mixed, "rows.json"),
    outPar = read(mixed, "outcomes.json");
  freshDir();
  const ser = await runChainSweep(mixed, { workers: 1 });
  assert.ok(!par.cacheHit && !ser.cacheHit);
  assert.ok(rowsPar.equals(read(mixed, "rows.json")), "rows.json differs between 2 workers and 1");
  assert.ok(outPar.equals(read(mixed, "outcomes.json")), "outcomes.json differs");
  // what the code before worker threads wrote: one runChains call over all K chains
  const direct = await runChains(buildProblem(mixed.problem), mixed.chains.map(toChainConfig), {
    recordEverySteps: 20,
    recordParams: true,
  });
  const outcomes: ChainOutcome[] = direct.chains.map((c) => ({
    chain: c.chain,
    tag: mixed.chains[c.chain].tag ?? "",
    status: c.status,
    stoppedAtStep: c.stoppedAtStep,
  }));
  assert.equal(rowsPar.toString(), JSON.stringify(sweepRows(mixed, direct.records, outcomes)));
  assert.equal(outPar.toString(), JSON.stringify(outcomes));
  assert.equal(par.outcomes[6].status, "diverged");
  // progress: non-decreasing, summed over the workers' parts, ending at every chain-step
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i] >= steps[i - 1]);
  assert.equal(steps[steps.length - 1], par0Total);
});
const par0Total = mixed.chains.reduce((s, c) => s + c.stepsBeforeDecay + c.stepsAfterDecay, 0);

test("a bad chain run by a worker fails with a message naming its index in the sweep", async () => {
  freshDir();
  const bad = { ...mixed, chains: mixed.chains.map((c, k) => (k === 8 ? { ...c, batchSize: 7 } : c)) };
  await assert.rejects(runChainSweep(bad, { workers: 2 }), /chain 8: batchSize must be an integer in \[1, 6\], got 7/);
  assert.ok(!fs.existsSync(sweepDir(bad)));
});

for (const [how, workers] of [
  ["AbortSignal", 2],
  ["kernel interrupt (SIGINT)", 2],
  ["AbortSignal", 1],
] as const) {
  test(`cancelling a sweep on ${workers} thread(s) (${how}) throws CancelledError, stops the chains and keeps the finished ones`, async () => {
    freshDir();
    const config = ablationSweepConfig(ablationConfig("quick")); // ~128 chains of 40 000 steps: seconds of work
    const ctrl = new AbortController();
    let calls = 0,
      lastDone = 0,
      stopped = false;
    const run = runChainSweep(config, {
      workers,
      signal: ctrl.signal,
      onProgress: (done) => {
        calls++;
        lastDone = done;
        // 130 000 updates done: at least 2 chains finished (≤ 2 × 40 000 are in progress on 2 threads)
        if (done > 130_000 && !stopped) {
          stopped = true;
          if (how === "AbortSignal") ctrl.abort();
          else process.emit("SIGINT");
        }
      },
    });
    await assert.rejects(run, (e) => e instanceof CancelledError);
    const callsAtStop = calls;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(calls, callsAtStop, "no progress after the sweep was cancelled: its chains stopped");
    assert.ok(lastDone < config.chains.length * 40000, "cancelled before the end");
    const parent = path.dirname(sweepDir(config));
    assert.deepEqual(
      fs.existsSync(parent) ? fs.readdirSync(parent) : [],
      [],
      "no sweep entry and no temporary folder left",
    );
    const kept = [...storedEntries(chainUnits(config)).values()].filter(Boolean).length;
    assert.ok(kept >= 2, `finished chains stay stored (issue 13): ${kept}`);
    const chainDir = path.join(process.env.LATE_DECAY_DATA_DIR!, "cache", "nonlinear-chain");
    assert.deepEqual(
      fs.readdirSync(chainDir).filter((f) => f.includes(".tmp-")),
      [],
      "no temporary chain folder left",
    );
    const resumed = await runChainSweep(config, { workers: 1 });
    assert.equal(resumed.chainsFromShards, kept, "the next run reads the kept chains and computes the rest");
  });
}
