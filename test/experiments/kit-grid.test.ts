import { test } from "node:test";
import assert from "node:assert/strict";
import { runGrid, divergenceNote } from "../../src/experiments/kit/grid";
import { ConfigError, DivergenceError } from "../../src/core/errors";

const details = {
  pathId: "main path (seed 1)",
  seed: 1,
  epoch: 3,
  step: 12,
  lr: 0.5,
  weightDecay: 0,
  loss: Infinity,
  lossOf: "minibatch",
} as never;

test("runGrid: cells in order, progress over the whole grid with the cell's label, a diverged cell recorded with where it diverged and the grid goes on", async () => {
  const calls: [number, number, string, number | undefined][] = [];
  const out = await runGrid(["a", "b", "c"], {
    size: (c) => (c === "a" ? 2 : 3),
    label: (c, i, n) => `cell ${i + 1}/${n} ${c}`,
    run: async (c, progress) => {
      progress(1, 0, `${c} half`, c === "c" ? 1 : 0);
      if (c === "b") throw new DivergenceError("loss became Infinity", details);
      progress(c === "a" ? 2 : 3, 0, `${c} done`, c === "c" ? 1 : 0);
      return c.toUpperCase();
    },
    onProgress: (d, t, note, before) => calls.push([d, t, note, before]),
  });
  assert.deepEqual(
    out.map((e) => e.runs ?? `diverged: ${divergenceNote(e.diverged!)}`),
    ["A", "diverged: main path (seed 1) diverged at epoch 3, step 12 (lr 0.5, minibatch loss Infinity)", "C"],
  );
  assert.deepEqual(calls, [
    [1, 8, "cell 1/3 a: a half", 0],
    [2, 8, "cell 1/3 a: a done", 0],
    [3, 8, "cell 2/3 b: b half", 0],
    [
      5,
      8,
      "cell 2/3 b: diverged (main path (seed 1) diverged at epoch 3, step 12 (lr 0.5, minibatch loss Infinity))",
      0,
    ],
    [6, 8, "cell 3/3 c: c half", 1],
    [8, 8, "cell 3/3 c: c done", 1],
  ]);
  assert.equal(divergenceNote({ message: "no details" }), "no details");
});

test("runGrid: an error other than a divergence stops the grid (no later cell runs)", async () => {
  const ran: string[] = [];
  await assert.rejects(
    runGrid(["a", "b"], {
      size: () => 1,
      label: (c) => c,
      run: async (c) => {
        ran.push(c);
        throw new ConfigError(`bad ${c}`);
      },
    }),
    /bad a/,
  );
  assert.deepEqual(ran, ["a"]);
});
