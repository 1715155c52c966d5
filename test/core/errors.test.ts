import { test } from "node:test";
import assert from "node:assert/strict";
import { checkInt, checkNumber, showValue, ConfigError } from "../../src/core/errors";

test("showValue prints NaN and ±Infinity as such, also inside arrays and objects", () => {
  assert.equal(showValue(NaN), "NaN");
  assert.equal(showValue(Infinity), "Infinity");
  assert.equal(showValue(-Infinity), "-Infinity");
  assert.equal(showValue(-0), "-0");
  assert.equal(showValue(0.1), "0.1");
  assert.equal(showValue("lr"), '"lr"');
  assert.equal(showValue(undefined), "undefined");
  assert.equal(showValue(null), "null");
  assert.equal(
    showValue({ lr: NaN, hidden: [100, Infinity, -Infinity] }),
    '{"lr":NaN,"hidden":[100,Infinity,-Infinity]}',
  );
});

test("checkNumber and checkInt name NaN and Infinity in their messages (not null)", () => {
  assert.throws(
    () => checkNumber("lr", NaN, 0),
    (e: Error) => e instanceof ConfigError && e.message === "lr must be a finite number in [0, Infinity], got NaN",
  );
  assert.throws(() => checkNumber("lr", -Infinity), /got -Infinity$/);
  assert.throws(() => checkInt("epochs", Infinity, 0), /epochs must be an integer in \[0, Infinity\], got Infinity$/);
});
