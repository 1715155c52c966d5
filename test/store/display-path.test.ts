import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { displayPath, REPO_ROOT } from "../../src/store/paths";

test("displayPath: project-relative inside the project, $LATE_DECAY_DATA_DIR/… under an outside data dir, else unchanged", () => {
  const saved = process.env.LATE_DECAY_DATA_DIR;
  try {
    delete process.env.LATE_DECAY_DATA_DIR;
    assert.equal(
      displayPath(join(REPO_ROOT, "data/results/01-late-decay/quick/finals.csv")),
      "data/results/01-late-decay/quick/finals.csv",
    );
    assert.equal(displayPath("/elsewhere/x.csv"), "/elsewhere/x.csv");
    process.env.LATE_DECAY_DATA_DIR = "/scratch/ld";
    assert.equal(
      displayPath("/scratch/ld/results/01/smoke/trajectories.csv"),
      "$LATE_DECAY_DATA_DIR/results/01/smoke/trajectories.csv",
    );
    assert.equal(
      displayPath("/scratch/ldx/a.csv"),
      "/scratch/ldx/a.csv",
      "a sibling folder with the same prefix is not inside",
    );
  } finally {
    if (saved === undefined) delete process.env.LATE_DECAY_DATA_DIR;
    else process.env.LATE_DECAY_DATA_DIR = saved;
  }
});
