/** Repeat timing with median and spread, for `npm run bench` (scripts/bench/bench.ts). Not a test. */

/** Seconds per call over repeats: median, min–max and quartiles. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  repeats: number;
  /** median CPU seconds (user + system) of this process per call: less sensitive than wall time to other processes' load */
  cpuMedian?: number;
}

/** Median, quartiles (linear interpolation) and range of samples (seconds). */
export function summarize(samples: number[]): Spread {
  const s = [...samples].sort((a, b) => a - b);
  const q = (f: number) => {
    const i = f * (s.length - 1),
      lo = Math.floor(i),
      hi = Math.ceil(i);
    return s[lo] + (s[hi] - s[lo]) * (i - lo);
  };
  return { median: q(0.5), min: s[0], max: s[s.length - 1], q1: q(0.25), q3: q(0.75), repeats: s.length };
}

/**
 * Seconds per call of `fn`: one warm-up call, then `repeats` blocks of m calls, m chosen so a
 * block lasts about `minSeconds` (m ≥ 1). `fn` must finish its work before returning (read a
 * value back for tfjs) so that the clock measures the work.
 */
export async function timeCalls(fn: () => unknown, repeats: number, minSeconds = 0.25): Promise<Spread> {
  await fn();
  const t0 = performance.now();
  await fn();
  const one = Math.max((performance.now() - t0) / 1000, 1e-7);
  const m = Math.max(1, Math.round(minSeconds / one));
  const samples: number[] = [],
    cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now(),
      c0 = process.cpuUsage();
    for (let i = 0; i < m; i++) await fn();
    const c = process.cpuUsage(c0);
    samples.push((performance.now() - t) / 1000 / m);
    cpu.push((c.user + c.system) / 1e6 / m);
  }
  return { ...summarize(samples), cpuMedian: summarize(cpu).median };
}

/**
 * Seconds per call of each of several variants of one workload, timed in alternating blocks
 * (repeat r times a block of variant 0, then of variant 1, …) so that a burst of load from
 * other processes falls on all variants alike and their ratios stay comparable. Block sizes as
 * in {@link timeCalls}.
 */
export async function timeInterleaved(fns: (() => unknown)[], repeats: number, minSeconds = 0.25): Promise<Spread[]> {
  const ms: number[] = [];
  for (const fn of fns) {
    await fn();
    const t0 = performance.now();
    await fn();
    ms.push(Math.max(1, Math.round(minSeconds / Math.max((performance.now() - t0) / 1000, 1e-7))));
  }
  const samples = fns.map(() => [] as number[]),
    cpu = fns.map(() => [] as number[]);
  for (let r = 0; r < repeats; r++) {
    for (const [k, fn] of fns.entries()) {
      const t = performance.now(),
        c0 = process.cpuUsage();
      for (let i = 0; i < ms[k]; i++) await fn();
      const c = process.cpuUsage(c0);
      samples[k].push((performance.now() - t) / 1000 / ms[k]);
      cpu[k].push((c.user + c.system) / 1e6 / ms[k]);
    }
  }
  return fns.map((_, k) => ({ ...summarize(samples[k]), cpuMedian: summarize(cpu[k]).median }));
}

/** Divides every time of a spread by `per` (e.g. per chain-step). */
export function perUnit(s: Spread, per: number): Spread {
  return {
    median: s.median / per,
    min: s.min / per,
    max: s.max / per,
    q1: s.q1 / per,
    q3: s.q3 / per,
    repeats: s.repeats,
    ...(s.cpuMedian !== undefined ? { cpuMedian: s.cpuMedian / per } : {}),
  };
}
