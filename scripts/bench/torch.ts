/**
 * Runs scripts/bench/bench_torch.py (PyTorch and numpy references) for `npm run bench`: finds a Python
 * with torch (BENCH_PYTHON, then /usr/bin/python3, then python3 on PATH), or one with numpy only.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Spread } from "./timing";

/** What bench_torch.py printed. */
export interface TorchReport {
  python: string;
  torch: string | null;
  numpy: string;
  threads: number;
  blas: { kind: string; libs: string[] } | null;
  results: Record<string, Spread | { error: string }>;
}

export const TORCH_INSTALL_HINT =
  "PyTorch not found: on Debian/Ubuntu `apt-get install -y python3-torch libopenblas0-pthread` " +
  "(without libopenblas0-pthread torch falls back to the slow reference BLAS); or set BENCH_PYTHON to a python with torch";

function has(python: string, mod: string): boolean {
  const r = spawnSync(python, ["-c", `import ${mod}`], { stdio: "ignore" });
  return r.status === 0;
}

/** The python to use and whether it has torch; null when no python with numpy exists. */
export function findPython(): { python: string; torch: boolean } | null {
  const candidates = [process.env.BENCH_PYTHON, "/usr/bin/python3", "python3"].filter((p): p is string => !!p);
  for (const p of candidates) if (has(p, "torch") && has(p, "numpy")) return { python: p, torch: true };
  for (const p of candidates) if (has(p, "numpy")) return { python: p, torch: false };
  return null;
}

/** Runs the reference benchmark with `threads` torch threads. @throws Error with python's stderr on failure */
export function runTorchBench(python: string, threads: number, repeats: number, only: string[] = []): TorchReport {
  const script = path.join(__dirname, "bench_torch.py");
  const args = [script, "--threads", String(threads), "--repeats", String(repeats)];
  if (only.length) args.push("--only", only.join(","));
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  const r = spawnSync(python, args, { encoding: "utf8", env, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench_torch.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as TorchReport;
}
