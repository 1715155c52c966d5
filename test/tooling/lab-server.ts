// Shared by the browser tests (classic Notebook and JupyterLab): start `node scripts/notebooks/lab.mjs` as
// `npm run lab` does, on a free port with a known token, and stop it with its kernels.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/start/bootstrap.mjs";

export interface LabServer {
  /** e.g. http://127.0.0.1:21234 */
  base: string;
  token: string;
  /** everything lab.mjs and Jupyter wrote on stderr so far */
  log: () => string;
  stop: () => Promise<void>;
  /** the lab.mjs process (`npm run lab`) */
  process: ChildProcess;
}

/**
 * Starts `node scripts/notebooks/lab.mjs <args> --no-browser --port=P --port-retries=50` and resolves once it prints its URL.
 * @param args lab.mjs's own flags (--classic, --project-app) and Jupyter options (token, password)
 * @param opts.env extra environment of the server (its kernels inherit it)
 * @param opts.startS how long to wait for the URL (the project's JupyterLab may install and build first)
 */
export function startLabServer(
  args: string[],
  token: string,
  opts: { env?: Record<string, string>; startS?: number } = {},
): Promise<LabServer> {
  const port = 20000 + (process.pid % 20000);
  const server: ChildProcess = spawn(
    process.execPath,
    [join(REPO_ROOT, "scripts/notebooks/lab.mjs"), ...args, "--no-browser", `--port=${port}`, "--port-retries=50"],
    { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...opts.env } },
  );
  let log = "";
  server.stderr?.on("data", (d) => {
    log += d;
  });
  const startS = opts.startS ?? 120;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`lab.mjs did not print its URL in ${startS} s:\n${log.slice(-3000)}`)),
      startS * 1000,
    );
    const onData = () => {
      const m = /\[lab\] open (http:\/\/[^/\s]+)\//.exec(log);
      if (!m) return;
      clearTimeout(timer);
      server.stderr?.off("data", onData);
      const base = m[1].replace("localhost", "127.0.0.1");
      resolve({ base, token, log: () => log, stop: () => stopLabServer(server, base, token), process: server });
    };
    server.stderr?.on("data", onData);
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`lab.mjs exited with ${code}:\n${log.slice(-3000)}`));
    });
  });
}

/**
 * Stops what a test started: the kernels (through the server's REST API: kernels run in their own process
 * groups and would outlive a killed server, holding its stderr pipe open), then lab.mjs, which passes SIGTERM
 * on to the server; the whole group is killed if it is still there after 30 s.
 */
async function stopLabServer(server: ChildProcess, base: string, token: string): Promise<void> {
  const api = (path: string, init?: RequestInit) => fetch(`${base}/api/${path}?token=${token}`, init);
  try {
    const kernels = (await (await api("kernels")).json()) as { id: string }[];
    await Promise.all(kernels.map((k) => api(`kernels/${k.id}`, { method: "DELETE" })));
  } catch {
    /* server already gone */
  }
  if (!server.pid || server.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  const timer = setTimeout(() => {
    try {
      process.kill(-(server.pid as number), "SIGKILL");
    } catch {
      /* gone */
    }
  }, 30_000);
  await exited;
  clearTimeout(timer);
}
