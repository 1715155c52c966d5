/**
 * One config rule for every experiment family: a profile is a named list of changes from another
 * profile (ultimately from a base config), each change a dotted key, a value and a one-line reason
 * (as nanoGPT's config files comment every override); overrides from a notebook's parameters cell
 * merge into nested objects, and an unknown key — also a nested one such as `hyper.learningRate` —
 * is an error naming the key and listing the valid ones, before any work starts.
 */
import { ConfigError } from "./errors";

/** A change of one config value, with why. */
export type Change = readonly [value: unknown, reason: string];

/** A profile: the profile it starts from and its changes by dotted key ("hyper.weightDecay"). */
export interface ProfileSpec {
  from: string;
  changes: Record<string, Change>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function unknownKey(
  where: string,
  key: string,
  valid: Record<string, unknown>,
  optionalKeys: readonly string[] = [],
): ConfigError {
  const name = where ? `${where}.${key}` : key;
  const prefix = where ? `${where}.` : ""; // optional keys of this object, by their last part
  const optional = optionalKeys
    .filter((o) => o.startsWith(prefix))
    .map((o) => o.slice(prefix.length))
    .filter((o) => !o.includes(".") && !Object.hasOwn(valid, o));
  return new ConfigError(
    `unknown config key ${JSON.stringify(name)}; valid keys${where ? ` of ${where}` : ""}: ${Object.keys(valid).join(", ")}` +
      (optional.length ? ` (optional: ${optional.join(", ")})` : ""),
  );
}

/**
 * `base` with `overrides` merged in: nested objects merge key by key (recursively), arrays and other
 * values replace, `undefined` keeps the base value (a parameter left undefined keeps the default).
 * @param where the dotted path of `base` in the whole config ("" at the top), for messages
 * @param optionalKeys dotted keys that the base may lack and an override may add (e.g. "model.dropout":
 *        an optional field whose absence means its default, kept absent so that cache keys stay as they were)
 * @throws ConfigError for a key the base does not have and that is not optional, naming it and listing the valid ones
 */
export function withOverrides<T>(base: T, overrides: unknown, where = "", optionalKeys: readonly string[] = []): T {
  if (overrides === undefined) return structuredClone(base);
  if (!isRecord(base) || !isRecord(overrides)) return structuredClone(overrides) as T;
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    const name = where ? `${where}.${k}` : k;
    if (Object.hasOwn(base, k)) out[k] = withOverrides(base[k], v, name, optionalKeys);
    else if (optionalKeys.includes(name)) out[k] = structuredClone(v);
    else throw unknownKey(where, k, base, optionalKeys);
  }
  return out as T;
}

/**
 * Layers of overrides merged into one, later layers winning: nested objects merge key by key
 * (recursively), arrays and other values replace, `undefined` keeps the earlier layer's value.
 * Keys are not checked here: the merged overrides go to a config builder, which refuses unknown ones.
 * @param layers e.g. a notebook's `overrides` then its named parameters ({ seed, surface })
 */
export function mergeOverrides<T>(...layers: (T | undefined)[]): T {
  let out: unknown = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (!isRecord(out) || !isRecord(layer)) {
      out = structuredClone(layer);
      continue;
    }
    const merged: Record<string, unknown> = { ...out };
    for (const [k, v] of Object.entries(layer))
      if (v !== undefined)
        merged[k] =
          k in merged && isRecord(merged[k]) && isRecord(v) ? mergeOverrides(merged[k], v) : structuredClone(v);
    out = merged;
  }
  return out as T;
}

/** `config` with the value at a dotted key replaced (a whole object too). @throws ConfigError for an unknown key (naming the valid ones) */
function setPath<T>(config: T, key: string, value: unknown): T {
  const out = structuredClone(config) as Record<string, unknown>;
  const parts = key.split(".");
  let parent = out;
  parts.forEach((part, i) => {
    if (!Object.hasOwn(parent, part)) throw unknownKey(parts.slice(0, i).join("."), part, parent);
    if (i === parts.length - 1) parent[part] = structuredClone(value);
    else if (isRecord(parent[part])) parent = parent[part] as Record<string, unknown>;
    else
      throw new ConfigError(
        `config key ${JSON.stringify(parts.slice(0, i + 1).join("."))} is not an object; ${JSON.stringify(key)} does not exist`,
      );
  });
  return out as T;
}

/**
 * Every profile as a full config: `base` under `baseName`, then each spec applied to the profile it
 * starts from (specs may start from earlier specs).
 * @throws ConfigError for a spec starting from an unknown profile, an unknown key, or a change without a reason
 */
export function buildProfiles<T>(baseName: string, base: T, specs: Record<string, ProfileSpec>): Record<string, T> {
  const out: Record<string, T> = { [baseName]: base };
  for (const [name, spec] of Object.entries(specs)) {
    const from = out[spec.from];
    if (!from)
      throw new ConfigError(`profile ${JSON.stringify(name)} starts from unknown profile ${JSON.stringify(spec.from)}`);
    let c = from;
    for (const [key, [value, reason]] of Object.entries(spec.changes)) {
      if (!reason?.trim())
        throw new ConfigError(`profile ${JSON.stringify(name)}: the change of ${key} needs a one-line reason`);
      c = setPath(c, key, value);
    }
    out[name] = c;
  }
  return out;
}

/** The changes of each profile as rows (profile, key, value, reason), for a notebook table or docs. */
export function profileChanges(
  specs: Record<string, ProfileSpec>,
): { profile: string; from: string; key: string; value: string; reason: string }[] {
  return Object.entries(specs).flatMap(([profile, s]) =>
    Object.entries(s.changes).map(([key, [value, reason]]) => ({
      profile,
      from: s.from,
      key,
      value: JSON.stringify(value),
      reason,
    })),
  );
}
