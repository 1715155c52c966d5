// "The numbers do not move" (issue 10): every result file of the smoke profile of notebooks 01–06
// (late-decay paths of the config and its weight-decay sweep, the exported CSVs, the trajectory PCA,
// the landscape grid, the nonlinear-model sweeps of 04–06) holds the same bytes as before the runner
// refactor. Cache keys may change (a subpath is now keyed by its main path's content hash); file
// contents may not.
//
// Where the constants come from: commit 08d47cc (main before the refactor), `node --import tsx
// test/runner/smoke-results.ts <fresh dir>` on the wasm backend (tfjs-backend-wasm 4.22.0, Node 20, x86-64):
// per group `<cache kind>/<file>`, the SHA-256 of the group's sorted per-file SHA-256s joined by "\n",
// first 32 hex digits. The same run with 1 worker thread and with 2 gave the same table.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import { setupBackend } from "../helpers";
import { smokeResultHashes } from "./smoke-results";

const BEFORE_REFACTOR: Record<string, string> = {
  "landscape-grid/landscape.json": "ccb8ec311decef0667497b37e9c4f6b8",
  "late-decay-main/checkpoints.json": "aa93802ccdf70dced6d330e31a0d90e9",
  "late-decay-main/history.json": "1c6017ae410bf373daa7ec325c537535",
  "late-decay-main/params.f32": "2ebe6a49158e4ca284b18706fb7c7d77",
  "late-decay-main/velocity.f32": "ec63f297caaf5d1935aca199137acea4",
  "late-decay-subpath/checkpoints.json": "2d4da8ef6915e21a3e27ed006915cbce",
  "late-decay-subpath/history.json": "951b9fb19f5c8ae3e550dedd1717f2fa",
  "late-decay-subpath/params.f32": "28fae5ffefff40cc81ca1afc84b959f2",
  "late-decay-subpath/velocity.f32": "7d91ad28b05a8b56ac82f4640797dd00",
  "nonlinear-sweep/outcomes.json": "6465da4c27bb28115f41675813971a56",
  "nonlinear-sweep/rows.json": "7a6230950f7c4f839226f2196572d944",
  // The two CSVs changed format on purpose in issue 13 (a first index column `row`; decay_epoch of main-path rows
  // empty instead of NaN, so the column reads back numeric). Their values were checked equal, row by row and
  // column by column, against the files of 08d47cc (finals 9 rows, trajectories 48 rows, 0 mismatches); the
  // constants below are of the new format (08d47cc had baaef039… and aa34687e…).
  "results/01-late-decay/smoke/finals.csv": "5d22d6086fc0d7e821211511e84c1f87",
  "results/01-late-decay/smoke/trajectories.csv": "670dbfc7f5013838d25906b609f45c58",
  "trajectory-pca/components.f32": "87d24efcfe4af8c999f4bd4c946498dd",
  "trajectory-pca/mean.f64": "219b9a77cd1b77778cf06249b71ef403",
  "trajectory-pca/pca.json": "3ac3955973bb98f3d96f7557e3d27c76",
};
/**
 * Files added by construction, beside the files recorded above (whose bytes do not change): every chain is its own
 * entry however a sweep runs (before, only shards wrote them); each late-decay path stores its ‖θ‖₂ per checkpoint
 * (norms.json, issue 22: derived from the path's checkpoints, whose bytes are recorded above;
 * test/experiments/late-decay-work.test.ts checks them bit for bit against a recomputation); the landscape grid's row
 * entries stay stored once the grid entry is assembled (issue 22, kit/assemble.ts: one policy for every assembled
 * entry, the parts are kept); the PCA entry stores notebook 03's direction after decay (issue 22: computed by the unit,
 * no checkpoint reads in table or verdict code).
 */
const NEW_GROUPS = [
  "landscape-grid-row/rows.json",
  "late-decay-main/norms.json",
  "late-decay-subpath/norms.json",
  "nonlinear-chain/outcome.json",
  "nonlinear-chain/records.json",
  "trajectory-pca/directions.json",
];

const digest = (hashes: string[]) => createHash("sha256").update(hashes.join("\n")).digest("hex").slice(0, 32);

// Issue 11 changed the smoke profile's data protocol on purpose (a training subset drawn per seed, inputs
// standardised by the subset's statistics). With the old protocol set back by overrides — one subset for every
// seed drawn with seed 0 (`subset: "fixed"`, which draws exactly the old `splitSeed: 0` subset) and raw pixels
// (`normalization: "none"`) — every file holds the bytes recorded before the refactor.
const OLD_PROTOCOL = { data: { subset: "fixed" as const, normalization: "none" as const } };

// The constants are the tfjs engine's (the reference engine): this file runs on it (worker threads inherit the variable).
process.env.LATE_DECAY_ENGINE = "tfjs";

test("smoke-profile result files of notebooks 01–06 hold the bytes recorded before the refactor (with the pre-issue-11 data protocol), on the tfjs engine", async (t) => {
  const backend = await setupBackend();
  if (backend !== "wasm") {
    t.skip(`skipped: the constants were recorded on the wasm backend, this run uses ${backend}`);
    return;
  }
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-numbers-"));
  const groups = await smokeResultHashes({ lateDecay: OLD_PROTOCOL });
  const got = Object.fromEntries(
    Object.entries(groups)
      .filter(([k]) => !NEW_GROUPS.includes(k))
      .map(([k, v]) => [k, digest(v)]),
  );
  assert.deepEqual(got, BEFORE_REFACTOR);
  assert.deepEqual(
    Object.keys(groups).filter((k) => NEW_GROUPS.includes(k)),
    NEW_GROUPS,
  );
});
