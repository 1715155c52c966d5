// Notebooks 01–03 with a convnet (profile smoke-cnn) on CIFAR-10 files generated in the exact
// binary format, through the real tslab kernel; and the quick-cnn fallback when the files are absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/start/bootstrap.mjs";
import { joined, noJupyter, type Output } from "./executed";
import { runNotebooks } from "../../scripts/notebooks/reproduce.mjs";
import { writeCifar10Fixture } from "../fixtures/cifar10-fixture";
import { profileWithFallback } from "../../src/experiments/late-decay/config";

test("quick-cnn falls back to the MLP profile and names the fetch command when CIFAR-10 is absent; paper refuses", () => {
  process.env.LATE_DECAY_DATA_DIR = mkdtempSync(join(tmpdir(), "ld-nocifar-"));
  const used = profileWithFallback("quick-cnn");
  assert.equal(used.profile, "quick");
  assert.match(
    used.label,
    /cifar10 files not found in .*cifar-10-batches-bin .*node scripts\/fetch-datasets\.mjs cifar10/,
  );
  assert.throws(() => profileWithFallback("paper"), /profile "paper": cifar10 files not found/);
  assert.deepEqual(profileWithFallback("quick"), { profile: "quick", label: "quick" });
});

test(
  "notebooks 01–03 run a convnet under smoke-cnn on generated CIFAR-10 files, with no error output",
  { skip: noJupyter },
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ld-cifar-"));
    writeCifar10Fixture(dataDir);
    process.env.LATE_DECAY_DATA_DIR = dataDir;
    const nbs = ["01-late-decay", "02-landscape-pca", "03-trajectory-3d"].map((n) =>
      join(REPO_ROOT, `notebooks/${n}.ipynb`),
    );
    const runs = await runNotebooks({
      notebooks: nbs,
      params: { profile: "smoke-cnn" },
      outDir: join(REPO_ROOT, "out/test-artifacts/cnn"),
      quiet: true,
      html: false,
    });
    for (const run of runs) {
      assert.ok(run.ok, run.error);
      const nb = JSON.parse(readFileSync(run.executed, "utf8")) as { cells: { outputs?: Output[] }[] };
      const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
      assert.deepEqual(
        outputs.filter((o) => o.output_type === "error"),
        [],
        run.name,
      );
      const html = outputs.map((o) => joined(o.data?.["text/html"]));
      assert.ok(
        html.some((h) => h.includes('class="late-decay-figure"')),
        `${run.name} shows a figure`,
      );
      if (run.name === "01-late-decay") {
        assert.ok(
          html.some((h) => /VGG 32×32×3 → 4-M-8-M/.test(h)),
          "the config table names the convnet",
        );
        assert.ok(
          html.some((h) => /data set<\/td><td>CIFAR-10 \(/.test(h) && /4 per class from the train split/.test(h)),
          "and the data set with its subset size",
        );
      }
    }
  },
);
