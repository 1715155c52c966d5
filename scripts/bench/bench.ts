/**
 * `npm run bench`: times, in one run on this machine, each workload the project performs, next
 * to the same workloads in PyTorch (1 and 2 threads) and the nonlinear chains in numpy
 * (scripts/bench/bench_torch.py), the onnx engine's rows first (MLP and convnet steps as trainPath runs
 * them there, full evaluation), and prints a table plus out/bench/bench-<date>.json with the
 * median and spread over repeats and the machine (CPU, cores, load average). A benchmark, not a
 * test: nothing passes or fails on time. Timings move by tens of percent between runs on a
 * shared machine; compare ratios from one run, and rerun when the load average is low.
 *   npm run bench -- [--repeats 5] [--only mlp,chains] [--backends wasm,cpu] [--no-torch]
 */
import os from "node:os";
import { Command } from "commander";
import { tf } from "../../src/env/tf";
import { initBackend } from "../../src/env/backend";
import { timeCalls, timeInterleaved, perUnit, type Spread } from "./timing";
import {
  mlpStep,
  evalFull,
  gridPoint,
  convStep,
  convPathStep,
  CNN_SMALL,
  CNN_CLAIM,
  CNN_QUICK,
  VGG_SMALL,
  type Workload,
} from "./tf-workloads";
import { chainsWork, pcaWork } from "./host-workloads";
import { gridBatch, GRID_CHUNK } from "./grid-workloads";
import { onnxMlpEpoch, onnxEvalFull, onnxConvEpoch, EPOCH_STEPS } from "./onnx-workloads";
import { loadOrt, ortLoadError } from "../../src/env/ort";
import { findPython, runTorchBench, TORCH_INSTALL_HINT, type TorchReport } from "./torch";
import { printTable, writeJson, type BenchRow } from "./report";

interface Opts {
  repeats: string;
  only?: string;
  backends: string;
  torch: boolean;
}
const LOAD_WARN = 1.5;

async function timeWorkload(make: () => Workload, repeats: number): Promise<Spread> {
  const w = make();
  try {
    return await timeCalls(w.run, repeats);
  } finally {
    w.dispose();
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? "?",
    cores: cpus.length,
    loadAverage: os.loadavg(),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    tfjsCore: tf.version_core,
    date: new Date().toISOString(),
  };
}

/** The tfjs rows for every available backend (MLP steps on all; the rest on the default backend). */
async function tfjsRows(
  opts: Opts,
  want: (k: string) => boolean,
  repeats: number,
  log: (s: string) => void,
): Promise<BenchRow[]> {
  const info = await initBackend();
  const rows: BenchRow[] = [];
  const backends = opts.backends.split(",").filter((b) => tf.findBackendFactory(b) !== null || b === info.backend);
  for (const backend of backends) {
    if (!(await tf.setBackend(backend))) {
      log(`${backend}: not available, skipped`);
      continue;
    }
    const reps = backend === "cpu" ? Math.min(repeats, 3) : repeats;
    for (const [key, hidden, name] of [
      ["mlp_small", [100], "784-100-10"],
      ["mlp_large", [256, 256], "784-256-256-10"],
    ] as const) {
      if (!want(key)) continue;
      const variants = ["plain", "fast", "fast+host"] as const;
      log(`timing ${key} ${variants.join(", ")} on ${backend} (alternating blocks)`);
      const ws = variants.map((v) => mlpStep([...hidden], v));
      try {
        const spreads = await timeInterleaved(
          ws.map((w) => w.run),
          reps,
        );
        for (const [k, variant] of variants.entries()) {
          const how = {
            plain: "tf.grads + tf.gather: the obvious code",
            fast: "mlp-step.ts, tf.gather batches",
            "fast+host": "mlp-step.ts + host-batch.ts: trainPath's step",
          }[variant];
          rows.push({ key, label: `MLP ${name} step, B=125 (${backend}, ${how})`, show: "time", ours: spreads[k] });
        }
      } finally {
        for (const w of ws) w.dispose();
      }
    }
    if (backend !== info.backend) continue; // the rest: default backend only
    const others: [string, string, () => Workload, BenchRow["show"], string?][] = [
      ["eval_10k", `forward loss+acc 10 000×784, 784-100-10 (${backend})`, evalFull, "time"],
      ["grid_point", `landscape grid point, 500 train + 9 500 test (${backend})`, gridPoint, "rate", "points/s"],
      ["cnn_small", `CNN conv16-pool-conv32-pool-dense step, B=125 (${backend})`, () => convStep(CNN_SMALL), "time"],
      [
        "cnn_claim",
        `claim-map convnet pool-conv8-pool-conv16-dense32-dense step, B=125 (${backend}, trainPath's step)`,
        () => convPathStep(CNN_CLAIM),
        "time",
      ],
      [
        "cnn_quick",
        `quick-cnn VGG 32×32×3 conv16-pool-conv32-pool-conv64-pool-dense64-dense step, B=125 (${backend}, trainPath's step)`,
        () => convPathStep(CNN_QUICK),
        "time",
      ],
      ["vgg_small", `small VGG step 32×32×3, B=125 (${backend})`, () => convStep(VGG_SMALL), "time"],
    ];
    for (const [key, label, make, show, rateUnit] of others) {
      if (!want(key)) continue;
      log(`timing ${key} on ${backend}`);
      rows.push({
        key,
        label,
        show,
        rateUnit,
        ours: await timeWorkload(make, key === "vgg_small" ? Math.min(repeats, 3) : repeats),
      });
    }
    if (want("grid_batch")) {
      log(`timing grid_batch on ${backend}`);
      const label = `landscape grid points batched, K=${GRID_CHUNK} per chunk, 500 train + 9 500 test (${backend})`;
      rows.push({
        key: "grid_batch",
        label,
        show: "rate",
        rateUnit: "points/s",
        ours: perUnit(await timeWorkload(() => gridBatch(GRID_CHUNK), repeats), GRID_CHUNK),
      });
    }
  }
  await tf.setBackend(info.backend);
  return rows;
}

/** The onnx engine's rows (src/train/onnx-mlp.ts), when onnxruntime-node loads here. */
async function onnxRows(want: (k: string) => boolean, repeats: number, log: (s: string) => void): Promise<BenchRow[]> {
  if (!loadOrt()) {
    log(`onnx engine: ${ortLoadError()}; its rows skipped`);
    return [];
  }
  const rows: BenchRow[] = [];
  for (const [key, hidden, name] of [
    ["mlp_small", [100], "784-100-10"],
    ["mlp_large", [256, 256], "784-256-256-10"],
  ] as const) {
    if (!want(key)) continue;
    log(`timing ${key} on the onnx engine (one epoch of ${EPOCH_STEPS} steps per call)`);
    const w = await onnxMlpEpoch([...hidden]);
    const spread = perUnit(await timeCalls(w.run, repeats), EPOCH_STEPS);
    rows.push({
      key,
      label: `MLP ${name} step, B=125 (onnx engine, an epoch of ${EPOCH_STEPS} steps per call: trainPath's step)`,
      show: "time",
      ours: spread,
    });
  }
  const convs = [
    ["cnn_small", CNN_SMALL, "CNN conv16-pool-conv32-pool-dense step, B=125"],
    ["cnn_claim", CNN_CLAIM, "claim-map convnet pool-conv8-pool-conv16-dense32-dense step, B=125"],
    ["cnn_quick", CNN_QUICK, "quick-cnn VGG 32×32×3 conv16-pool-conv32-pool-conv64-pool-dense64-dense step, B=125"],
  ] as const;
  for (const [key, c, name] of convs) {
    if (!want(key)) continue;
    log(`timing ${key} on the onnx engine (one epoch of ${EPOCH_STEPS} steps per call)`);
    const w = await onnxConvEpoch(c);
    rows.push({
      key,
      label: `${name} (onnx engine, an epoch of ${w.steps} steps per call: trainPath's step)`,
      show: "time",
      ours: perUnit(await timeCalls(w.run, key === "cnn_quick" ? Math.min(repeats, 3) : repeats), w.steps),
    });
  }
  if (want("eval_10k")) {
    log("timing eval_10k on the onnx engine");
    rows.push({
      key: "eval_10k",
      label: "forward loss+acc 10 000×784, 784-100-10 (onnx engine)",
      show: "time",
      ours: await timeCalls(onnxEvalFull().run, repeats),
    });
  }
  if (want("grid_batch")) {
    log("timing grid_batch on the onnx engine");
    const label = `landscape grid points batched, K=${GRID_CHUNK} per chunk, 500 train + 9 500 test (onnx engine)`;
    rows.push({
      key: "grid_batch",
      label,
      show: "rate",
      rateUnit: "points/s",
      ours: perUnit(await timeWorkload(() => gridBatch(GRID_CHUNK, "onnx"), repeats), GRID_CHUNK),
    });
  }
  return rows;
}

async function hostRows(want: (k: string) => boolean, repeats: number, log: (s: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [K, steps] of [
    [1, 400_000],
    [256, 8_000],
  ]) {
    const key = `chains_k${K}`;
    if (!want(key)) continue;
    log(`timing ${key}`);
    const s = await timeCalls(chainsWork(K, steps), repeats);
    rows.push({
      key,
      label: `nonlinear chains d=40 n=20 B=1 σ=0.5, K=${K} (TypeScript)`,
      show: "rate",
      rateUnit: "chain-steps/s",
      ours: perUnit(s, K * steps),
    });
  }
  if (want("pca_300x80k")) {
    log("timing pca_300x80k");
    rows.push({
      key: "pca_300x80k",
      label: "trajectory PCA 300×80 000, k=5 (TypeScript)",
      show: "time",
      ours: await timeCalls(pcaWork(), Math.min(repeats, 3)),
    });
  }
  return rows;
}

function attachRefs(rows: BenchRow[], t1: TorchReport | null, t2: TorchReport | null): void {
  const get = (r: TorchReport | null, k: string) => {
    const v = r?.results[k];
    return v && "median" in v ? v : null;
  };
  for (const row of rows) {
    if (row.key.startsWith("chains")) row.numpy = get(t1, row.key);
    else {
      row.torch1 = get(t1 && t1.torch ? t1 : null, row.key);
      row.torch2 = get(t2, row.key);
    }
  }
}

async function main(): Promise<void> {
  const opts = new Command()
    .option("--repeats <n>", "timed repeats per workload", "5")
    .option(
      "--only <list>",
      "comma-separated substrings of workload ids (mlp,eval,grid,cnn,cnn_claim,cnn_quick,vgg,pca,chains)",
    )
    .option("--backends <list>", "tfjs backends to time the MLP step on", "tensorflow,wasm,cpu")
    .option("--no-torch", "skip the PyTorch/numpy references")
    .parse()
    .opts<Opts>();
  const repeats = Number(opts.repeats);
  const only = opts.only?.split(",").filter(Boolean) ?? [];
  const want = (k: string) => only.length === 0 || only.some((s) => k.includes(s));
  const log = (s: string) => process.stderr.write(`  ${s}\n`);
  const m = machine();
  console.log(
    `bench ${m.date}: ${m.cpuModel}, ${m.cores} cores, load average ${m.loadAverage.map((x) => x.toFixed(2)).join(" ")}, node ${m.node}, tfjs-core ${m.tfjsCore}`,
  );
  if (m.loadAverage[0] > LOAD_WARN)
    console.log(
      `WARNING: load average ${m.loadAverage[0].toFixed(2)} > ${LOAD_WARN}: other processes share the CPU, timings are unreliable (ratios within this run less so)`,
    );
  const rows = [
    ...(await onnxRows(want, repeats, log)),
    ...(await tfjsRows(opts, want, repeats, log)),
    ...(await hostRows(want, repeats, log)),
  ];
  let t1: TorchReport | null = null,
    t2: TorchReport | null = null,
    note = "";
  const py = opts.torch ? findPython() : null;
  if (opts.torch && !py) note = "no python3 with numpy found: references skipped. " + TORCH_INSTALL_HINT;
  else if (py) {
    if (!py.torch) note = TORCH_INSTALL_HINT + " (numpy chains only)";
    const keys = [...new Set(rows.map((r) => r.key))];
    log(`running references with ${py.python} (1 thread)`);
    t1 = runTorchBench(py.python, 1, repeats, keys);
    if (py.torch) {
      log("running references (2 threads)");
      t2 = runTorchBench(
        py.python,
        2,
        repeats,
        keys.filter((k) => !k.startsWith("chains")),
      );
    }
  }
  attachRefs(rows, t1, t2);
  const loadEnd = os.loadavg();
  console.log(
    t1
      ? `references: python ${t1.python}, torch ${t1.torch ?? "absent"}, numpy ${t1.numpy}, BLAS ${t1.blas?.kind ?? "n/a"}`
      : "references: none",
  );
  if (note) console.log(note);
  printTable(rows);
  console.log(`load average at end: ${loadEnd.map((x) => x.toFixed(2)).join(" ")}`);
  const file = writeJson({ machine: { ...m, loadAverageEnd: loadEnd }, rows, torch1: t1, torch2: t2, note });
  console.log(`wrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
