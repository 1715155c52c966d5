// Sharded nonlinear sweeps: shard k of N as separate processes fill single-chain entries from which
// runChainSweep assembles exactly the sweep entry one serial run writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runChainSweep, NONLINEAR_CODE_VERSION, type ChainSweepConfig } from "../../src/experiments/nonlinear/run";
import { nonlinearShardUnits, runNonlinearShard } from "../../src/experiments/nonlinear/shard";
import { notebookShard } from "../../src/notebooks";
import { landscapeModelConfig, phasesConfig } from "../../src/experiments/nonlinear/config";
import { decaySweepConfig, phaseSweepConfig } from "../../src/experiments/nonlinear/phases";
import { entryDir, validEntry } from "../../src/store/cache";
import { chainUnits } from "../../src/experiments/nonlinear/units";
import { storedEntries } from "../../src/runner";
import { sweepInfo } from "../../src/experiments/nonlinear/figures";

const ROOT = path.resolve(__dirname, "../..");
/** The sweeps notebook `nb` runs under `profile` with its default parameters (the notebook registry's). */
const nonlinearShardConfigs = (nb: string, profile: string) =>
  notebookShard(nb).shard.configs(profile, {}) as ChainSweepConfig[];
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `ld-nl-${name}-`));
const sweepDir = (config: ChainSweepConfig) =>
  entryDir({ kind: "nonlinear-sweep", codeVersion: NONLINEAR_CODE_VERSION, config });
const files = (config: ChainSweepConfig) =>
  ["rows.json", "outcomes.json"].map((f) => fs.readFileSync(path.join(sweepDir(config), f)));

/** Runs `npm run shard`'s script for shard k/n of notebook 05 (smoke) as a separate process; its final counts. */
function shardProcess(k: number, n: number, dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/cluster/shard.ts",
        "05",
        "--profile",
        "smoke",
        "--shard",
        `${k}/${n}`,
        "--data-dir",
        dataDir,
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => {
      const m = /done in .*: (\d+) chains computed, (\d+) already cached/.exec(err);
      if (code === 0 && m) resolve(JSON.stringify({ computed: Number(m[1]), cached: Number(m[2]) }));
      else reject(new Error(`shard ${k}/${n} exited ${code}: ${err}`));
    });
  });
}

test("the registry's configs of 04–06: the sweeps each notebook runs under its default parameters", () => {
  const c05 = phasesConfig("smoke");
  assert.deepEqual(nonlinearShardConfigs("05", "smoke"), [phaseSweepConfig(c05), decaySweepConfig(c05)]);
  assert.deepEqual(
    nonlinearShardConfigs("05", "smoke").map((c) => [c.chains.length, c.recordEverySteps]),
    [
      [2 * 8, 20],
      [2 * 8 * 3, 100],
    ],
  );
  const [c04] = nonlinearShardConfigs("04", "smoke");
  assert.equal(c04.chains.length, 2 * 2, "γ ∈ {1, 0} × decay steps {50, 400}");
  assert.equal(c04.recordParams, true);
  assert.equal(
    nonlinearShardConfigs("06", "smoke")[0].chains.length,
    (2 + 2 + 2 + 2) * 2,
    "4 axes × 2 values × 2 seeds",
  );
  assert.deepEqual(
    nonlinearShardConfigs("06", "smoke-cnn"),
    nonlinearShardConfigs("06", "smoke"),
    "01–03's aliases work",
  );
  assert.equal(
    landscapeModelConfig("quick").decaySteps.length * 2,
    nonlinearShardConfigs("04", "quick")[0].chains.length,
  );
  assert.throws(
    () => nonlinearShardConfigs("07", "smoke"),
    /sharding is implemented for notebooks 01 \(late-decay paths\), .*; got "07"/,
  );
  assert.throws(() => nonlinearShardConfigs("03", "smoke"), /got "03" \(03 reads 01's runs\)/);
  assert.throws(() => nonlinearShardConfigs("05", "huge"), /unknown profile "huge"/);
});

test("the shard list: the chains of every sweep in order, one unit per distinct chain entry, costed by chainCost", () => {
  const configs = nonlinearShardConfigs("05", "smoke");
  const all = nonlinearShardUnits(configs);
  assert.equal(all.length, 16 + 48);
  assert.deepEqual(
    all.slice(0, 2).map((u) => u.id),
    ["s0:chain/0", "s0:chain/1"],
  );
  assert.equal(all[16].id, "s1:chain/0");
  assert.deepEqual(
    all.map((u) => u.cost),
    [...chainUnits(configs[0]), ...chainUnits(configs[1])].map((u) => u.cost),
  );
  assert.equal(nonlinearShardUnits([...configs, configs[0]]).length, all.length, "a chain reached twice is one unit");
  assert.throws(() => nonlinearShardUnits([]), /no sweep configs to shard/);
});

test("two shards run as separate processes produce exactly the sweep entries one serial run produces", async () => {
  const configs = nonlinearShardConfigs("05", "smoke");
  const serial = tmp("serial"),
    sharded = tmp("shards");
  const outs = await Promise.all([shardProcess(0, 2, sharded), shardProcess(1, 2, sharded)]);
  const counts = outs.map((o) => JSON.parse(o) as { computed: number; cached: number });
  assert.equal(counts[0].computed + counts[1].computed, 64);
  assert.deepEqual(
    counts.map((c) => c.cached),
    [0, 0],
  );
  process.env.LATE_DECAY_DATA_DIR = serial;
  const expected = [];
  for (const c of configs) {
    await runChainSweep(c, { workers: 1 });
    expected.push(files(c));
  }
  process.env.LATE_DECAY_DATA_DIR = sharded;
  for (const [i, c] of configs.entries()) {
    const s = await runChainSweep(c);
    assert.equal(s.cacheHit, false);
    assert.equal(
      validEntry(sweepDir(c))!.meta.chainsFromShards,
      c.chains.length,
      "every chain read from the shards' entries",
    );
    assert.equal(s.chainsFromShards, c.chains.length);
    assert.match(
      sweepInfo(s).cache,
      new RegExp(`computed now; ${c.chains.length} of ${c.chains.length} chains were read from shards`),
    );
    assert.equal((await runChainSweep(c)).chainsFromShards, c.chains.length, "a cache hit reports it too");
    const got = files(c);
    assert.ok(got[0].equals(expected[i][0]), `rows.json of sweep ${i} differs from the serial run's`);
    assert.ok(got[1].equals(expected[i][1]), `outcomes.json of sweep ${i} differs`);
  }
  const again = await runNonlinearShard(configs, { index: 1, count: 2 });
  assert.deepEqual(again, { computed: 0, cached: counts[1].computed }, "a re-run finds its chains cached");
});

test("with only one shard done, runChainSweep computes the missing chains itself (same bytes)", async () => {
  const [config] = nonlinearShardConfigs("04", "smoke"); // recordParams: rows carry w0, w1
  process.env.LATE_DECAY_DATA_DIR = tmp("serial04");
  await runChainSweep(config, { workers: 1 });
  const expected = files(config);
  process.env.LATE_DECAY_DATA_DIR = tmp("half04");
  const items: string[] = [];
  const r = await runNonlinearShard([config], {
    index: 0,
    count: 2,
    onItem: (i, n, label, cachedAlready) => items.push(`${i}/${n} ${cachedAlready} ${label}`),
  });
  assert.equal(r.computed, 2);
  assert.match(items[0], /^0\/2 false sweep 0 chain \d \(γ = [01], decay at \d+, seed 0, \d+\+100 steps\)$/);
  const stored = storedEntries(chainUnits(config));
  assert.equal([...stored.values()].filter(Boolean).length, 2);
  await runChainSweep(config, { workers: 2 });
  assert.equal(validEntry(sweepDir(config))!.meta.chainsFromShards, 2);
  const got = files(config);
  assert.ok(got[0].equals(expected[0]) && got[1].equals(expected[1]), "assembled sweep differs from the serial run's");
});
