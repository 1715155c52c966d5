/**
 * The family table a family's run hands the runner: the families its units name, and the one
 * worker entry of the experiments (../worker.ts), which serves every family of the static
 * registry ../families.ts. A unit names its family by a registered name (`WorkUnit.family`).
 */
import * as path from "path";
import type { FamilyTable, UnitFamily } from "../../runner";

/** The experiments' worker entry module: ../worker.ts under tsx, ../worker.js in dist/. */
export const EXPERIMENT_WORKER_ENTRY = path.join(__dirname, "..", `worker${path.extname(__filename)}`);

/**
 * A family table for `families` (name → family, names as in ../families.ts) with the experiments' worker entry.
 * @returns the table for RunUnitsOptions.families
 */
export function familyTable(families: Record<string, UnitFamily<any, any>>): FamilyTable {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  return { families, workerEntry: EXPERIMENT_WORKER_ENTRY };
}
