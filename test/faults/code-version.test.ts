// Fault injection: the SGD step's update line changed (η × 3) with no version string touched must
// make entries keyed on the derived code version miss; a comment edit must not.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cached } from "../../src/store/cache";
import { codeVersion, SRC_ROOT } from "../../src/store/code-version";

let work: string;
before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-cv-"));
  process.env.LATE_DECAY_DATA_DIR = path.join(work, "data");
});

/** The .ts file under src/ that contains `text` (the MLP step may move between folders). */
function fileContaining(text: string): string {
  const hits = (fs.readdirSync(SRC_ROOT, { recursive: true }) as string[]).filter(
    (f) => f.endsWith(".ts") && fs.readFileSync(path.join(SRC_ROOT, f), "utf8").includes(text),
  );
  assert.equal(hits.length, 1, `exactly one file holds ${text}: ${hits.join(", ")}`);
  return hits[0];
}

/** A copy of this checkout's src/ with `edit` applied to one file. */
function editedSrc(name: string, file: string, edit: (text: string) => string): string {
  const root = path.join(work, name);
  fs.cpSync(SRC_ROOT, root, { recursive: true });
  const f = path.join(root, file);
  const before = fs.readFileSync(f, "utf8"),
    after = edit(before);
  assert.notEqual(after, before, `the edit of ${file} applies`);
  fs.writeFileSync(f, after);
  return root;
}

const UPDATE = "tf.sub(pi, tf.mul(v[i], s.lr))";
const COMMENT = "v ← μv + (g + λθ)";

test("η × 3 in the MLP SGD step → a cache entry keyed on codeVersion('train/path') misses; a comment → hits", async () => {
  let computed = 0;
  const entry = (srcRoot: string) =>
    cached({
      kind: "fault-code-version",
      codeVersion: codeVersion("train/path", { srcRoot, tableFile: path.join(work, "no-table.json") }),
      config: { lr: 0.1 },
      compute: async (dir: string) => {
        computed++;
        fs.writeFileSync(path.join(dir, "x.json"), "{}");
      },
      load: () => computed,
    });
  const original = editedSrc("original", fileContaining(UPDATE), (t) => `${t}\n`);
  assert.equal((await entry(original)).hit, false);
  assert.equal((await entry(original)).hit, true);
  const lrTimes3 = editedSrc("lr-times-3", fileContaining(UPDATE), (t) =>
    t.replace(UPDATE, "tf.sub(pi, tf.mul(v[i], tf.mul(s.lr, 3)))"),
  );
  assert.equal((await entry(lrTimes3)).hit, false, "changed numbers' code → miss");
  const comment = editedSrc("comment", fileContaining(UPDATE), (t) =>
    t.replace(COMMENT, "v ← μ·v + (g + λ·θ), as torch.optim.SGD"),
  );
  assert.equal((await entry(comment)).hit, true, "comment only → hit");
  assert.equal(computed, 2);
});

test("the late-decay family's unit keys: η × 3 in train/path (which its units module imports) changes every path entry's code version", async () => {
  const { lateDecayUnits, LATE_DECAY_CODE_VERSION, lateDecayCodeVersion } =
    await import("../../src/experiments/late-decay/units");
  const { lateDecayConfig } = await import("../../src/experiments/late-decay/config");
  const c = lateDecayConfig("smoke");
  const noTable = path.join(work, "no-table.json");
  const versions = (srcRoot: string) =>
    lateDecayUnits(c, "cpu", { codeVersion: { srcRoot, tableFile: noTable } }).map((u) => u.entry.codeVersion);
  const original = versions(editedSrc("ld-original", fileContaining(UPDATE), (t) => `${t}\n`));
  const lrTimes3 = versions(
    editedSrc("ld-lr-times-3", fileContaining(UPDATE), (t) =>
      t.replace(UPDATE, "tf.sub(pi, tf.mul(v[i], tf.mul(s.lr, 3)))"),
    ),
  );
  assert.equal(original.length, c.seeds.length * (1 + c.decayEpochs.length));
  assert.equal(new Set(original).size, 1, "one code version for main paths and subpaths");
  assert.match(original[0], /^code-[0-9a-f]{16}$/);
  assert.equal(original[0], LATE_DECAY_CODE_VERSION, "an unchanged copy of src/ gives this checkout's version");
  assert.equal(lateDecayCodeVersion(), LATE_DECAY_CODE_VERSION);
  for (const v of lrTimes3) assert.notEqual(v, original[0], "changed SGD step → every path unit's key changes");
  assert.deepEqual(
    lateDecayUnits(c, "cpu").map((u) => u.entry.codeVersion),
    original,
    "the default keys use this checkout's version",
  );
});
