import { test } from "node:test";
import assert from "node:assert/strict";
import { logAxis, tickLabel } from "../../src/figures/nonlinear-axes";

test("tick labels: plain in [0.01, 1000), m·10ᵉ outside", () => {
  assert.deepEqual([2e-4, 1e-3, 5e-16, 0.5, 20, 1e4].map(tickLabel), ["2·10⁻⁴", "10⁻³", "5·10⁻¹⁶", "0.5", "20", "10⁴"]);
});

test("log axes: 1…9 labels over < 0.6 decades, 1-2-5 over ≤ 2 decades, every k-th decade over wide ranges, nothing else", () => {
  assert.deepEqual(logAxis([2.3e-4, 5.1e-3]).tickvals, [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2]);
  const wide = logAxis([1e-16, 0.7, 0, Number.NaN]); // 16 decades: every 2nd, ending at 10⁰
  assert.deepEqual(wide.tickvals, [1e-16, 1e-14, 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1]);
  assert.deepEqual(logAxis([]), { type: "log" });
  const narrow = logAxis([7.8e-4, 1.03e-3]).tickvals as number[]; // 0.12 decades: every 1…9 × 10ᵏ
  assert.deepEqual(
    narrow.filter((v) => v >= 7e-4 && v <= 2e-3),
    [7e-4, 8e-4, 9e-4, 1e-3, 2e-3],
  );
});
