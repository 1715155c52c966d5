/**
 * The experiments' worker-thread entry (kit/families.ts EXPERIMENT_WORKER_ENTRY): serves work
 * units of every family of the static registry ./families.ts. Started by the runner's pool, never
 * imported. Imports stay light (no TF.js): families that need a backend initialize it in their setup.
 */
import { serveUnits } from "../runner";
import { UNIT_FAMILIES } from "./families";

serveUnits(UNIT_FAMILIES);
