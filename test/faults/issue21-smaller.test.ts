// Fault injection (issue 21, smaller faults): nothing that cannot be resumed usefully stays in the
// cache (a batch larger than the training set is refused by the config check; an empty or diverged
// resumable folder is removed); a path resumed inside its run counts its whole length in progress,
// and its rate only the epochs computed; subpaths reused after their damaged main path was
// recomputed report cacheHit; messages name the key the user wrote, and positive bounds read "> 0".
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { setupBackend } from "../helpers";
import { runLateDecay } from "../../src/experiments/late-decay/run";
import { lateDecayConfig } from "../../src/experiments/late-decay/config";
import { phasesConfig, ablationConfig, landscapeModelConfig } from "../../src/experiments/nonlinear/config";
import { loadSeedSplit } from "../../src/data/seed-split";
import { cached, entryDir } from "../../src/store/cache";
import { lateDecayUnits } from "../../src/experiments/late-decay/units";
import { progressText } from "../../src/notebook/progress";
import { CancelledError, ConfigError, DivergenceError } from "../../src/core/errors";

let work: string, backend: string;
before(async () => {
  backend = await setupBackend();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-issue21-"));
});
/** A fresh data directory for one test. */
function dataDir(name: string): string {
  const d = path.join(work, name);
  process.env.LATE_DECAY_DATA_DIR = d;
  return d;
}
/** Every file and folder under `dir`, relative, sorted ([] when absent). */
function tree(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

test("batch larger than the training set: refused by the config check, naming batchSize and trainPerClass; runLateDecay stores nothing", async () => {
  const d = dataDir("batch");
  const MSG = /^batchSize 125 is larger than the training set: 10 classes × data\.trainPerClass 10 = 100 examples$/;
  assert.throws(
    () => lateDecayConfig("smoke", { batchSize: 125 }),
    (e: Error) => e instanceof ConfigError && MSG.test(e.message),
  );
  assert.equal(lateDecayConfig("smoke", { batchSize: 100 }).batchSize, 100, "the whole set in one batch is fine");
  await assert.rejects(
    runLateDecay({ ...lateDecayConfig("smoke"), batchSize: 125 }, { workers: 1 }),
    (e: Error) => e instanceof ConfigError && MSG.test(e.message),
  );
  assert.deepEqual(tree(path.join(d, "cache")), [], "no entry, no empty .partial folder");
});

test("a resumable computation that fails: its folder is kept only when it holds something and the error is not a divergence or a config error", async () => {
  const d = dataDir("partial-rules");
  const attempt = (name: string, write: boolean, error: Error) =>
    cached({
      kind: "fault-partial",
      codeVersion: "code-test",
      config: { name },
      resumable: true,
      compute: async (dir: string) => {
        if (write) fs.writeFileSync(path.join(dir, "progress.json"), "{}");
        throw error;
      },
      load: () => null,
    });
  await assert.rejects(attempt("empty", false, new Error("disk full")), /disk full/);
  await assert.rejects(attempt("cancelled", true, new CancelledError("cancelled")), CancelledError);
  await assert.rejects(attempt("diverged", true, new DivergenceError("main path (seed 0) diverged")), DivergenceError);
  await assert.rejects(attempt("config", true, new ConfigError("batchSize must be …")), ConfigError);
  const left = tree(path.join(d, "cache", "fault-partial"));
  assert.equal(
    left.filter((n) => n.endsWith(".partial")).length,
    1,
    `only the cancelled computation's folder stays: ${left}`,
  );
  assert.ok(
    left.some((n) => n.endsWith(".partial/progress.json")),
    "with what it wrote",
  );
  assert.ok(!left.some((n) => n.endsWith(".lock")), "no lock left");
});

for (const workers of [1, 2]) {
  test(`a diverged main path (λ = 1e4, ${workers} worker(s)) leaves no .partial folder`, async () => {
    const d = dataDir(`diverged-${workers}`);
    const c = lateDecayConfig("smoke", { seeds: [0, 1], decayEpochs: [2, 6], hyper: { weightDecay: 1e4 } });
    let seed = -1;
    await assert.rejects(
      runLateDecay(c, { workers }),
      (e: Error) => e instanceof DivergenceError && (seed = e.details!.seed!) >= 0,
    );
    const divergedDir = entryDir(lateDecayUnits(c, backend).find((u) => u.id === `main/${seed}`)!.entry);
    const left = tree(path.join(d, "cache"));
    assert.ok(
      !fs.existsSync(`${divergedDir}.partial`),
      `the diverged path's (seed ${seed}) folder is removed: ${left}`,
    );
    assert.deepEqual(
      left.filter((n) => /\.tmp-|\.lock/.test(n)),
      [],
      `no temporary folder or lock: ${left}`,
    );
    // on 1 worker nothing else ran; on 2 the other main path was cancelled mid-run and keeps its resumable folder
    assert.ok(
      left.filter((n) => n.endsWith(".partial")).length <= workers - 1,
      `at most the cancelled path's folder: ${left}`,
    );
  });
}

test("a path resumed inside its run: progress ends at total/total, the resumed epochs are reported as done before (left out of the rate)", async () => {
  dataDir("progress");
  const c = lateDecayConfig("smoke", { seeds: [0], decayEpochs: [2, 6] });
  const total = c.mainEpochs + 2 * c.subpathEpochs;
  const ac = new AbortController();
  let mainEpochs = 0;
  await assert.rejects(
    runLateDecay(c, {
      workers: 1,
      signal: ac.signal,
      snapshotEverySeconds: 0,
      onProgress: (_d, _t, note) => {
        if (note.startsWith("main path seed 0") && ++mainEpochs === 3) ac.abort();
      },
    }),
    CancelledError,
  );
  const calls: { done: number; total: number; note: string; doneBefore?: number }[] = [];
  await runLateDecay(c, {
    workers: 1,
    snapshotEverySeconds: 0,
    onProgress: (done, t, note, doneBefore) => calls.push({ done, total: t, note, doneBefore }),
  });
  const last = calls.at(-1)!;
  assert.deepEqual(
    [last.done, last.total],
    [total, total],
    `ends at ${total}/${total}: ${JSON.stringify(calls.map((x) => x.done))}`,
  );
  assert.deepEqual(calls[0], { done: 3, total, note: "main path seed 0 resumed at epoch 3", doneBefore: 3 });
  assert.equal(last.doneBefore, 3, "3 epochs were done before this run");
  // the rate and time left count the units computed: 50 of 100 done, 40 of them before, in 10 s → 1/s, 50 s left
  assert.equal(progressText("paths", 50, 100, 10, "", 40), "paths 50/100 (50%) 1.00/s ETA 50s · 10s elapsed");
});

test("after a damaged main path is recomputed with the same bytes, its subpaths are reused and report cacheHit: true", async () => {
  const d = dataDir("damaged");
  const c = lateDecayConfig("smoke", { seeds: [0], decayEpochs: [2, 6] });
  const first = await runLateDecay(c, { workers: 1 });
  assert.deepEqual(
    first.paths.map((p) => p.cacheHit),
    [false, false, false],
  );
  const main = first.paths.find((p) => p.kind === "main")!;
  fs.appendFileSync(path.join(main.dir, "history.json"), " "); // its SHA-256 no longer matches: recomputed
  const second = await runLateDecay(c, { workers: 1 });
  assert.deepEqual(
    second.paths.map((p) => [p.kind, p.cacheHit]),
    [
      ["main", false],
      ["subpath", true],
      ["subpath", true],
    ],
  );
  assert.deepEqual(
    second.paths.map((p) => p.history.at(-1)!.testLoss),
    first.paths.map((p) => p.history.at(-1)!.testLoss),
  );
  assert.ok(tree(path.join(d, "cache")).length > 0);
});

test("messages name the key the user wrote: trainPerClass on mnist-idx, gammas[0], base.gamma; positive bounds read > 0", () => {
  assert.throws(
    () => loadSeedSplit({ dataset: "mnist-idx", trainPerClass: 100000 }, 0),
    /^ConfigError: trainPerClass must be an integer in \[1, \d+\], got 100000$/,
  );
  assert.throws(
    () => phasesConfig("smoke", { gammas: [-1] }),
    /^ConfigError: gammas\[0\] must be a finite number in \[0, Infinity\], got -1$/,
  );
  assert.throws(
    () => landscapeModelConfig("smoke", { gammas: [1, -2] }),
    /^ConfigError: gammas\[1\] must be a finite number in \[0, Infinity\], got -2$/,
  );
  assert.throws(
    () => ablationConfig("smoke", { base: { gamma: -1 } }),
    /^ConfigError: base\.gamma must be a finite number in \[0, Infinity\], got -1$/,
  );
  assert.equal(phasesConfig("smoke", { gammas: [0, 2] }).gammas[0], 0, "γ = 0 is valid");
  assert.throws(() => phasesConfig("smoke", { lr: 0 }), /^ConfigError: lr must be a finite number > 0, got 0$/);
  assert.throws(
    () => ablationConfig("smoke", { sweeps: { lr: [0.01, -1] } }),
    /^ConfigError: sweeps\.lr\[1\] must be a finite number > 0, got -1$/,
  );
  assert.throws(
    () => lateDecayConfig("smoke", { decayFactor: 0 }),
    /^ConfigError: decayFactor must be a finite number in \(0, 1\], got 0$/,
  );
});
