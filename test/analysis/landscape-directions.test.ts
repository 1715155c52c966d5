// decayDirectionsOf (run by the PCA unit, stored with its entry) on hand-written checkpoint files: displacement norms, cosine and PC1–3 share by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckpointReader, CheckpointWriter } from "../../src/store/checkpoints";
import { decayDirectionsOf } from "../../src/experiments/landscape/pca";

function pathDir(rows: [number, number[]][]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-dirs-"));
  const w = new CheckpointWriter(dir, 4);
  for (const [epoch, p] of rows)
    w.append({ epoch, step: epoch, params: Float32Array.from(p), velocity: new Float32Array(4), rngState: {} });
  w.close();
  return dir;
}

test("decayDirectionsOf: subpath vs main-path displacement over the same epochs, by hand", () => {
  const run = (decayEpoch: number | null, dir: string) => ({ decayEpoch, checkpoints: new CheckpointReader(dir) });
  // the PCA unit's order: the main path, then the subpaths by decay epoch
  const paths = [
    run(
      null,
      pathDir([
        [0, [0, 0, 0, 0]],
        [2, [1, 0, 0, 0]],
        [4, [3, 0, 0, 0]],
      ]),
    ),
    run(
      2,
      pathDir([
        [2, [1, 0, 0, 0]],
        [4, [2, 2, 0, 0]],
      ]),
    ),
    run(
      4,
      pathDir([
        [4, [3, 0, 0, 0]],
        [6, [3, 0, 0, 2]],
      ]),
    ),
  ];
  const e = (j: number) => Float32Array.from([0, 1, 2, 3].map((i) => (i === j ? 1 : 0)));
  const [d2, d4] = decayDirectionsOf(paths, [e(0), e(2), e(3)]);
  // decay at 2: subpath moves (1, 2, 0, 0), main path (2, 0, 0, 0) over epochs 2 → 4
  assert.equal(d2.decayEpoch, 2);
  assert.ok(Math.abs(d2.subpathNorm - Math.sqrt(5)) < 1e-12 && d2.mainNorm === 2);
  assert.ok(Math.abs((d2.cosine as number) - 1 / Math.sqrt(5)) < 1e-12, String(d2.cosine));
  assert.ok(Math.abs(d2.inTop3 - 1 / 5) < 1e-12, "only the e1 part (1 of ‖·‖² = 5) lies in span(e1, e3, e4)");
  // decay at 4: the main path ends at 4, so no comparison; displacement (0, 0, 0, 2) lies in the span
  assert.deepEqual(d4, { decayEpoch: 4, subpathNorm: 2, mainNorm: null, cosine: null, inTop3: 1 });
});
