// One config rule: profiles as named changes with reasons; overrides merge nested objects; unknown keys,
// also nested, are refused with the key named and the valid ones listed — the same in every family.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildProfiles, mergeOverrides, profileChanges, withOverrides } from "../../src/core/profiles";
import { ConfigError } from "../../src/core/errors";
import {
  lateDecayConfig,
  LATE_DECAY_PROFILES,
  LATE_DECAY_PROFILE_CHANGES,
} from "../../src/experiments/late-decay/config";
import { landscapeConfig } from "../../src/experiments/landscape/config";
import { ablationConfig, landscapeModelConfig, phasesConfig } from "../../src/experiments/nonlinear/config";

const base = { lr: 0.1, hyper: { momentum: 0.9, decay: { every: 5, factor: 0.1 } }, seeds: [0, 1] };

test("withOverrides: nested objects merge key by key, arrays and values replace, undefined keeps the default", () => {
  assert.deepEqual(withOverrides(base, { hyper: { decay: { factor: 0.5 } }, seeds: [3], lr: undefined }), {
    lr: 0.1,
    hyper: { momentum: 0.9, decay: { every: 5, factor: 0.5 } },
    seeds: [3],
  });
  assert.deepEqual(base.hyper.decay.factor, 0.1, "the base is not modified");
});

test("withOverrides: an unknown key, top-level or nested, names itself and the valid keys", () => {
  assert.throws(
    () => withOverrides(base, { lrr: 1 }),
    (e: Error) => e instanceof ConfigError && e.message === 'unknown config key "lrr"; valid keys: lr, hyper, seeds',
  );
  assert.throws(
    () => withOverrides(base, { hyper: { decay: { facto: 1 } } }),
    /unknown config key "hyper\.decay\.facto"; valid keys of hyper\.decay: every, factor/,
  );
});

test("buildProfiles: each profile is its parent plus its changes; a change needs a reason and an existing key", () => {
  const p = buildProfiles("quick", base, {
    smoke: { from: "quick", changes: { "hyper.decay.every": [1, "seconds"], seeds: [[0], "one seed"] } },
    tiny: { from: "smoke", changes: { lr: [1, "large steps"] } },
  });
  assert.deepEqual(p.smoke, { lr: 0.1, hyper: { momentum: 0.9, decay: { every: 1, factor: 0.1 } }, seeds: [0] });
  assert.deepEqual(p.tiny, { ...p.smoke, lr: 1 });
  assert.throws(
    () => buildProfiles("q", base, { s: { from: "q", changes: { lr: [1, " "] } } }),
    /profile "s": the change of lr needs a one-line reason/,
  );
  assert.throws(
    () => buildProfiles("q", base, { s: { from: "q", changes: { "hyper.momentun": [1, "typo"] } } }),
    /unknown config key "hyper\.momentun"; valid keys of hyper: momentum, decay/,
  );
  assert.throws(
    () => buildProfiles("q", base, { s: { from: "x", changes: {} } }),
    /profile "s" starts from unknown profile "x"/,
  );
  assert.deepEqual(profileChanges({ s: { from: "q", changes: { lr: [1, "why"] } } }), [
    { profile: "s", from: "q", key: "lr", value: "1", reason: "why" },
  ]);
});

test("late-decay profiles are quick plus reasoned changes; smoke in full (its data spec with the defaults filled in)", () => {
  assert.deepEqual(lateDecayConfig("smoke"), {
    data: {
      dataset: "mnist-package",
      trainPerClass: 10,
      testPerClass: 20,
      subset: "per-seed",
      evaluation: "test-split",
      normalization: "train-subset",
    },
    model: { inputDim: 784, hidden: [32], numClasses: 10 },
    hyper: { lr: 0.1, momentum: 0.9, weightDecay: 1e-3 },
    batchSize: 25,
    mainEpochs: 6,
    checkpointEveryEpochs: 2,
    evalEveryEpochs: 1,
    decayEpochs: [2, 4, 6],
    decayFactor: 0.1,
    subpathEpochs: 2,
    momentumAtBranch: "carry",
    seeds: [0, 1, 2],
  });
  for (const spec of Object.values(LATE_DECAY_PROFILE_CHANGES))
    for (const [, reason] of Object.values(spec.changes)) assert.ok(reason.length > 3);
});

test("mergeOverrides: later layers win, nested objects merge, undefined keeps the earlier value, inputs untouched", () => {
  const a: Record<string, unknown> = { grid: { margin: 0.3, nA: 9 }, seed: 1, lateDecay: { seeds: [0, 1] } };
  const b: Record<string, unknown> = {
    seed: undefined,
    surface: "flat",
    grid: { nA: 11, nB: undefined },
    lateDecay: { seeds: [2] },
  };
  assert.deepEqual(mergeOverrides(a, b), {
    grid: { margin: 0.3, nA: 11 },
    seed: 1,
    surface: "flat",
    lateDecay: { seeds: [2] },
  });
  assert.deepEqual(a, { grid: { margin: 0.3, nA: 9 }, seed: 1, lateDecay: { seeds: [0, 1] } });
  assert.deepEqual(mergeOverrides(), {});
  assert.deepEqual(mergeOverrides({}, undefined, { k: 4 }), { k: 4 });
});

test("landscapeConfig of merged layers of overrides: a notebook's overrides, then its named parameters", () => {
  const c = landscapeConfig(
    "smoke",
    mergeOverrides(
      { grid: { margin: 0.3 }, k: 4, lateDecay: { seeds: [0, 1] } },
      { seed: 1, surface: "flat" as const, grid: { nA: 9, nB: undefined } },
    ),
  );
  assert.deepEqual(
    [c.grid, c.k, c.seed, c.surface, c.lateDecay.seeds],
    [{ nA: 9, nB: 5, margin: 0.3, randomRange: 1 }, 4, 1, "flat", [0, 1]],
  );
  assert.throws(
    () => landscapeConfig("smoke", mergeOverrides({}, { grid: { na: 3 } as never })),
    /unknown config key "grid\.na"/,
  );
});

test("every family refuses unknown keys the same way, naming the key and the valid ones", () => {
  assert.throws(
    () => lateDecayConfig("smoke", { hyper: { learningRate: 1 } as never }),
    /unknown config key "hyper\.learningRate"; valid keys of hyper: lr, momentum, weightDecay/,
  );
  assert.throws(
    () => lateDecayConfig("smoke", { lrr: 1 } as never),
    /unknown config key "lrr"; valid keys: data, model, hyper, batchSize/,
  );
  assert.throws(
    () => landscapeConfig("smoke", { grid: { na: 3 } as never }),
    /unknown config key "grid\.na"; valid keys of grid: nA, nB, margin, randomRange/,
  );
  assert.throws(() => landscapeConfig("smoke", { lateDecay: { seedz: [0] } as never }), /unknown config key "seedz"/);
  assert.throws(
    () => phasesConfig("smoke", { lrr: 1 } as never),
    /unknown config key "lrr"; valid keys: problem, gammas, seeds, lr/,
  );
  assert.throws(
    () => ablationConfig("smoke", { base: { eta: 1 } } as never),
    /unknown config key "base\.eta"; valid keys of base: lr, labelNoiseStd, batchSize, gamma/,
  );
  assert.throws(
    () => landscapeModelConfig("smoke", { grid: { size: 3 } } as never),
    /unknown config key "grid\.size"; valid keys of grid: half, points/,
  );
  assert.equal(landscapeConfig("smoke", { grid: { nA: undefined, nB: 6 } }).grid.nA, 7, "undefined keeps the default");
});

test("late-decay data overrides may set the data spec's optional keys; unknown ones are refused by name", () => {
  const fixed = lateDecayConfig("quick", { data: { subset: "fixed", subsetSeed: 3 } });
  assert.deepEqual(fixed.data, {
    dataset: "mnist-idx",
    trainPerClass: 500,
    subset: "fixed",
    subsetSeed: 3,
    evaluation: "test-split",
    normalization: "train-subset",
  });
  assert.deepEqual(
    lateDecayConfig("quick", { data: { subset: undefined, trainPerClass: 50 } }).data.trainPerClass,
    50,
    "undefined keeps the profile's value",
  );
  assert.throws(
    () => lateDecayConfig("quick", { data: { subsett: "fixed" } as never }),
    /^ConfigError: unknown data option\(s\) subsett \(known: dataset, trainPerClass, subset, subsetSeed, evaluation, normalization, testPerClass\)$/,
  );
  assert.throws(
    () => lateDecayConfig("quick", { data: { subsetSeed: 3 } }),
    /subsetSeed applies to subset "fixed" only, got 3/,
  );
});

test("optional keys: an override may add a key the base lacks when it is declared optional (the MLP's dropout)", () => {
  assert.deepEqual(withOverrides(base, { hyper: { nesterov: true } }, "", ["hyper.nesterov"]), {
    ...base,
    hyper: { ...base.hyper, nesterov: true },
  });
  assert.throws(
    () => withOverrides(base, { hyper: { nesterv: true } }, "", ["hyper.nesterov"]),
    (e: Error) =>
      e.message === 'unknown config key "hyper.nesterv"; valid keys of hyper: momentum, decay (optional: nesterov)',
  );
  assert.throws(
    () => withOverrides(base, { nesterov: true }, "", ["hyper.nesterov"]),
    (e: Error) => e.message === 'unknown config key "nesterov"; valid keys: lr, hyper, seeds',
  );
  assert.equal(
    "dropout" in LATE_DECAY_PROFILES.quick.model,
    false,
    "the plain MLP's config (and cache key) has no dropout key",
  );
  assert.deepEqual(lateDecayConfig("quick", { model: { dropout: 0.5 } }).model, {
    inputDim: 784,
    hidden: [100],
    numClasses: 10,
    dropout: 0.5,
  });
  assert.equal(landscapeConfig("smoke", { lateDecay: { model: { dropout: 0.25 } } }).lateDecay.model.dropout, 0.25);
  assert.throws(() => lateDecayConfig("quick", { model: { dropout: 1 } }), /model\.dropout must be in \[0, 1\), got 1/);
  assert.throws(
    () => lateDecayConfig("quick", { model: { dropuot: 0.5 } as never }),
    /unknown config key "model\.dropuot"; valid keys of model: inputDim, hidden, numClasses \(optional: dropout\)/,
  );
});
