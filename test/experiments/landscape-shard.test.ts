// Sharded landscape grids (the family's end-to-end check of the runner): grid rows j ≡ k (mod N) computed by separate processes into one data
// folder, assembled by landscapeRun into exactly the cache a serial run produces.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend, cacheFiles } from "../helpers";
import { landscapeConfig } from "../../src/experiments/landscape/config";
import { landscapeRun } from "../../src/experiments/landscape/run";

const ROOT = path.resolve(__dirname, "../..");
before(setupBackend);

function shard(args: string[], dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "scripts/cluster/shard.ts", ...args, "--data-dir", dataDir], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LATE_DECAY_WORKERS: "1" },
    });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) =>
      code === 0 ? resolve(err) : reject(new Error(`shard ${args.join(" ")} exited ${code}: ${err}`)),
    );
  });
}

test("two landscape shards run as separate processes produce exactly the cache one serial run produces", async () => {
  const sharded = fs.mkdtempSync(path.join(os.tmpdir(), "ld-grid-shards-"));
  const serial = fs.mkdtempSync(path.join(os.tmpdir(), "ld-grid-serial-"));
  const common = ["02", "--profile", "smoke", "--surface", "flat", "--seed", "1"];
  const logs = await Promise.all([
    shard([...common, "--shard", "0/2"], sharded),
    shard([...common, "--shard", "1/2"], sharded),
  ]);
  assert.match(logs[0], /\[shard 0\/2\] done in .*: grid rows \[0, 2, 4\] of 5: 3 computed, 0 already cached/);
  assert.match(logs[1], /grid rows \[1, 3\] of 5: 2 computed/);
  const cfg = landscapeConfig("smoke", { surface: "flat", seed: 1 });
  process.env.LATE_DECAY_DATA_DIR = serial;
  const want = await landscapeRun(cfg, { workers: 1 });
  process.env.LATE_DECAY_DATA_DIR = sharded;
  const got = await landscapeRun(cfg, {
    workers: 1,
    onProgress: (_d, _t, note) => assert.ok(!note?.startsWith("grid"), `nothing recomputed: ${note}`),
  });
  assert.ok(!got.cacheHit, "the grid entry is assembled from the shards' rows");
  assert.deepEqual(got.rows, want.rows);
  const a = cacheFiles(serial),
    b = cacheFiles(sharded);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [k, v] of a) assert.ok(v.equals(b.get(k)!), `${k} differs`);
  const again = await shard([...common, "--shard", "1/2"], sharded);
  assert.match(again, /0 computed, 2 already cached/, "a shard of a finished grid does nothing");
});
