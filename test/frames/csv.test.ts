import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as dfd from "danfojs-node";
import { toFrame, toRows, writeCsv, readCsv, meanStdBy, csvText } from "../../src/frames/frames";
import { summarize } from "../../src/analysis/summary";

/** Rows shaped like trajectories.csv: decay_epoch NaN on the main path's rows. */
function trajectoryLike() {
  return toFrame([
    { path: "main", seed: 0, decay_epoch: NaN, epoch: 0, train_loss: 0.85 },
    { path: "main", seed: 0, decay_epoch: NaN, epoch: 10, train_loss: 0.25 },
    { path: "subpath", seed: 0, decay_epoch: 10, epoch: 10, train_loss: 0.25 },
    { path: "subpath", seed: 0, decay_epoch: 10, epoch: 20, train_loss: 0.125 },
    { path: 'subpath, "odd" name', seed: 1, decay_epoch: 20, epoch: 20, train_loss: 0.5 },
  ]);
}

test("trajectories-like CSV: the index is written, NaN as an empty field, odd strings quoted", () => {
  const text = csvText(trajectoryLike());
  const lines = text.trim().split("\n");
  assert.equal(lines[0], "row,path,seed,decay_epoch,epoch,train_loss");
  assert.equal(lines[1], "0,main,0,,0,0.85");
  assert.equal(lines[3], "2,subpath,0,10,10,0.25");
  assert.equal(lines[5], '4,"subpath, ""odd"" name",1,20,20,0.5');
});

test("round trip through danfo's readCSV: same columns, dtypes, index and values; decay_epoch is numeric", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-csv-"));
  const file = path.join(dir, "trajectories.csv");
  const df = trajectoryLike();
  writeCsv(df, file);
  const back = await readCsv(file);
  assert.deepEqual(back.columns, df.columns);
  assert.deepEqual(back.dtypes, df.dtypes);
  assert.deepEqual(back.dtypes, ["string", "int32", "float32", "int32", "float32"]);
  assert.deepEqual(back.index, [0, 1, 2, 3, 4]);
  const missingAsNull = (rows: Record<string, unknown>[]) =>
    rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" && Number.isNaN(v) ? null : v])),
    );
  assert.deepEqual(missingAsNull(toRows(back)), missingAsNull(toRows(df)));
  // the column reads as numbers: its mean skips the main path's empty cells (10 + 10 + 20) / 3
  assert.equal((back["decay_epoch"] as dfd.Series).mean(), 40 / 3);
  // danfo's raw readCSV sees the same numeric column plus the index column
  const raw = await dfd.readCSV(file);
  assert.deepEqual(raw.columns, ["row", ...df.columns]);
  assert.equal(raw.dtypes[3], "float32");
});

test("meanStdBy skips missing values like danfo's Series.mean and counts them", () => {
  const df = toFrame([
    { g: 1, x: 1 },
    { g: 1, x: NaN },
    { g: 1, x: 3 },
    { g: 2, x: 5 },
    { g: 3, x: NaN },
  ]);
  const stats = meanStdBy(df, ["g"], "x");
  // group 1: mean of {1, 3} = 2, sample std √((1 + 1)/1) = √2; one value skipped
  assert.deepEqual(stats[0], { g: 1, mean: 2, std: Math.SQRT2, n: 2, skipped: 1 });
  assert.equal(stats[0].mean, new dfd.Series([1, NaN, 3]).mean(), "the same rule as danfo's Series.mean");
  assert.deepEqual(stats[1], { g: 2, mean: 5, std: 0, n: 1, skipped: 0 });
  assert.equal(stats[2].g, 3);
  assert.deepEqual(
    [stats[2].n, stats[2].skipped, Number.isNaN(stats[2].mean), Number.isNaN(stats[2].std)],
    [0, 1, true, true],
  );
});

test("summarize: hand-computed values; null and NaN count as missing, Infinity is a value; one value has spread 0, none NaN; a string is an error", () => {
  assert.deepEqual(summarize([2, 4, 4, 4, 5, 5, 7, 9, null, NaN]), {
    mean: 5,
    std: Math.sqrt(32 / 7),
    se: Math.sqrt(32 / 7) / Math.sqrt(8),
    n: 8,
    skipped: 2,
  });
  assert.deepEqual(summarize([3, undefined]), { mean: 3, std: 0, se: 0, n: 1, skipped: 1 });
  const none = summarize([NaN, null]);
  assert.ok(none.n === 0 && none.skipped === 2 && Number.isNaN(none.mean) && Number.isNaN(none.std));
  assert.equal(summarize([1, Infinity]).mean, Infinity);
  assert.throws(() => summarize([1, "x"]), /values must be numbers, got "x"/);
  assert.throws(() => meanStdBy(toFrame([{ a: 1 }]), ["b"], "a"), /no column "b" \(have a\)/);
});
