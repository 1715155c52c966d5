/**
 * Notebook 05, last figure: over teachers drawn from an isotropic prior α* ~ N(0, I_d/d), α_mn = X⁺y
 * has the lowest expected test loss among interpolants (points of M), checked numerically.
 *
 * Why: with y = Xα* (no label noise), α_mn = P_X α*, and any interpolant is α = α_mn + v(y) with v in
 * the null space N of X. Under the isotropic Gaussian prior P_N α* is independent of P_X α* (hence of y)
 * and has mean 0, so E‖α − α*‖² = E‖v(y)‖² + E‖P_N α*‖² = E‖v‖² + (d − n)/d: the expected test loss is
 * ½(E‖v‖² + (d − n)/d), smallest for v = 0. This holds for any rule v(y), however it depends on the data.
 */
import { summarize } from "../../analysis/summary";
import { deriveSeed, Rng } from "../../core/rng";
import { check, checkInt } from "../../core/errors";
import { matVec } from "../../models/nonlinear";
import { buildProblem } from "./run";
import type { PhasesConfig } from "./config";
import type { InterpolantPoint } from "../../figures/nonlinear-phases";

/** Interpolant families compared with α_mn (each at offset c = ‖v‖ where it applies). */
export const INTERPOLANT_FAMILIES = [
  "α_mn + c·u (u a fixed unit null-space direction)",
  "α_mn + c·v(y) (a data-dependent null-space direction)",
  "γ = 0 GD limit from α0 ~ N(0, I/d): α_mn + P_N α0",
] as const;

/**
 * Mean and standard error of the test loss ½‖α − α*‖² over `teachers` isotropic teachers, for each family
 * and offset, with the closed form ½(‖v‖² + (d − n)/d) (E‖v‖² for the GD family).
 * X is the problem's X; teachers, u, the data-dependent map and the inits come from `interpolants.seed`.
 * @throws ConfigError if the number of teachers < 2
 */
export function interpolantCheck(c: PhasesConfig): InterpolantPoint[] {
  const K = checkInt("interpolants.teachers", c.interpolants.teachers, 2);
  const p = buildProblem({ kind: "gaussian", ...c.problem });
  const { n, d } = p;
  const rng = (label: string) => new Rng(deriveSeed(c.interpolants.seed, "interpolants", label));
  const nullPart = (v: Float64Array) => {
    const r = matVec(p.pinvX, d, n, matVec(p.X, n, d, v));
    return v.map((x, j) => x - r[j]);
  };
  const unit = (v: Float64Array) => {
    const s = Math.hypot(...v);
    check(s > 0, "null-space direction is 0");
    return v.map((x) => x / s);
  };
  const u = unit(nullPart(rng("u").fillNormal(new Float64Array(d))));
  const G = rng("G").fillNormal(new Float64Array(d * n));
  const acc = new Map<string, number[]>();
  const add = (family: string, offset: number, loss: number) =>
    acc.set(`${family}\u0000${offset}`, [...(acc.get(`${family}\u0000${offset}`) ?? []), loss]);
  const teachers = rng("teachers"),
    inits = rng("inits");
  for (let k = 0; k < K; k++) {
    const aStar = teachers.fillNormal(new Float64Array(d), 1 / Math.sqrt(d));
    const y = matVec(p.X, n, d, aStar);
    const aMn = matVec(p.pinvX, d, n, y);
    const vy = unit(nullPart(matVec(G, d, n, y)));
    const loss = (v: Float64Array, scale: number) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (aMn[j] + scale * v[j] - aStar[j]) ** 2;
      return s / 2;
    };
    for (const off of c.interpolants.offsets) {
      add(INTERPOLANT_FAMILIES[0], off, loss(u, off));
      add(INTERPOLANT_FAMILIES[1], off, loss(vy, off));
    }
    const v0 = nullPart(inits.fillNormal(new Float64Array(d), 1 / Math.sqrt(d)));
    add(INTERPOLANT_FAMILIES[2], Math.sqrt((d - n) / d), loss(v0, 1));
  }
  return [...acc.entries()].map(([key, xs]) => {
    const [family, off] = key.split("\u0000");
    const { mean, se } = summarize(xs);
    return { family, offset: Number(off), mean, se, predicted: 0.5 * (Number(off) ** 2 + (d - n) / d), teachers: K };
  });
}

/** The interpolant check as a table: family, ‖v‖, mean test loss ± SE, closed form, and (mean − closed form)/SE. */
export function interpolantTable(points: InterpolantPoint[]): Record<string, string | number>[] {
  return points.map((p) => ({
    family: p.family,
    "‖v‖": p.offset.toFixed(3),
    "mean test loss ± SE": `${p.mean.toFixed(4)} ± ${p.se.toFixed(4)}`,
    "closed form": p.predicted.toFixed(4),
    "(mean − closed form) / SE": ((p.mean - p.predicted) / p.se).toFixed(2),
    teachers: p.teachers,
  }));
}
