/**
 * Ctrl-C twice on `npm run lab` (the project's JupyterLab app on Debian's jupyter-server 1.23): the server
 * shuts its kernels down and `npm run lab` returns. The second Ctrl-C raises KeyboardInterrupt out of
 * jupyter-server's loop past its own cleanup (lab-app/main.py cleans up after it), and a kernel holding the
 * server's stderr open kept lab.mjs waiting (it now exits on the server's exit).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findJupyterPython } from "../../scripts/start/bootstrap.mjs";
import { ensureLabApp, labServerMissing } from "../../scripts/notebooks/lab-app.mjs";
import { startLabServer } from "./lab-server";

const TOKEN = "late-decay-interrupt-test";
const python = findJupyterPython();
const missing = !python ? "no Python with Jupyter (run `node scripts/start/bootstrap.mjs`)" : labServerMissing(python);
// outside CI a missing Jupyter or lab server skips, saying why; in CI nothing is skipped
const skip = !process.env.CI && missing ? `lab interrupt test skipped: ${missing}` : false;
if (skip) console.error(`[lab-interrupt] SKIPPED: ${skip}`);

/** Pids of processes whose command line contains `text` (pgrep -f). */
const pids = (text: string): number[] => {
  try {
    return execFileSync("pgrep", ["-f", text], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("Ctrl-C twice: the kernels are shut down and npm run lab returns", { skip }, async () => {
  if (missing) assert.fail(missing);
  ensureLabApp({ log: (m) => console.error(`[lab-interrupt] ${m}`) });
  const lab = await startLabServer(["--project-app", `--ServerApp.token=${TOKEN}`, "--ServerApp.password="], TOKEN, {
    env: { LATE_DECAY_LAB_STATE: mkdtempSync(join(tmpdir(), "ld-lab-state-")) },
    startS: 300,
  });
  let kernelPid = 0;
  try {
    const r = await fetch(`${lab.base}/api/kernels?token=${TOKEN}`, {
      method: "POST",
      body: JSON.stringify({ name: "tslab" }),
    });
    const { id } = (await r.json()) as { id: string };
    for (let i = 0; i < 100 && !kernelPid; i++) {
      [kernelPid = 0] = pids(`kernel-${id}`);
      if (!kernelPid) await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(kernelPid > 0, "the kernel process started");
    const port = new URL(lab.base).port;
    const [server] = pids(`lab-app/main.py.*--port=${port}`);
    assert.ok(server > 0, "the Jupyter server process");
    const exited = new Promise<number | null>((res) => lab.process.once("exit", (code) => res(code)));
    process.kill(server, "SIGINT");
    await new Promise((res) => setTimeout(res, 500));
    if (alive(server)) process.kill(server, "SIGINT");
    const code = await Promise.race([
      exited,
      new Promise<string>((res) => setTimeout(() => res("still running after 20 s"), 20_000)),
    ]);
    assert.notEqual(code, "still running after 20 s", `npm run lab did not return:\n${lab.log().slice(-2000)}`);
    for (let i = 0; i < 50 && alive(kernelPid); i++) await new Promise((res) => setTimeout(res, 100));
    assert.equal(alive(kernelPid), false, `the kernel outlived the server:\n${lab.log().slice(-2000)}`);
    assert.match(lab.log(), /Shutting down 1 kernel/);
  } finally {
    if (kernelPid && alive(kernelPid)) process.kill(kernelPid, "SIGKILL");
    await lab.stop();
  }
});
