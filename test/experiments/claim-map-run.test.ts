// The smoke map end to end in this process: 2 × 2 cells × 2 seeds, the paired statistics recomputed by hand
// from the paths' histories, table, verdict and figure from the same cells, progress per cell, a re-run from the
// cache, and a diverging cell recorded while the others complete.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend } from "../helpers";
import { claimMapConfig } from "../../src/experiments/claim-map/config";
import { runClaimMap } from "../../src/experiments/claim-map/run";
import { claimMapEstimate, describeEstimate } from "../../src/experiments/claim-map/estimate";
import { claimMapTable } from "../../src/experiments/claim-map/report";
import { claimMapVerdicts } from "../../src/experiments/claim-map/verdicts";
import { claimMapFigureOf } from "../../src/experiments/claim-map/figures";
import type { ClaimMap, CompletedMapCell } from "../../src/experiments/claim-map/types";

const T_975_1 = 12.706204736174698; // t_{0.975, 1}: the 95% quantile for 2 seeds (printed tables: 12.706)
let map: ClaimMap;
const notes: string[] = [];
let last = { done: 0, total: 0 };

before(async () => {
  await setupBackend();
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-claim-map-"));
});

test("estimate up front: 4 cells × 2 seeds × 8 epochs, all uncached, a positive time on this backend", async () => {
  const e = await claimMapEstimate(claimMapConfig("smoke"), { workers: 1 });
  assert.deepEqual([e.cells, e.seeds, e.epochsPerSeed, e.totalEpochs, e.uncachedEpochs], [4, 2, 8, 64, 64]);
  assert.ok(e.seconds > 0 && e.wallSeconds === e.seconds, `serial seconds on 1 worker: ${e.seconds}`);
  assert.deepEqual(
    Object.keys(e.timings).sort(),
    ["mnist-idx · MLP", "mnist-package · MLP"],
    "one timing per data set and model",
  );
  assert.match(
    describeEstimate(e),
    /^4 cells × 2 seeds × 8 epochs = 64 epochs; uncached 64; about \d+ s on 1 worker \(/,
  );
});

test("smoke map: every cell completes; its Δs are the per-seed differences of the subpaths' final rows, with a t-interval", async () => {
  map = await runClaimMap(claimMapConfig("smoke"), {
    workers: 1,
    onProgress: (done, total, note) => {
      notes.push(note);
      last = { done, total };
    },
  });
  assert.equal(map.cells.length, 4);
  assert.ok(map.cells.every((c) => !c.diverged));
  for (const c of map.cells as CompletedMapCell[]) {
    const final = (decay: number, seed: number, m: "testLoss" | "testAcc") => {
      const p = c.runs.paths.find((q) => q.kind === "subpath" && q.decayEpoch === decay && q.seed === seed)!;
      assert.equal(p.history[p.history.length - 1].epoch, decay + 2, "the subpath's last row is after its 2 epochs");
      return p.history[p.history.length - 1][m];
    };
    const d = [0, 1].map((s) => final(4, s, "testLoss") - final(2, s, "testLoss"));
    const mean = (d[0] + d[1]) / 2,
      std = Math.abs(d[0] - d[1]) / Math.SQRT2;
    assert.ok(Math.abs(c.stats.loss.mean - mean) < 1e-12, `${c.cell.id}: mean ${c.stats.loss.mean} vs ${mean}`);
    assert.ok(Math.abs(c.stats.loss.std - std) < 1e-12);
    const half = (c.stats.loss.ciHigh - c.stats.loss.ciLow) / 2;
    assert.ok(
      Math.abs(half - (T_975_1 * std) / Math.SQRT2) < 1e-6 * Math.max(1, std),
      `${c.cell.id}: half-width ${half}`,
    );
    assert.equal(c.stats.loss.n, 2);
    assert.equal(c.stats.loss.excludesZero, c.stats.loss.ciLow > 0 || c.stats.loss.ciHigh < 0);
    const a = [0, 1].map((s) => final(4, s, "testAcc") - final(2, s, "testAcc"));
    assert.ok(Math.abs(c.stats.acc.mean - (a[0] + a[1]) / 2) < 1e-12, "accuracy Δ");
  }
  assert.match(notes[0], /^estimate: 4 cells × 2 seeds × 8 epochs/);
  for (let k = 1; k <= 4; k++)
    assert.ok(
      notes.some((n) => n.startsWith(`cell ${k}/4 `)),
      `progress names cell ${k}/4`,
    );
  assert.deepEqual(last, { done: 64, total: 64 });
});

test("table, verdict and figure read the same cells", () => {
  const rows = claimMapTable(map);
  assert.equal(rows.length, 4);
  const key = Object.keys(rows[0]).find((k) => k.startsWith("Δ test loss"))!;
  assert.equal(key, "Δ test loss (decay 4 − 2) [95% CI]");
  (map.cells as CompletedMapCell[]).forEach((c, i) => {
    assert.equal(
      rows[i]["data set"],
      ({ "mnist-package": "MNIST (mnist package)", "mnist-idx": "MNIST" } as Record<string, string>)[c.cell.dataset],
      "display names, not ids",
    );
    const s = c.stats.loss;
    assert.equal(
      rows[i][key],
      `${s.mean > 0 ? "+" : ""}${s.mean.toFixed(4)} [${s.ciLow > 0 ? "+" : ""}${s.ciLow.toFixed(4)}, ${s.ciHigh > 0 ? "+" : ""}${s.ciHigh.toFixed(4)}]`,
    );
    assert.equal(
      rows[i]["later decay"],
      s.excludesZero ? (s.mean < 0 ? "lowers the test loss" : "raises the test loss") : "no resolved difference",
    );
  });
  const v = claimMapVerdicts(map);
  const row = (claim: RegExp) => {
    const r = v.filter((x) => claim.test(x.claim));
    assert.equal(r.length, 1, `one row ${claim}`);
    return r[0];
  };
  assert.deepEqual(
    [row(/^Every cell/).measured, row(/^Every cell/).holds],
    ["4 cells (2 data sets × 1 model × 2 weight decays), 2 seeds each; 4 completed, 0 diverged", "yes"],
  );
  const resolved = (map.cells as CompletedMapCell[]).filter((c) => c.stats.loss.excludesZero).length;
  const lower = (map.cells as CompletedMapCell[]).filter(
    (c) => c.stats.loss.excludesZero && c.stats.loss.mean < 0,
  ).length;
  assert.match(
    row(/^Later decay gives a lower final test loss/).measured,
    new RegExp(`^${lower} of 4 cells lower .*; ${4 - resolved} of 4 not resolved \\(interval contains 0\\)$`),
  );
  assert.equal(
    row(/^Later decay gives a lower final test loss/).holds,
    lower === 4 ? "yes" : lower > 0 ? "partly" : "no",
  );
  assert.match(
    row(/^By weight decay/).measured,
    /^λ=0\.0001: \d lower, \d higher of 2 · λ=0\.001: \d lower, \d higher of 2 \(\d of 1 steps go down\)$/,
  );
  assert.match(
    row(/^By data set/).measured,
    /^MNIST \(mnist package\): \d lower, \d higher of 2 · MNIST: \d lower, \d higher of 2$/,
  );
  assert.match(row(/^By model/).measured, /^MLP: \d lower, \d higher of 4$/);
  const fig = claimMapFigureOf(map);
  const h = fig.data[0] as { x: string[]; y: string[]; z: number[][] };
  assert.deepEqual(h.x, ["MNIST (mnist package)", "MNIST"]);
  assert.deepEqual(h.y, ["MLP · λ=0.0001", "MLP · λ=0.001"]);
  assert.equal((fig.layout.shapes as unknown[]).length, resolved, "a border per resolved cell");
});

test("a second call loads every path from the cache", async () => {
  const again = await runClaimMap(claimMapConfig("smoke"), { workers: 1 });
  assert.ok((again.cells as CompletedMapCell[]).every((c) => c.runs.paths.every((p) => p.cacheHit)));
  assert.deepEqual(
    again.cells.map((c) => c.stats?.loss.mean),
    map.cells.map((c) => c.stats?.loss.mean),
  );
  assert.equal((await claimMapEstimate(claimMapConfig("smoke"))).uncachedEpochs, 0);
});

test("a diverging cell is recorded (where, lr) and shown; the other cell completes", async () => {
  const base = claimMapConfig("smoke");
  const config = claimMapConfig("smoke", {
    datasets: ["mnist-package"],
    weightDecays: [1e-3],
    seeds: [0, 1],
    models: [{ name: "hot", model: base.models[0].model, lr: 1e3 }, base.models[0]],
  });
  const m = await runClaimMap(config, { workers: 1 });
  const [bad, good] = m.cells;
  assert.ok(bad.diverged && !good.diverged);
  assert.equal(bad.diverged.details?.lr, 1e3);
  assert.equal(bad.diverged.details?.pathId, "main path (seed 0)");
  const rows = claimMapTable(m);
  assert.equal(rows[0]["Δ test loss (decay 4 − 2) [95% CI]"], "diverged");
  assert.match(
    String(rows[0]["later decay"]),
    /^diverged: main path \(seed 0\) diverged at epoch 0, step \d \(lr 1000, minibatch loss/,
  );
  const cells = claimMapVerdicts(m)[0];
  assert.match(
    cells.measured,
    /; 1 completed, 1 diverged: mnist-package · hot · λ=0\.001: main path \(seed 0\) diverged at epoch 0, step \d \(lr 1000/,
  );
  assert.equal(cells.holds, "partly");
  assert.deepEqual(
    (claimMapFigureOf(m).data[0] as { z: number[][] }).z.map((r) => r[0] === 0),
    [true, good.stats.loss.mean === 0],
  );
});

test("a map far too long for a CPU engine is refused before training, with cells × seeds × epochs and the estimated hours", async () => {
  // 1 024 seeds of the paper map's MLP: about 20 h even on the onnx engine (≈ 6 ms an epoch), far more on wasm/cpu
  const q = claimMapConfig("smoke");
  const paper = claimMapConfig("paper", {
    models: [{ name: "MLP", model: q.models[0].model }],
    seeds: Array.from({ length: 1024 }, (_, i) => i),
  });
  await assert.rejects(
    runClaimMap(paper, { workers: 1 }),
    /this claim map needs 6 cells × 1024 seeds × 4000 epochs = 24,576,000 epochs; uncached 24,576,000; about [\d.]+ h on 1 worker \((onnx onnxruntime-node [\d.]+ \+ )?(wasm|cpu);.*npm run shard -- 01b.*forceSlowBackend = true/,
  );
});
