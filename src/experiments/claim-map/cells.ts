/**
 * The cells of a claim map: one late-decay experiment (paper Sec. 2, Fig. 1) per data set × model ×
 * weight decay, with exactly two decay epochs — the earliest and the latest (= the main path's
 * length) — whose final test losses are compared per seed.
 */
import { check, checkInt, checkNumber, showValue } from "../../core/errors";
import { networkOf } from "../../models/network";
import type { DataSpec, DatasetName } from "../../data/data-spec";
import { seedWork, type LateDecayConfig } from "../late-decay";
import type { ClaimMapConfig, MapCell, MapModel } from "./types";

const DATASETS: DatasetName[] = ["mnist-idx", "fashion-mnist", "cifar10", "mnist-package"];
const MODEL_KEYS = ["name", "model", "lr"];

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** "λ=0.0001": a weight decay as printed in ids and labels (shortest round-trip form). */
export const showWeightDecay = (wd: number) => `λ=${wd}`;

/** Checks a list: non-empty, no repeated value. */
function checkList<T>(name: string, xs: T[], key: (x: T) => unknown = (x) => x): void {
  check(Array.isArray(xs) && xs.length > 0, `${name} must be a non-empty array, got ${showValue(xs)}`);
  const seen = new Set<unknown>();
  for (const x of xs) {
    check(!seen.has(key(x)), `${name} lists ${showValue(key(x))} twice`);
    seen.add(key(x));
  }
}

/** A model entry: known keys, a name, a positive lr when given, and dropout only where the network has it. */
function checkMapModel(m: MapModel, i: number): void {
  const unknown = Object.keys(m).filter((k) => !MODEL_KEYS.includes(k));
  check(
    unknown.length === 0,
    `models[${i}]: unknown key(s) ${unknown.join(", ")}; valid keys: ${MODEL_KEYS.join(", ")}`,
  );
  check(
    typeof m.name === "string" && m.name.trim() !== "",
    `models[${i}].name must be a non-empty string, got ${showValue(m.name)}`,
  );
  if (m.lr !== undefined) checkNumber(`models[${i}].lr`, m.lr, Number.MIN_VALUE);
  const dropout = (m.model as { dropout?: number }).dropout ?? 0;
  check(
    dropout === 0 || networkOf(m.model).stochastic,
    `models[${i}] (${m.name}) asks for dropout ${dropout}, but this network has no dropout (its config ignores the key): it would train without it`,
  );
}

/**
 * The map's own lists and epochs: data sets, models, weight decays, decay epochs, seeds.
 * @throws ConfigError naming the bad value
 */
export function checkMapShape(c: ClaimMapConfig): void {
  checkList("datasets", c.datasets);
  c.datasets.forEach((d, i) =>
    check(DATASETS.includes(d), `datasets[${i}] must be one of ${DATASETS.join(", ")}, got ${showValue(d)}`),
  );
  check(c.data !== null && typeof c.data === "object", `data must be an object, got ${showValue(c.data)}`);
  check(
    !Object.hasOwn(c.data, "dataset"),
    `data.dataset: the map's data sets are its columns; set datasets instead, got data.dataset = ${showValue((c.data as DataSpec).dataset)}`,
  );
  checkList("models", c.models, (m) => m?.name);
  c.models.forEach(checkMapModel);
  checkList("weightDecays", c.weightDecays);
  c.weightDecays.forEach((w, i) => checkNumber(`weightDecays[${i}]`, w, 0));
  check(
    Array.isArray(c.decayEpochs) && c.decayEpochs.length === 2,
    `decayEpochs must be [earliest, latest], got ${showValue(c.decayEpochs)}`,
  );
  checkInt("decayEpochs[0] (earliest)", c.decayEpochs[0], 0);
  checkInt("decayEpochs[1] (latest)", c.decayEpochs[1], 1);
  check(
    c.decayEpochs[0] < c.decayEpochs[1],
    `decayEpochs must be [earliest, latest] with earliest < latest, got ${showValue(c.decayEpochs)}`,
  );
  checkList("seeds", c.seeds);
}

/** A column's data spec: the map's protocol with the column's data set (testPerClass kept for mnist-package only). */
function cellData(c: ClaimMapConfig, dataset: DatasetName): DataSpec {
  const entries = Object.entries({ ...c.data, dataset }).filter(
    ([k, v]) => v !== undefined && (k !== "testPerClass" || dataset === "mnist-package"),
  );
  return Object.fromEntries(entries) as unknown as DataSpec;
}

/** One cell's late-decay config: decays at the earliest and latest epoch, checkpoints where both fall. */
function cellConfig(c: ClaimMapConfig, dataset: DatasetName, m: MapModel, weightDecay: number): LateDecayConfig {
  const [earliest, latest] = c.decayEpochs;
  return {
    data: cellData(c, dataset),
    model: m.model,
    hyper: { lr: m.lr ?? c.hyper.lr, momentum: c.hyper.momentum, weightDecay },
    batchSize: c.batchSize,
    mainEpochs: latest,
    checkpointEveryEpochs: gcd(latest, earliest),
    evalEveryEpochs: c.evalEveryEpochs,
    decayEpochs: [earliest, latest],
    decayFactor: c.decayFactor,
    subpathEpochs: c.subpathEpochs,
    momentumAtBranch: c.momentumAtBranch,
    seeds: [...c.seeds],
  };
}

/**
 * Every cell of the map, models outermost, then weight decays, then data sets (so one row's cells
 * are adjacent). Not validated: call checkClaimMapConfig (./config.ts) first.
 */
export function mapCells(c: ClaimMapConfig): MapCell[] {
  return c.models.flatMap((m) =>
    c.weightDecays.flatMap((weightDecay) =>
      c.datasets.map((dataset): MapCell => {
        const row = `${m.name} · ${showWeightDecay(weightDecay)}`;
        return {
          id: `${dataset} · ${row}`,
          dataset,
          model: m.name,
          weightDecay,
          row,
          config: cellConfig(c, dataset, m, weightDecay),
        };
      }),
    ),
  );
}

/**
 * Epochs one seed trains in a cell: the main path to the latest decay epoch, then two subpaths
 * (late-decay/work.ts; the same in every cell). Not validated: call checkClaimMapConfig first.
 */
export function epochsPerSeed(c: ClaimMapConfig): number {
  return seedWork(mapCells(c)[0].config).epochs;
}
