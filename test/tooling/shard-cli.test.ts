/**
 * `npm run shard`: an option the notebook does not read is said in the log and ignored (not refused:
 * `npm run slurm -- … -- <args>` passes the same arguments to every notebook's shards).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

test("shard 04 with --weight-decays and --seed: both named as not read by notebook 04, the shard still runs", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-shard-cli-"));
  try {
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/cluster/shard.ts",
        "04",
        "--profile",
        "smoke",
        "--shard",
        "0/8",
        "--weight-decays",
        "0.1",
        "--seed",
        "3",
        "--data-dir",
        dir,
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /--weight-decays is not an option of notebook 04 \(it reads no notebook option\): ignored/);
    assert.match(r.stderr, /--seed is not an option of notebook 04 \(it reads no notebook option\): ignored/);
    assert.match(r.stderr, /done in .*: 1 chains computed, 0 already cached/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
