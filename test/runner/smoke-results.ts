/**
 * The result files of every experiment family under the smoke profile, as sha256 hashes grouped by
 * cache kind and file name (`<kind>/<file>` → sorted hashes; cache keys and manifests left out, since
 * keys may change with the code version and manifests hold creation times and wall times). Used by
 * test/runner/numbers-do-not-move.test.ts and by hand (`node --import tsx test/runner/smoke-results.ts DIR`).
 */
import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";

/**
 * Runs the smoke profile of notebooks 01–06 into LATE_DECAY_DATA_DIR (set by the caller) and hashes the results.
 * @param opts.lateDecay overrides of the late-decay config of notebooks 01–03 (e.g. the pre-issue-11 data protocol)
 */
export async function smokeResultHashes(
  opts: { workers?: number; lateDecay?: import("../../src/toolkit").LateDecayOverrides } = {},
): Promise<Record<string, string[]>> {
  const ld = await import("../../src/toolkit");
  const workers = opts.workers;
  const config = ld.lateDecayConfig("smoke", opts.lateDecay);
  const runs = await ld.runLateDecay(config, { workers });
  await ld.runWeightDecaySweep(config, ld.WEIGHT_DECAY_SWEEPS.smoke, { workers });
  ld.exportCsv(runs, ld.resultsDir("01-late-decay", "smoke"));
  await ld.trajectoryPcaRun(ld.landscapeConfig("smoke", { lateDecay: opts.lateDecay }));
  await ld.landscapeRun(ld.landscapeConfig("smoke", { lateDecay: opts.lateDecay }), { workers });
  await ld.runLandscapeModel(ld.landscapeModelConfig("smoke"), { workers });
  await ld.runPhaseCurves(ld.phasesConfig("smoke"), { workers });
  await ld.runDecaySweep(ld.phasesConfig("smoke"), { workers });
  await ld.runAblations(ld.ablationConfig("smoke"), { workers });
  return resultHashes(ld.dataDir());
}

/** `<kind>/<file>` → sorted sha256 of every result file under `<dataDir>/cache` and `<dataDir>/results`. */
export function resultHashes(dataDir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (group: string, file: string) => {
    const h = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    (out[group] ??= []).push(h);
  };
  const cache = path.join(dataDir, "cache");
  for (const kind of fs.existsSync(cache) ? fs.readdirSync(cache).sort() : []) {
    for (const key of fs.readdirSync(path.join(cache, kind))) {
      for (const name of fs.readdirSync(path.join(cache, kind, key))) {
        if (name !== "manifest.json") add(`${kind}/${name}`, path.join(cache, kind, key, name));
      }
    }
  }
  const results = path.join(dataDir, "results");
  const walk = (dir: string, rel: string): void => {
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p, `${rel}/${name}`);
      else add(`results${rel}/${name}`, p);
    }
  };
  walk(results, "");
  for (const k of Object.keys(out)) out[k].sort();
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: smoke-results.ts <data dir> [workers]");
  process.env.LATE_DECAY_DATA_DIR = path.resolve(dir);
  const workers = process.argv[3] ? Number(process.argv[3]) : undefined;
  smokeResultHashes({ workers }).then((h) => console.log(JSON.stringify(h, null, 1)));
}
