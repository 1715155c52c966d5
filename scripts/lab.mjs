#!/usr/bin/env node
// `npm run lab [-- <jupyter args>]`: bootstrap, then JupyterLab (`python -m jupyterlab`) if installed,
// else the classic Notebook (`python -m notebook`), with JUPYTER_PATH pointing at the project-local tslab
// kernelspec. It serves the project root and opens in notebooks/, so the executed notebooks of
// `npm run reproduce` (out/executed/, signed trusted) open from the same server.
// Extra arguments go to Jupyter (e.g. -- --no-browser --port 9999).
import { spawn, spawnSync } from "node:child_process";
import { bootstrap } from "./bootstrap.mjs";

const URL_RE = /(https?:\/\/(?:127\.0\.0\.1|localhost|[\w.-]+):\d+\/\S*)/;

async function main(extraArgs) {
  const env = await bootstrap();
  const hasLab = spawnSync(env.python, ["-c", "import jupyterlab"], { stdio: "ignore" }).status === 0;
  const app = hasLab ? "jupyterlab" : "notebook";
  const cwd = env.root;
  const start = hasLab ? "lab/tree/notebooks" : "tree/notebooks";
  const appArgs = [`--${hasLab ? "ServerApp" : "NotebookApp"}.default_url=/${start}`];
  console.error(`[lab] starting ${hasLab ? "JupyterLab" : "classic Notebook (JupyterLab is not installed)"} in ${cwd}: notebooks/ (sources), out/executed/ (run by npm run reproduce)`);
  // Jupyter refuses to run as root without --allow-root (containers, CI boxes).
  const rootArgs = process.getuid?.() === 0 && !extraArgs.includes("--allow-root") ? ["--allow-root"] : [];
  const child = spawn(env.python, ["-m", app, ...appArgs, ...rootArgs, ...extraArgs], {
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
  child.on("close", (code) => process.exit(code ?? 0));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`[lab] ${err.message}`);
  process.exit(1);
});
