#!/usr/bin/env node
// `npm run lab [-- <options>]`: bootstrap, then JupyterLab 4 with JUPYTER_PATH pointing at the project-local
// tslab kernelspec, serving the project root and opening in notebooks/ (the executed notebooks of
// `npm run reproduce`, out/executed/, signed trusted, open from the same server). Which application:
//   1. the user's own JupyterLab (`python -m jupyterlab`) when bootstrap's Python imports jupyterlab;
//   2. else the project's JupyterLab (lab-app/, scripts/notebooks/lab-app.mjs): installed and built on first use,
//      served by lab-app/main.py on Debian's jupyter-server + jupyterlab-server;
//   3. `--classic`: the classic Notebook (`python -m notebook`), also the fallback when 2 is impossible here
//      (saying why). `--project-app` picks 2 even where 1 exists (the browser tests do).
// The log's first line says which application serves and where its files came from.
// Other arguments go to Jupyter (e.g. -- --no-browser --port 9999).
import { spawn, spawnSync } from "node:child_process";
import { relative } from "node:path";
import { bootstrap } from "../start/bootstrap.mjs";
import { ensureLabApp, labServerMissing, labServerVersions, LAB_APP_DIR } from "./lab-app.mjs";

const URL_RE = /(https?:\/\/(?:127\.0\.0\.1|localhost|[\w.-]+):\d+\/\S*)/;
const OWN_FLAGS = ["--classic", "--project-app"];

function pyInfo(python, code) {
  const r = spawnSync(python, ["-c", code], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The application to start: {kind, args (before the user's), what (the log's sentence)}. */
function chooseApp(env, flags) {
  const classic = (why) => {
    const version = pyInfo(env.python, "import notebook; print(notebook.__version__)") ?? "?";
    return {
      kind: "classic",
      args: ["-m", "notebook", "--NotebookApp.default_url=/tree/notebooks"],
      what: `the classic Notebook ${version} (${env.python} -m notebook; ${why})`,
    };
  };
  if (flags.has("--classic")) return classic("--classic");
  const userLab =
    !flags.has("--project-app") &&
    pyInfo(env.python, "import jupyterlab, os; print(jupyterlab.__version__, os.path.dirname(jupyterlab.__file__))");
  if (userLab) {
    const [version, where] = userLab.split(" ");
    return {
      kind: "user-lab",
      args: ["-m", "jupyterlab", "--ServerApp.default_url=/lab/tree/notebooks"],
      what: `your JupyterLab ${version} (${env.python} -m jupyterlab, from ${where})`,
    };
  }
  const missing = labServerMissing(env.python);
  if (missing) {
    if (flags.has("--project-app")) throw new Error(`the project's JupyterLab cannot be served: ${missing}`);
    return classic(`JupyterLab is not installed and the project's JupyterLab cannot be served: ${missing}`);
  }
  let app;
  try {
    app = ensureLabApp({ log: (m) => console.error(`[lab] ${m}`) });
  } catch (err) {
    if (flags.has("--project-app")) throw err;
    console.error(`[lab] warning: ${err.message}`);
    return classic("the project's JupyterLab could not be installed or built, see the warning above");
  }
  const took = [
    app.installedMs !== null && `npm ci ${(app.installedMs / 1000).toFixed(1)} s`,
    app.builtMs !== null && `build ${(app.builtMs / 1000).toFixed(1)} s`,
  ]
    .filter(Boolean)
    .join(", ");
  const dir = relative(env.root, LAB_APP_DIR) || LAB_APP_DIR;
  return {
    kind: "project-lab",
    args: [`${dir}/main.py`],
    what:
      `the project's JupyterLab ${app.version} (${dir}/build: the npm registry's @jupyterlab/* packages of ${dir}/package-lock.json, ` +
      `built by rspack${took ? `; this time ${took}` : ", already built"}) on ${labServerVersions(env.python)}, through ${dir}/main.py`,
  };
}

async function main(argv) {
  const flags = new Set(argv.filter((a) => OWN_FLAGS.includes(a)));
  const extraArgs = argv.filter((a) => !OWN_FLAGS.includes(a));
  const env = await bootstrap();
  const app = chooseApp(env, flags);
  const cwd = env.root;
  console.error(`[lab] serving ${app.what}`);
  console.error(`[lab] in ${cwd}: notebooks/ (sources), out/executed/ (run by npm run reproduce)`);
  // Jupyter refuses to run as root without --allow-root (containers, CI boxes).
  const rootArgs = process.getuid?.() === 0 && !extraArgs.includes("--allow-root") ? ["--allow-root"] : [];
  const child = spawn(env.python, [...app.args, ...rootArgs, ...extraArgs], {
    cwd,
    env: { ...process.env, JUPYTER_PATH: env.jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    stdio: ["inherit", "inherit", "pipe"],
  });
  let announced = false;
  child.stderr.on("data", (chunk) => {
    process.stderr.write(chunk);
    const m = !announced && String(chunk).match(URL_RE);
    if (m) {
      announced = true;
      console.error(`\n[lab] open ${m[1]}  (kernel: TypeScript / tslab)\n`);
    }
  });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  // "exit", not "close": a process the server started (a kernel) may still hold its stderr open
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`[lab] ${err.message}`);
  process.exit(1);
});
