// Fault injection (issue 21): a killed Chromium of the static-figure step left playwright's
// /tmp/playwright_chromiumdev_profile-* folder behind. Chromium now runs on a profile folder the
// runner owns (late-decay-chromium-<pid>-*), removed when the step ends, also after Chromium was
// killed; folders of runners that are gone are removed at the next start.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { chromiumMissing, withChromiumProfile, PROFILE_PREFIX } from "../../scripts/notebooks/browser.mjs";

/** Pids of processes whose command line holds `text` (Linux /proc). */
function pidsWith(text: string): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, "utf8").includes(text)) out.push(Number(name));
    } catch {
      /* the process ended */
    }
  }
  return out;
}

test(
  "Chromium killed inside the static-figure step: its profile folder (ours, named on its command line) is removed; a dead runner's folder too, a live one's kept",
  { skip: chromiumMissing() ?? false },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-chromium-"));
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid!;
    const dead = path.join(dir, `${PROFILE_PREFIX}${deadPid}-old`),
      live = path.join(dir, `${PROFILE_PREFIX}${process.ppid}-running`);
    fs.mkdirSync(dead);
    fs.mkdirSync(live);
    let profile = "",
      killed: number[] = [];
    await assert.rejects(
      withChromiumProfile(async (context) => {
        const page = await context.newPage();
        await page.setContent("<p>figure</p>");
        const ours = fs.readdirSync(dir).filter((n) => n.startsWith(`${PROFILE_PREFIX}${process.pid}-`));
        assert.equal(ours.length, 1, `one profile folder of this runner: ${ours}`);
        profile = path.join(dir, ours[0]);
        assert.ok(fs.readdirSync(profile).length > 0, "Chromium writes its profile there");
        killed = pidsWith(`--user-data-dir=${profile}`);
        assert.ok(killed.length >= 1, "Chromium runs on that profile folder");
        for (const pid of killed) process.kill(pid, "SIGKILL");
        await page.evaluate(() => 1); // Chromium is gone: this fails, as the step would
      }, dir),
    );
    assert.ok(profile !== "" && !fs.existsSync(profile), `${profile} removed`);
    assert.ok(!fs.existsSync(dead), "a dead runner's folder is removed");
    assert.ok(fs.existsSync(live), "a running runner's folder is kept");
    // killed processes may stay zombies until reaped: running means a state other than Z
    const running = () =>
      killed.filter((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1][0] !== "Z";
        } catch {
          return false;
        }
      });
    for (let i = 0; i < 20 && running().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(running(), [], "no Chromium left running");
    fs.rmSync(dir, { recursive: true, force: true });
  },
);
