/** Stable hashing of configuration objects, used as cache keys. */
import { createHash } from "crypto";
import stableStringify from "fast-json-stable-stringify";

/** JSON with sorted keys: equal configs give equal strings whatever the key order. */
export function stableJson(value: unknown): string {
  return stableStringify(value);
}

/** Hex SHA-256 of the stable JSON of `value` (first `length` hex chars). */
export function configHash(value: unknown, length = 16): string {
  return createHash("sha256").update(stableJson(value)).digest("hex").slice(0, length);
}
