// Fault injection: bytes flipped in the middle of a cache file larger than 8 MiB (the size of a
// quick main path's params.f32) must make the entry a miss, in a fresh process as in this one.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cached, forgetVerifiedEntries, validEntry } from "../../src/store/cache";

beforeEach(() => {
  process.env.LATE_DECAY_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-cache-"));
});

const BYTES = 10 * 1024 * 1024; // 10 MiB > 8 MiB, the old hash-check limit

function bigSpec(counter: { n: number }) {
  return {
    kind: "fault-big",
    codeVersion: "v1",
    config: { what: "big params" },
    compute: async (dir: string) => {
      counter.n++;
      const a = new Float32Array(BYTES / 4);
      for (let i = 0; i < a.length; i++) a[i] = Math.fround(i * 1e-3);
      fs.writeFileSync(path.join(dir, "params.f32"), Buffer.from(a.buffer));
    },
    load: (dir: string) => new Float32Array(new Uint8Array(fs.readFileSync(path.join(dir, "params.f32"))).buffer),
  };
}

test("flipping 4 000 bytes (1 000 floats) in the middle of a 10 MiB params.f32 → recomputed, right values", async () => {
  const counter = { n: 0 };
  const first = await cached(bigSpec(counter));
  const file = path.join(first.dir, "params.f32");
  const fd = fs.openSync(file, "r+");
  const mid = BYTES / 2;
  const junk = Buffer.alloc(4000, 0x7f);
  fs.writeSync(fd, junk, 0, junk.length, mid);
  fs.closeSync(fd);
  assert.equal(fs.statSync(file).size, BYTES, "same size: a size check cannot see it");
  forgetVerifiedEntries(); // as a new process would
  assert.equal(validEntry(first.dir), null);
  const again = await cached(bigSpec(counter));
  assert.equal(again.hit, false, "recomputed, not a cache hit");
  assert.equal(counter.n, 2);
  assert.equal(again.value[mid / 4], Math.fround((mid / 4) * 1e-3));
});

test("the same flip without forgetting (same process, entry verified before) is also caught", async () => {
  const counter = { n: 0 };
  const first = await cached(bigSpec(counter));
  assert.ok(validEntry(first.dir));
  const file = path.join(first.dir, "params.f32");
  const fd = fs.openSync(file, "r+");
  fs.writeSync(fd, Buffer.from([1, 2, 3, 4]), 0, 4, BYTES / 2 + 8);
  fs.closeSync(fd);
  assert.equal((await cached(bigSpec(counter))).hit, false);
});
