// Sharded runs: shard k of N as separate processes fill the same cache a serial run fills.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend, cacheFiles } from "../helpers";
import { runLateDecay } from "../../src/experiments/late-decay/run";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import type { LateDecayConfig } from "../../src/experiments/late-decay/config";
import { notebookShard } from "../../src/notebooks";
import { runLateDecayShard, sweepUnits } from "../../src/experiments/late-decay/shard";

const ROOT = path.resolve(__dirname, "../..");
before(setupBackend);

function shard(k: number, n: number, dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/cluster/shard.ts",
        "01",
        "--profile",
        "smoke",
        "--weight-decays",
        "0.001",
        "--shard",
        `${k}/${n}`,
        "--data-dir",
        dataDir,
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => (code === 0 ? resolve(err) : reject(new Error(`shard ${k}/${n} exited ${code}: ${err}`))));
  });
}

test("the sweep's units: every distinct entry once (the base config's weight decay appears twice), subpaths tied to their main path", () => {
  const configs = notebookShard("01").shard.configs("smoke", { weightDecays: [1e-3, 1e-4] }) as LateDecayConfig[];
  assert.deepEqual(configs[0], lateDecayConfig("smoke"), "the registry's first config is the notebook's");
  const units = sweepUnits(configs, "wasm"); // the base has wd 1e-3
  assert.equal(units[0].label, "c0:main/0 (main path seed 0)");
  assert.equal(units.length, 2 * 3 * (1 + 3));
  assert.deepEqual(
    units.slice(0, 2).map((u) => [u.id, u.dependsOn]),
    [
      ["c0:main/0", {}],
      ["c0:sub/0/2", { main: "c0:main/0" }],
    ],
  );
  assert.ok(
    units.every((u) => !u.id.startsWith("c1:")),
    "config 1 (wd 1e-3) = config 0: nothing of it is added",
  );
  assert.equal(units.filter((u) => u.id.startsWith("c2:")).length, 12);
});

test("two shards run as separate processes produce exactly the cache one serial run produces", async () => {
  const sharded = fs.mkdtempSync(path.join(os.tmpdir(), "ld-shards-"));
  const serial = fs.mkdtempSync(path.join(os.tmpdir(), "ld-serial-"));
  const logs = await Promise.all([shard(0, 2, sharded), shard(1, 2, sharded)]);
  assert.match(logs[0], /\[shard 0\/2\] done in .*: \d+ computed/);
  assert.match(
    logs.join(""),
    /needed by c\d:sub\/\d\/\d, not cached, training it first/,
    "a subpath whose main path is in the other shard says so",
  );
  process.env.LATE_DECAY_DATA_DIR = serial;
  const runs = await runLateDecay(lateDecayConfig("smoke"), { workers: 1 });
  assert.ok(runs.paths.every((p) => !p.cacheHit));
  const a = cacheFiles(serial),
    b = cacheFiles(sharded);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [k, v] of a) assert.ok(v.equals(b.get(k)!), `${k} differs`);
  process.env.LATE_DECAY_DATA_DIR = sharded;
  const fromShards = await runLateDecay(lateDecayConfig("smoke"));
  assert.ok(
    fromShards.paths.every((p) => p.cacheHit),
    "the notebook's call finds every path in the merged cache",
  );
});

test("a shard's log counts up: units numbered in the order reported (cached ones first), a main path trained for a subpath carrying the next number", async () => {
  const before = process.env.LATE_DECAY_DATA_DIR;
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-shard-log-"));
  try {
    const configs = [lateDecayConfig("smoke", { seeds: [0, 1] })];
    // shard 1/2 of the subpaths first: every other subpath is then cached (equal costs: units i ≡ 1 mod 2)
    const half: string[] = [];
    await runLateDecayShard(configs, {
      index: 1,
      count: 2,
      only: "subpath",
      onItem: (_i, _n, text) => half.push(text),
    });
    assert.equal(
      half.filter((t) => t.includes("needed by")).length,
      2,
      "each seed's main path trained first, and said so",
    );
    assert.match(
      half[0],
      /^c0:main\/0 \(main path seed 0\): needed by c0:sub\/0\/\d, not cached, training it first \(run the main paths' shards first/,
    );
    // then all subpaths in one shard: the cached half is reported first; the numbers still count up
    const items: [number, number, boolean][] = [];
    const r = await runLateDecayShard(configs, {
      index: 0,
      count: 1,
      only: "subpath",
      onItem: (i, n, _t, c) => items.push([i, n, c]),
    });
    assert.deepEqual([r.cached, r.computed, r.mainPathsForSubpaths], [3, 3, 0]);
    assert.deepEqual(
      items.map(([i, n, c]) => `${i}/${n}${c ? " cached" : ""}`),
      ["0/6 cached", "1/6 cached", "2/6 cached", "3/6", "4/6", "5/6"],
    );
  } finally {
    fs.rmSync(process.env.LATE_DECAY_DATA_DIR!, { recursive: true, force: true });
    if (before === undefined) delete process.env.LATE_DECAY_DATA_DIR;
    else process.env.LATE_DECAY_DATA_DIR = before;
  }
});
