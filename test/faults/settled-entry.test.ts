// Fault: two shards computing the same entry at once (test/experiments/landscape-shard.test.ts, seen failing once in CI):
// shard B found the entry missing, shard A then completed it, and B's removeDamaged moved A's complete folder aside to
// check it before moving it back, so A's runner, re-reading its own entry in that moment, reported "finished but its
// cache entry … is not readable". Now removeDamaged leaves a valid folder where it is, and the runner waits briefly
// (settledEntry) for an entry held aside by another process.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cached, settledEntry, validEntry } from "../../src/store/cache";

async function oneEntry(): Promise<string> {
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-settled-"));
  const r = await cached({
    kind: "settled-test",
    config: { x: 1 },
    codeVersion: "v1",
    compute: async (dir: string) => {
      fs.writeFileSync(path.join(dir, "values.json"), "[1,2,3]");
      return {};
    },
    load: async (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "values.json"), "utf8")),
  });
  return r.dir;
}

test("an entry held aside by another process for 150 ms is found once it is back; none at all gives null after the wait", async () => {
  const dir = await oneEntry();
  const aside = `${dir}.damaged-12345-abcd`;
  fs.renameSync(dir, aside);
  assert.equal(validEntry(dir), null, "missing while held aside");
  setTimeout(() => fs.renameSync(aside, dir), 150);
  const t0 = Date.now();
  const manifest = await settledEntry(dir, 2000);
  assert.ok(manifest, "found after it came back");
  assert.ok(Date.now() - t0 >= 100, "it waited for it");
  fs.rmSync(dir, { recursive: true });
  const t1 = Date.now();
  assert.equal(await settledEntry(dir, 120), null);
  assert.ok(Date.now() - t1 >= 100, "null only after the wait");
});
