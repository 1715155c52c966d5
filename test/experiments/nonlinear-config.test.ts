// Profiles, aliases, overrides and the config tables of notebooks 04–06.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ablationConfig,
  landscapeModelConfig,
  nonlinearProfileOf,
  phasesConfig,
  PHASES_PROFILES,
  ABLATION_PROFILES,
  LANDSCAPE_MODEL_PROFILES,
} from "../../src/experiments/nonlinear/config";
import {
  ablationConfigRows,
  landscapeModelConfigRows,
  phasesConfigRows,
} from "../../src/experiments/nonlinear/figures";
import { ConfigError } from "../../src/core/errors";

test("profile names of notebooks 01–03 map to this model's profiles", () => {
  assert.equal(nonlinearProfileOf("paper-mlp"), "paper");
  assert.equal(nonlinearProfileOf("smoke-cnn"), "smoke");
  assert.equal(nonlinearProfileOf("quick-cnn"), "quick");
  assert.equal(nonlinearProfileOf("quick"), "quick");
  assert.deepEqual(phasesConfig("paper-mlp"), PHASES_PROFILES.paper);
  assert.deepEqual(ablationConfig("smoke-cnn"), ABLATION_PROFILES.smoke);
  assert.deepEqual(landscapeModelConfig("quick-cnn"), LANDSCAPE_MODEL_PROFILES.quick);
});

test("unknown profiles are refused by name, listing the valid ones", () => {
  for (const bad of ["fast", "paper-cnn", "toString", ""]) {
    assert.throws(
      () => phasesConfig(bad),
      (e: Error) =>
        e instanceof ConfigError &&
        e.message.includes(`unknown profile ${JSON.stringify(bad)}`) &&
        /use one of smoke, quick, paper \(or paper-mlp → paper, smoke-cnn → smoke, quick-cnn → quick\)/.test(e.message),
    );
  }
  assert.throws(() => ablationConfig("x"), /unknown profile "x" for notebooks 04–06/);
  assert.throws(() => landscapeModelConfig("x"), /unknown profile "x" for notebooks 04–06/);
});

test("overrides replace top-level values and merge nested objects one level deep, without touching the profile", () => {
  const c = phasesConfig("quick", { lr: 0.02, problem: { n: 10 }, seeds: [3, 4] });
  assert.deepEqual([c.lr, c.problem, c.seeds, c.labelNoiseStd], [0.02, { n: 10, d: 40, seed: 1 }, [3, 4], 1]);
  assert.equal(PHASES_PROFILES.quick.lr, 0.01);
  assert.equal(PHASES_PROFILES.quick.problem.n, 20);
  const a = ablationConfig("smoke", { base: { lr: 0.03 } });
  assert.deepEqual(a.base, { lr: 0.03, labelNoiseStd: 1, batchSize: 1, gamma: 1 });
  assert.deepEqual(landscapeModelConfig("smoke", { grid: { points: 11 } }).grid, { half: 2.5, points: 11 });
});

test("bad overrides are refused, naming the key or value", () => {
  assert.throws(() => phasesConfig("quick", { learningRate: 0.1 } as object), /unknown config key "learningRate"/);
  assert.throws(() => phasesConfig("quick", { lr: -1 }), /lr must be a finite number/);
  assert.throws(() => phasesConfig("quick", { batchSize: 1.5 }), /batchSize must be an integer/);
  assert.throws(() => phasesConfig("quick", { phaseDecayStep: 123 }), /phaseDecayStep 123 must be one of decaySteps/);
  assert.throws(() => ablationConfig("quick", { base: { lr: Number.NaN } }), /base\.lr must be a finite number/);
  assert.throws(() => landscapeModelConfig("quick", { labelNoiseStd: -0.5 }), /labelNoiseStd must be a finite number/);
});

test("config tables show the values in use", () => {
  const p = Object.fromEntries(phasesConfigRows(phasesConfig("quick", { lr: 0.02 })).map((r) => [r.setting, r.value]));
  assert.equal(p.SGD, "lr η = 0.02, batch size B = 1, label noise σ = 1, init scale 1");
  assert.equal(p.seeds, "16 (0–15)");
  assert.match(
    p["decay-step sweep"],
    /^T ∈ \{0, 500, 1,000, 2,000, 4,000, 8,000, 16,000\}, then lr × 0.1 for 10,000 steps/,
  );
  const a = Object.fromEntries(ablationConfigRows(ablationConfig("smoke")).map((r) => [r.setting, r.value]));
  assert.equal(a["base setting"], "lr η = 0.02, label noise σ = 1, batch size B = 1, γ = 1");
  assert.equal(a.chains, "2,500 steps at constant lr, records every 50 steps; seeds 2 (0, 1)");
  const l = Object.fromEntries(
    landscapeModelConfigRows(landscapeModelConfig("quick")).map((r) => [r.setting, r.value]),
  );
  assert.equal(l["landscape grid"], "w ∈ [−2.5, 2.5]², 121 × 121 points");
});
