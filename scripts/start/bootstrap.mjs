#!/usr/bin/env node
// Idempotent machine setup (plain Node, no dependencies: runs before `npm install`).
//   1. npm install      if node_modules is missing or package-lock.json changed
//   2. npm run build    if any src/ file (or tsconfig.json) is newer than the last build
//   3. Jupyter          find a Python that imports nbclient, nbconvert, jupyter_client;
//                       else apt-get (root on Debian) or pip --user (if PyPI is reachable)
//   4. tslab kernelspec project-local, in <repo>/.jupyter/share/jupyter/kernels/{tslab,jslab}
//   5. Fashion-MNIST    Debian's dataset-fashion-mnist (apt-get, root on Debian) unless present;
//                       optional: elsewhere a note says how to get it (scripts/fetch-datasets.mjs)
//   6. Chromium         /usr/bin/chromium (or $CHROMIUM) for the static figures and the browser tests;
//                       apt-get install chromium as root on Debian, else a note saying how (not fatal)
//   7. JupyterLab server jupyter_server + jupyterlab_server for the project's JupyterLab (lab-app/, `npm run lab`):
//                       apt-get install python3-jupyter-server python3-jupyterlab-server as root on Debian,
//                       else a note (not fatal: `npm run lab` then opens the classic Notebook, saying why)
// Each step is skipped quickly when already done (stamps under node_modules/, dist/, .jupyter/).
//
// Environment:
//   JUPYTER_PYTHON=/path/python   Python to use for Jupyter (tried first)
//   LATE_DECAY_NO_APT=1           never run apt-get (fail with a message instead)
//
// Usage: node scripts/start/bootstrap.mjs [--quiet]
// API:   import { bootstrap } from "./bootstrap.mjs"; const env = await bootstrap({ quiet: true });
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

import { REPO_ROOT, DEBIAN_FASHION_MNIST_DIR, fashionMnistDir } from "../lib/paths.mjs";

export { REPO_ROOT };
const JUPYTER_MODULES = ["nbclient", "nbconvert", "jupyter_client"];
const APT_PACKAGES = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "jupyter-client"];
/** Debian's packages that serve the project's JupyterLab (lab-app/main.py, a jupyterlab_server.LabServerApp). */
export const LAB_SERVER_APT = ["python3-jupyter-server", "python3-jupyterlab-server"];

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: "utf8", ...opts });
}

function mustRun(cmd, args, opts, what) {
  const r = sh(cmd, args, { stdio: "inherit", ...opts });
  if (r.status !== 0)
    throw new Error(`bootstrap: ${what} failed (${cmd} ${args.join(" ")}, exit ${r.status ?? r.signal})`);
}

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** Step 1: `npm install` when node_modules is missing or package-lock.json changed since the last install. */
function ensureNodeModules(root, log) {
  const lock = join(root, "package-lock.json");
  const stamp = join(root, "node_modules", ".bootstrap-lock-sha256");
  const want = existsSync(lock) ? sha256(lock) : "no-lock";
  if (existsSync(join(root, "node_modules")) && existsSync(stamp) && readFileSync(stamp, "utf8") === want) return;
  // node_modules installed before this script existed: npm's own hidden lockfile being newer is enough.
  const hidden = join(root, "node_modules", ".package-lock.json");
  if (
    !existsSync(stamp) &&
    existsSync(hidden) &&
    existsSync(lock) &&
    statSync(hidden).mtimeMs >= statSync(lock).mtimeMs
  ) {
    writeFileSync(stamp, want);
    return;
  }
  log("npm install (node_modules missing or package-lock.json changed)");
  mustRun("npm", ["install", "--no-audit", "--no-fund"], { cwd: root }, "npm install");
  writeFileSync(stamp, existsSync(lock) ? sha256(lock) : "no-lock");
}

/** Step 2: `npm run build` when a src/ file or tsconfig.json is newer than the last successful build. */
function ensureBuild(root, log) {
  const stamp = join(root, "dist", ".bootstrap-build-stamp");
  const srcNewest = Math.max(newestMtime(join(root, "src")), statSync(join(root, "tsconfig.json")).mtimeMs);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= srcNewest) return;
  log("npm run build (src/ changed since the last build)");
  const started = Date.now();
  const r = sh("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) {
    // tsc still emits JS on type errors; report them, keep going, and retry the build next time.
    const firstErrors = `${r.stdout}${r.stderr}`.trim().split("\n").slice(0, 5).join("\n");
    if (!existsSync(join(root, "dist"))) throw new Error(`bootstrap: npm run build failed:\n${firstErrors}`);
    console.error(`[bootstrap] warning: npm run build reported errors (dist/ emitted anyway):\n${firstErrors}`);
    return;
  }
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, new Date(started).toISOString());
  // The stamp carries the build's start time, so an edit made during the build triggers the next one.
  utimesSync(stamp, started / 1000, started / 1000);
}

function hasJupyter(python) {
  if (!python) return false;
  const r = sh(python, ["-c", `import ${JUPYTER_MODULES.join(", ")}`], { stdio: "ignore", timeout: 30000 });
  return r.status === 0;
}

function which(cmd) {
  const r = sh("sh", ["-c", `command -v ${cmd}`]);
  return r.status === 0 ? r.stdout.trim() : null;
}

/** First of $JUPYTER_PYTHON, /usr/bin/python3, python3 on PATH that imports nbclient, nbconvert, jupyter_client; else null. */
export function findJupyterPython() {
  const candidates = [process.env.JUPYTER_PYTHON, "/usr/bin/python3", which("python3")];
  return candidates.find((p) => p && existsSync(p) && hasJupyter(p)) ?? null;
}

async function pypiReachable() {
  try {
    const r = await fetch("https://pypi.org/simple/nbclient/", { method: "HEAD", signal: AbortSignal.timeout(5000) });
    return r.ok;
  } catch {
    return false;
  }
}

/** Step 3: a Python with nbclient, nbconvert and jupyter_client, installing them if we can. */
async function ensureJupyterPython(log) {
  let python = findJupyterPython();
  if (python) return python;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && which("apt-get") && !process.env.LATE_DECAY_NO_APT) {
    log(`apt-get install ${APT_PACKAGES.join(" ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    mustRun("apt-get", ["update"], { env }, "apt-get update");
    mustRun("apt-get", ["install", "-y", ...APT_PACKAGES], { env }, "apt-get install");
  } else if (which("python3") && (await pypiReachable())) {
    log("pip install --user notebook nbconvert nbclient");
    mustRun(
      which("python3"),
      ["-m", "pip", "install", "--user", "notebook", "nbconvert", "nbclient"],
      {},
      "pip install",
    );
  }
  python = findJupyterPython();
  if (python) return python;
  throw new Error(
    "bootstrap: no Python with nbclient, nbconvert and jupyter_client was found " +
      "(tried $JUPYTER_PYTHON, /usr/bin/python3, python3 on PATH).\n" +
      `  Debian/Ubuntu: sudo apt-get install ${APT_PACKAGES.join(" ")}\n` +
      "  elsewhere:     python3 -m pip install --user notebook nbconvert nbclient   (or jupyterlab)\n" +
      "  then rerun, or point JUPYTER_PYTHON at that Python.",
  );
}

function kernelSpecs(python, jupyterPath) {
  const r = sh(python, ["-m", "jupyter", "kernelspec", "list", "--json"], {
    env: { ...process.env, JUPYTER_PATH: jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
  });
  if (r.status !== 0) throw new Error(`bootstrap: jupyter kernelspec list failed:\n${r.stderr}`);
  return JSON.parse(r.stdout).kernelspecs;
}

/** Step 4: project-local tslab/jslab kernelspecs pointing at the absolute node_modules/.bin/tslab. */
function ensureKernelSpec(root, python, log) {
  const prefix = join(root, ".jupyter");
  const jupyterPath = join(prefix, "share", "jupyter");
  const binary = join(root, "node_modules", ".bin", "tslab");
  const stampPath = join(prefix, "bootstrap.json");
  const want = JSON.stringify({ python, binary });
  const specFile = join(jupyterPath, "kernels", "tslab", "kernel.json");
  if (existsSync(stampPath) && existsSync(specFile) && existsSync(binary) && readFileSync(stampPath, "utf8") === want) {
    return jupyterPath;
  }
  log(`tslab install --prefix=${prefix} (python ${python})`);
  mustRun(
    binary,
    ["install", `--python=${python}`, `--binary=${binary}`, `--prefix=${prefix}`],
    { cwd: root, stdio: "ignore" },
    "tslab install",
  );
  const specs = kernelSpecs(python, jupyterPath);
  for (const name of ["tslab", "jslab"]) {
    if (name === "jslab" && !specs.jslab) continue;
    const argv0 = specs[name]?.spec?.argv?.[0];
    if (argv0 !== binary) throw new Error(`bootstrap: kernelspec ${name} starts ${argv0}, expected ${binary}`);
  }
  writeFileSync(stampPath, want);
  return jupyterPath;
}

const FASHION_MNIST_FILES = [
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
];

/**
 * Step 5: Fashion-MNIST (optional data set). Present when the four IDX files (plain or .gz) are in
 * the user's <data>/fashion-mnist or in Debian's folder; else apt-get install dataset-fashion-mnist
 * as root on Debian (tried once: a failure is stamped and reported, never fatal), else a note.
 */
function ensureFashionMnist(root, log) {
  const has = (dir) => FASHION_MNIST_FILES.every((f) => existsSync(join(dir, f)) || existsSync(join(dir, `${f}.gz`)));
  if (has(fashionMnistDir(root)) || has(DEBIAN_FASHION_MNIST_DIR)) return;
  const stamp = join(root, "node_modules", ".bootstrap-fashion-mnist-failed");
  const hint =
    "Fashion-MNIST is optional; get it with `node scripts/fetch-datasets.mjs fashion-mnist` (see environment.md)";
  if (existsSync(stamp)) return log(`Fashion-MNIST not installed (${readFileSync(stamp, "utf8").trim()}); ${hint}`);
  if (process.getuid?.() !== 0 || !which("apt-get") || process.env.LATE_DECAY_NO_APT)
    return log(`Fashion-MNIST not found; ${hint}`);
  log("apt-get install dataset-fashion-mnist");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    sh("apt-get", ["install", "-y", "-q", "dataset-fashion-mnist"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let r = install();
  if (r.status !== 0) {
    sh("apt-get", ["update", "-q"], { env, stdio: "ignore" });
    r = install();
  }
  if (r.status === 0 && has(DEBIAN_FASHION_MNIST_DIR)) return;
  const why = `apt-get install dataset-fashion-mnist failed: ${(r.stderr || `exit ${r.status}`).trim().split("\n").pop()}`;
  writeFileSync(stamp, why);
  console.error(`[bootstrap] warning: ${why}; ${hint}`);
}

/**
 * Step 6: Chromium for the static figure export of `npm run reproduce` and the browser tests. Installed
 * with apt-get where bootstrap installs Jupyter (root, Debian, LATE_DECAY_NO_APT unset; waits for the apt
 * lock up to 10 min); elsewhere, or when that fails, a note says how to install it and work goes on
 * without it (static figures and browser tests are skipped, saying so).
 */
function ensureChromium(log) {
  const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !which("apt-get") || process.env.LATE_DECAY_NO_APT || process.env.CHROMIUM) {
    log(
      `no Chromium at ${chromium}: static figures and browser tests will be skipped (install: sudo apt-get install chromium, or set CHROMIUM)`,
    );
    return;
  }
  log("apt-get install chromium (static figures, browser tests)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) =>
    sh("apt-get", ["-o", "DPkg::Lock::Timeout=600", ...args], { env, stdio: ["ignore", "ignore", "pipe"] }).status ===
    0;
  if (
    !apt(["install", "-y", "-q", "chromium"]) &&
    !(apt(["update", "-q"]) && apt(["install", "-y", "-q", "chromium"]))
  ) {
    console.error(
      `[bootstrap] warning: apt-get install chromium failed; static figures and browser tests will be skipped`,
    );
  }
}

/**
 * Step 7: jupyter_server and jupyterlab_server in bootstrap's Jupyter Python, which serve the project's
 * JupyterLab (lab-app/, built on first use by `npm run lab`). Installed with apt-get where bootstrap installs
 * Jupyter (root, Debian, LATE_DECAY_NO_APT unset); elsewhere, or when that fails, a note (not fatal: `npm run
 * lab` opens the classic Notebook and says why; the JupyterLab browser tests skip saying why, outside CI).
 * Cached in .jupyter/lab-server.json once the Python imports them.
 */
function ensureLabServer(root, python, log) {
  const stamp = join(root, ".jupyter", "lab-server.json");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === JSON.stringify({ python })) return;
  const imports = () =>
    sh(python, ["-c", "import jupyter_server, jupyterlab_server"], { stdio: "ignore", timeout: 60000 }).status === 0;
  const done = () => {
    writeFileSync(stamp, JSON.stringify({ python }));
  };
  if (imports()) return done();
  const hint = `the project's JupyterLab needs them (npm run lab falls back to the classic Notebook); Debian: sudo apt-get install ${LAB_SERVER_APT.join(" ")}`;
  if (process.getuid?.() !== 0 || !which("apt-get") || process.env.LATE_DECAY_NO_APT || python !== "/usr/bin/python3") {
    return log(`${python} has no jupyter_server/jupyterlab_server: ${hint}`);
  }
  log(`apt-get install ${LAB_SERVER_APT.join(" ")} (the project's JupyterLab)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) =>
    sh("apt-get", ["-o", "DPkg::Lock::Timeout=600", ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  let r = apt(["install", "-y", "-q", ...LAB_SERVER_APT]);
  if (r.status !== 0) {
    apt(["update", "-q"]);
    r = apt(["install", "-y", "-q", ...LAB_SERVER_APT]);
  }
  if (r.status === 0 && imports()) return done();
  console.error(
    `[bootstrap] warning: apt-get install ${LAB_SERVER_APT.join(" ")} failed: ${(r.stderr || `exit ${r.status}`).trim().split("\n").pop()}; ${hint}`,
  );
}

/**
 * Runs the seven setup steps, each skipped when already done.
 * @param {{quiet?: boolean, root?: string}} [opts]
 * @returns {Promise<{root: string, python: string, jupyterPath: string, kernelName: string}>}
 *   python: interpreter with nbclient/nbconvert; jupyterPath: value for JUPYTER_PATH.
 * @throws Error naming the step that failed and what to install.
 */
export async function bootstrap({ quiet = false, root = REPO_ROOT } = {}) {
  const log = (msg) => {
    if (!quiet) console.error(`[bootstrap] ${msg}`);
  };
  ensureNodeModules(root, log);
  ensureBuild(root, log);
  const cache = join(root, ".jupyter", "bootstrap.json");
  let python = null;
  if (existsSync(cache)) {
    const cached = JSON.parse(readFileSync(cache, "utf8")).python;
    if (cached && existsSync(cached) && (!process.env.JUPYTER_PYTHON || process.env.JUPYTER_PYTHON === cached))
      python = cached;
  }
  python ??= await ensureJupyterPython(log);
  const jupyterPath = ensureKernelSpec(root, python, log);
  ensureFashionMnist(root, log);
  ensureChromium(log);
  ensureLabServer(root, python, log);
  return { root, python, jupyterPath, kernelName: "tslab" };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const quiet = process.argv.includes("--quiet");
  const started = Date.now();
  bootstrap({ quiet }).then(
    (env) => {
      if (!quiet)
        console.error(
          `[bootstrap] ready in ${Date.now() - started} ms: python ${env.python}, JUPYTER_PATH=${env.jupyterPath}`,
        );
    },
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
