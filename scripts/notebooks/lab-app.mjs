// The project's JupyterLab 4 (lab-app/): @jupyterlab/* packages from the npm registry, built with rspack
// (after JupyterLab's examples/app, tag v4.6.3), served by lab-app/main.py, a jupyterlab_server.LabServerApp
// on Debian's python3-jupyter-server and python3-jupyterlab-server. lab-app/ has its own package.json and
// package-lock.json, so the project's `npm ci` stays lean: it is installed (`npm ci`) and built on first use,
// by `npm run lab` and by the browser tests, and again whenever its lockfile or sources change (stamps).
//
// API: labServerMissing(python) → reason | null;  ensureLabApp({log}) → {dir, buildDir, version, installedMs, builtMs}
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAB_SERVER_APT, REPO_ROOT } from "../start/bootstrap.mjs";

export const LAB_APP_DIR = join(REPO_ROOT, "lab-app");
export const LAB_BUILD_DIR = join(LAB_APP_DIR, "build");
export { LAB_SERVER_APT };
/** The files whose content decides whether build/ is current. */
const BUILD_INPUTS = ["package-lock.json", "index.js", "rspack.config.js"];

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

/**
 * Why `python` cannot serve the project's JupyterLab (a sentence naming what to install), or null when it can.
 * @param {string} python interpreter (bootstrap's Jupyter Python)
 */
export function labServerMissing(python) {
  const r = spawnSync(python, ["-c", "import jupyter_server, jupyterlab_server"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.status === 0) return null;
  return (
    `${python} does not import jupyter_server and jupyterlab_server ` +
    `(Debian/Ubuntu: sudo apt-get install ${LAB_SERVER_APT.join(" ")}; npm run bootstrap does this as root; ` +
    "elsewhere: python3 -m pip install --user jupyterlab)"
  );
}

/** Versions of the server side, e.g. "jupyter_server 1.23.3 + jupyterlab_server 2.16.5 (/usr/lib/python3/dist-packages)". */
export function labServerVersions(python) {
  const r = spawnSync(
    python,
    [
      "-c",
      "import os, jupyter_server as s, jupyterlab_server as l; print(f'jupyter_server {s.__version__} + jupyterlab_server {l.__version__} ({os.path.dirname(os.path.dirname(s.__file__))})')",
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  return r.status === 0 ? r.stdout.trim() : "unknown server versions";
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, {
    cwd: LAB_APP_DIR,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_yes: "true" },
  });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(
      `lab-app: ${what} failed (${cmd} ${args.join(" ")} in ${LAB_APP_DIR}, exit ${r.status ?? r.signal}):\n${tail}`,
    );
  }
}

/**
 * Installs (`npm ci`) and builds (`npm run build`, rspack) lab-app/ when its lockfile or sources changed
 * since the last time; each step is skipped when its stamp matches (about 0.1 s).
 * @param {{log?: (msg: string) => void}} [opts]
 * @returns {{dir: string, buildDir: string, version: string, installedMs: number|null, builtMs: number|null}}
 *   version: @jupyterlab/application's; installedMs/builtMs: how long each step took, null when skipped
 * @throws Error with npm's last lines when the install or the build fails (e.g. no npm registry)
 */
export function ensureLabApp({ log = () => {} } = {}) {
  const lock = readFileSync(join(LAB_APP_DIR, "package-lock.json"), "utf8");
  const installStamp = join(LAB_APP_DIR, "node_modules", ".lab-app-lock-sha256");
  let installedMs = null;
  if (!existsSync(installStamp) || readFileSync(installStamp, "utf8") !== sha256(lock)) {
    log("installing the project's JupyterLab: npm ci in lab-app/ (first use: about 500 MB from the npm registry)");
    const started = Date.now();
    run("npm", ["ci", "--no-audit", "--no-fund"], "npm ci");
    writeFileSync(installStamp, sha256(lock));
    installedMs = Date.now() - started;
  }
  const inputs = sha256(BUILD_INPUTS.map((f) => readFileSync(join(LAB_APP_DIR, f), "utf8")).join("\0"));
  const buildStamp = join(LAB_BUILD_DIR, ".lab-app-build-sha256");
  let builtMs = null;
  if (
    !existsSync(buildStamp) ||
    readFileSync(buildStamp, "utf8") !== inputs ||
    !existsSync(join(LAB_BUILD_DIR, "bundle.js"))
  ) {
    log("building the project's JupyterLab: npm run build in lab-app/ (rspack)");
    const started = Date.now();
    run("npm", ["run", "build"], "npm run build");
    mkdirSync(LAB_BUILD_DIR, { recursive: true });
    writeFileSync(buildStamp, inputs);
    builtMs = Date.now() - started;
  }
  const version = JSON.parse(
    readFileSync(join(LAB_APP_DIR, "node_modules/@jupyterlab/application/package.json"), "utf8"),
  ).version;
  return { dir: LAB_APP_DIR, buildDir: LAB_BUILD_DIR, version, installedMs, builtMs };
}
