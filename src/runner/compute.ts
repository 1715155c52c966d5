/**
 * Computing one unit into its cache entry, the same code on the main thread and on a worker
 * thread: the family's setup (kept per thread and setup key), then the store's atomic `cached`
 * with the family's `compute` writing the files. So every unit is its own entry however it runs.
 */
import { cached } from "../store/cache";
import { configHash } from "../core/hash";
import { FamilyRef, UnitApi, UnitFamily, WorkUnit } from "./types";
import { ResolvedEntry } from "./entries";

const setups = new Map<string, { family: UnitFamily; setup: unknown }>();

/** The family a ref names. @throws Error when the module has no such export */
export function loadFamily(ref: FamilyRef): UnitFamily {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const family = require(ref.file)[ref.name] as UnitFamily | undefined;
  if (!family || typeof family.compute !== "function") throw new Error(`${ref.file} exports no unit family ${JSON.stringify(ref.name)}`);
  return family;
}

async function setupFor(unit: WorkUnit, family: UnitFamily): Promise<unknown> {
  const key = `${unit.family.file}#${unit.family.name}#${configHash(family.setupKey?.(unit.payload) ?? null)}`;
  let s = setups.get(key);
  if (!s) {
    s = { family, setup: await family.setup(unit.payload) };
    setups.set(key, s);
  }
  return s.setup;
}

/**
 * Computes `unit` into its entry (resolved by the runner) unless another process stored it first.
 * @returns whether the entry was found stored (hit)
 * @throws the family's errors; CancelledError when `api.signal` aborts (nothing is written)
 */
export async function computeUnit(unit: WorkUnit, entry: ResolvedEntry, api: UnitApi): Promise<boolean> {
  const family = loadFamily(unit.family);
  const setup = await setupFor(unit, family);
  const r = await cached({
    kind: entry.kind, codeVersion: entry.codeVersion, config: entry.config, parents: entry.parents.length ? entry.parents : undefined,
    resumable: unit.entry.resumable,
    compute: (dir) => family.compute(setup, unit.payload, dir, api),
    load: () => undefined,
  });
  return r.hit;
}

/** Releases every setup of this thread (tensors); the next unit sets up again. */
export function disposeSetups(): void {
  for (const { family, setup } of setups.values()) family.dispose?.(setup);
  setups.clear();
}
