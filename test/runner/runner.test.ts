// The runner's properties, written once for every family: serial = threads = shards byte for byte,
// resume from the done-set, dependents keyed by their parents' content, a shard that needs a missing
// parent computes it and says so, cancellation within one step, and input errors naming the value.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  runUnits as runWith,
  workerCount,
  parseShard,
  shardUnits,
  splitByCost,
  UnitEvent,
  type RunUnitsOptions,
  type WorkUnit,
} from "../../src/runner";
import { validEntry } from "../../src/store/cache";
import { CancelledError, ConfigError } from "../../src/core/errors";
import { TOY_FAMILIES, toyUnit, toyUnits } from "./toy-family";

/** The runner with the toy family table, on this thread unless `workers` says otherwise. */
const runUnits = (units: readonly WorkUnit[], opts: Omit<RunUnitsOptions, "families"> = {}) =>
  runWith(units, { families: TOY_FAMILIES, workers: 1, ...opts });

const fresh = () => (process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-runner-")));
beforeEach(fresh);

/** Every cache file but the manifests' creation times, by relative path. */
function cacheBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) {
        walk(p, `${rel}/${name}`);
        continue;
      }
      const text = fs.readFileSync(p, "utf8");
      out[`${rel}/${name}`] =
        name === "manifest.json" ? JSON.stringify({ ...JSON.parse(text), createdAt: null }) : text;
    }
  };
  walk(path.join(dir, "cache"), "");
  return out;
}

test("serial, 2 worker threads and 3 shards write the same entries byte for byte", async () => {
  const serial = fresh();
  const r = await runUnits(toyUnits());
  assert.deepEqual(r.computed, ["main/0", "sub/0/2", "sub/0/4", "main/1", "sub/1/2", "sub/1/4"]);
  const threads = fresh();
  await runUnits(toyUnits(), { workers: 2 });
  const shards = fresh();
  for (let k = 0; k < 3; k++) await runUnits(toyUnits(), { shard: { index: k, count: 3 } });
  const want = cacheBytes(serial);
  assert.equal(Object.keys(want).length, 12, "6 entries × (values.json, manifest.json)");
  assert.deepEqual(cacheBytes(threads), want);
  assert.deepEqual(cacheBytes(shards), want);
});

test("a second run finds every unit in the done-set; a deleted entry alone is recomputed", async () => {
  const first = await runUnits(toyUnits());
  const again = await runUnits(toyUnits());
  assert.deepEqual(again.computed, []);
  assert.equal(again.cached.length, 6);
  fs.rmSync(first.dirs["sub/1/4"], { recursive: true });
  const third = await runUnits(toyUnits());
  assert.deepEqual(third.computed, ["sub/1/4"]);
});

test("a dependent entry is keyed by its parent's content and records it; a recomputed parent with other bytes misses", async () => {
  const a = await runUnits([
    toyUnit("main/0", { seed: 0, steps: 4 }),
    toyUnit("sub/0", { seed: 7, steps: 2 }, ["main/0"]),
  ]);
  const parent = validEntry(a.dirs["main/0"])!;
  const child = validEntry(a.dirs["sub/0"])!;
  assert.equal(child.parents?.length, 1);
  assert.equal(child.parents![0].key, parent.key);
  assert.equal(child.parents![0].kind, "toy-main");
  // same child config, parent computed by changed code with other numbers → the child is recomputed
  const b = await runUnits([
    toyUnit("main/0", { seed: 1, steps: 4 }, [], "toy-2"),
    toyUnit("sub/0", { seed: 7, steps: 2 }, ["main/0"]),
  ]);
  assert.deepEqual(b.computed, ["main/0", "sub/0"]);
  assert.notEqual(b.dirs["sub/0"], a.dirs["sub/0"]);
  // parent recomputed by changed code with the same bytes → the child still hits
  const c = await runUnits([
    toyUnit("main/0", { seed: 0, steps: 4 }, [], "toy-3"),
    toyUnit("sub/0", { seed: 7, steps: 2 }, ["main/0"]),
  ]);
  assert.deepEqual(c.computed, ["main/0"]);
  assert.equal(c.dirs["sub/0"], a.dirs["sub/0"]);
});

test("progress counts to its total when the selected units' dependencies are already stored", async () => {
  await runUnits(toyUnits(), { select: (u) => u.id.startsWith("main/") });
  const calls: [number, number][] = [];
  const events: UnitEvent[] = [];
  const r = await runUnits(toyUnits(), {
    select: (u) => u.id.startsWith("sub/"),
    onProgress: (p) => calls.push([p.done, p.total]),
    onUnit: (e) => events.push(e),
  });
  assert.deepEqual(r.computed, ["sub/0/2", "sub/0/4", "sub/1/2", "sub/1/4"]);
  assert.deepEqual(calls.at(-1), [12, 12], "4 subpaths × 3 steps; the stored main paths are not part of the total");
  assert.deepEqual(
    events.filter((e) => e.neededBy),
    [],
    "a stored parent is not reported as needed",
  );
  assert.deepEqual(r.dependenciesComputed, []);
});

test("a shard whose subpath's main path is missing computes the main path first and says so", async () => {
  const units = toyUnits();
  const shard = shardUnits(units, { index: 1, count: 2 });
  assert.ok(
    shard.every((u) => !u.id.startsWith("main/0")),
    "shard 1/2 holds no main/0",
  );
  const events: UnitEvent[] = [];
  const r = await runUnits(units, { shard: { index: 1, count: 2 }, onUnit: (e) => events.push(e) });
  const needed = events.filter((e) => e.neededBy);
  assert.ok(needed.length >= 1, "some main path was needed by a subpath of this shard");
  for (const e of needed) assert.ok(e.unit.id.startsWith("main/") && e.neededBy!.startsWith("sub/"));
  assert.deepEqual(r.dependenciesComputed.sort(), needed.map((e) => e.unit.id).sort());
  assert.deepEqual(
    r.computed,
    shard.map((u) => u.id),
  );
});

test("cancellation stops within one step; finished units stay stored and the next run resumes", async () => {
  const ctrl = new AbortController();
  const units = [toyUnit("main/0", { seed: 0, steps: 2 }), toyUnit("main/1", { seed: 1, steps: 50, delayMs: 5 })];
  let steps = 0;
  await assert.rejects(
    runUnits(units, {
      signal: ctrl.signal,
      onProgress: ({ note }) => {
        if (note === "seed 1" && ++steps === 3) ctrl.abort(new CancelledError("test stop"));
      },
    }),
    CancelledError,
  );
  assert.equal(steps, 3, "no step after the abort");
  const r = await runUnits(units);
  assert.deepEqual(r.computed, ["main/1"]);
  assert.deepEqual(r.cached, ["main/0"]);
});

test("cancellation reaches worker threads; a unit's error names it", async () => {
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(new CancelledError("test stop")), 300);
  await assert.rejects(runUnits(toyUnits({ delayMs: 200 }), { workers: 2, signal: ctrl.signal }), CancelledError);
  fresh();
  await assert.rejects(
    runUnits([toyUnit("main/0", { seed: 0, steps: 3, failAt: 1 })], { workers: 2 }),
    /seed 0 failed at step 1/,
  );
  await assert.rejects(
    runUnits([toyUnit("main/0", { seed: 0, steps: 3, failAt: 1 }), toyUnit("main/1", { seed: 1, steps: 3 })], {
      workers: 2,
    }),
    (e: Error) => e.name === "RangeError" && /step 1/.test(e.message),
  );
});

test("bad units and bad shards are refused before any work, naming the value", async () => {
  const u = toyUnit("main/0", { seed: 0, steps: 1 });
  await assert.rejects(runUnits([u, u]), /two work units have the id "main\/0"/);
  await assert.rejects(
    runUnits([toyUnit("sub/0", { seed: 0, steps: 1 }, ["main/9"])]),
    /depends on "main\/9", which is not in the list/,
  );
  await assert.rejects(
    runUnits([toyUnit("a", { seed: 0, steps: 1 }, ["b"]), toyUnit("b", { seed: 0, steps: 1 }, ["a"])]),
    /cycle: a → b → a/,
  );
  await assert.rejects(
    runUnits([u], { shard: { index: 2, count: 2 } }),
    (e: Error) => e instanceof ConfigError && /shard index/.test(e.message) && /2/.test(e.message),
  );
  await assert.rejects(runUnits([u], { workers: 0 }), /workers/);
  assert.throws(() => parseShard("3-16"), /--shard must look like k\/N \(e\.g\. 3\/16\), got "3-16"/);
  assert.throws(() => parseShard("16/16"), /shard index/);
  assert.deepEqual(parseShard("3/16"), { index: 3, count: 16 });
  assert.equal(fs.readdirSync(process.env.LATE_DECAY_DATA_DIR!).length, 0, "nothing computed");
});

test("splitByCost balances longest-first, deterministically, every item once; equal costs go round-robin", () => {
  // by hand: 5→g0, 4→g1, 3→g1 (4 < 5), 2→g0 (5 < 7), 1→g0 (7 = 7, the lower index): g0 = 5+2+1, g1 = 4+3
  assert.deepEqual(splitByCost([5, 1, 4, 2, 3], 2), [
    [0, 1, 3],
    [2, 4],
  ]);
  assert.deepEqual(splitByCost([1, 1, 1, 1, 1], 2), [
    [0, 2, 4],
    [1, 3],
  ]);
  assert.deepEqual(splitByCost([1], 3), [[0], [], []]);
  assert.throws(() => splitByCost([1, -1], 2), /cost of item 1/);
});

test("a unit naming a family the table lacks is refused before any work, naming the unit and the family", async () => {
  const u = { ...toyUnit("main/0", { seed: 0, steps: 1 }), family: "toy-typo" };
  await assert.rejects(
    runUnits([u]),
    (e: Error) =>
      e instanceof ConfigError &&
      /"main\/0"/.test(e.message) &&
      /"toy-typo"/.test(e.message) &&
      /have toy/.test(e.message),
  );
  assert.ok(!fs.existsSync(path.join(process.env.LATE_DECAY_DATA_DIR!, "cache", "toy-main")), "no entry was started");
});

test("worker policy: requested count checked; one thread below the cost floor; the cores (LATE_DECAY_WORKERS), never more than the units; one on a GPU backend", () => {
  const units = (n: number, cost = 10) => Array.from({ length: n }, () => ({ cost }));
  const saved = process.env.LATE_DECAY_WORKERS;
  try {
    process.env.LATE_DECAY_WORKERS = "4";
    assert.equal(workerCount(units(3), { requested: 2 }), 2);
    assert.throws(() => workerCount(units(3), { requested: 0 }), /workers/);
    assert.equal(workerCount(units(10)), 4);
    assert.equal(workerCount(units(3)), 3, "never more threads than units to compute");
    assert.equal(workerCount(units(3, 1), { minParallelCost: 10 }), 1, "total cost 3 < 10");
    assert.equal(workerCount(units(3, 5), { minParallelCost: 10 }), 3, "total cost 15 ≥ 10");
    assert.equal(workerCount([]), 1);
    delete process.env.LATE_DECAY_WORKERS;
    assert.equal(workerCount(units(10), { backend: "tensorflow" }), 1, "one process already uses the GPU");
  } finally {
    if (saved === undefined) delete process.env.LATE_DECAY_WORKERS;
    else process.env.LATE_DECAY_WORKERS = saved;
  }
});
