// The engine choice (src/env/engine.ts): LATE_DECAY_ENGINE forces one, an unknown or unavailable forced engine
// is an error naming it (never a silent fallback), the default falls back to tfjs with the reason when
// onnxruntime-node does not load, and the engine with its version is part of every cache key (computeId).
// Each case runs in a child process (the choice is made once per process); "does not load" is simulated by a
// preload that makes require("onnxruntime-node") throw, as on a platform without its binary (macOS x64).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.join(__dirname, "..", "..");
const platform = `${process.platform}-${process.arch}`;
const block = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ld-engine-")), "block-ort.cjs");
fs.writeFileSync(
  block,
  `const M = require("module"); const load = M._load;
M._load = function (req, ...rest) { if (req === "onnxruntime-node") throw new Error("no binary for this platform (simulated)"); return load.call(this, req, ...rest); };\n`,
);

function choose(
  env: Record<string, string | undefined>,
  blockOrt = false,
): { status: number | null; out: string; err: string } {
  const script = `require(${JSON.stringify(path.join(root, "src/env/backend.ts"))}).initBackend()
    .then((i) => console.log(JSON.stringify({ engine: i.engine, version: i.engineVersion, reason: i.engineReason, computeId: i.computeId })))
    .catch((e) => { console.error(e.name + ": " + e.message); process.exit(3); });`;
  const r = spawnSync(process.execPath, ["--import", "tsx", ...(blockOrt ? ["--require", block] : []), "-e", script], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, LATE_DECAY_ENGINE: undefined, ...env },
  });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

test("default: onnx where onnxruntime-node loads; its version joins the cache identity", () => {
  const r = choose({});
  assert.equal(r.status, 0, r.err);
  const info = JSON.parse(r.out);
  const version = JSON.parse(
    fs.readFileSync(path.join(root, "node_modules/onnxruntime-node/package.json"), "utf8"),
  ).version;
  assert.deepEqual(
    { ...info, computeId: undefined },
    { engine: "onnx", version: `onnxruntime-node ${version}`, reason: "first available", computeId: undefined },
  );
  assert.ok(
    [`onnx onnxruntime-node ${version} + wasm`, `onnx onnxruntime-node ${version} + tensorflow`].includes(
      info.computeId,
    ),
    info.computeId,
  );
});

test("LATE_DECAY_ENGINE=tfjs forces tfjs; its cache identity names tfjs-core's version", () => {
  const r = choose({ LATE_DECAY_ENGINE: "tfjs" });
  assert.equal(r.status, 0, r.err);
  const info = JSON.parse(r.out);
  assert.equal(info.engine, "tfjs");
  assert.equal(info.reason, "forced by LATE_DECAY_ENGINE");
  assert.match(info.computeId, /^tfjs @tensorflow\/tfjs-core 4\.\d+\.\d+ \+ (wasm|tensorflow)$/);
});

test("an unknown LATE_DECAY_ENGINE is an error naming the value", () => {
  const r = choose({ LATE_DECAY_ENGINE: "torch" });
  assert.equal(r.status, 3);
  assert.match(r.err, /ConfigError: LATE_DECAY_ENGINE="torch" is not one of onnx, tfjs/);
});

test("a forced engine that does not load is an error naming it and why, never a fallback", () => {
  const r = choose({ LATE_DECAY_ENGINE: "onnx" }, true);
  assert.equal(r.status, 3, r.out);
  assert.match(
    r.err,
    /ConfigError: LATE_DECAY_ENGINE="onnx" is not available on this machine: onnxruntime-node does not load on \S+: no binary for this platform \(simulated\)/,
  );
  assert.ok(r.err.includes(platform), `the platform ${platform} is named`);
});

test("unforced, where onnxruntime-node does not load: tfjs, with the reason in the banner's fields", () => {
  const r = choose({}, true);
  assert.equal(r.status, 0, r.err);
  const info = JSON.parse(r.out);
  assert.equal(info.engine, "tfjs");
  assert.match(
    info.reason,
    /^onnx not available \(onnxruntime-node does not load on \S+: no binary for this platform \(simulated\)\)$/,
  );
});
