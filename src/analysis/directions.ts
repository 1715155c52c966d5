/**
 * Random filter-normalized directions (Li, Xu, Taylor, Studer, Goldstein 2018,
 * "Visualizing the loss landscape of neural nets", Sec. 4; `dir_type='weights'`,
 * `ignore='biasbn'` in tomgoldstein/loss-landscape), the baseline against which the
 * PCA surfaces of Ren, Ma, Ying 2024 (Sec. 3) are compared.
 *
 * A Gaussian direction d is drawn for the whole flat vector; then for every kernel each
 * filter of d is rescaled to the norm of the same filter of the parameters θ:
 *   d_f ← d_f · ‖θ_f‖ / (‖d_f‖ + 1e-10),
 * and every bias entry is set to zero. A "filter" is the set of entries sharing the last
 * index of the kernel's shape (tfjs layout): one output unit's weights (a column) for a dense
 * kernel [in, out], one output channel for a conv kernel [kh, kw, cin, cout].
 */
import { check } from "../core/errors";
import { Rng } from "../core/rng";
import { ParamEntry, ParamLayout } from "../params/layout";
import { FlatSurface, planeSurface } from "./surface";

/** Added to a direction filter's norm before dividing, as in Li et al.'s code. */
const FILTER_NORM_EPS = 1e-10;

/**
 * One random filter-normalized direction for the parameters `params`.
 * Consumes exactly P standard normals from `rng` (in flat order, biases included), so the
 * result is a deterministic function of the generator's state.
 * @param layout parameter layout (size P)
 * @param params [P] parameters whose filter norms the direction copies (usually the final parameters)
 * @returns [P] direction; biases 0, each kernel filter with the norm of the parameters' filter
 * @throws ConfigError when params.length ≠ layout.size
 */
export function filterNormalizedDirection(layout: ParamLayout, params: Float32Array, rng: Rng): Float32Array {
  check(
    params.length === layout.size,
    `filterNormalizedDirection: params has length ${params.length}, layout expects P = ${layout.size}`,
  );
  const d = rng.fillNormal(new Float32Array(layout.size));
  for (const e of layout.entries) {
    if (e.kind === "bias") d.fill(0, e.offset, e.offset + e.size);
    else normalizeFilters(e, d, params);
  }
  return d;
}

/**
 * Two random filter-normalized directions d1, d2 (drawn in this order from `rng`) as a flat
 * surface centered at the parameters: θ(a, b) = params + a·d1 + b·d2 (Li et al. 2018, Sec. 4).
 * @param params [P] center of the surface (usually the final parameters of a path)
 * @throws ConfigError when params.length ≠ layout.size
 */
export function randomDirectionsSurface(layout: ParamLayout, params: Float32Array, rng: Rng): FlatSurface {
  const d1 = filterNormalizedDirection(layout, params, rng);
  const d2 = filterNormalizedDirection(layout, params, rng);
  return planeSurface(params, d1, d2);
}

/**
 * Norms of each filter of one kernel entry of a flat vector, [nFilters] with nFilters = the last
 * dimension of the shape; entry element e belongs to filter e mod nFilters (row-major storage).
 */
export function filterNorms(entry: ParamEntry, flat: Float32Array): Float64Array {
  const nFilters = entry.shape[entry.shape.length - 1];
  const sq = new Float64Array(nFilters);
  for (let e = 0; e < entry.size; e++) {
    const v = flat[entry.offset + e];
    sq[e % nFilters] += v * v;
  }
  return sq.map(Math.sqrt);
}

/** In place: d_f ← d_f · ‖θ_f‖ / (‖d_f‖ + ε) for every filter f of the kernel entry. */
function normalizeFilters(entry: ParamEntry, d: Float32Array, params: Float32Array): void {
  const nFilters = entry.shape[entry.shape.length - 1];
  const target = filterNorms(entry, params),
    current = filterNorms(entry, d);
  const scale = target.map((t, f) => t / (current[f] + FILTER_NORM_EPS));
  for (let e = 0; e < entry.size; e++) d[entry.offset + e] *= scale[e % nFilters];
}
