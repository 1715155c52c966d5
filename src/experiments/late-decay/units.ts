/**
 * The work units of the late-decay experiment: one main path per seed, one subpath per (seed,
 * decay epoch) that depends on its main path (its key holds the main path's content hash). Each
 * is its own cache entry, computed by the runner serially, on a worker thread or in a shard.
 */
import { deriveSeed, Rng } from "../../core/rng";
import { initBackend } from "../../env/backend";
import { CheckpointReader, CheckpointWriter } from "../../store/checkpoints";
import { readJson, writeJson } from "../../store/files";
import { codeVersion, type CodeVersionOptions } from "../../store/code-version";
import { loadSeedSplit } from "../../data/seed-split";
import { subsetSeedOf } from "../../data/data-spec";
import { networkOf } from "../../models/network";
import { toSetTensors, disposeSet } from "../../train/evaluate";
import { trainPath, EpochMetrics } from "../../train/path";
import { TrainState } from "../../train/state";
import type { FamilyTable, UnitApi, UnitFamily, WorkUnit } from "../../runner";
import { familyTable } from "../kit/families";
import { LateDecayConfig } from "./config";
import type { PathNorms, PathPayload, PathSetup } from "./types";
import { pathEpochs } from "./work";

/** The module that computes the path units (this one): its code version covers every module it imports. */
export const LATE_DECAY_UNITS_MODULE = "experiments/late-decay/units";

/**
 * The code version of the path entries: derived from this module and every local module it
 * imports (the SGD step, the networks — MLP and convnet —, the data loaders; see store/code-version).
 * @param opts another source tree or table (tests); default this checkout's src/ and dist/code-versions.json
 */
export function lateDecayCodeVersion(opts: CodeVersionOptions = {}): string {
  return codeVersion(LATE_DECAY_UNITS_MODULE, opts);
}

/** The code version of this process's path entries (computed once, when the module loads). */
export const LATE_DECAY_CODE_VERSION = lateDecayCodeVersion();

function mainKey(c: LateDecayConfig, seed: number, backend: string) {
  const { data, model, hyper, batchSize, mainEpochs, checkpointEveryEpochs, evalEveryEpochs } = c;
  return { data, model, hyper, batchSize, mainEpochs, checkpointEveryEpochs, evalEveryEpochs, seed, backend };
}

/** Default seconds between a path's in-progress snapshots (taken at the end of an epoch). */
export const SNAPSHOT_EVERY_SECONDS = 30;

/** Options of {@link lateDecayUnits}; neither changes an entry's numbers. */
export interface LateDecayUnitOptions {
  /** where to derive the code version from (tests: an edited copy of src/); default this checkout */
  codeVersion?: CodeVersionOptions;
  /** seconds between a path's resume snapshots (default SNAPSHOT_EVERY_SECONDS; 0 = every epoch) */
  snapshotEverySeconds?: number;
}

/** Unit id of a seed's main path. */
export const mainPathId = (seed: number) => `main/${seed}`;

/**
 * All units of a config: per seed, the main path then its subpaths. Cost and size = epochs trained (./work.ts).
 * Main-path entries keep their config key; subpath entries add the main path's content hash.
 * Every entry is resumable: a path interrupted or killed resumes from its last snapshot (train/progress).
 */
export function lateDecayUnits(
  c: LateDecayConfig,
  backend: string,
  opts: LateDecayUnitOptions = {},
): WorkUnit<PathPayload>[] {
  const family = LATE_DECAY_PATHS;
  const version = opts.codeVersion ? lateDecayCodeVersion(opts.codeVersion) : LATE_DECAY_CODE_VERSION;
  const snapshotEverySeconds = opts.snapshotEverySeconds ?? SNAPSHOT_EVERY_SECONDS;
  const { decayFactor, subpathEpochs, momentumAtBranch } = c;
  const mainEpochs = pathEpochs(c, { kind: "main" }),
    subEpochs = pathEpochs(c, { kind: "subpath" });
  return c.seeds.flatMap((seed): WorkUnit<PathPayload>[] => [
    {
      id: mainPathId(seed),
      family,
      dependsOn: {},
      cost: mainEpochs,
      size: mainEpochs,
      label: `main path seed ${seed}`,
      entry: { kind: "late-decay-main", codeVersion: version, config: mainKey(c, seed, backend), resumable: true },
      payload: { config: c, backend, kind: "main", seed, snapshotEverySeconds },
    },
    ...c.decayEpochs.map((decayEpoch): WorkUnit<PathPayload> => ({
      id: `sub/${seed}/${decayEpoch}`,
      family,
      dependsOn: { main: mainPathId(seed) },
      cost: subEpochs,
      size: subEpochs,
      label: `subpath E=${decayEpoch} seed ${seed}`,
      entry: {
        kind: "late-decay-subpath",
        codeVersion: version,
        config: { main: mainKey(c, seed, backend), decayEpoch, decayFactor, subpathEpochs, momentumAtBranch },
        resumable: true,
      },
      payload: { config: c, backend, kind: "subpath", seed, decayEpoch, snapshotEverySeconds },
    })),
  ]);
}

/** A path's metric rows from its cache folder. */
export function loadHistory(dir: string): EpochMetrics[] {
  return readJson<EpochMetrics[]>(dir, "history.json");
}

/** A path's ‖θ‖₂ at each of its checkpoints from its cache folder (norms.json, written by the unit). */
export function loadNorms(dir: string): PathNorms {
  return readJson<PathNorms>(dir, "norms.json");
}

/**
 * ‖θ‖₂ of a flat parameter vector [P]: the sum of the squares of its float32 values, accumulated in
 * double precision in index order, then its square root.
 */
export function paramNorm(v: Float32Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return Math.sqrt(s);
}

/** ‖θ‖₂ ({@link paramNorm}) of every checkpoint in a path's folder, in checkpoint order, with their epochs. */
export function checkpointNorms(dir: string): PathNorms {
  const ck = new CheckpointReader(dir);
  const norms: number[] = [];
  for (let i = 0; i < ck.count; i++) norms.push(paramNorm(ck.params(i)));
  return { epochs: [...ck.index.epochs], norms };
}

/**
 * Loads training seed `seed`'s data ({@link loadSeedSplit}: its own training subset under a
 * "per-seed" spec, normalised as the spec says) and uploads it for the config's network.
 * Call dispose() when done.
 * @throws ConfigError for an invalid data spec or seed; DataFileError naming a missing or damaged file
 */
export function openPathSetup(c: Pick<LateDecayConfig, "data" | "model">, seed: number): PathSetup {
  const network = networkOf(c.model);
  const split = loadSeedSplit(c.data, seed);
  const train = toSetTensors(split.train, network.numClasses);
  const test = toSetTensors(split.test, network.numClasses);
  return {
    network,
    train,
    test,
    dispose: () => {
      disposeSet(train);
      disposeSet(test);
    },
  };
}

/** The state a path starts from: a seeded init (main path) or its main path's checkpoint at E (subpath). */
function startState(s: PathSetup, p: PathPayload, api: UnitApi): TrainState {
  const size = s.network.layout.size;
  if (p.kind === "main") {
    return {
      params: s.network.init(new Rng(deriveSeed(p.seed, "init"))),
      velocity: new Float32Array(size),
      epoch: 0,
      step: 0,
      rngState: new Rng(deriveSeed(p.seed, "batches")).state(),
    };
  }
  const ck = new CheckpointReader(api.parents.main);
  const row = ck.rowOfEpoch(p.decayEpoch!);
  return {
    params: ck.params(row),
    velocity: p.config.momentumAtBranch === "carry" ? ck.velocity(row) : new Float32Array(size),
    epoch: p.decayEpoch!,
    step: ck.index.steps[row],
    rngState: ck.index.rngStates[row],
  };
}

/**
 * Trains one path into its entry folder (the entry's resumable folder): checkpoints, then
 * norms.json (‖θ‖₂ at each checkpoint, {@link checkpointNorms}: computed from the written
 * checkpoints, so a resumed path's are those of an uninterrupted one), then history.json. A snapshot
 * found there (an interrupted or killed run) is resumed from: the checkpoints written after it are
 * dropped and training continues from its epoch.
 */
async function trainInto(s: PathSetup, p: PathPayload, dir: string, api: UnitApi): Promise<Record<string, unknown>> {
  const c = p.config;
  const label = p.kind === "main" ? `main path seed ${p.seed}` : `subpath E=${p.decayEpoch} seed ${p.seed}`;
  const writer = new CheckpointWriter(dir, s.network.layout.size, { keep: true });
  const t0 = performance.now();
  const start = startState(s, p, api);
  const { history } = await trainPath(start, {
    pathId: p.kind === "main" ? `main path (seed ${p.seed})` : `subpath (decay epoch ${p.decayEpoch}, seed ${p.seed})`,
    network: s.network,
    train: s.train,
    test: s.test,
    hyper: p.kind === "main" ? c.hyper : { ...c.hyper, lr: c.hyper.lr * c.decayFactor },
    batchSize: c.batchSize,
    epochs: p.kind === "main" ? c.mainEpochs : c.subpathEpochs,
    evalEveryEpochs: c.evalEveryEpochs,
    checkpointEveryEpochs: c.checkpointEveryEpochs,
    batchSeed: deriveSeed(p.seed, "batches"),
    signal: api.signal,
    seed: p.seed,
    progress: {
      dir,
      everySeconds: p.snapshotEverySeconds ?? SNAPSHOT_EVERY_SECONDS,
      onStart: (at) => {
        writer.truncate(at.checkpoints);
        // the epochs done before the snapshot count as done, so the path's progress ends at its size
        if (at.resumed && at.epoch > start.epoch)
          api.progress(at.epoch - start.epoch, `${label} resumed at epoch ${at.epoch}`, true);
      },
    },
    onCheckpoint: (ck) => writer.append(ck),
    onProgress: (_d, _t, last) => api.progress(1, `${label}${last ? ` test loss ${last.testLoss.toFixed(4)}` : ""}`),
  });
  writer.close();
  writeJson(dir, "norms.json", checkpointNorms(dir));
  writeJson(dir, "history.json", history);
  return { wallSeconds: (performance.now() - t0) / 1000 };
}

/** Registered name of {@link lateDecayPathFamily} (src/experiments/families.ts). */
export const LATE_DECAY_PATHS = "late-decay-paths";

/**
 * The worker-side computation of path units: one setup per data set, training subset and model,
 * shared by every path of that subset (a seed's main path and subpaths; every seed under a
 * "fixed" subset) and every weight decay.
 */
export const lateDecayPathFamily: UnitFamily<PathPayload, PathSetup> = {
  setupKey: (p) => ({ data: p.config.data, model: p.config.model, subsetSeed: subsetSeedOf(p.config.data, p.seed) }),
  setup: async (p) => {
    await initBackend();
    return openPathSetup(p.config, p.seed);
  },
  compute: trainInto,
  dispose: (s) => s.dispose(),
};

/** The family table of late-decay runs (their units name only {@link lateDecayPathFamily}). */
export const LATE_DECAY_FAMILIES: FamilyTable = familyTable({ [LATE_DECAY_PATHS]: lateDecayPathFamily });
