import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cached, entryDir, validEntry, entryContentHash, forgetVerifiedEntries } from "../../src/store/cache";

beforeEach(() => {
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-cache-"));
});

function spec(config: unknown, codeVersion = "v1", counter = { n: 0 }) {
  return {
    kind: "unit",
    codeVersion,
    config,
    compute: async (dir: string) => {
      counter.n++;
      fs.writeFileSync(path.join(dir, "values.json"), JSON.stringify({ config, run: counter.n }));
      fs.writeFileSync(path.join(dir, "blob.bin"), Buffer.alloc(1000, 7));
    },
    load: (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "values.json"), "utf8")) as { run: number },
  };
}

test("same config → hit (no recompute); key order does not matter", async () => {
  const counter = { n: 0 };
  const a = await cached(spec({ lr: 0.1, seeds: [0, 1] }, "v1", counter));
  const b = await cached(spec({ seeds: [0, 1], lr: 0.1 }, "v1", counter));
  assert.equal(a.hit, false);
  assert.equal(b.hit, true);
  assert.equal(counter.n, 1);
  assert.equal(b.value.run, 1);
});

test("any config change or code version change → miss", async () => {
  const counter = { n: 0 };
  await cached(spec({ lr: 0.1 }, "v1", counter));
  assert.equal((await cached(spec({ lr: 0.2 }, "v1", counter))).hit, false);
  assert.equal((await cached(spec({ lr: 0.1, extra: 1 }, "v1", counter))).hit, false);
  assert.equal((await cached(spec({ lr: 0.1 }, "v2", counter))).hit, false);
  assert.equal(counter.n, 4);
});

test("a truncated file is detected and the entry recomputed", async () => {
  const counter = { n: 0 };
  const first = await cached(spec({ lr: 0.1 }, "v1", counter));
  fs.truncateSync(path.join(first.dir, "blob.bin"), 500);
  assert.equal(validEntry(first.dir), null);
  const again = await cached(spec({ lr: 0.1 }, "v1", counter));
  assert.equal(again.hit, false);
  assert.equal(again.value.run, 2);
  assert.equal(fs.statSync(path.join(again.dir, "blob.bin")).size, 1000);
});

test("an altered small file (same size) is detected by its hash", async () => {
  const counter = { n: 0 };
  const first = await cached(spec({ lr: 0.3 }, "v1", counter));
  const f = path.join(first.dir, "values.json");
  const text = fs.readFileSync(f, "utf8");
  fs.writeFileSync(f, text.replace('"run":1', '"run":9'));
  assert.equal(validEntry(first.dir), null);
});

test("an interrupted computation leaves no entry that looks complete", async () => {
  const s = spec({ lr: 0.5 });
  const failing = {
    ...s,
    compute: async (dir: string) => {
      fs.writeFileSync(path.join(dir, "values.json"), "{}");
      throw new Error("killed");
    },
  };
  await assert.rejects(cached(failing), /killed/);
  const dir = entryDir(s);
  assert.equal(fs.existsSync(dir), false);
  assert.deepEqual(fs.readdirSync(path.dirname(dir)), []);
});

test("a temporary folder left by a killed process is removed; one of a live process is kept", async () => {
  const s1 = spec({ lr: 0.7 });
  const dir = entryDir(s1);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const dead = `${dir}.tmp-999999999-abcd`,
    live = `${dir}.tmp-${process.ppid}-beef`;
  fs.mkdirSync(dead);
  fs.mkdirSync(live);
  await cached(s1);
  assert.equal(fs.existsSync(dead), false);
  assert.equal(fs.existsSync(live), true);
});

test("an entry another process completed while we computed is kept (not deleted and replaced) and loaded", async () => {
  const counter = { n: 0 };
  const s = spec({ lr: 0.8 }, "v1", counter);
  let theirs: { value: { run: number }; dir: string } | null = null;
  const outer = await cached({
    ...s,
    compute: async (dir: string) => {
      theirs = await cached(s); // "another process" finishes the same entry first (run 1)
      await s.compute(dir); // ours would be run 2
    },
  });
  assert.equal(theirs!.value.run, 1);
  assert.deepEqual([outer.hit, outer.value.run], [true, 1], "ours is discarded, theirs loaded");
  assert.equal((s.load(outer.dir) as { run: number }).run, 1, "their folder is still the entry");
  assert.equal(fs.readdirSync(path.dirname(outer.dir)).length, 1, "no temporary folder left");
});

test("a damaged entry is replaced; a damaged folder left aside by a killed process is removed", async () => {
  const s = spec({ lr: 0.9 });
  const first = await cached(s);
  fs.writeFileSync(path.join(first.dir, "blob.bin"), "cut");
  const dead = `${first.dir}.damaged-999999999-abcd`;
  fs.mkdirSync(dead);
  const again = await cached(s);
  assert.equal(again.hit, false);
  assert.ok(validEntry(again.dir));
  assert.deepEqual(fs.readdirSync(path.dirname(first.dir)), [path.basename(first.dir)]);
});

test("the manifest records the entry's content hash; cached() returns it; equal files give equal hashes", async () => {
  const a = await cached(spec({ lr: 1.1 }));
  const manifest = validEntry(a.dir)!;
  assert.match(a.contentHash, /^[0-9a-f]{64}$/);
  assert.equal(manifest.contentHash, a.contentHash);
  assert.equal(entryContentHash(manifest), a.contentHash);
  assert.equal((await cached(spec({ lr: 1.1 }))).contentHash, a.contentHash, "a hit gives the same hash");
  // same file bytes under another config → same content; different bytes → different content
  const same = {
    ...spec({ lr: 1.2 }),
    compute: async (dir: string) => {
      fs.copyFileSync(path.join(a.dir, "values.json"), path.join(dir, "values.json"));
      fs.copyFileSync(path.join(a.dir, "blob.bin"), path.join(dir, "blob.bin"));
    },
  };
  assert.equal((await cached(same)).contentHash, a.contentHash);
  assert.notEqual((await cached(spec({ lr: 1.3 }))).contentHash, a.contentHash);
  // a manifest written before contentHash existed: derived from the files' hashes
  assert.equal(entryContentHash({ files: manifest.files }), a.contentHash);
});

test("a file altered after this process verified the entry is hashed again (same size, same process)", async () => {
  const counter = { n: 0 };
  const first = await cached(spec({ lr: 1.4 }, "v1", counter));
  assert.ok(validEntry(first.dir));
  const blob = path.join(first.dir, "blob.bin");
  const bytes = fs.readFileSync(blob);
  bytes[500] ^= 0xff;
  fs.writeFileSync(blob, bytes);
  assert.equal(validEntry(first.dir), null);
  assert.equal((await cached(spec({ lr: 1.4 }, "v1", counter))).hit, false);
  assert.equal(counter.n, 2);
});

test("a manifest moved to another entry's folder (key ≠ hash of its config) is not loaded", async () => {
  const a = await cached(spec({ lr: 1.5 }));
  const b = await cached(spec({ lr: 1.6 }));
  fs.copyFileSync(path.join(a.dir, "manifest.json"), path.join(b.dir, "manifest.json"));
  forgetVerifiedEntries();
  assert.equal(validEntry(b.dir), null);
});
