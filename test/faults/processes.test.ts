// Fault injection on processes: kill -9 of `npm run reproduce`'s process group must leave none of
// its processes (nbexec.py, the tslab kernel) running; SIGTERM and SIGINT to `npm run shard` must
// reach the shard, which stops within a step and leaves no process behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, ChildProcess } from "node:child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findJupyterPython, REPO_ROOT } from "../../scripts/start/bootstrap.mjs";

const noJupyter =
  !process.env.CI && findJupyterPython() === null ? "no Python with nbclient/nbconvert/jupyter_client" : false;
const LONG_CELL = path.join(REPO_ROOT, "test/fixtures/notebooks/long-cell.ipynb");

/** Live (not zombie) process ids under `root`, root included, with their command lines. */
function descendants(root: number): Map<number, string> {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      /* gone meanwhile */
    }
  }
  const out = new Map<number, string>();
  const visit = (pid: number) => {
    const cmd = cmdline(pid);
    if (cmd !== null) out.set(pid, cmd);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return out;
}

/** The command line of a live process, or null when it is gone or a zombie. */
function cmdline(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return null;
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return null;
  }
}

async function until<T>(what: string, timeoutS: number, probe: () => T | null | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutS} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const alive = (pids: number[]) => pids.filter((p) => cmdline(p) !== null);
const killGroup = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    /* gone */
  }
};

test(
  "kill -9 of npm run reproduce's process group: nbexec.py and the tslab kernel die too",
  { skip: noJupyter },
  async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-repro-"));
    const npm = spawn("npm", ["run", "--silent", "reproduce", "--", LONG_CELL, "--no-html", "--out", out], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: "ignore",
    });
    const seen = new Map<number, string>();
    try {
      await until("the tslab kernel to start", 180, () => {
        for (const [pid, cmd] of descendants(npm.pid!)) seen.set(pid, cmd);
        return (
          [...seen.values()].some((c) => /tslab.* kernel/.test(c)) &&
          [...seen.values()].some((c) => c.includes("nbexec.py"))
        );
      });
      await new Promise((r) => setTimeout(r, 1000)); // let the long cell start
      for (const [pid, cmd] of descendants(npm.pid!)) seen.set(pid, cmd);
    } finally {
      killGroup(npm); // what kill -9 of the terminal's process group does
    }
    const pids = [...seen.keys()];
    const left = await until("every process of the run to end", 15, () => (alive(pids).length === 0 ? [] : null)).catch(
      () => alive(pids),
    );
    for (const p of left)
      try {
        process.kill(p, "SIGKILL");
      } catch {
        /* gone */
      }
    assert.deepEqual(
      left.map((p) => seen.get(p)),
      [],
      `processes left running: ${left.map((p) => `${p} ${seen.get(p)}`).join("; ")}`,
    );
    assert.ok(pids.length >= 4, `npm, node, nbexec.py, kernel seen: ${[...seen.values()].join("; ")}`);
  },
);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`${signal} to npm run shard reaches the shard: it stops within a step, no process left`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ld-fault-shard-"));
    const npm = spawn(
      "npm",
      [
        "run",
        "--silent",
        "shard",
        "--",
        "01",
        "--profile",
        "quick",
        "--shard",
        "0/1",
        "--only",
        "main",
        "--data-dir",
        dataDir,
      ],
      { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    npm.stderr!.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => npm.on("close", (code) => r(code)));
    const mainDir = path.join(dataDir, "cache", "late-decay-main");
    let pids: number[] = [];
    try {
      await until(
        "the shard to start training a main path",
        240,
        () =>
          fs.existsSync(mainDir) && fs.readdirSync(mainDir).some((n) => n.includes(".tmp-") || n.endsWith(".partial")),
      );
      pids = [...descendants(npm.pid!).keys()];
      const worker = [...descendants(npm.pid!)].find(([, c]) => c.includes("shard-launch.mjs"));
      assert.ok(worker, `the shard's node process: ${[...descendants(npm.pid!).values()].join("; ")}`);
      const sent = Date.now();
      process.kill(npm.pid!, signal); // to npm only, as a scheduler or a terminal's npm would get it
      await until("the shard process to exit", 20, () => cmdline(worker[0]) === null);
      const stopS = (Date.now() - sent) / 1000;
      const code = await exited;
      assert.match(stderr, new RegExp(`${signal}: stopping`), stderr);
      assert.match(stderr, new RegExp(`CancelledError: .*stopped by ${signal}`), stderr);
      assert.notEqual(code, 0);
      assert.ok(stopS < 10, `stopped ${stopS.toFixed(1)} s after ${signal}`);
      assert.deepEqual(alive(pids), [], "no process of the shard left");
    } finally {
      killGroup(npm);
    }
  });
}
