/**
 * Tables of the landscape and PCA results for notebooks 02 and 03 (explained variance, grid size,
 * where the minima are) and the grid's timing banner. Pure functions of the results (no file reads).
 */
import type { LandscapeRun } from "./types";

/** One row per principal component: explained-variance ratio and cumulative ratio, as percent strings with 2 decimals. */
export function explainedVarianceTable(
  ratios: number[],
): { component: string; "explained variance": string; cumulative: string }[] {
  let cum = 0;
  return ratios.map((r, j) => {
    cum += r;
    return {
      component: `PC${j + 1}`,
      "explained variance": `${(100 * r).toFixed(2)}%`,
      cumulative: `${(100 * cum).toFixed(2)}%`,
    };
  });
}

/**
 * The grid's compute time and rate as banner rows (timings live in banners and progress lines,
 * never in tables or prose): the sum of the rows' compute times, whichever process or shard computed them.
 */
export function landscapeTiming(run: LandscapeRun): Record<string, string> {
  return {
    "grid evaluation (sum of the rows' compute times)": `${run.gridSeconds.toFixed(1)} s, ${run.pointsPerSecond.toFixed(2)} points/s`,
    cache: run.cacheHit ? "loaded from cache (times are from the run that computed it)" : "computed now",
  };
}

/**
 * Landscape summary rows: the grid, and for train and test loss the
 * grid minimum (value and (a, b)) next to the loss at the grid point nearest to the main path's
 * final point and to each subpath's end, with the path's own final losses from its history
 * (they differ where the path leaves the surface).
 */
export function landscapeSummary(run: LandscapeRun): Record<string, string | number>[] {
  const nA = run.grid.as.length,
    nB = run.grid.bs.length;
  const nearest = (a: number, b: number) => {
    const i = argNearest(run.grid.as, a),
      j = argNearest(run.grid.bs, b);
    return run.rows[j * nA + i];
  };
  const minOf = (m: "trainLoss" | "testLoss") => run.rows.reduce((x, y) => (y[m] < x[m] ? y : x));
  const out: Record<string, string | number>[] = [
    { what: "grid", value: `${nA} × ${nB} = ${nA * nB} points on the ${run.surface} surface`, a: "", b: "" },
    {
      what: "checkpoints' RMS offset along PC3: from the flat plane / from the curved surface",
      value: `${run.pc3RmsOffset.flat.toPrecision(3)} / ${run.pc3RmsOffset.curved.toPrecision(3)}`,
      a: "",
      b: "",
    },
  ];
  for (const m of ["trainLoss", "testLoss"] as const) {
    const best = minOf(m);
    out.push({
      what: `${m === "trainLoss" ? "train loss" : "test loss"} minimum on the grid`,
      value: best[m].toPrecision(4),
      a: best.a.toPrecision(4),
      b: best.b.toPrecision(4),
    });
  }
  for (const p of run.paths) {
    const t = p.a.length - 1,
      r = nearest(p.a[t], p.b[t]);
    const own = p.final
      ? ` (path's own: ${p.final.trainLoss.toPrecision(4)} / ${p.final.testLoss.toPrecision(4)})`
      : "";
    out.push({
      what: `${p.name} end (epoch ${p.epochs[t]}): train / test loss on the surface`,
      value: `${r.trainLoss.toPrecision(4)} / ${r.testLoss.toPrecision(4)}${own}`,
      a: p.a[t].toPrecision(4),
      b: p.b[t].toPrecision(4),
    });
  }
  return out;
}

/** Index of the value of `v` nearest to `x` (the first on a tie). */
export function argNearest(v: number[], x: number): number {
  let best = 0;
  v.forEach((y, i) => {
    if (Math.abs(y - x) < Math.abs(v[best] - x)) best = i;
  });
  return best;
}
