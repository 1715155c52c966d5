/**
 * Import-graph rules of src/, checked by dependency-cruiser in `npm test`
 * (test/architecture/import-graph.test.ts; by hand: `npm run arch`). Each rule below is also
 * planted once in a copy of src/ by that test, which asserts it is reported under the rule's name.
 * Rules outside the import graph (no unseeded randomness in src/, thin notebooks) are in
 * test/architecture/text-rules.ts.
 *
 * LAYERS, top first (imports point down). A module may import its own layer and the layers below
 * it, never above (one rule per layer, layer-<name>; cycles within a layer are caught by no-circular).
 * This is issue 10's order (notebooks → index → experiments → runner/train/analysis/store/frames →
 * models/data/params → env/core) with three placements decided here: store/ moved down (below),
 * kernels/ and figures/ between models and env, notebook/ beside train.
 *
 *   index         src/index.ts, the public API the notebooks import (as ../dist), and src/notebooks.ts,
 *                 the notebook registry (each notebook's parameters, configs, units and shards)
 *   experiments   one folder per experiment family: config → cached runs → frames and figures
 *   upper         runner/ (work units: serial, threads, shard k/N), train/, analysis/, frames/
 *                 (the one danfo import), notebook/ (the one tslab import: render, banner, progress)
 *   models        models/, data/, params/ (the flat parameter layout)
 *   lower         kernels/   backend-tuned tfjs kernels: conv, conv block, max pool, the MLP's dense
 *                            gradients, host-built batches, the chains' vector loops
 *                 store/     the only code that touches the file system (atomic cache, checkpoints,
 *                            file primitives, folder names). It sits this low, below data/, because
 *                            the data readers read their files through store/files.ts
 *                            (readDataFile, fileExists) instead of importing fs themselves: one
 *                            owner of IO, no exception to the fs rule. store/ depends on core/ only,
 *                            so nothing is lost by the move.
 *                 figures/   pure functions returning plotly specs {data, layout}; no IO. Stricter
 *                            than its layer: it imports only figures/ and core/ (rule figures-pure).
 *   env           env/, the one place that imports a TensorFlow.js package and picks the backend
 *   core          core/: errors, seeded RNG, hashing, cancellation, the one linear-algebra module
 *
 * env sits above core (core is plain TypeScript with no tfjs); notebooks → index is checked on the
 * notebooks' cells by test/architecture/text-rules.ts (their only import is "../dist").
 */
const LAYERS = [
  { name: "core", folders: ["core"] },
  { name: "env", folders: ["env"] },
  { name: "lower", folders: ["kernels", "store", "figures"] },
  { name: "models", folders: ["models", "data", "params"] },
  { name: "upper", folders: ["runner", "train", "analysis", "frames", "notebook"] },
  { name: "experiments", folders: ["experiments"] },
  { name: "index", files: ["index.ts", "toolkit.ts", "notebooks.ts"] },
];

/** Regex of a layer's modules. */
function layerPath(layer) {
  const parts = [
    ...(layer.folders ?? []).map((f) => `${f}/`),
    ...(layer.files ?? []).map((f) => `${f.replace(".", "\\.")}$`),
  ];
  return `^src/(${parts.join("|")})`;
}

/** One rule per layer: nothing in it imports a layer above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  severity: "error",
  comment:
    `${layer.name} (${[...(layer.folders ?? []), ...(layer.files ?? [])].join(", ")}) may import only ` +
    `${LAYERS.slice(0, i + 1)
      .map((l) => l.name)
      .join(", ")}; not ${LAYERS.slice(i + 1)
      .map((l) => l.name)
      .join(", ")}`,
  from: { path: layerPath(layer) },
  to: {
    path: LAYERS.slice(i + 1)
      .map(layerPath)
      .join("|"),
  },
}));

/**
 * The one importer of each external library (npm package → the module or folder that owns it).
 * A library not listed here may not be imported by src/ at all (rule library-unowned): adding one
 * means adding its owner here.
 */
const LIBRARY_OWNERS = [
  { name: "library-tfjs", lib: "@tensorflow/[^/]+", owner: "^src/env/" },
  // the onnx engine's runtime and the ONNX protobuf definitions its graphs are written in (env/ort.ts)
  { name: "library-onnxruntime", lib: "onnxruntime-(node|common)", owner: "^src/env/ort\\.ts$" },
  { name: "library-onnx-proto", lib: "onnx-proto", owner: "^src/env/ort\\.ts$" },
  { name: "library-danfo", lib: "danfojs-node", owner: "^src/frames/" },
  { name: "library-ml-matrix", lib: "ml-matrix", owner: "^src/core/linalg\\.ts$" },
  { name: "library-tslab", lib: "tslab", owner: "^src/notebook/" },
  { name: "library-plotly", lib: "plotly\\.js-dist(-min)?", owner: "^src/notebook/" },
  { name: "library-seedrandom", lib: "seedrandom", owner: "^src/core/rng\\.ts$" },
  { name: "library-pure-rand", lib: "pure-rand", owner: "^src/train/chain-rng\\.ts$" },
  { name: "library-stable-stringify", lib: "fast-json-stable-stringify", owner: "^src/core/hash\\.ts$" },
  { name: "library-write-file-atomic", lib: "write-file-atomic", owner: "^src/store/files\\.ts$" },
  { name: "library-mnist", lib: "mnist", owner: "^src/data/mnist\\.ts$" },
  // code versions derived from the code: the compiler prints each module without comments
  { name: "library-typescript", lib: "typescript", owner: "^src/store/code-version\\.ts$" },
  // Student-t intervals and tests of paired differences over seeds (the verdict tables, the late-decay report)
  { name: "library-jstat", lib: "jstat", owner: "^src/analysis/paired\\.ts$" },
];

const libraryRules = LIBRARY_OWNERS.map(({ name, lib, owner }) => ({
  name,
  severity: "error",
  comment: `only ${owner} imports ${lib}`,
  from: { pathNot: owner },
  to: { path: `(^|/)node_modules/${lib}/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "layer-unassigned",
      severity: "error",
      comment: "every module of src/ belongs to a layer (LAYERS above): a new top-level folder needs a place there",
      from: { path: "^src/", pathNot: LAYERS.map(layerPath).join("|") },
      to: {},
    },
    {
      name: "figures-pure",
      severity: "error",
      comment:
        "figures/ builds plotly specs from plain data: it imports only figures/ and core/ (no tfjs, no IO, no libraries)",
      from: { path: "^src/figures/" },
      to: { pathNot: "^src/(figures|core)/" },
    },
    {
      name: "experiments-family-isolation",
      severity: "error",
      comment:
        "an experiment family (src/experiments/<family>/) imports another family only through a shared module " +
        "(the experiment kit src/experiments/kit/, a file directly under src/experiments/) or that family's public surface (its index.ts): " +
        "the landscape family analyses the late-decay runs (paper Sec. 3 reads Sec. 2's trajectories), and does so " +
        "through late-decay/index.ts only",
      from: { path: "^src/experiments/([^/]+)/" },
      to: { path: "^src/experiments/[^/]+/", pathNot: "^src/experiments/($1|kit)/|^src/experiments/[^/]+/index\\.ts$" },
    },
    {
      name: "api-through-family-index",
      severity: "error",
      comment:
        "the notebooks' API (src/index.ts) and the notebook registry (src/notebooks.ts) reach a family only through its index.ts (or the kit)",
      from: { path: "^src/(index|notebooks)\\.ts$" },
      to: { path: "^src/experiments/[^/]+/", pathNot: "^src/experiments/(kit/|[^/]+/index\\.ts$)" },
    },
    {
      name: "kit-below-families",
      severity: "error",
      comment:
        "the experiment kit (src/experiments/kit/) is what every family shares: it imports no family and no file directly under src/experiments/",
      from: { path: "^src/experiments/kit/" },
      to: { path: "^src/experiments/", pathNot: "^src/experiments/kit/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "no import cycles, type-only imports included (tsPreCompilationDeps): shared types go to a types.ts",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...libraryRules,
    {
      name: "library-unowned",
      severity: "error",
      comment:
        "src/ imports only the libraries listed in LIBRARY_OWNERS (devDependencies and unlisted packages are for scripts/ and test/)",
      from: { path: "^src/" },
      to: {
        dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-bundled", "npm-no-pkg", "npm-unknown"],
        pathNot: `(^|/)node_modules/(${LIBRARY_OWNERS.map((l) => l.lib).join("|")})/`,
      },
    },
    {
      name: "fs-only-in-store",
      severity: "error",
      comment:
        "only store/ touches the file system (fs, fs/promises, write-file-atomic); others read and write through store/",
      from: { pathNot: "^src/store/" },
      to: { path: "^(node:)?fs(/promises)?$|(^|/)node_modules/(write-file-atomic|graceful-fs|fs-extra)/" },
    },
    {
      name: "threads-only-in-runner",
      severity: "error",
      comment: "only runner/ starts worker threads (serial, threads and shard k/N are its job)",
      from: { pathNot: "^src/runner/" },
      to: { path: "^(node:)?worker_threads$" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "every import resolves (an unresolved one would escape the rules above)",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // type-only imports count, for cycles and layers alike
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    // ambient declarations of src/ (src/types/*.d.ts) are not modules; a library's .d.ts stays in the graph
    exclude: { path: "^src/.*\\.d\\.ts$" },
  },
};
