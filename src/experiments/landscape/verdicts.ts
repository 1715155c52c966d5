/**
 * Notebook 02's and 03's verdict tables (paper Sec. 3, Fig. 3): the claims about the trajectory's
 * principal components, the train-loss valley, the path's travel toward low test loss and the
 * direction after decay, each computed from the landscape grid or the checkpoints of one seed.
 */
import { landscapeMatrix } from "../../analysis/landscape";
import { fmt, trendHolds, verdict, type Holds, type VerdictRow } from "../../analysis/verdict";
import { argNearest } from "./frames";
import type { DecayDirection, LandscapeRun, PathOnSurface, TrajectoryPcaRun } from "./types";

/** A checkpoint is "on the valley floor" when its surface train loss is at most this factor above its cross-section's lowest. */
export const FLOOR_FACTOR = 2;
/** A cross-section is a valley when its highest train loss is at least this factor above its lowest. */
export const WALL_FACTOR = 10;

/** Row: the top three principal components carry most of the trajectory's variance (yes ≥ 90 %, partly ≥ 50 %). */
export function varianceRow(ratios: number[]): VerdictRow {
  const top3 = ratios.slice(0, 3).reduce((a, b) => a + b, 0);
  const holds: Holds = top3 >= 0.9 ? "yes" : top3 >= 0.5 ? "partly" : "no";
  return verdict(
    "The top three principal components carry most of the trajectory's motion",
    `PC1 ${fmt(100 * ratios[0])} %, PC2 ${fmt(100 * ratios[1])} %, PC3 ${fmt(100 * ratios[2])} %: together ${fmt(100 * top3)} %`,
    holds,
    "explained-variance ratios of the PCA of all checkpoints of the seed's main path and subpaths. yes: PC1–PC3 hold at least 90 %; partly: at least 50 %",
  );
}

const dist = (a1: number, b1: number, a2: number, b2: number) => Math.hypot(a1 - a2, b1 - b2);
const end = (p: PathOnSurface) => ({ a: p.a[p.a.length - 1], b: p.b[p.b.length - 1] });

/** The surface's train loss under each main-path checkpoint from `fromEpoch` on, its column's floor and walls. */
function crossSections(run: LandscapeRun, main: PathOnSurface, fromEpoch: number) {
  const train = landscapeMatrix(run.grid, run.rows, "trainLoss");
  return main.epochs.flatMap((e, t) => {
    if (e < fromEpoch) return [];
    const i = argNearest(run.grid.as, main.a[t]),
      j = argNearest(run.grid.bs, main.b[t]);
    const column = train.map((row) => row[i]);
    return [{ epoch: e, loss: train[j][i], floor: Math.min(...column), wall: Math.max(...column) }];
  });
}

/** Row: a train-loss valley runs along the main path's large-LR stretch (from the earliest decay epoch). */
function valleyRow(run: LandscapeRun, main: PathOnSurface, E0: number): VerdictRow {
  const xs = crossSections(run, main, E0);
  const onFloor = xs.filter((x) => x.loss <= FLOOR_FACTOR * x.floor).length;
  const walls = xs.map((x) => x.wall / x.floor).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const holds: Holds =
    walls < WALL_FACTOR ? "no" : onFloor === xs.length ? "yes" : 2 * onFloor >= xs.length ? "partly" : "no";
  return verdict(
    "The train loss has a valley, and the large-LR main path runs along its floor",
    `${onFloor} of ${xs.length} main-path checkpoints (epochs ${E0}–${xs[xs.length - 1].epoch}) are on the floor of their cross-section; surface train loss under them ${fmt(Math.min(...xs.map((x) => x.loss)))}–${fmt(Math.max(...xs.map((x) => x.loss)))}; the cross-sections rise ${fmt(walls)}× from floor to top (median)`,
    holds,
    `cross-section = the grid column (along PC2) nearest each checkpoint's PC1 coordinate. On the floor: surface train loss ≤ ${FLOOR_FACTOR}× the column's lowest. yes: every checkpoint on the floor and the columns rise ≥ ${WALL_FACTOR}× (median); partly: at least half on the floor`,
  );
}

/** Row: the surface's test loss under the main path falls over its large-LR stretch. */
function testAlongRow(run: LandscapeRun, main: PathOnSurface, E0: number): VerdictRow {
  const test = landscapeMatrix(run.grid, run.rows, "testLoss");
  const under = main.epochs.flatMap((e, t) =>
    e < E0 ? [] : [test[argNearest(run.grid.bs, main.b[t])][argNearest(run.grid.as, main.a[t])]],
  );
  const t = trendHolds(under, "decreasing");
  return verdict(
    "Along the valley the main path moves toward lower test loss",
    `surface test loss under the main path: ${fmt(under[0], 4)} at epoch ${E0} → ${fmt(under[under.length - 1], 4)} at its end; ${t.against} of ${t.steps} checkpoint steps go up`,
    under[under.length - 1] < under[0] ? (t.holds === "yes" ? "yes" : "partly") : "no",
    "test loss at the grid point nearest each main-path checkpoint from the earliest decay epoch on. yes: lower at the end and never up; partly: lower at the end",
  );
}

/** Rows: where the subpaths end relative to the grid's test-loss minimum, and the paths' own final test loss. */
function subpathRows(run: LandscapeRun, main: PathOnSurface, subs: PathOnSurface[]): VerdictRow[] {
  const best = run.rows.reduce((x, y) => (y.testLoss < x.testLoss ? y : x));
  const d = subs.map((p) => dist(end(p).a, end(p).b, best.a, best.b)),
    dMain = dist(end(main).a, end(main).b, best.a, best.b);
  const near = trendHolds(d, "decreasing");
  const train = landscapeMatrix(run.grid, run.rows, "trainLoss");
  const i = argNearest(run.grid.as, best.a),
    column = train.map((r) => r[i]),
    atBest = train[argNearest(run.grid.bs, best.b)][i];
  const own = subs.filter((p) => p.final).map((p) => p.final!.testLoss),
    ownT = trendHolds(own, "decreasing");
  const list = (xs: number[]) => subs.map((p, k) => `${p.decayEpoch}: ${fmt(xs[k], 4)}`).join(", ");
  return [
    verdict(
      "The main path ends nearer the grid's test-loss minimum than the earliest subpath",
      `distance in (a, b) to the minimum (${fmt(best.testLoss, 4)} at a = ${fmt(best.a)}, b = ${fmt(best.b)}): main path end ${fmt(dMain)}, earliest subpath end ${fmt(d[0])}`,
      dMain < d[0] ? "yes" : "no",
      "Euclidean distance on the surface's (a, b) coordinates from each path's last checkpoint to the grid point of lowest test loss",
    ),
    verdict(
      "The later the decay, the nearer the subpath ends to the test-loss minimum",
      `distance by decay epoch: ${list(d)}; ${near.against} of ${near.steps} steps go away`,
      near.holds,
      "as the row above, for each subpath. yes: nearer with every later decay; partly: the latest nearer than the earliest",
    ),
    verdict(
      "The grid's test-loss minimum lies on the train-loss valley floor",
      `train loss there ${fmt(atBest)}, its column's lowest ${fmt(Math.min(...column))} (${fmt(atBest / Math.min(...column))}×)`,
      atBest <= FLOOR_FACTOR * Math.min(...column) ? "yes" : "no",
      `on the floor: within ${FLOOR_FACTOR}× of the lowest train loss of its grid column`,
    ),
    verdict(
      "This seed's later decays end at lower test loss (the paths' own values)",
      own.length === subs.length
        ? `final test loss by decay epoch: ${list(own)}`
        : "the paths' own final losses are missing",
      own.length === subs.length && own.length > 1 ? ownT.holds : "not measured",
      "each subpath's final test loss from its training history (not the surface). One seed: notebook 01 gives the paired statistics over seeds",
    ),
  ];
}

/** Row: the curved surface follows the checkpoints more closely than the flat plane (RMS PC3 offset). */
function curvedRow(run: LandscapeRun): VerdictRow {
  const { flat, curved } = run.pc3RmsOffset;
  return verdict(
    "The curved surface follows the checkpoints more closely than the flat plane",
    `RMS offset of the checkpoints along PC3: flat ${fmt(flat)}, curved ${fmt(curved)} (${fmt(100 * (1 - curved / flat))} % less)`,
    curved < flat ? "yes" : "no",
    "root mean square over all checkpoints of |c3| (flat plane) and |c3 − q(c1)| (curved surface)",
  );
}

/** Row (random surface): every checkpoint projects near the final point, so the view cannot show travel along a valley. */
function collapseRow(run: LandscapeRun): VerdictRow {
  const r = run.config.grid.randomRange;
  const far = Math.max(...run.paths.flatMap((p) => p.a.map((a, t) => Math.max(Math.abs(a), Math.abs(p.b[t])))));
  const holds: Holds = far <= 0.05 * r ? "yes" : far <= 0.25 * r ? "partly" : "no";
  return verdict(
    "On random filter-normalized directions the paths collapse onto the final point",
    `largest |a| or |b| of any checkpoint: ${fmt(far)}, against the grid's half-width ${fmt(r)}`,
    holds,
    "coordinates of every checkpoint on the two random directions. yes: within 5 % of the half-width; partly: within 25 %",
  );
}

/**
 * Notebook 02's verdict table, for the seed and surface of `run`. PCA surfaces: variance of the top
 * components, the valley along the main path, test loss along it, where the paths end relative to
 * the grid's test-loss minimum, and curved vs flat surface. Random surface: variance and collapse.
 * @param run landscapeRun's result (main path first, then subpaths by decay epoch)
 */
export function landscapeVerdicts(run: LandscapeRun): VerdictRow[] {
  if (run.surface === "random") return [varianceRow(run.explainedVarianceRatio), collapseRow(run)];
  const [main, ...subs] = run.paths;
  const E0 = Math.min(...subs.map((p) => p.decayEpoch as number));
  return [
    varianceRow(run.explainedVarianceRatio),
    valleyRow(run, main, E0),
    testAlongRow(run, main, E0),
    ...subpathRows(run, main, subs),
    curvedRow(run),
  ];
}

/**
 * Notebook 03's verdict table from the direction-after-decay numbers (`run.directions`, stored with
 * the PCA entry, in decay-epoch order): the main path travels farther than a subpath over the same
 * epochs, subpaths leave the main path's direction, and later subpaths' motion leaves the PC1–PC3 span.
 */
export function trajectory3dVerdicts(run: Pick<TrajectoryPcaRun, "pca" | "directions">): VerdictRow[] {
  const directions = run.directions;
  const both = directions.filter((d) => d.mainNorm !== null);
  const ratios = both.map((d) => d.subpathNorm / (d.mainNorm as number)),
    cos = both.map((d) => d.cosine as number);
  const shorter = ratios.filter((r) => r < 1).length;
  const byEpoch = (xs: number[], ds: DecayDirection[]) => ds.map((d, k) => `${d.decayEpoch}: ${fmt(xs[k])}`).join(", ");
  const share = trendHolds(
    directions.map((d) => d.inTop3),
    "decreasing",
  );
  const leave: Holds =
    both.length === 0
      ? "not measured"
      : cos.every((c) => c < 0.5)
        ? "yes"
        : cos[cos.length - 1] < cos[0]
          ? "partly"
          : "no";
  return [
    varianceRow(run.pca.explainedVarianceRatio),
    verdict(
      "Over the same epochs the large-LR main path travels farther than a subpath",
      both.length
        ? `‖subpath displacement‖ / ‖main path displacement‖ by decay epoch: ${byEpoch(ratios, both)}`
        : "the main path ends before every subpath's end",
      both.length === 0
        ? "not measured"
        : shorter === both.length
          ? "yes"
          : 2 * shorter > both.length
            ? "partly"
            : "no",
      "displacements in the full parameter space from the decay point, over the subpath's epochs. yes: shorter for every subpath; partly: for most",
    ),
    verdict(
      "After the decay a subpath leaves the main path's direction of travel",
      both.length
        ? `cosine between the two displacements by decay epoch: ${byEpoch(cos, both)}`
        : "no main-path displacement to compare",
      leave,
      "cosine of the angle between the subpath's and the main path's displacements. yes: below 0.5 (more than 60°) for every subpath; partly: lower for the latest than for the earliest",
    ),
    verdict(
      "The later the decay, the more of the subpath's motion leaves the PC1–PC3 span",
      `share of ‖subpath displacement‖² in PC1–PC3 by decay epoch: ${byEpoch(
        directions.map((d) => d.inTop3),
        directions,
      )}; ${share.against} of ${share.steps} steps go up`,
      share.holds,
      "squared projections on PC1–PC3 over the squared norm. yes: falls with every later decay; partly: the latest below the earliest",
    ),
  ];
}

/** Notebook 03's direction-after-decay table (formatted). */
export function decayDirectionsTable(directions: DecayDirection[]): Record<string, string | number>[] {
  return directions.map((d) => ({
    "decay epoch": d.decayEpoch,
    "‖subpath displacement‖": fmt(d.subpathNorm),
    "‖main path displacement‖": d.mainNorm === null ? "" : fmt(d.mainNorm),
    cosine: d.cosine === null ? "" : fmt(d.cosine),
    "share in PC1–3": fmt(d.inTop3),
  }));
}
