/**
 * The claim map's work units (notebook 01b): the late-decay path units of every cell (paper Sec. 2,
 * Fig. 1 per data set × model × weight decay), ids prefixed with the cell's id, parents by role.
 * The map runs no family of its own: its units are the late-decay family's (registered name
 * "late-decay-paths").
 */
import type { WorkUnit } from "../../runner";
import { lateDecayUnits, type PathPayload } from "../late-decay";
import { mapCells } from "./cells";
import { checkClaimMapConfig } from "./config";
import type { ClaimMapConfig } from "./types";

/** Each cell's id and path units (ids "<cell id>:main/0", "<cell id>:sub/0/10"), in the map's cell order. */
export function unitsByCell(
  config: ClaimMapConfig,
  backend: string,
): { cell: string; units: WorkUnit<PathPayload>[] }[] {
  return mapCells(checkClaimMapConfig(config)).map((cell) => ({
    cell: cell.id,
    units: lateDecayUnits(cell.config, backend).map((u) => ({
      ...u,
      id: `${cell.id}:${u.id}`,
      label: `${cell.id}: ${u.label}`,
      dependsOn: Object.fromEntries(Object.entries(u.dependsOn).map(([role, d]) => [role, `${cell.id}:${d}`])),
    })),
  }));
}

/** Every cell's path units, ids "<cell id>:main/0", "<cell id>:sub/0/10", in the map's cell order. */
export function claimMapUnits(config: ClaimMapConfig, backend: string): WorkUnit<PathPayload>[] {
  return unitsByCell(config, backend).flatMap((c) => c.units);
}
