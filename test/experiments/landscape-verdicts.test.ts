// Notebooks 02 and 03's verdict tables on hand-made landscapes and displacements with known answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { landscapeVerdicts, trajectory3dVerdicts, varianceRow } from "../../src/experiments/landscape/verdicts";
import type {
  DecayDirection,
  LandscapeRun,
  PathOnSurface,
  TrajectoryPcaRun,
} from "../../src/experiments/landscape/types";
import type { LandscapeConfig } from "../../src/experiments/landscape/config";

const as = [-2, -1, 0, 1, 2],
  bs = [-1, 0, 1];
/** A valley along b = 0 (train loss 0.01 on its floor, 1.01 on its walls); test loss lowest at (2, 0). */
const trainAt = (_a: number, b: number) => 0.01 + b * b;
const testAt = (a: number, b: number) => 1 + 0.1 * (a - 2) ** 2 + 0.05 * b * b;

function fakeLandscape(
  main: Pick<PathOnSurface, "a" | "b">,
  subEnds: [number, number][],
  opts: { surface?: "curved" | "random"; own?: number[] } = {},
): LandscapeRun {
  const rows = bs.flatMap((b, j) =>
    as.map((a, i) => ({
      index: j * as.length + i,
      a,
      b,
      trainLoss: trainAt(a, b),
      trainAcc: 1,
      testLoss: testAt(a, b),
      testAcc: 0.9,
    })),
  );
  const decays = [10, 30];
  const paths: PathOnSurface[] = [
    { name: "main path", decayEpoch: null, epochs: [0, 10, 20, 30, 40], ...main },
    ...subEnds.map(([a, b], k): PathOnSurface => ({
      name: `decay at ${decays[k]}`,
      decayEpoch: decays[k],
      epochs: [decays[k], decays[k] + 10],
      a: [a, a],
      b: [b, b],
      final: opts.own ? { epoch: decays[k] + 10, trainLoss: 0.01, testLoss: opts.own[k] } : undefined,
    })),
  ];
  return {
    config: { grid: { randomRange: 1 } } as LandscapeConfig,
    surface: opts.surface ?? "curved",
    grid: { as, bs },
    rows,
    paths,
    explainedVarianceRatio: [0.8, 0.1, 0.05, 0.03, 0.02],
    pc3RmsOffset: { flat: 0.3, curved: 0.2 },
    gridSeconds: 1,
    pointsPerSecond: 15,
    cacheHit: true,
  };
}

const byClaim = (rows: { claim: string; holds: string; measured: string }[], re: RegExp) => {
  const r = rows.filter((x) => re.test(x.claim));
  assert.equal(r.length, 1, `one row matching ${re}`);
  return r[0];
};

test("02: a path along the valley floor toward the test minimum holds every claim", () => {
  const run = fakeLandscape(
    { a: [-2, -1, 0, 1, 2], b: [1, 0, 0, 0, 0] },
    [
      [-1, 0],
      [1, 0],
    ],
    { own: [1.2, 1.1] },
  );
  const rows = landscapeVerdicts(run);
  assert.deepEqual(
    rows.map((r) => r.holds),
    ["yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes"],
  );
  assert.match(
    byClaim(rows, /has a valley/).measured,
    /^4 of 4 main-path checkpoints \(epochs 10–40\) are on the floor.*0\.01–0\.01.*rise 101×/,
  );
  assert.match(byClaim(rows, /moves toward lower test loss/).measured, /1\.9 at epoch 10 → 1 at its end; 0 of 3/);
  assert.match(
    byClaim(rows, /ends nearer/).measured,
    /minimum \(1 at a = 2, b = 0\): main path end 0, earliest subpath end 3$/,
  );
  assert.match(byClaim(rows, /curved surface/).measured, /flat 0\.3, curved 0\.2 \(33\.3 % less\)/);
  assert.match(byClaim(rows, /principal components/).measured, /together 95 %/);
});

test("02: a path on the valley's wall moving away from the test minimum fails them", () => {
  const run = fakeLandscape(
    { a: [2, 1, 0, -1, -2], b: [1, 1, 1, 1, 1] },
    [
      [1, 1],
      [-1, 1],
    ],
    { own: [1.1, 1.2] },
  );
  const rows = landscapeVerdicts(run);
  assert.equal(byClaim(rows, /has a valley/).holds, "no");
  assert.match(byClaim(rows, /has a valley/).measured, /^0 of 4/);
  assert.equal(byClaim(rows, /moves toward lower test loss/).holds, "no");
  assert.equal(byClaim(rows, /main path ends nearer/).holds, "no");
  assert.equal(byClaim(rows, /the nearer the subpath ends/).holds, "no");
  assert.equal(byClaim(rows, /own values/).holds, "no");
  assert.equal(byClaim(rows, /lies on the train-loss valley floor/).holds, "yes", "the grid is the same");
});

test("02: without the paths' own losses that row is not measured", () => {
  const rows = landscapeVerdicts(
    fakeLandscape({ a: [-2, -1, 0, 1, 2], b: [1, 0, 0, 0, 0] }, [
      [-1, 0],
      [1, 0],
    ]),
  );
  assert.equal(byClaim(rows, /own values/).holds, "not measured");
});

test("02 on random directions: collapse onto the final point within 5 % of the half-width", () => {
  const tight = landscapeVerdicts(
    fakeLandscape(
      { a: [0.01, 0, 0, 0, 0], b: [0, 0.02, 0, 0, 0] },
      [
        [0, 0],
        [0, 0],
      ],
      { surface: "random" },
    ),
  );
  assert.deepEqual(
    tight.map((r) => r.holds),
    ["yes", "yes"],
  );
  assert.match(tight[1].measured, /0\.02, against the grid's half-width 1/);
  assert.equal(
    landscapeVerdicts(
      fakeLandscape(
        { a: [0.5, 0, 0, 0, 0], b: [0, 0, 0, 0, 0] },
        [
          [0, 0],
          [0, 0],
        ],
        { surface: "random" },
      ),
    )[1].holds,
    "no",
  );
});

test("variance share: yes ≥ 90 %, partly ≥ 50 %, no below", () => {
  assert.equal(varianceRow([0.89, 0.07, 0.02]).holds, "yes");
  assert.equal(varianceRow([0.4, 0.2, 0.1]).holds, "partly");
  assert.equal(varianceRow([0.2, 0.15, 0.1]).holds, "no");
});

test("03: displacements shorter than the main path's, turning away and leaving PC1–3 hold; the reverse does not", () => {
  const pca = { explainedVarianceRatio: [0.9, 0.05, 0.03] } as TrajectoryPcaRun["pca"];
  const run = (directions: DecayDirection[]) => ({ pca, directions });
  const dir = (
    decayEpoch: number,
    subpathNorm: number,
    mainNorm: number | null,
    cosine: number | null,
    inTop3: number,
  ): DecayDirection => ({ decayEpoch, subpathNorm, mainNorm, cosine, inTop3 });
  const good = trajectory3dVerdicts(
    run([dir(25, 0.7, 3.6, 0.4, 0.9), dir(100, 0.2, 1.4, 0.3, 0.6), dir(600, 0.05, null, null, 0.1)]),
  );
  assert.deepEqual(
    good.map((r) => r.holds),
    ["yes", "yes", "yes", "yes"],
  );
  assert.match(good[1].measured, /25: 0\.194, 100: 0\.143$/);
  const mixed = trajectory3dVerdicts(run([dir(25, 0.7, 3.6, 0.9, 0.5), dir(100, 0.2, 1.4, 0.6, 0.6)]));
  assert.deepEqual(
    mixed.map((r) => r.holds),
    ["yes", "yes", "partly", "no"],
  );
  const bad = trajectory3dVerdicts(run([dir(25, 4, 3.6, 0.9, 0.5), dir(100, 2, 1.4, 0.95, 0.6)]));
  assert.deepEqual(
    bad.map((r) => r.holds),
    ["yes", "no", "no", "no"],
  );
  assert.equal(trajectory3dVerdicts(run([dir(25, 0.7, null, null, 0.5)]))[1].holds, "not measured");
});
