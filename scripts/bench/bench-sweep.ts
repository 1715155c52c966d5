/**
 * `npm run bench:sweep`: sweep throughput of the late-decay experiment (issue 5) measured side by side — the real
 * code path (runLateDecay, src/experiments/late-decay/run.ts, in a fresh empty LATE_DECAY_DATA_DIR so nothing is
 * cached) with 1 worker and with 2 workers, and the same work in PyTorch (scripts/bench/bench_sweep_torch.py): 1 process
 * × 1 thread, 2 processes × 1 thread pulling paths as our worker pool does, 1 process × 2 threads (OpenMP default
 * and OMP_WAIT_POLICY=PASSIVE). "PyTorch's best on 2 cores" = the fastest 2-core variant.
 * Also times the parts on our side (one SGD step, one full evaluation, one checkpoint append, and worker start-up:
 * a pool run on the now-cached paths = start threads + backend + data + cache checks) to say where the time goes.
 * Prints a table and the load average; writes out/bench/bench-sweep-<date>.json. A benchmark, not a test.
 *   node --import tsx scripts/bench/bench-sweep.ts [--seeds 0,1] [--main-epochs 400] [--decay-epochs 25,50,100,200,400]
 *     [--subpath-epochs 100] [--engines onnx,tfjs] [--no-torch] [--skip-serial]
 * Ours runs on each engine in turn (onnx first), the same process switching with LATE_DECAY_ENGINE.
 * Default config: the quick profile (MLP 784-100-10 on real MNIST, 500 per class = 5 000 training rows, the official
 * 10 000-image test split, batch 125, metrics and checkpoints every 10 epochs) with 2 seeds and a shorter schedule:
 * 72 000 SGD steps + 192 full evaluations + 192 checkpoints.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { Command } from "commander";
import { tf } from "../../src/env/tf";
import { initBackend } from "../../src/env/backend";
import { ENGINES, type EngineName, resetEngineChoice } from "../../src/env/engine";
import { Rng } from "../../src/core/rng";
import { LateDecayConfig, lateDecayConfig } from "../../src/experiments/late-decay/config";
import { runLateDecay } from "../../src/experiments/late-decay/run";
import { LATE_DECAY_FAMILIES, lateDecayUnits, openPathSetup } from "../../src/experiments/late-decay/units";
import { experimentWork, type RunWork } from "../../src/experiments/late-decay/work";
import type { PathSetup } from "../../src/experiments/late-decay/types";
import { runUnits } from "../../src/runner";
import { networkOf } from "../../src/models/network";
import { loadSeedSplit } from "../../src/data/seed-split";
import { trainPath } from "../../src/train/path";
import { toTensors, toFlat } from "../../src/train/state";
import { CheckpointReader, CheckpointWriter } from "../../src/store/checkpoints";
import { validEntry, type CacheManifest } from "../../src/store/cache";

/**
 * The work a finished run did, read from its paths' histories and checkpoint indexes, to check against the one count
 * (src/experiments/late-decay/work.ts experimentWork): epochs = last row's epoch − first row's, evaluations = history rows,
 * steps = last row's step − first row's step, checkpoints = rows of the path's checkpoint index (read through the store).
 * @throws DataFileError when a path's checkpoint files are missing or truncated
 */
export function workOfRun(paths: { history: { step: number; epoch: number }[]; dir: string }[]): RunWork {
  const w = { epochs: 0, steps: 0, evaluations: 0, checkpoints: 0 };
  for (const p of paths) {
    w.epochs += p.history[p.history.length - 1].epoch - p.history[0].epoch;
    w.evaluations += p.history.length;
    w.steps += p.history[p.history.length - 1].step - p.history[0].step;
    w.checkpoints += new CheckpointReader(p.dir).count;
  }
  return w;
}

/** The manifest of a path's cache entry (its meta holds the path's wall time). @throws Error when the entry is not intact */
function storedManifest(dir: string): CacheManifest {
  const m = validEntry(dir);
  if (!m) throw new Error(`${dir} is not an intact cache entry`);
  return m;
}

interface OurRun {
  engine: EngineName;
  workers: number;
  wallSeconds: number;
  firstProgressSeconds: number;
  pathSeconds: number;
  startupProbeSeconds: number;
  work: RunWork;
}

function withDataDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sweep-"));
  const before = process.env.LATE_DECAY_DATA_DIR;
  process.env.LATE_DECAY_DATA_DIR = dir;
  return fn(dir).finally(() => {
    if (before === undefined) delete process.env.LATE_DECAY_DATA_DIR;
    else process.env.LATE_DECAY_DATA_DIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** runLateDecay on an empty cache, then a pool run over the cached paths (worker start-up + data + cache checks). */
async function runOurs(c: LateDecayConfig, workers: number, expected: RunWork): Promise<OurRun> {
  return withDataDir(async () => {
    const t0 = performance.now();
    let first = NaN;
    const r = await runLateDecay(c, {
      workers,
      onProgress: () => {
        if (Number.isNaN(first)) first = (performance.now() - t0) / 1000;
      },
    });
    const work = workOfRun(r.paths);
    if (JSON.stringify(work) !== JSON.stringify(expected))
      throw new Error(`run did ${JSON.stringify(work)}, counted ${JSON.stringify(expected)}`);
    const pathSeconds = r.paths.reduce((a, p) => a + (storedManifest(p.dir).meta.wallSeconds as number), 0);
    let startupProbeSeconds = 0;
    if (workers > 1) {
      // the runner over the cached paths: its done-set scan (every entry's files checked); it starts no worker
      const { backend } = await initBackend();
      const t1 = performance.now();
      await runUnits(lateDecayUnits(c, backend), { families: LATE_DECAY_FAMILIES, workers });
      startupProbeSeconds = (performance.now() - t1) / 1000;
    }
    return {
      engine: (await initBackend()).engine,
      workers,
      wallSeconds: r.wallSeconds,
      firstProgressSeconds: first,
      pathSeconds,
      startupProbeSeconds,
      work,
    };
  });
}

/**
 * Seconds per SGD step (trainPath without metrics/checkpoints), per full evaluation (trainPath with 0 epochs: the
 * train subset and the test set once), per checkpoint append, on the process's engine.
 */
async function ourParts(
  c: LateDecayConfig,
): Promise<{ stepSeconds: number; evalSeconds: number; checkpointSeconds: number }> {
  await initBackend();
  const ctx: PathSetup = openPathSetup(c, c.seeds[0]);
  try {
    const { network, train, test } = ctx;
    const params = network.init(new Rng(0));
    const run = (epochs: number) =>
      trainPath(
        { params, velocity: new Float32Array(network.layout.size), epoch: 0, step: 0, rngState: new Rng(0).state() },
        {
          pathId: "timing",
          network,
          train,
          test,
          hyper: c.hyper,
          batchSize: c.batchSize,
          epochs,
          evalEveryEpochs: 1e9,
          checkpointEveryEpochs: 0,
          batchSeed: 0,
        },
      );
    await run(0);
    let t = performance.now();
    for (let i = 0; i < 20; i++) await run(0);
    const evalSeconds = (performance.now() - t) / 20000;
    const epochs = 50;
    await run(epochs);
    t = performance.now();
    await run(epochs);
    const stepSeconds =
      ((performance.now() - t) / 1000 - 2 * evalSeconds) / (epochs * Math.ceil(train.n / c.batchSize));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sweep-ck-"));
    const writer = new CheckpointWriter(dir, network.layout.size);
    const ck = toTensors(network.layout, params);
    t = performance.now();
    const rng = new Rng(0);
    for (let i = 0; i < 40; i++)
      writer.append({
        epoch: i,
        step: i,
        params: toFlat(network.layout, ck),
        velocity: toFlat(network.layout, ck),
        rngState: rng.state(),
      });
    const checkpointSeconds = (performance.now() - t) / 40000;
    tf.dispose(ck);
    fs.rmSync(dir, { recursive: true, force: true });
    return { stepSeconds, evalSeconds, checkpointSeconds };
  } finally {
    ctx.dispose();
  }
}

interface TorchRun {
  label: string;
  workers: number;
  threads: number;
  wallSeconds: number;
  importSeconds: number;
  processes: Record<string, number | string[]>[];
}

function runTorch(
  python: string,
  c: LateDecayConfig,
  testRows: number,
  workers: number,
  threads: number,
  env: Record<string, string> = {},
): TorchRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sweep-torch-"));
  try {
    const args = [
      path.join(__dirname, "bench_sweep_torch.py"),
      "--config",
      JSON.stringify(c),
      "--test-rows",
      String(testRows),
      "--workers",
      String(workers),
      "--threads",
      String(threads),
      "--out-dir",
      dir,
    ];
    const r = spawnSync(python, args, {
      encoding: "utf8",
      maxBuffer: 1 << 24,
      env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), ...env },
    });
    if (r.status !== 0) throw new Error(`bench_sweep_torch.py failed (${r.status}): ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    const policy = env.OMP_WAIT_POLICY ? `, OMP_WAIT_POLICY=${env.OMP_WAIT_POLICY}` : "";
    return { label: `PyTorch ${workers} proc × ${threads} thread${threads > 1 ? "s" : ""}${policy}`, ...out };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const f2 = (x: number) => x.toFixed(2);
const load = () => os.loadavg().map(f2).join(" ");

async function main(): Promise<void> {
  const o = new Command()
    .option("--seeds <list>", "training seeds", "0,1")
    .option("--main-epochs <n>", "main path epochs", "400")
    .option(
      "--decay-epochs <list>",
      "decay epochs (multiples of the quick profile's checkpoint interval, 10)",
      "20,50,100,200,400",
    )
    .option("--subpath-epochs <n>", "subpath epochs", "100")
    .option("--engines <list>", `engines to run ours on (${ENGINES.join(",")})`, ENGINES.join(","))
    .option("--no-torch", "skip PyTorch")
    .option("--skip-serial", "skip the 1-worker and 1-process runs")
    .parse()
    .opts();
  const nums = (s: string) => s.split(",").map(Number);
  const c = lateDecayConfig("quick", {
    seeds: nums(o.seeds),
    mainEpochs: Number(o.mainEpochs),
    decayEpochs: nums(o.decayEpochs),
    subpathEpochs: Number(o.subpathEpochs),
  });
  const engines = String(o.engines).split(",").filter(Boolean) as EngineName[];
  for (const e of engines)
    if (!(ENGINES as readonly string[]).includes(e))
      throw new Error(`--engines: ${JSON.stringify(e)} is not one of ${ENGINES.join(", ")}`);
  /** Switches this process (and the worker threads it starts next) to an engine. */
  const useEngine = async (e: EngineName) => {
    process.env.LATE_DECAY_ENGINE = e;
    resetEngineChoice();
    return initBackend();
  };
  const info = await useEngine(engines[0]);
  const split = loadSeedSplit(c.data, c.seeds[0]);
  const work = experimentWork(c, split.train.n);
  const loadBefore = os.loadavg();
  console.log(
    `load average before: ${load()}  (${os.cpus().length} cores, backend ${info.backend}, engines ${engines.join(", ")})`,
  );
  console.log(
    `work: ${work.steps} SGD steps, ${work.evaluations} full evaluations (${split.train.n} + ${split.test.n} rows), ${work.checkpoints} checkpoints, ${lateDecayUnits(c, "any").length} paths`,
  );
  const python = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
  const ours: OurRun[] = [];
  const torch: TorchRun[] = [];
  const step = (s: string) => console.log(`  ${s} (load ${load()})`);
  for (const workers of o.skipSerial ? [2] : [1, 2]) {
    for (const e of engines) {
      await useEngine(e);
      step(`ours (${e} engine), ${workers} worker(s)`);
      ours.push(await runOurs(c, workers, work));
    }
    if (!o.torch) continue;
    const variants: [number, number, Record<string, string>][] =
      workers === 1
        ? [[1, 1, {}]]
        : [
            [2, 1, {}],
            [1, 2, {}],
            [1, 2, { OMP_WAIT_POLICY: "PASSIVE" }],
          ];
    for (const [w, t, env] of variants) {
      step(`PyTorch ${w}×${t}${env.OMP_WAIT_POLICY ? " passive" : ""}`);
      torch.push(runTorch(python, c, split.test.n, w, t, env));
    }
  }
  const parts: Partial<Record<EngineName, Awaited<ReturnType<typeof ourParts>>>> = {};
  for (const e of engines) {
    await useEngine(e);
    step(`our parts (${e} engine)`);
    parts[e] = await ourParts(c);
  }
  const loadAfter = os.loadavg();
  const rows: string[][] = [["run", "wall s", "steps/s", "ratio ours/PyTorch"]];
  const best1 = torch.find((t) => t.workers === 1 && t.threads === 1);
  const best2 = torch.filter((t) => t.workers * t.threads === 2).sort((a, b) => a.wallSeconds - b.wallSeconds)[0];
  for (const r of ours) {
    const ref = r.workers === 1 ? best1 : best2;
    rows.push([
      `ours (${r.engine}), ${r.workers} worker${r.workers > 1 ? "s" : ""}`,
      f2(r.wallSeconds),
      (work.steps / r.wallSeconds).toFixed(0),
      ref ? `${f2(r.wallSeconds / ref.wallSeconds)}× (vs ${ref.label})` : "—",
    ]);
  }
  for (const t of torch)
    rows.push([
      t.label,
      f2(t.wallSeconds),
      (work.steps / t.wallSeconds).toFixed(0),
      t === best2 ? "best on 2 cores" : "",
    ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((s, i) => s.padEnd(widths[i])).join("  "));
  console.log(
    "wall s: ours from the runLateDecay call (includes starting the worker threads, ≈ 1 s with 2 workers; the backend",
  );
  console.log("of this process is already up); PyTorch from after `import torch` (≈ 0.8 s, not counted). Parts below.");
  for (const [e, p] of Object.entries(parts)) {
    const est = work.steps * p.stepSeconds + work.evaluations * p.evalSeconds + work.checkpoints * p.checkpointSeconds;
    console.log(
      `ours (${e}) per part (1 thread): step ${f2(p.stepSeconds * 1e3)} ms, evaluation ${f2(p.evalSeconds * 1e3)} ms, ` +
        `checkpoint ${f2(p.checkpointSeconds * 1e3)} ms → steps ${f2(work.steps * p.stepSeconds)} s + evaluations ` +
        `${f2(work.evaluations * p.evalSeconds)} s + checkpoints ${f2(work.checkpoints * p.checkpointSeconds)} s = ${f2(est)} s of compute`,
    );
  }
  for (const r of ours)
    console.log(
      `ours (${r.engine}) ${r.workers} worker(s): paths' own wall ${f2(r.pathSeconds)} s (sum), first progress after ${f2(r.firstProgressSeconds)} s` +
        (r.workers > 1 ? `, done-set scan of the cached paths ${f2(r.startupProbeSeconds)} s` : ""),
    );
  for (const t of torch) {
    const sum = (k: string) => f2(t.processes.reduce((a, p) => a + (p[k] as number), 0));
    console.log(
      `${t.label}: steps ${sum("stepSeconds")} s, evaluations ${sum("evalSeconds")} s, checkpoints ${sum("checkpointSeconds")} s, ` +
        `branch loads ${sum("branchLoadSeconds")} s, idle ${sum("idleSeconds")} s (summed over processes); import ${f2(t.importSeconds)} s`,
    );
  }
  console.log(`load average after: ${load()}`);
  const outDir = path.join(__dirname, "..", "..", "out", "bench");
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `bench-sweep-${new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19)}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        cores: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        node: process.version,
        backend: info.backend,
        loadBefore,
        loadAfter,
        config: c,
        testRows: split.test.n,
        work,
        ours,
        parts,
        torch,
        ratios: ours.map((r) => ({
          engine: r.engine,
          workers: r.workers,
          ratio: (r.workers === 1 ? best1 : best2)
            ? r.wallSeconds / (r.workers === 1 ? best1! : best2!).wallSeconds
            : null,
        })),
      },
      null,
      1,
    ),
  );
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

if (require.main === module)
  void main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
