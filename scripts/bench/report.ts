/** Table and JSON output of `npm run bench` (scripts/bench/bench.ts). */
import fs from "node:fs";
import path from "node:path";
import type { Spread } from "./timing";

/** One measured line: our timing and the references, all in seconds per unit of work. */
export interface BenchRow {
  /** workload id shared with bench_torch.py (e.g. "mlp_small") */
  key: string;
  label: string;
  /** "time": show ms per unit (lower is better); "rate": show units per second with `rateUnit` */
  show: "time" | "rate";
  rateUnit?: string;
  ours: Spread | null;
  torch1?: Spread | null;
  torch2?: Spread | null;
  numpy?: Spread | null;
}

const fmtTime = (s: number) => (s >= 1 ? `${s.toPrecision(3)} s` : `${(s * 1000).toPrecision(3)} ms`);
function fmtRate(s: number, unit = "/s"): string {
  const r = 1 / s;
  return r >= 1e6
    ? `${(r / 1e6).toPrecision(3)} M ${unit}`
    : r >= 1e3
      ? `${(r / 1e3).toPrecision(3)} k ${unit}`
      : `${r.toPrecision(3)} ${unit}`;
}

/** "median [min–max]" in the row's unit. */
export function fmtSpread(row: BenchRow, s: Spread | null | undefined): string {
  if (!s) return "—";
  const f = row.show === "time" ? fmtTime : (x: number) => fmtRate(x, row.rateUnit);
  const [lo, hi] = row.show === "time" ? [s.min, s.max] : [s.max, s.min];
  return `${f(s.median)} [${f(lo).replace(/ .*$/, "")}–${f(hi).replace(/ .*$/, "")}]`;
}

/** Ratio text: for time rows ours/PyTorch-1-thread ("×slower"); for rate rows ours/numpy speed. */
export function ratioText(row: BenchRow): string {
  if (!row.ours) return "—";
  if (row.show === "rate" && row.numpy) return `${(row.numpy.median / row.ours.median).toFixed(2)}× numpy speed`;
  if (row.torch1) return `${(row.ours.median / row.torch1.median).toFixed(2)}× PyTorch-1T time`;
  return "—";
}

/**
 * Chains only: our speed over numpy's from CPU time instead of wall time (both single-threaded
 * and allocation-light, so CPU time is robust to other processes' load). Not shown for tfjs rows:
 * Node's CPU time also counts GC and helper threads, PyTorch's all its threads.
 */
export function cpuRatioText(row: BenchRow): string {
  if (!row.key.startsWith("chains") || !row.ours?.cpuMedian || !row.numpy?.cpuMedian) return "—";
  return `${(row.numpy.cpuMedian / row.ours.cpuMedian).toFixed(2)}× numpy speed`;
}

/** Prints the table (markdown, so it can be pasted into notes). */
export function printTable(rows: BenchRow[]): void {
  const head = [
    "workload",
    "this project (median [range])",
    "PyTorch 1 thread",
    "PyTorch 2 threads",
    "numpy",
    "ratio (wall)",
    "chains: ratio (CPU time)",
  ];
  const body = rows.map((r) => [
    r.label,
    fmtSpread(r, r.ours),
    fmtSpread(r, r.torch1),
    fmtSpread(r, r.torch2),
    fmtSpread(r, r.numpy),
    ratioText(r),
    cpuRatioText(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const b of body) console.log(line(b));
  console.log(
    "ratio (wall): our time per unit of work over PyTorch 1 thread's, also on rows shown as rates (1.20× = 1.2 times as long",
  );
  console.log(
    "per point); 'numpy speed': our speed over numpy's (> 1: faster). PyTorch 2 threads runs OpenMP's default wait policy,",
  );
  console.log(
    "which busy-waits and can lose to 1 thread while other processes load the cores (npm run bench:sweep also runs PASSIVE).",
  );
}

/** Writes out/bench/bench-<ISO date-time>.json and returns its path. */
export function writeJson(report: object, outDir = path.join(__dirname, "..", "..", "out", "bench")): string {
  fs.mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, "-").replace(/\..*$/, "");
  const file = path.join(outDir, `bench-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  return file;
}
