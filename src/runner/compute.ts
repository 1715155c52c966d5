/**
 * Computing one unit into its cache entry, the same code on the main thread and on a worker
 * thread: the family's setup (kept per thread and setup key), then the store's atomic `cached`
 * with the family's `compute` writing the files. So every unit is its own entry however it runs.
 */
import { cached } from "../store/cache";
import { configHash } from "../core/hash";
import { ConfigError, showValue } from "../core/errors";
import { UnitApi, UnitFamily, WorkUnit } from "./types";
import { ResolvedEntry } from "./entries";

const setups = new Map<string, { family: UnitFamily; setup: unknown }>();

/**
 * The family `unit` names in `families`.
 * @throws ConfigError naming the unit and the family when the table has no such family
 */
export function familyOf(unit: WorkUnit, families: Readonly<Record<string, UnitFamily<any, any>>>): UnitFamily {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const family = Object.hasOwn(families, unit.family) ? families[unit.family] : undefined;
  if (!family || typeof family.compute !== "function") {
    throw new ConfigError(
      `work unit ${showValue(unit.id)} names the family ${showValue(unit.family)}, which is not registered (have ${Object.keys(families).join(", ")})`,
    );
  }
  return family;
}

async function setupFor(unit: WorkUnit, family: UnitFamily): Promise<unknown> {
  const key = `${unit.family}#${configHash(family.setupKey?.(unit.payload) ?? null)}`;
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
export async function computeUnit(
  unit: WorkUnit,
  family: UnitFamily,
  entry: ResolvedEntry,
  api: UnitApi,
): Promise<boolean> {
  const setup = await setupFor(unit, family);
  const r = await cached({
    kind: entry.kind,
    codeVersion: entry.codeVersion,
    config: entry.config,
    parents: entry.parents.length ? entry.parents : undefined,
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
