/**
 * Axis helpers shared by the figures of notebooks 04–06: titles that keep clear of the plotly
 * toolbar, and log axes labelled at decades (wide ranges) or at 1-2-5 (narrow ranges) only.
 */

/** Title at the top left, so the plotly toolbar (top right) never covers it. */
export const leftTitle = (text: string) => ({ text, x: 0.01, xanchor: "left", y: 0.98, yanchor: "top" });

const SUP: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};
/** 2e-4 → "2·10⁻⁴", 1e-3 → "10⁻³", 0.5 → "0.5", 20 → "20" (plain for 0.01 ≤ v < 1000). */
export function tickLabel(v: number): string {
  if (v >= 0.01 && v < 1000) return String(Number(v.toPrecision(3)));
  const e = Math.floor(Math.log10(v) + 1e-9),
    m = Math.round(v / 10 ** e);
  const pow = `10${String(e)
    .split("")
    .map((c) => SUP[c])
    .join("")}`;
  return m === 1 ? pow : `${m}·${pow}`;
}

/**
 * A plotly log axis for data spanning [min, max] of the positive `values`: labels at 1…9 × 10ᵏ when the data
 * span less than 0.6 decades, at 1, 2, 5 × 10ᵏ when the rounded range spans ≤ 2 decades, else at every
 * k-th decade (k chosen for ≤ 8 labels); no other labels.
 */
export function logAxis(values: number[]): Record<string, unknown> {
  const pos = values.filter((v) => Number.isFinite(v) && v > 0);
  if (pos.length === 0) return { type: "log" };
  const min = Math.min(...pos),
    max = Math.max(...pos);
  const lo = Math.floor(Math.log10(min)),
    hi = Math.ceil(Math.log10(max));
  const mantissas = Math.log10(max / min) < 0.6 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 5];
  const ticks: number[] = [];
  if (hi - lo <= 2) {
    for (let e = lo; e <= hi; e++) for (const m of mantissas) ticks.push(Number(`${m}e${e}`));
  } else {
    const step = Math.max(1, Math.ceil((hi - lo) / 8));
    for (let e = hi; e >= lo; e -= step) ticks.unshift(Number(`1e${e}`));
  }
  return { type: "log", tickmode: "array", tickvals: ticks, ticktext: ticks.map(tickLabel), showgrid: true };
}

/** A log axis labelled exactly at the given values (e.g. the swept learning rates). */
export const logAxisAt = (values: number[]) => ({
  type: "log",
  tickmode: "array",
  tickvals: values,
  ticktext: values.map(tickLabel),
});
