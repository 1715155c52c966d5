/**
 * The notebook registry: for each notebook of notebooks/ its id, file, title, paper section, the
 * parameters its `parameters` cell declares (names and defaults), and for the notebooks whose runs
 * spread over machines what they run: the configs a profile gives, the work units of those configs,
 * the options `npm run shard` takes for it, its SLURM job arrays, and the shard itself. Scripts
 * (shard, slurm, reproduce) and tests read this instead of keeping their own lists.
 */
import { ConfigError, check, showValue } from "./core/errors";
import type { WorkUnit } from "./runner";
import {
  lateDecayConfig,
  profileWithFallback,
  runLateDecayShard,
  sweepCells,
  sweepUnits,
  WEIGHT_DECAY_SWEEPS,
  type LateDecayConfig,
} from "./experiments/late-decay";
import {
  claimMapConfig,
  claimMapUnits,
  runClaimMapShard,
  type ClaimMapConfig,
  type ClaimMapOverrides,
} from "./experiments/claim-map";
import { landscapeConfig, runLandscapeShard, type LandscapeConfig, type SurfaceKind } from "./experiments/landscape";
import {
  ablationExperiment,
  landscapeModelExperiment,
  nonlinearShardUnits,
  phasesExperiment,
  runNonlinearShard,
  type ChainSweepConfig,
} from "./experiments/nonlinear";

/** Ids of the notebooks, in reading order. */
export type NotebookId = "01" | "01b" | "02" | "03" | "04" | "05" | "06";

/** One name of a notebook's parameters cell and its default there. */
export interface NotebookParameter {
  name: string;
  /** the default the cell assigns (JSON value; undefined where the cell says `undefined`) */
  default: unknown;
}

/**
 * What a shard of a notebook may be told besides profile and shard (the options of `npm run shard`);
 * each notebook reads only those in its {@link NotebookShard.options}.
 */
export interface ShardParameters {
  /** 01, 01b: only the main paths, or only the subpaths */
  only?: "main" | "subpath";
  /** 01: weight decays of the sweep (empty or absent: the profile's, WEIGHT_DECAY_SWEEPS) */
  weightDecays?: number[];
  /** 01b: the notebook's `overrides` of the map */
  overrides?: ClaimMapOverrides;
  /** 02: training seed whose landscape to compute (absent: the profile's first) */
  seed?: number;
  /** 02: curved | flat | random (absent: curved) */
  surface?: SurfaceKind;
  /** 02: grid points along PC1 and grid rows along PC2 (absent: the profile's) */
  nA?: number;
  nB?: number;
}

/** What a shard is given: which share, cancellation, and where its log lines go. */
export interface ShardContext {
  index: number;
  count: number;
  signal?: AbortSignal;
  /** one line of progress (what is computed, found cached, or trained first because another unit needs it) */
  log: (line: string) => void;
}

/** One SLURM job array of a notebook: its name ("01-main"), the extra shard arguments, what it computes, the array it waits for. */
export interface ShardJob {
  name: string;
  args: string[];
  what: string;
  /** the job array that must succeed first (afterok), when it is part of the same submission */
  after?: string;
}

/** How a notebook's runs spread over machines. */
export interface NotebookShard<C = unknown> {
  /** what a shard computes, e.g. "late-decay paths" */
  runs: string;
  /** the {@link ShardParameters} it reads */
  options: (keyof ShardParameters)[];
  /** its SLURM job arrays, in submission order */
  jobs: ShardJob[];
  /**
   * The configs the notebook runs under `profile` with these parameters.
   * @throws ConfigError for an unknown profile or a bad parameter (naming it)
   */
  configs(profile: string, p: ShardParameters): C[];
  /**
   * The work units of those configs, in the shard order, for a compute backend id; absent for
   * 02, whose grid rows exist only once the trajectory's PCA is computed (its shard lists them).
   */
  units?(configs: C[], backend: string): WorkUnit[];
  /**
   * Computes shard `ctx.index` of `ctx.count` of the configs' runs into the cache (LATE_DECAY_DATA_DIR).
   * @returns the closing summary: computed, already cached, trained first, diverged
   * @throws ConfigError for bad parameters or shard; CancelledError when `ctx.signal` aborts (finished work stays cached)
   */
  run(configs: C[], p: ShardParameters, ctx: ShardContext): Promise<string>;
}

/** One notebook of notebooks/. */
export interface NotebookEntry {
  id: NotebookId;
  /** file name in notebooks/ */
  file: string;
  title: string;
  /** where in the paper */
  section: string;
  /** the parameters cell, in its order */
  parameters: NotebookParameter[];
  /** set when `npm run reproduce` without names leaves it out: the line it prints instead */
  ownBudget?: string;
  /** set when `npm run shard` computes its runs */
  shard?: NotebookShard;
  /** set for a notebook without a shard of its own: why (what to shard instead), e.g. "03 reads 01's runs" */
  notSharded?: string;
}

const P = (name: string, value: unknown): NotebookParameter => ({ name, default: value });
const MAIN_FIRST = "the main paths' shards";

/** A shard's closing line from its counts. */
function counts(r: { computed: number; cached: number; mainPathsForSubpaths?: number }, what = ""): string {
  return (
    `${r.computed} ${what}computed, ${r.cached} already cached` +
    (r.mainPathsForSubpaths ? ` (and ${r.mainPathsForSubpaths} main paths the subpaths needed, trained first)` : "")
  );
}

/** The log line of one unit of a shard. */
const itemLine = (log: (l: string) => void) => (i: number, n: number, label: string, cachedAlready: boolean) =>
  log(`${i + 1}/${n} ${label}${cachedAlready ? " (cached)" : ""}`);

const lateDecayShard: NotebookShard<LateDecayConfig> = {
  runs: "late-decay paths",
  options: ["only", "weightDecays"],
  jobs: [
    {
      name: "01-main",
      args: ["--only", "main"],
      what: "notebook 01 (late LR decay): the main paths of the config and its weight-decay sweep",
    },
    {
      name: "01-subpath",
      args: ["--only", "subpath"],
      after: "01-main",
      what: "notebook 01 (late LR decay): the subpaths, branching from the main paths of 01-main",
    },
  ],
  configs(profile, p) {
    const base = lateDecayConfig(profile);
    const wds = p.weightDecays?.length ? p.weightDecays : (WEIGHT_DECAY_SWEEPS[profile] ?? []);
    return [base, ...sweepCells(base, wds).map((cell) => cell.config)];
  },
  units: (configs, backend) => sweepUnits(configs, backend),
  async run(configs, p, ctx) {
    return counts(
      await runLateDecayShard(configs, {
        index: ctx.index,
        count: ctx.count,
        only: p.only,
        signal: ctx.signal,
        onItem: itemLine(ctx.log),
      }),
    );
  },
};

const claimMapShard: NotebookShard<ClaimMapConfig> = {
  runs: "claim map",
  options: ["only", "overrides"],
  jobs: [
    {
      name: "01b-main",
      args: ["--only", "main"],
      what: "notebook 01b (claim map): the main paths of every cell (data set × model × weight decay)",
    },
    {
      name: "01b-subpath",
      args: ["--only", "subpath"],
      after: "01b-main",
      what: "notebook 01b (claim map): the subpaths of every cell, branching from the main paths of 01b-main",
    },
  ],
  configs: (profile, p) => [claimMapConfig(profile, p.overrides ?? {})],
  units: (configs, backend) => configs.flatMap((c) => claimMapUnits(c, backend)),
  async run([config], p, ctx) {
    const r = await runClaimMapShard(config, {
      index: ctx.index,
      count: ctx.count,
      only: p.only,
      signal: ctx.signal,
      onItem: itemLine(ctx.log),
    });
    for (const d of r.diverged) ctx.log(`diverged (recorded, the map shows it): ${d}`);
    return counts(r) + (r.diverged.length ? `; ${r.diverged.length} cell(s) diverged` : "");
  },
};

const landscapeShard: NotebookShard<LandscapeConfig> = {
  runs: "landscape grid",
  options: ["seed", "surface", "nA", "nB"],
  jobs: [
    {
      name: "02-grid",
      args: [],
      after: "01-subpath",
      what: "notebook 02 (landscape on the PC plane): landscape grid rows j ≡ k (mod N); reads 01's paths of the seed",
    },
  ],
  configs: (profile, p) => [
    landscapeConfig(profileWithFallback(profile).profile, {
      seed: p.seed,
      surface: p.surface,
      grid: { nA: p.nA, nB: p.nB },
    }),
  ],
  async run([config], _p, ctx) {
    let last = 0;
    const r = await runLandscapeShard(config, {
      index: ctx.index,
      count: ctx.count,
      signal: ctx.signal,
      onProgress: (done, total, note) => {
        if (Date.now() - last > 5000 || done === total) {
          last = Date.now();
          ctx.log(`${done}/${total} ${note ?? ""}`);
        }
      },
    });
    const rowList =
      r.rows.length <= 8 ? r.rows.join(", ") : `${r.rows.slice(0, 4).join(", ")}, …, ${r.rows[r.rows.length - 1]}`;
    return `grid rows [${rowList}] of ${config.grid.nB}: ${counts(r)}`;
  },
};

/** The shard of one of notebooks 04–06: the chains of `sweeps(profile)`, logged every 10th (and cached ones, and the last). */
function nonlinearShard(
  id: "04" | "05" | "06",
  what: string,
  sweeps: (profile: string) => ChainSweepConfig[],
): NotebookShard<ChainSweepConfig> {
  return {
    runs: "nonlinear chains",
    options: [],
    jobs: [
      { name: `${id}-chains`, args: [], what: `notebook ${id} (${what}): SGD chains, balanced by estimated cost` },
    ],
    configs: (profile) => sweeps(profile),
    units: (configs) => nonlinearShardUnits(configs),
    async run(configs, _p, ctx) {
      const line = itemLine(ctx.log);
      const r = await runNonlinearShard(configs, {
        index: ctx.index,
        count: ctx.count,
        signal: ctx.signal,
        onItem: (i, n, label, cachedAlready) => {
          if (cachedAlready || i % 10 === 0 || i === n - 1) line(i, n, label, cachedAlready);
        },
      });
      return counts(r, "chains ");
    },
  };
}

/** The notebooks, in reading order. */
export const NOTEBOOKS: readonly NotebookEntry[] = [
  {
    id: "01",
    file: "01-late-decay.ipynb",
    title: "Late learning-rate decay: does a later decay give a lower test loss?",
    section: "Sec. 2, Fig. 1",
    parameters: [P("profile", "quick"), P("overrides", {}), P("weightDecays", []), P("forceSlowBackend", false)],
    shard: lateDecayShard as NotebookShard,
  },
  {
    id: "01b",
    file: "01b-claim-map.ipynb",
    title: "Does late decay help, and where? The paper's claim as a map",
    section: "Sec. 2, Fig. 1 over settings",
    parameters: [P("profile", "quick"), P("overrides", {}), P("forceSlowBackend", false)],
    ownBudget:
      "01b-claim-map (the claim map: about 15 min on 2 cores for the quick profile with the onnx engine, an hour on tfjs) has its own budget: run it with `npm run reproduce -- 01b`",
    shard: claimMapShard as NotebookShard,
  },
  {
    id: "02",
    file: "02-landscape-pca.ipynb",
    title: "The weight trajectory's principal components and the loss landscape around it",
    section: "Sec. 3, Fig. 3",
    parameters: [
      P("profile", "quick"),
      P("overrides", {}),
      P("seed", undefined),
      P("surface", "curved"),
      P("nA", undefined),
      P("nB", undefined),
    ],
    shard: landscapeShard as NotebookShard,
  },
  {
    id: "03",
    file: "03-trajectory-3d.ipynb",
    title: "The trajectory in 3D: where the paths go after the LR decay",
    section: "Sec. 3",
    parameters: [P("profile", "quick"), P("overrides", {}), P("seed", undefined)],
    notSharded: "03 reads 01's runs",
  },
  {
    id: "04",
    file: "04-nonlinear-landscape.ipynb",
    title: "The nonlinear model's landscape: a curved minima manifold, and where SGD drifts on it",
    section: "Sec. 4",
    parameters: [P("profile", "quick"), P("overrides", {})],
    shard: nonlinearShard("04", "nonlinear model landscapes", (profile) =>
      landscapeModelExperiment.sweeps(landscapeModelExperiment.config(profile)),
    ) as NotebookShard,
  },
  {
    id: "05",
    file: "05-sgd-phases.ipynb",
    title: "Three phases of SGD on the nonlinear model, and why late decay lands near the minimum-norm solution",
    section: "Sec. 4",
    parameters: [P("profile", "quick"), P("overrides", {})],
    shard: nonlinearShard("05", "SGD phases", (profile) =>
      phasesExperiment.sweeps(phasesExperiment.config(profile)),
    ) as NotebookShard,
  },
  {
    id: "06",
    file: "06-ablations.ipynb",
    title: "Ablations: how fast does SGD drift along the minima manifold?",
    section: "Sec. 4",
    parameters: [P("profile", "quick"), P("overrides", {})],
    shard: nonlinearShard("06", "ablations", (profile) =>
      ablationExperiment.sweeps(ablationExperiment.config(profile)),
    ) as NotebookShard,
  },
];

/** The notebooks whose runs `npm run shard` computes, in reading order. */
export function shardedNotebooks(): NotebookEntry[] {
  return NOTEBOOKS.filter((n) => n.shard);
}

/** "01 (late-decay paths), 01b (claim map), …": what shards, for messages. */
export function shardedList(): string {
  return shardedNotebooks()
    .map((n) => `${n.id} (${n.shard!.runs})`)
    .join(", ");
}

/**
 * The notebook a selector names: its id ("01", "01b"), its file name with or without ".ipynb"
 * ("01-late-decay"), or its id followed by any "-suffix" ("01-anything").
 * @throws ConfigError naming the selector and the ids when none matches
 */
export function notebookEntry(selector: string): NotebookEntry {
  const m = /^(\d\d[a-z]?)(-[\w-]*)?(\.ipynb)?$/.exec(selector);
  const hit = m && NOTEBOOKS.find((n) => n.id === m[1]);
  if (!hit)
    throw new ConfigError(
      `no notebook ${showValue(selector)}: name one by number (${NOTEBOOKS.map((n) => n.id).join(", ")}) or file name, e.g. 01-late-decay`,
    );
  return hit;
}

/**
 * The shard plan of a notebook.
 * @throws ConfigError naming the notebook when it has none (with what to shard instead) or is unknown
 */
export function notebookShard(selector: string): { entry: NotebookEntry; shard: NotebookShard } {
  let entry: NotebookEntry;
  try {
    entry = notebookEntry(selector);
  } catch {
    throw new ConfigError(`sharding is implemented for notebooks ${shardedList()}; got ${showValue(selector)}`);
  }
  check(
    entry.shard !== undefined,
    `sharding is implemented for notebooks ${shardedList()}; got ${showValue(selector)}` +
      (entry.notSharded ? ` (${entry.notSharded})` : ""),
  );
  return { entry, shard: entry.shard! };
}
