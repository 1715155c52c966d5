/**
 * A toy unit family for the runner's tests: a unit writes `steps` numbers from a seeded
 * xorshift generator (plus, for a dependent unit, the last number of its parent), one per step,
 * checking cancellation every step. Plain data in, bytes out: any difference between serial,
 * threaded and sharded runs shows in the files.
 */
import { throwIfCancelled } from "../../src/core/cancel";
import { readJson, writeJson } from "../../src/store/files";
import * as path from "path";
import type { FamilyTable, UnitFamily, WorkUnit } from "../../src/runner";

export interface ToyPayload {
  seed: number;
  steps: number;
  /** wait this long per step (cancellation tests) */
  delayMs?: number;
  /** throw at this step (error tests) */
  failAt?: number;
}

export const toyFamily: UnitFamily<ToyPayload, { setups: number }> = {
  setup: () => ({ setups: 1 }),
  async compute(_setup, p, dir, api) {
    let x = (p.seed * 2654435761 + 1) >>> 0 || 1;
    const parentLast = Object.values(api.parents).map((d) => readJson<number[]>(d, "values.json").at(-1)!);
    const values: number[] = [];
    for (let s = 0; s < p.steps; s++) {
      throwIfCancelled(api.signal, `toy unit seed ${p.seed} step ${s}`);
      if (p.failAt === s) throw new RangeError(`toy unit seed ${p.seed} failed at step ${s}`);
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      values.push(x / 2 ** 32 + parentLast.reduce((a, b) => a + b, 0));
      if (p.delayMs) await new Promise((r) => setTimeout(r, p.delayMs));
      api.progress(1, `seed ${p.seed}`);
    }
    writeJson(dir, "values.json", values);
    return { steps: p.steps };
  },
};

/** The toy family's table: worker threads serve it from ./toy-worker.ts. */
export const TOY_FAMILIES: FamilyTable = {
  families: { toy: toyFamily },
  workerEntry: path.join(__dirname, "toy-worker.ts"),
};

/** A toy unit; `parents` are ids it depends on. */
export function toyUnit(
  id: string,
  payload: ToyPayload,
  parents: string[] = [],
  codeVersion = "toy-1",
): WorkUnit<ToyPayload> {
  return {
    id,
    family: "toy",
    entry: { kind: id.startsWith("sub") ? "toy-sub" : "toy-main", codeVersion, config: payload },
    dependsOn: Object.fromEntries(parents.map((p) => [p, p])),
    cost: payload.steps,
    size: payload.steps,
    label: id,
    payload,
  };
}

/** Two mains and two subpaths on each, as a late-decay experiment has. */
export function toyUnits(extra: Partial<ToyPayload> = {}): WorkUnit<ToyPayload>[] {
  return [0, 1].flatMap((seed) => [
    toyUnit(`main/${seed}`, { seed, steps: 6, ...extra }),
    ...[2, 4].map((e) => toyUnit(`sub/${seed}/${e}`, { seed: 100 * seed + e, steps: 3, ...extra }, [`main/${seed}`])),
  ]);
}
