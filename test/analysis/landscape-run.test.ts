// The landscape experiment on the smoke profile's real checkpoints (in a temporary data dir):
// PCA rows and sign rule, the reconstruction identity on real checkpoints, caching, resuming
// from the partial file, config errors.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend, tf } from "../helpers";
import { CheckpointReader } from "../../src/store/checkpoints";
import { loadSeedSplit } from "../../src/data/seed-split";
import { mlpLayout, mlpForward, MlpConfig } from "../../src/models/mlp";
import { toSetTensors, disposeSet } from "../../src/train/evaluate";
import { flatPcaSurface, curvedPcaSurface, evalQuadratic } from "../../src/analysis/surface";
import { gridFromRange } from "../../src/analysis/grid";
import { evaluateFlat, evaluateLandscape } from "../../src/analysis/landscape";
import { landscapeConfig } from "../../src/experiments/landscape/config";
import { trajectoryPcaRun } from "../../src/experiments/landscape/pca";
import {
  landscapeRun,
  landscapeSetup,
  gridEntryDir,
  computeGridRows,
  storedGridRow,
} from "../../src/experiments/landscape/run";
import { CancelledError } from "../../src/core/errors";
import { cacheDir } from "../../src/store/paths";

/** As after an interrupted run: the grid entry and every grid-row entry gone (row entries stay stored once a grid is assembled). */
function removeGridAndRows(gridDir: string): void {
  fs.rmSync(gridDir, { recursive: true });
  fs.rmSync(cacheDir("landscape-grid-row"), { recursive: true, force: true });
}

before(async () => {
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-landscape-"));
  await setupBackend();
});

test("PCA rows: main path then subpaths by decay epoch; main path's last point has positive coordinates", async () => {
  const cfg = landscapeConfig("smoke", { seed: 1 });
  const run = await trajectoryPcaRun(cfg);
  // smoke: main path checkpoints at epochs 0, 2, 4, 6; subpaths (2 epochs, checkpoint every 2) at decay 2, 4, 6
  assert.deepEqual(
    run.paths.map((p) => [p.name, p.firstRow, p.epochs]),
    [
      ["main path", 0, [0, 2, 4, 6]],
      ["decay at 2", 4, [2, 4]],
      ["decay at 4", 6, [4, 6]],
      ["decay at 6", 8, [6, 8]],
    ],
  );
  assert.equal(run.pca.count, 10);
  for (let j = 0; j < run.pca.k; j++)
    assert.ok(run.pca.coords[3 * run.pca.k + j] > 0, `PC${j + 1} of the main path's last point`);
  // a subpath's first checkpoint is the main path's checkpoint at its decay epoch: same coordinates
  assert.deepEqual(run.paths[2].pcs[0], run.paths[0].pcs[2]);
  const again = await trajectoryPcaRun(cfg);
  assert.ok(again.cacheHit);
  assert.deepEqual(Array.from(again.pca.coords), Array.from(run.pca.coords));
  assert.deepEqual(Array.from(again.pca.components[1]), Array.from(run.pca.components[1]));
});

test("real checkpoints: grid value at a checkpoint's (a, b) = loss of center + Σ coord·pc over the surface's directions", async () => {
  const cfg = landscapeConfig("smoke");
  const { pca, runs } = await trajectoryPcaRun(cfg);
  const c = cfg.lateDecay,
    layout = mlpLayout(c.model as MlpConfig),
    net = { layout, forward: mlpForward };
  const split = loadSeedSplit(c.data, cfg.seed); // the analysed seed's own training subset
  const sets = { train: toSetTensors(split.train, 10), test: toSetTensors(split.test, 10) };
  const k = pca.k,
    t = 3,
    a = pca.coords[t * k],
    b = pca.coords[t * k + 1];
  const grid = gridFromRange({ aMin: a, aMax: a, bMin: b, bMax: b }, 1, 1);
  for (const surface of [flatPcaSurface(pca), curvedPcaSurface(pca)]) {
    const q = surface.kind === "curved" ? evalQuadratic(surface.quad, a) : 0;
    const recon = new Float32Array(layout.size);
    for (let p = 0; p < recon.length; p++) {
      recon[p] = pca.mean[p] + a * pca.components[0][p] + b * pca.components[1][p] + q * pca.components[2][p];
    }
    const [row] = await evaluateLandscape(net, surface, grid, sets);
    const want = evaluateFlat(net, recon, sets.train);
    assert.ok(
      Math.abs(row.trainLoss - want.loss) < 1e-6 * want.loss,
      `${surface.kind}: ${row.trainLoss} vs ${want.loss}`,
    );
  }
  // the 10 checkpoints are 7 distinct points (a subpath starts at a main-path checkpoint): all 6 components of the centred
  // trajectory reconstruct a checkpoint exactly (up to float32 rounding)
  const all = (await trajectoryPcaRun(landscapeConfig("smoke", { k: 6 }))).pca;
  const full = new Float32Array(layout.size);
  for (let p = 0; p < full.length; p++) {
    let v = all.mean[p];
    for (let j = 0; j < all.k; j++) v += all.coords[t * all.k + j] * all.components[j][p];
    full[p] = v;
  }
  const own = evaluateFlat(net, new CheckpointReader(runs.paths[0].dir).params(t), sets.train);
  const recon = evaluateFlat(net, full, sets.train).loss;
  assert.ok(
    Math.abs(recon - own.loss) < 1e-5 * own.loss,
    `k = ${all.k} components: loss ${recon} vs the checkpoint's ${own.loss}; explained ${Array.from(all.explainedVarianceRatio).join(", ")}`,
  );
  disposeSet(sets.train);
  disposeSet(sets.test);
});

test("landscapeRun: 7 × 5 grid around the paths, cached, no tensor leak; stored grid rows are used, the rest computed identically", async () => {
  const cfg = landscapeConfig("smoke", { surface: "flat" });
  const tensors = tf.memory().numTensors;
  const first = await landscapeRun(cfg, { workers: 1 });
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(first.rows.length, 35);
  assert.ok(first.rows.every((r) => r.trainLoss > 0 && r.testLoss > 0 && r.trainAcc >= 0 && r.testAcc <= 1));
  assert.deepEqual(
    first.rows.map((r) => r.index),
    Array.from({ length: 35 }, (_, i) => i),
  );
  const allA = first.paths.flatMap((p) => p.a);
  assert.ok(first.grid.as[0] < Math.min(...allA) && first.grid.as[6] > Math.max(...allA));
  const hit = await landscapeRun(cfg);
  assert.ok(hit.cacheHit);
  assert.ok(hit.gridSeconds > 0 && Math.abs(hit.pointsPerSecond - 35 / hit.gridSeconds) < 1e-9 * hit.pointsPerSecond);
  // as after an interrupted run (or shards): grid rows 0 and 3 stored, the grid entry missing
  await setupBackend();
  const s = await landscapeSetup(cfg);
  assert.deepEqual(
    storedGridRow(s, 1)!.rows,
    first.rows.slice(7, 14),
    "row entries kept once the grid entry is complete (kit/assemble.ts)",
  );
  removeGridAndRows(gridEntryDir(s));
  await computeGridRows(s, { rows: [0, 3], workers: 1 });
  assert.deepEqual(storedGridRow(s, 3)!.rows, first.rows.slice(21, 28));
  assert.equal(storedGridRow(s, 1), null);
  const seen: number[] = [];
  const resumed = await landscapeRun(cfg, {
    workers: 1,
    onProgress: (done, _t, note) => {
      if (note?.startsWith("grid")) seen.push(done);
    },
  });
  assert.ok(!resumed.cacheHit);
  assert.deepEqual(resumed.rows, first.rows, "stored rows + recomputed rows = the first run's grid");
  assert.deepEqual(
    seen,
    Array.from({ length: 21 }, (_, i) => 15 + i),
    "grid progress counts on from the 14 stored points",
  );
  assert.deepEqual(storedGridRow(s, 1)!.rows, first.rows.slice(7, 14), "the recomputed rows are stored too");
});

test("landscapeRun stopped mid-grid keeps its finished rows and resumes to the same grid (serial; parallel workers)", async () => {
  const cfg = landscapeConfig("smoke", { surface: "curved" });
  await setupBackend();
  const whole = await landscapeRun(cfg, { workers: 1 });
  const s = await landscapeSetup(cfg);
  for (const workers of [1, 2]) {
    removeGridAndRows(gridEntryDir(s));
    const ctrl = new AbortController();
    const outcome = await landscapeRun(cfg, {
      workers,
      signal: ctrl.signal,
      onProgress: (done, _t, note) => {
        if (note?.startsWith("grid") && done >= 9) ctrl.abort(new CancelledError("test stop"));
      },
    }).then(
      () => null,
      (e: Error) => e,
    );
    if (workers === 1) {
      // in this thread the stop is seen before the next chunk of points: rows 0 and 1 finished, row 4 not started
      assert.match(String(outcome), /CancelledError|test stop/);
      assert.notEqual(storedGridRow(s, 0), null, "row 0 kept");
      assert.equal(storedGridRow(s, 4), null, "row 4 not computed");
    } else if (outcome) {
      // workers may finish every job before the stop reaches them (rows are fast): then the run completes
      assert.match(String(outcome), /CancelledError|test stop/);
      assert.notEqual(storedGridRow(s, 0), null, "parallel: row 0 kept");
    }
    const resumed = await landscapeRun(cfg, { workers });
    assert.deepEqual(resumed.rows, whole.rows, `workers ${workers}: resumed grid = uninterrupted grid`);
  }
});

test("landscapeConfig errors name the bad value", () => {
  assert.throws(() => landscapeConfig("smoke", { seed: 7 }), /seed 7 is not one of the late-decay seeds \[0,1,2\]/);
  assert.throws(
    () => landscapeConfig("smoke", { k: 2 }),
    /k \(principal components\) must be an integer in \[3, Infinity\], got 2/,
  );
  assert.throws(
    () => landscapeConfig("smoke", { surface: "sphere" as "flat" }),
    /surface must be "flat", "curved" or "random", got "sphere"/,
  );
  assert.throws(
    () => landscapeConfig("smoke", { grid: { nA: 1 } }),
    /grid.nA must be an integer in \[2, Infinity\], got 1/,
  );
  assert.throws(() => landscapeConfig("huge"), /unknown profile "huge"/);
  const c = landscapeConfig("quick");
  assert.deepEqual([c.seed, c.k, c.surface, c.grid.nA, c.grid.nB], [0, 5, "curved", 41, 31]);
});
