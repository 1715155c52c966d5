/**
 * The import-graph rules of .dependency-cruiser.cjs: src/ has no violations, and every rule is
 * reported, under its own name and no other, for a violation planted in a copy of src/.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { CONFIG, ROOT, cruise, plantedTree, show } from "./depcruise";

/** Per rule: the planted files (path in the copy → content) and the importing module that breaks it. */
const PLANTS: Record<string, { files: Record<string, string>; from: string[] }> = {
  "layer-core": {
    files: { "src/core/planted-layer.ts": 'import { tf } from "../env/tf";\nexport const t = tf;\n' },
    from: ["src/core/planted-layer.ts"],
  },
  "layer-env": {
    files: { "src/env/planted-layer.ts": 'import { dataDir } from "../store/paths";\nexport const d = dataDir;\n' },
    from: ["src/env/planted-layer.ts"],
  },
  "layer-lower": {
    files: {
      "src/kernels/planted-layer.ts":
        'import { halfSquaredLoss } from "../models/losses";\nexport const l = halfSquaredLoss;\n',
    },
    from: ["src/kernels/planted-layer.ts"],
  },
  "layer-models": {
    files: {
      "src/models/planted-layer.ts": 'import { checkSgdHyper } from "../train/sgd";\nexport const c = checkSgdHyper;\n',
    },
    from: ["src/models/planted-layer.ts"],
  },
  "layer-upper": {
    files: {
      "src/experiments/planted-other/c.ts": "export const C = 1;\n",
      "src/train/planted-layer.ts": 'import { C } from "../experiments/planted-other/c";\nexport const c = C;\n',
    },
    from: ["src/train/planted-layer.ts"],
  },
  "layer-experiments": {
    files: { "src/experiments/planted-family/a.ts": 'import * as ld from "../../index";\nexport const a = ld;\n' },
    from: ["src/experiments/planted-family/a.ts"],
  },
  "layer-unassigned": {
    files: { "src/planted-folder/x.ts": 'import { check } from "../core/errors";\nexport const c = check;\n' },
    from: ["src/planted-folder/x.ts"],
  },
  "figures-pure": {
    files: { "src/figures/planted-pure.ts": 'import { dataDir } from "../store/paths";\nexport const d = dataDir;\n' },
    from: ["src/figures/planted-pure.ts"],
  },
  "experiments-family-isolation": {
    files: { "src/experiments/planted-family/b.ts": 'import { C } from "../planted-other/c";\nexport const b = C;\n' },
    from: ["src/experiments/planted-family/b.ts"],
  },
  "api-through-family-index": {
    files: {
      "src/notebooks.ts":
        'import { decayTable } from "./experiments/late-decay/report";\nexport const d = decayTable;\n',
    },
    from: ["src/notebooks.ts"],
  },
  "kit-below-families": {
    files: {
      "src/experiments/kit/planted-kit.ts":
        'import { lateDecayConfig } from "../late-decay";\nexport const k = lateDecayConfig;\n',
    },
    from: ["src/experiments/kit/planted-kit.ts"],
  },
  "no-circular": {
    // a type-only cycle: it must count too
    files: {
      "src/analysis/planted-cycle-a.ts": 'import type { B } from "./planted-cycle-b";\nexport interface A { b?: B }\n',
      "src/analysis/planted-cycle-b.ts": 'import type { A } from "./planted-cycle-a";\nexport interface B { a?: A }\n',
    },
    from: ["src/analysis/planted-cycle-a.ts"], // a cycle is reported once, from its first module
  },
  "library-tfjs": {
    files: { "src/analysis/planted-tfjs.ts": 'import * as tf from "@tensorflow/tfjs";\nexport const t = tf;\n' },
    from: ["src/analysis/planted-tfjs.ts"],
  },
  "library-onnxruntime": {
    files: { "src/kernels/planted-ort.ts": 'import * as ort from "onnxruntime-node";\nexport const o = ort;\n' },
    from: ["src/kernels/planted-ort.ts"],
  },
  "library-onnx-proto": {
    files: { "src/train/planted-onnx-proto.ts": 'import { onnx } from "onnx-proto";\nexport const o = onnx;\n' },
    from: ["src/train/planted-onnx-proto.ts"],
  },
  "library-danfo": {
    files: { "src/analysis/planted-danfo.ts": 'import * as dfd from "danfojs-node";\nexport const d = dfd;\n' },
    from: ["src/analysis/planted-danfo.ts"],
  },
  "library-ml-matrix": {
    files: { "src/analysis/planted-ml-matrix.ts": 'import { Matrix } from "ml-matrix";\nexport const m = Matrix;\n' },
    from: ["src/analysis/planted-ml-matrix.ts"],
  },
  "library-tslab": {
    files: { "src/train/planted-tslab.ts": 'import * as tslab from "tslab";\nexport const t = tslab;\n' },
    from: ["src/train/planted-tslab.ts"],
  },
  "library-plotly": {
    files: { "src/analysis/planted-plotly.ts": 'import "plotly.js-dist-min";\n' },
    from: ["src/analysis/planted-plotly.ts"],
  },
  "library-seedrandom": {
    files: { "src/data/planted-seedrandom.ts": 'import seedrandom from "seedrandom";\nexport const s = seedrandom;\n' },
    from: ["src/data/planted-seedrandom.ts"],
  },
  "library-pure-rand": {
    files: {
      "src/analysis/planted-pure-rand.ts":
        'import { xoroshiro128plus } from "pure-rand";\nexport const x = xoroshiro128plus;\n',
    },
    from: ["src/analysis/planted-pure-rand.ts"],
  },
  "library-stable-stringify": {
    files: { "src/store/planted-stringify.ts": 'import s from "fast-json-stable-stringify";\nexport const j = s;\n' },
    from: ["src/store/planted-stringify.ts"],
  },
  "library-write-file-atomic": {
    files: { "src/store/planted-atomic.ts": 'import w from "write-file-atomic";\nexport const a = w;\n' },
    from: ["src/store/planted-atomic.ts"],
  },
  "library-mnist": {
    files: { "src/analysis/planted-mnist.ts": 'import "mnist";\n' },
    from: ["src/analysis/planted-mnist.ts"],
  },
  "library-typescript": {
    files: { "src/analysis/planted-typescript.ts": 'import * as ts from "typescript";\nexport const t = ts;\n' },
    from: ["src/analysis/planted-typescript.ts"],
  },
  "library-jstat": {
    files: { "src/analysis/planted-jstat.ts": 'import { jStat } from "jstat";\nexport const j = jStat;\n' },
    from: ["src/analysis/planted-jstat.ts"],
  },
  "library-unowned": {
    files: { "src/analysis/planted-commander.ts": 'import { Command } from "commander";\nexport const c = Command;\n' },
    from: ["src/analysis/planted-commander.ts"],
  },
  "fs-only-in-store": {
    files: {
      "src/data/planted-fs.ts": 'import * as fs from "fs";\nexport const f = fs;\n',
      "src/notebook/planted-node-fs.ts": 'import { readFileSync } from "node:fs";\nexport const r = readFileSync;\n',
      "src/analysis/planted-fs-promises.ts": 'import { readFile } from "fs/promises";\nexport const r = readFile;\n',
    },
    from: ["src/data/planted-fs.ts", "src/notebook/planted-node-fs.ts", "src/analysis/planted-fs-promises.ts"],
  },
  "threads-only-in-runner": {
    files: {
      "src/train/planted-threads.ts": 'import { Worker } from "node:worker_threads";\nexport const w = Worker;\n',
    },
    from: ["src/train/planted-threads.ts"],
  },
  "not-to-unresolvable": {
    files: { "src/core/planted-missing.ts": 'import { x } from "./does-not-exist";\nexport const y = x;\n' },
    from: ["src/core/planted-missing.ts"],
  },
};

let real: ReturnType<typeof cruise> | null = null;
/** The repository's own src/, cruised once for both tests below. */
function cruiseReal(): ReturnType<typeof cruise> {
  return (real ??= cruise(ROOT));
}

test("src/ outside experiments/ breaks no import-graph rule", () => {
  const { violations, modules } = cruiseReal();
  assert.ok(modules > 80, `only ${modules} modules cruised`);
  const outside = violations.filter((v) => !v.from.startsWith("src/experiments/"));
  assert.equal(outside.length, 0, `violations:\n${show(outside)}`);
});

test("src/experiments/ breaks no import-graph rule", () => {
  const inside = cruiseReal().violations.filter((v) => v.from.startsWith("src/experiments/"));
  assert.equal(inside.length, 0, `violations:\n${show(inside)}`);
});

test("every rule is reported, under its own name, for a violation planted in a copy of src/", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rules = (require(CONFIG) as { forbidden: { name: string }[] }).forbidden.map((r) => r.name).sort();
  assert.deepEqual(Object.keys(PLANTS).sort(), rules, "every rule of .dependency-cruiser.cjs needs a plant here");
  const tree = plantedTree(Object.assign({}, ...Object.values(PLANTS).map((p) => p.files)));
  try {
    const { violations } = cruise(tree);
    for (const [rule, plant] of Object.entries(PLANTS)) {
      for (const from of plant.from) {
        const reported = [...new Set(violations.filter((v) => v.from === from).map((v) => v.rule))].sort();
        assert.deepEqual(reported, [rule], `planted ${from} for ${rule}`);
      }
    }
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
});
