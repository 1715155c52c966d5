// scripts/lib/paths.mjs mirrors the library's paths for the plain-node scripts: both sides must agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as scripts from "../../scripts/lib/paths.mjs";
import { REPO_ROOT, dataDir } from "../../src/store/paths";
import { DEBIAN_FASHION_MNIST_DIR } from "../../src/data/sources";

test("scripts/lib/paths.mjs and the library agree on the checkout, the data directory and Debian's Fashion-MNIST folder", () => {
  assert.equal(scripts.REPO_ROOT, REPO_ROOT);
  assert.equal(scripts.DEBIAN_FASHION_MNIST_DIR, DEBIAN_FASHION_MNIST_DIR);
  const before = process.env.LATE_DECAY_DATA_DIR;
  try {
    delete process.env.LATE_DECAY_DATA_DIR;
    assert.equal(scripts.dataDir(), dataDir());
    process.env.LATE_DECAY_DATA_DIR = "/tmp/x/../elsewhere";
    assert.equal(scripts.dataDir(), dataDir());
    assert.equal(scripts.fashionMnistDir(), "/tmp/elsewhere/fashion-mnist");
  } finally {
    if (before === undefined) delete process.env.LATE_DECAY_DATA_DIR;
    else process.env.LATE_DECAY_DATA_DIR = before;
  }
});
