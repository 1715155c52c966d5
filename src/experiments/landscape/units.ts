/**
 * A landscape grid is computed and stored one grid row at a time (the nA points at one b): each
 * row is a work unit whose entry "landscape-grid-row" is keyed by the full landscape config, the
 * backend, the grid's a values, the row's b value, the code version and the content hash of the
 * PCA it is built on. So an interrupted computation resumes after its last finished row, and
 * shards on other machines (`npm run shard -- 02 --shard k/N`) write the same entries into a
 * shared data folder, from which the notebook's landscapeRun assembles the grid entry (kit/assemble.ts;
 * the row entries are kept).
 * A point's value does not depend on which other points are evaluated with it (each row is
 * evaluated alone, in the same within-row chunks however it runs), so the assembled grid is the
 * same bytes from a serial run, worker threads or shards.
 */
import { initBackend } from "../../env/backend";
import { throwIfCancelled, yieldToEventLoop } from "../../core/cancel";
import { readJson, writeJson } from "../../store/files";
import { codeVersion } from "../../store/code-version";
import type { FamilyTable, UnitApi, UnitFamily, WorkUnit } from "../../runner";
import { familyTable } from "../kit/families";
import { LandscapeGrid, gridPointAt } from "../../analysis/grid";
import { Surface } from "../../analysis/surface";
import { evaluateSurfacePoint, LandscapeRow } from "../../analysis/landscape";
import {
  BatchedSurface,
  batchedGridRows,
  batchedSurface,
  canBatch,
  defaultPointChunk,
} from "../../analysis/landscape-batched";
import { LATE_DECAY_PATHS, PathSetup, lateDecayPathFamily, openPathSetup } from "../late-decay";
import { LandscapeConfig } from "./config";
import { PCA_UNIT, TRAJECTORY_PCA, TRAJECTORY_PCA_CODE_VERSION, trajectoryPcaFamily } from "./pca";
import { RowPayload } from "./types";

/** The code version of the grid rows: derived from this module (which computes them) and every local module it imports. */
export const LANDSCAPE_CODE_VERSION = codeVersion("experiments/landscape/units");
/** The grid's code version (upstream numbers enter through the PCA's content hash). */
export const GRID_VERSION = `${LANDSCAPE_CODE_VERSION}+${TRAJECTORY_PCA_CODE_VERSION}`;

/** Registered name of {@link landscapeRowFamily} (src/experiments/families.ts). */
export const LANDSCAPE_ROWS = "landscape-rows";

/** Unit id of grid row j. */
export const rowUnitId = (j: number) => `row/${j}`;

/** One unit per grid row; each depends on the PCA unit (pass the PCA's units too when running them). */
export function gridRowUnits(
  c: LandscapeConfig,
  backend: string,
  surface: Surface,
  grid: LandscapeGrid,
): WorkUnit<RowPayload>[] {
  const nA = grid.as.length;
  return grid.bs.map((b, j) => ({
    id: rowUnitId(j),
    family: LANDSCAPE_ROWS,
    dependsOn: { pca: PCA_UNIT },
    cost: nA,
    size: nA,
    label: `grid row ${j} (b = ${b.toPrecision(4)})`,
    entry: {
      kind: "landscape-grid-row",
      codeVersion: GRID_VERSION,
      config: { landscape: c, backend, as: grid.as, b, row: j },
    },
    payload: { lateDecay: { data: c.lateDecay.data, model: c.lateDecay.model }, seed: c.seed, surface, grid, row: j },
  }));
}

/** A stored grid row: its nA points (flat indices j·nA … j·nA + nA − 1) and the seconds spent on it. */
export interface StoredGridRow {
  rows: LandscapeRow[];
  seconds: number;
}

/** Reads a grid-row entry. */
export function loadGridRow(dir: string, meta: Record<string, unknown>): StoredGridRow {
  return { rows: readJson<LandscapeRow[]>(dir, "rows.json"), seconds: Number(meta.seconds) };
}

/** A cheap fingerprint of a surface's vectors (units of one grid carry equal copies of one surface). */
function surfaceKey(s: Surface): string {
  const vs = s.kind === "flat" ? [s.center, s.pc1, s.pc2] : [s.center, s.pc1, s.pc2, s.pc3];
  const sums = vs.map((v) => {
    let t = 0;
    for (let p = 0; p < v.length; p++) t += v[p] * ((p % 97) + 1);
    return t;
  });
  return JSON.stringify([s.kind, s.kind === "curved" ? s.quad : null, s.center.length, sums]);
}

/** Per thread: the network and data, and the batched basis of the last surface (MLPs). */
type RowSetup = PathSetup & { batched: { key: string; value: BatchedSurface } | null };

function batchedFor(s: RowSetup, surface: Surface): BatchedSurface {
  const key = surfaceKey(surface);
  if (s.batched?.key !== key) {
    s.batched?.value.dispose();
    s.batched = null; // stays null if the precompute below throws
    s.batched = { key, value: batchedSurface(s.network.layout, surface, s) };
  }
  return s.batched.value;
}

/** Evaluates grid row j: MLPs through the batched path (fixed within-row chunks), other networks point by point. */
async function evaluateRow(s: RowSetup, p: RowPayload, api: UnitApi): Promise<LandscapeRow[]> {
  const nA = p.grid.as.length,
    from = p.row * nA,
    to = from + nA;
  const rows: LandscapeRow[] = [];
  if (canBatch(s.network)) {
    const chunk = defaultPointChunk(s.network.layout, s);
    for await (const part of batchedGridRows(batchedFor(s, p.surface), p.grid, from, to, chunk, api.signal)) {
      rows.push(...part);
      for (let i = 0; i < part.length; i++) api.progress(1, `grid row ${p.row}`); // per point, as the per-point path
    }
    return rows;
  }
  const buffer = new Float32Array(s.network.layout.size);
  for (let index = from; index < to; index++) {
    throwIfCancelled(api.signal, `landscape grid at point ${index}`);
    const pt = gridPointAt(p.grid, index);
    rows.push({ index, ...evaluateSurfacePoint(s.network, p.surface, pt.a, pt.b, s, buffer) });
    api.progress(1, `grid row ${p.row}`);
    await yieldToEventLoop();
  }
  return rows;
}

/** The worker-side computation of grid rows: one setup per data set, model and training seed (the seed's own subset). */
export const landscapeRowFamily: UnitFamily<RowPayload, RowSetup> = {
  setupKey: (p) => ({ ...p.lateDecay, seed: p.seed }),
  setup: async (p) => {
    await initBackend();
    return { ...openPathSetup(p.lateDecay, p.seed), batched: null };
  },
  async compute(s, p, dir, api) {
    const t0 = performance.now();
    writeJson(dir, "rows.json", await evaluateRow(s, p, api));
    return { seconds: (performance.now() - t0) / 1000 };
  },
  dispose: (s) => {
    s.batched?.value.dispose();
    s.dispose();
  },
};

/** The family table of a landscape run: the seed's paths, their PCA and the grid rows. */
export const LANDSCAPE_FAMILIES: FamilyTable = familyTable({
  [LATE_DECAY_PATHS]: lateDecayPathFamily,
  [TRAJECTORY_PCA]: trajectoryPcaFamily,
  [LANDSCAPE_ROWS]: landscapeRowFamily,
});
