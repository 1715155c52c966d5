// Grid rows evaluated on worker threads equal a serial evaluation's, in order, with progress.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend } from "../helpers";
import { landscapeConfig } from "../../src/experiments/landscape/config";
import { landscapeRun } from "../../src/experiments/landscape/run";

before(setupBackend);

test("a landscape grid on 2 workers equals the serial grid exactly", async () => {
  const cfg = landscapeConfig("smoke", { grid: { nA: 5, nB: 4 } });
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-grid-serial-"));
  const serial = await landscapeRun(cfg, { workers: 1 });
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-grid-parallel-"));
  const seen: number[] = [];
  const parallel = await landscapeRun(cfg, { workers: 2, onProgress: (done, _t, note) => { if (note.startsWith("grid")) seen.push(done); } });
  assert.equal(parallel.rows.length, 20);
  assert.deepEqual(parallel.rows, serial.rows);
  assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => i + 1), "progress counts every point, in order");
});
