import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/rng";
import { makeLayout } from "../../src/params/layout";
import { filterNormalizedDirection, filterNorms, randomDirectionsSurface } from "../../src/analysis/directions";

const layout = makeLayout([
  { name: "conv0/kernel", shape: [2, 2, 2, 3], kind: "kernel" }, // [kh, kw, cin, cout]
  { name: "conv0/bias", shape: [3], kind: "bias" },
  { name: "dense0/kernel", shape: [12, 4], kind: "kernel" }, // [in, out]
  { name: "dense0/bias", shape: [4], kind: "bias" },
]);

function params(seed: number): Float32Array {
  const p = new Rng(seed).fillNormal(new Float32Array(layout.size));
  for (let e = 0; e < 12; e++) p[24 + 3 + e * 4 + 1] *= 10; // dense unit 1 gets a larger filter norm
  return p;
}

/** Filter f of a kernel by explicit multi-index: all entries whose last index is f (row-major storage). */
function filterEntries(shape: number[], offset: number, f: number): number[] {
  const out = shape[shape.length - 1],
    rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return Array.from({ length: rows }, (_, r) => offset + r * out + f);
}

const norm = (v: Float32Array, idx: number[]) => Math.sqrt(idx.reduce((s, i) => s + v[i] * v[i], 0));

test("filterNormalizedDirection: each filter has the norm of the parameters' filter and keeps its direction; biases 0", () => {
  const theta = params(1);
  const d = filterNormalizedDirection(layout, theta, new Rng(7));
  const gauss = new Rng(7).fillNormal(new Float32Array(layout.size)); // the raw draw it rescales
  for (const e of layout.entries) {
    if (e.kind === "bias") {
      assert.deepEqual(Array.from(d.subarray(e.offset, e.offset + e.size)), new Array(e.size).fill(0), e.name);
      continue;
    }
    for (let f = 0; f < e.shape[e.shape.length - 1]; f++) {
      const idx = filterEntries(e.shape, e.offset, f);
      const want = norm(theta, idx),
        got = norm(d, idx);
      assert.ok(Math.abs(got - want) < 1e-5 * want, `${e.name} filter ${f}: ${got} vs ${want}`);
      const scale = want / norm(gauss, idx); // d_f = (‖θ_f‖ / ‖g_f‖) g_f
      for (const i of idx) assert.ok(Math.abs(d[i] - scale * gauss[i]) < 1e-5 * Math.abs(scale), `${e.name}[${i}]`);
    }
  }
  const dense = layout.entries[2];
  assert.ok(
    norm(d, filterEntries(dense.shape, dense.offset, 1)) > 5 * norm(d, filterEntries(dense.shape, dense.offset, 0)),
  );
});

test("filterNorms groups entries by the last axis", () => {
  const e = makeLayout([{ name: "k", shape: [2, 3], kind: "kernel" }]).entries[0];
  // [[1, 2, 3], [4, 5, 6]]: columns (1, 4), (2, 5), (3, 6)
  assert.deepEqual(Array.from(filterNorms(e, new Float32Array([1, 2, 3, 4, 5, 6]))), [
    Math.sqrt(17),
    Math.sqrt(29),
    Math.sqrt(45),
  ]);
});

test("filterNormalizedDirection is deterministic for a seed and differs across seeds", () => {
  const theta = params(2);
  const a = filterNormalizedDirection(layout, theta, new Rng(3));
  assert.deepEqual(a, filterNormalizedDirection(layout, theta, new Rng(3)));
  const b = filterNormalizedDirection(layout, theta, new Rng(4));
  assert.ok(a.some((x, i) => x !== b[i]));
});

test("randomDirectionsSurface: center = params, d1 and d2 are the first two draws of the generator", () => {
  const theta = params(3);
  const s = randomDirectionsSurface(layout, theta, new Rng(9));
  const rng = new Rng(9);
  assert.equal(s.kind, "flat");
  assert.equal(s.center, theta);
  assert.deepEqual(s.pc1, filterNormalizedDirection(layout, theta, rng));
  assert.deepEqual(s.pc2, filterNormalizedDirection(layout, theta, rng));
  assert.ok(s.pc1.some((x, i) => x !== s.pc2[i]));
});

test("filterNormalizedDirection: a zero filter stays zero; wrong params length is named", () => {
  const theta = params(4);
  theta.fill(0, 0, 24); // whole conv kernel zero
  const d = filterNormalizedDirection(layout, theta, new Rng(1));
  assert.ok(d.subarray(0, 24).every((x) => x === 0));
  assert.throws(
    () => filterNormalizedDirection(layout, new Float32Array(5), new Rng(1)),
    /params has length 5, layout expects P = 79/,
  );
});
