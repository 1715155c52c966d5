// Fault injection (issue 21): every column of every exported CSV reads back through danfo with the
// values and dtype it was written with — ±Infinity as numbers (writeCsv writes "inf", which danfo
// used to read as a string), a missing number as null — and a diverged claim-map cell leaves
// loss_ci_excludes_zero empty instead of writing 0 ("does not exclude zero").
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend } from "../helpers";
import { toFrame, writeCsv, readCsv, DataFrame } from "../../src/frames/frames";
import { runLateDecay } from "../../src/experiments/late-decay/run";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import { exportCsv, trajectoryFrame, finalFrame } from "../../src/experiments/late-decay/frames";
import { claimMapConfig } from "../../src/experiments/claim-map/config";
import { mapCells } from "../../src/experiments/claim-map/cells";
import { claimMapFrame } from "../../src/experiments/claim-map/report";
import { exportClaimMapCsv } from "../../src/experiments/claim-map/figures";
import type { ClaimMap } from "../../src/experiments/claim-map/types";
import type { LateDecayRuns } from "../../src/experiments/late-decay/types";
import type { PairedSummary } from "../../src/analysis/paired";

let work: string;
before(async () => {
  await setupBackend();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-csv-"));
  process.env.LATE_DECAY_DATA_DIR = path.join(work, "data");
});

/** Asserts that `back` (read from CSV) has `df`'s columns, index, dtypes and values (NaN or "" written, null read). */
function assertSameFrame(back: DataFrame, df: DataFrame, what: string): void {
  assert.deepEqual(back.columns, df.columns, `${what}: columns`);
  assert.deepEqual(back.index, df.index, `${what}: index`);
  const cols = df.columns as string[],
    a = df.values as unknown[][],
    b = back.values as unknown[][];
  cols.forEach((col, j) => {
    assert.equal(back.dtypes[j], df.dtypes[j], `${what}: dtype of ${col}`);
    a.forEach((row, i) => {
      const want = row[j],
        got = b[i][j];
      // a missing number and an empty text are both an empty field, read back as null (as pandas reads NaN)
      if ((typeof want === "number" && Number.isNaN(want)) || want === "")
        assert.equal(got, null, `${what}: ${col}[${i}] missing`);
      else assert.equal(got, want, `${what}: ${col}[${i}]`);
    });
  });
}

test("writeCsv → readCsv: ±Infinity read back as numbers (dtype kept), NaN as null, quoted text as text", async () => {
  const df = toFrame([
    { a: 1.5, b: Infinity, s: "x", n: NaN },
    { a: 2, b: -Infinity, s: 'y,"z"', n: 1 },
    { a: -Infinity, b: 3, s: "inf", n: 2 },
  ]);
  const file = path.join(work, "inf.csv");
  writeCsv(df, file);
  assert.match(fs.readFileSync(file, "utf8"), /^row,a,b,s,n\n0,1\.5,inf,x,\n/);
  const back = await readCsv(file);
  assertSameFrame(back, df, "inf.csv");
  assert.equal((back.values as unknown[][])[0][1], Infinity);
  assert.equal((back.values as unknown[][])[2][2], "inf", 'a text column keeps the text "inf"');
});

/** A paired summary with the given mean (n = 3, interval mean ± 0.1). */
const summary = (mean: number, over: Partial<PairedSummary> = {}): PairedSummary => ({
  n: 3,
  mean,
  std: 0.05,
  ciLow: mean - 0.1,
  ciHigh: mean + 0.1,
  level: 0.95,
  t: 2,
  p: 0.1,
  excludesZero: Math.abs(mean) > 0.1,
  ...over,
});

test("the claim map's CSV: a diverged cell's loss_ci_excludes_zero (and acc's) is empty, and every column round-trips with its dtype", async () => {
  const config = claimMapConfig("smoke");
  const cells = mapCells(config);
  assert.ok(cells.length >= 3, `smoke map has ${cells.length} cells`);
  const map: ClaimMap = {
    config,
    backend: "cpu",
    wallSeconds: 1,
    cells: [
      {
        cell: cells[0],
        runs: {} as LateDecayRuns,
        stats: { loss: summary(-0.3), acc: summary(0.02), trainLoss: summary(0.001) },
      },
      {
        cell: cells[1],
        diverged: {
          message: "main path (seed 0) diverged",
          details: {
            pathId: "main path (seed 0)",
            epoch: 3,
            step: 12,
            lr: 0.1,
            weightDecay: 1000,
            loss: Infinity,
            lossOf: "minibatch",
          } as never,
        },
      },
      {
        cell: cells[2],
        runs: {} as LateDecayRuns,
        stats: { loss: summary(0.05, { ciLow: -Infinity, ciHigh: Infinity }), acc: summary(0), trainLoss: summary(0) },
      },
    ],
  };
  const file = exportClaimMapCsv(map, work);
  const lines = fs.readFileSync(file, "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const diverged = lines[2].split(",");
  assert.equal(diverged[header.indexOf("status")], "diverged");
  assert.equal(diverged[header.indexOf("loss_ci_excludes_zero")], "", "not measured: empty, not 0");
  assert.equal(diverged[header.indexOf("acc_ci_excludes_zero")], "");
  assert.equal(lines[1].split(",")[header.indexOf("loss_ci_excludes_zero")], "1");
  assert.equal(lines[3].split(",")[header.indexOf("loss_ci_lo")], "-inf");
  assertSameFrame(await readCsv(file), claimMapFrame(map), "claim-map.csv");
});

test("the late-decay export (trajectories.csv, finals.csv) of a smoke run round-trips every column with its dtype, an infinite loss included", async () => {
  const runs = await runLateDecay(lateDecayConfig("smoke", { seeds: [0, 1] }), { workers: 1 });
  // a row whose test loss overflowed to +Infinity (exported as such, not as text)
  const last = runs.paths[1].history.at(-1)!;
  last.testLoss = Infinity;
  const [trajectories, finals] = exportCsv(runs, path.join(work, "results"));
  assertSameFrame(await readCsv(trajectories), trajectoryFrame(runs), "trajectories.csv");
  assertSameFrame(await readCsv(finals), finalFrame(runs), "finals.csv");
  const back = (await readCsv(finals)).column("test_loss").values as number[];
  assert.ok(back.includes(Infinity), "the infinite final loss reads back as Infinity");
});
