/**
 * A work unit is data: what it computes (a family and a JSON payload), the cache entry it fills,
 * what it costs, and the units it depends on. A family declares its units and its worker-side
 * computation (a {@link UnitFamily}); the runner (./run.ts) does the rest — serially, on worker
 * threads or as shard k/N of a cluster job — with the same cache entries and bytes every way.
 */

/**
 * The families a run may meet, by name, and the worker-thread entry that knows the same names: a
 * module that imports a static registry of families and calls `serveUnits` (./worker.ts). The
 * experiments' table is `src/experiments/families.ts`; tests bring their own. A unit names its
 * family (`WorkUnit.family`); the runner refuses a unit whose family the table lacks before any work.
 */
export interface FamilyTable {
  /** family name → its worker-side computation */
  families: Readonly<Record<string, UnitFamily<any, any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** absolute path of the worker entry module (.ts under tsx, .js in dist/) */
  workerEntry: string;
}

/** The cache entry a unit fills, before its parents' content hashes are added to the key. */
export interface EntryKey {
  /** folder name under data/cache, e.g. "late-decay-main" */
  kind: string;
  codeVersion: string;
  /** the full configuration of the unit's numbers (JSON) */
  config: unknown;
  /** compute in the entry's resumable folder, kept when interrupted (store/cache `resumable`); not part of the key */
  resumable?: boolean;
}

/** One unit of work; plain data (structured-cloneable), so it can be posted to a worker thread. */
export interface WorkUnit<P = unknown> {
  /** unique within a run, e.g. "main/0", "sub/0/4", "row/3", "chain/17" */
  id: string;
  /** name of its family in the run's {@link FamilyTable} */
  family: string;
  entry: EntryKey;
  /**
   * The units whose entries this one reads, by the role they play for it (e.g. `{ main: "main/0" }`
   * for a subpath). Their content hashes join this unit's cache key in this order (a subpath built
   * on a recomputed main path is a different entry) and they run first.
   */
  dependsOn: Record<string, string>;
  /** estimated cost (arbitrary units, ≥ 0): balances shards and worker threads */
  cost: number;
  /** progress units this unit reports in total (epochs, grid points, chain steps) */
  size: number;
  /** human-readable name for progress and shard logs */
  label: string;
  payload: P;
}

/** What a unit's computation gets besides its payload. */
export interface UnitApi {
  /** aborted on cancellation; long loops check it every step */
  signal: AbortSignal;
  /**
   * progress units done since the previous call, with a note; `resumed` true for units a unit
   * found done in its resumable folder (a path resumed inside its run), which a rate must not count
   */
  progress(units: number, note?: string, resumed?: boolean): void;
  /** cache folder of each parent entry, by its role in `dependsOn` (e.g. `parents.main`) */
  parents: Record<string, string>;
}

/**
 * A family's worker-side computation. `setup` builds what many units share (a network and its data
 * as tensors, a problem) once per thread and setup key; `compute` writes one unit's entry files into
 * `dir` (an empty temporary folder; the store renames it into place) and returns the manifest's meta.
 */
export interface UnitFamily<P = unknown, S = unknown> {
  /** units with equal keys (compared by config hash) share one setup per thread; default: one setup */
  setupKey?(payload: P): unknown;
  setup(payload: P): Promise<S> | S;
  compute(setup: S, payload: P, dir: string, api: UnitApi): Promise<Record<string, unknown> | void>;
  /** releases a setup (tensors) when the runner is done with it */
  dispose?(setup: S): void;
}

/** Which shard of a cluster job to run: 0-based index of count. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Options of {@link runUnits}. */
export interface RunUnitsOptions {
  /** the families of the units (and the worker entry that knows them) */
  families: FamilyTable;
  /** worker threads (1 = this thread); default: the runner's policy (./workers.ts `workerCount`) */
  workers?: number;
  /** the TF.js backend the units will use ("tensorflow": one process already uses the device); for the default worker count */
  backend?: string;
  /** below this much uncached cost (sum of `cost`) the default is one thread: starting workers would cost more */
  minParallelCost?: number;
  /** consider only these units for the run or the shard (the others are computed only when a chosen one needs them) */
  select?: (unit: WorkUnit<any>) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** compute only this shard's units (and the missing units they depend on) */
  shard?: ShardSpec;
  /** cancellation (SIGINT is also listened to while units run) */
  signal?: AbortSignal;
  /** progress over the selected units, after each progress report of a unit and once when all are cached */
  onProgress?: (p: RunProgress) => void;
  /** called before each unit this run computes or finds cached, in order (shard logs) */
  onUnit?: (event: UnitEvent) => void;
}

/** Where a run stands, in size units (epochs, grid points, chain steps) over the selected units and the dependencies they need. */
export interface RunProgress {
  done: number;
  total: number;
  /** units of `done` this run did not compute (found cached, or resumed from a unit's snapshot): a rate is (done − doneBefore) / elapsed */
  doneBefore: number;
  /** the reporting unit's note ("" when none) */
  note: string;
  /** every selected unit was found stored: nothing to compute */
  allCached: boolean;
}

/** A unit as the runner meets it. */
export interface UnitEvent {
  unit: WorkUnit;
  /** 0-based position among the selected units (for a needed dependency: that of the unit needing it), and their number */
  position: number;
  count: number;
  cachedAlready: boolean;
  /** set when the unit is not selected but a selected unit needs it: the id of that unit */
  neededBy?: string;
}

/** What a run did. */
export interface RunReport {
  /** ids of the selected units (this shard's, or all) */
  selected: string[];
  computed: string[];
  cached: string[];
  /** units outside the selection computed because a selected unit depends on them */
  dependenciesComputed: string[];
  /** cache folder of every selected unit and computed dependency, by id */
  dirs: Record<string, string>;
}
