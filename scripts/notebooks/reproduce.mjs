#!/usr/bin/env node
// `npm run reproduce -- [notebooks...] [--profile smoke] [-p key=value]... [--timeout s] [--out dir] [--no-html]`
// With no notebook named it runs the six paper notebooks; the claim map (01b) has its own budget and runs
// when named (`npm run reproduce -- 01b`). Executes notebooks headless through the tslab kernel (scripts/notebooks/nbexec.py with nbclient), writing
//   <out>/executed/<name>.ipynb   the executed notebook (a failed run goes to <name>.failed.ipynb instead,
//                                 for inspection, and leaves the last good <name>.ipynb in place)
//   <out>/html/<name>.html        self-contained HTML export (nbconvert, lab template; math rendered to SVG,
//                                 plotly.js once per page, no file:// or network references)
//   <out>/figures/<name>/*.svg|png each figure rendered by plotly.js in headless Chromium (skipped, with a
//                                 message, when Chromium is missing); the PNGs also go into the figure outputs
// The executed notebook is signed (Jupyter's notebook signature): it opens trusted for the user who ran it.
// Parameters are injected papermill-style after the cell tagged `parameters` (see nbparams.mjs).
// Each notebook runs with its own folder as working directory (notebooks/ for the real ones).
import { spawn } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bootstrap, REPO_ROOT } from "../start/bootstrap.mjs";
import { injectParameters, parseParamArgs } from "./nbparams.mjs";
import { chromiumMissing } from "./browser.mjs";
import { makeSelfContained } from "./html-selfcontained.mjs";
import { renderStaticFigures } from "./static-figures.mjs";
import { summary } from "./reproduce-summary.mjs";

export { summary };

const NBEXEC = join(dirname(fileURLToPath(import.meta.url)), "nbexec.py");
const NBEXPORT = join(dirname(fileURLToPath(import.meta.url)), "nbexport.py");
export const DEFAULT_OUT_DIR = join(REPO_ROOT, "out");
export const DEFAULT_TIMEOUT_S = 3600;

/**
 * Notebooks with a time budget of their own: left out when no notebook is named, run when named.
 * Name → the line the runner prints about it; read from the notebook registry (src/notebooks.ts,
 * `ownBudget`) of the build in dist/ (bootstrap builds it first).
 * @returns {Record<string, string>}
 * @throws Error when dist/notebooks.js is missing (run `npm run build`)
 */
export function ownBudget() {
  return Object.fromEntries(
    registry()
      .filter((n) => n.ownBudget)
      .map((n) => [basename(n.file, ".ipynb"), n.ownBudget]),
  );
}

/** The notebook registry of the build (dist/notebooks.js): [{id, file, title, section, ownBudget?, …}]. */
function registry() {
  return createRequire(import.meta.url)(join(REPO_ROOT, "dist/notebooks.js")).NOTEBOOKS;
}

/**
 * Notebook paths for selectors: a path to an .ipynb, a file name in notebooks/ with or without
 * ".ipynb" ("01-late-decay"), or its number prefix ("01", "01b"). No selectors → all notebooks/*.ipynb
 * sorted, except those with a budget of their own ({@link ownBudget}).
 * @throws Error naming a selector that matches no notebook or several.
 */
export function resolveNotebooks(selectors = [], root = REPO_ROOT) {
  const dir = join(root, "notebooks");
  const all = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
    : [];
  if (selectors.length === 0) {
    const own = ownBudget();
    const paper = all.filter((f) => !Object.hasOwn(own, basename(f, ".ipynb")));
    if (paper.length === 0) throw new Error(`no notebooks found in ${dir}`);
    return paper.map((f) => join(dir, f));
  }
  return selectors.map((sel) => {
    if (sel.endsWith(".ipynb") && existsSync(sel)) return resolve(sel);
    const hits = all.filter((f) => f === sel || f === `${sel}.ipynb` || f.startsWith(`${sel}-`));
    if (hits.length !== 1) {
      throw new Error(
        `notebook selector "${sel}" matches ${hits.length ? hits.join(", ") : "no notebook"} (available: ${all.join(", ") || "none"})`,
      );
    }
    return join(dir, hits[0]);
  });
}

/** Set once the user pressed Ctrl-C: no further notebook is started. */
let interrupted = false;

/**
 * Runs nbexec.py in its own process group, so a Ctrl-C in the terminal reaches only this process:
 * the first one is passed on as SIGUSR1 to nbexec.py, which interrupts the kernel (the running cell ends with
 * CancelledError within one step; finished work is cached); a second one kills the group.
 */
function runPython(python, args, env, quiet) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, args, { env, stdio: ["ignore", "pipe", quiet ? "pipe" : "inherit"], detached: true });
    const onSigint = () => {
      if (!interrupted) {
        interrupted = true;
        console.error("[reproduce] Ctrl-C: stopping the running cell (press again to kill)");
        child.kill("SIGUSR1");
      } else {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    };
    const killGroup = () => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    process.on("SIGINT", onSigint);
    process.on("exit", killGroup);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      process.off("SIGINT", onSigint);
      process.off("exit", killGroup);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/**
 * Makes `<outDir>/dist` a link to the build, so that a notebook opened from `<outDir>/executed/` finds `../dist` as
 * the ones in notebooks/ do (a kernel runs in its notebook's folder) and its cells can be re-run there. Leaves an
 * existing `<outDir>/dist` that is not a link alone; where links cannot be made (some Windows setups) it says so.
 */
function linkBuild(outDir) {
  const link = join(outDir, "dist"),
    target = relative(outDir, join(REPO_ROOT, "dist"));
  try {
    if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) {
      if (readlinkSync(link) === target) return;
      rmSync(link);
    } else if (existsSync(link)) return;
    mkdirSync(outDir, { recursive: true });
    symlinkSync(target, link, "dir");
  } catch (e) {
    console.error(
      `[reproduce] note: could not link ${link} → ${target} (${e.message}); executed notebooks open, but re-run their cells from notebooks/`,
    );
  }
}

/**
 * Executes one notebook (already parameterized) and exports it.
 * @returns {Promise<{name, ok, executed, html, error?, log, seconds}>}
 */
async function runOne(path, { params, outDir, timeoutS, html, quiet, env }) {
  const name = basename(path, ".ipynb");
  const executed = join(outDir, "executed", `${name}.ipynb`);
  const htmlPath = html ? join(outDir, "html", `${name}.html`) : null;
  mkdirSync(dirname(executed), { recursive: true });
  linkBuild(outDir);
  if (htmlPath) mkdirSync(dirname(htmlPath), { recursive: true });
  // executed into a temporary file; renamed to <name>.ipynb on success or <name>.failed.ipynb on failure,
  // so a failed run never replaces the last good executed notebook
  const running = join(outDir, "executed", `${name}.running.ipynb`);
  const failed = join(outDir, "executed", `${name}.failed.ipynb`);
  const nb = injectParameters(JSON.parse(readFileSync(path, "utf8")), params, name);
  writeFileSync(running, JSON.stringify(nb, null, 1) + "\n");
  const args = [
    NBEXEC,
    running,
    running,
    "--cwd",
    dirname(path),
    "--kernel",
    env.kernelName,
    "--timeout",
    String(timeoutS),
    "--name",
    name,
  ];
  const started = Date.now();
  if (!quiet)
    console.error(`[reproduce] ${name}: ${path}${Object.keys(params).length ? ` with ${JSON.stringify(params)}` : ""}`);
  const procEnv = { ...process.env, JUPYTER_PATH: env.jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
  const r = await runPython(
    env.python,
    ["-Xfrozen_modules=off", "-W", "ignore::ResourceWarning", ...args],
    procEnv,
    quiet,
  );
  const lastLine = r.stdout.trim().split("\n").pop() ?? "";
  let error;
  try {
    const parsed = JSON.parse(lastLine);
    if (!parsed.ok) error = parsed.error;
  } catch {
    error = `notebook ${name}: nbexec.py exited with code ${r.code}\n${r.stderr.slice(-3000)}`;
  }
  if (!error && r.code !== 0) error = `notebook ${name}: nbexec.py exited with code ${r.code}`;
  if (error) {
    if (existsSync(running)) renameSync(running, failed);
    error += `\n(partial executed notebook: ${failed}; the last good run, if any, is still ${executed})`;
    return {
      name,
      ok: false,
      executed: failed,
      html: null,
      error,
      log: r.stderr,
      seconds: (Date.now() - started) / 1000,
    };
  }
  let finished;
  try {
    finished = await finishOne(running, { name, outDir, htmlPath, env, procEnv, quiet });
  } catch (e) {
    if (existsSync(running)) renameSync(running, failed);
    const message = `notebook ${name}: executed, but ${e.message}\n(executed notebook: ${failed})`;
    return {
      name,
      ok: false,
      executed: failed,
      html: null,
      error: message,
      log: r.stderr,
      seconds: (Date.now() - started) / 1000,
    };
  }
  renameSync(running, executed);
  rmSync(failed, { force: true });
  return {
    name,
    ok: true,
    executed,
    html: htmlPath,
    ...finished,
    error,
    log: r.stderr,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * After a successful execution: static figure images (into out/figures/<name>/ and into the figure
 * outputs), the notebook signature, and the self-contained HTML export.
 * @returns {Promise<{figures: string|null, figuresNote: string|null}>} figures folder, or why it was skipped
 * @throws Error saying which step failed
 */
async function finishOne(running, { name, outDir, htmlPath, env, procEnv, quiet }) {
  let figures = null;
  let figuresNote = chromiumMissing();
  if (!figuresNote) {
    const nb = JSON.parse(readFileSync(running, "utf8"));
    figures = join(outDir, "figures", name);
    const written = await renderStaticFigures(nb, figures);
    writeFileSync(running, JSON.stringify(nb, null, 1) + "\n");
    if (!quiet) console.error(`[reproduce] ${name}: ${written.length} figure(s) as SVG and PNG → ${figures}`);
  } else if (!quiet) {
    console.error(`[reproduce] ${name}: static figures skipped (${figuresNote})`);
  }
  const r = await runPython(env.python, [NBEXPORT, running, ...(htmlPath ? ["--html", htmlPath] : [])], procEnv, true);
  if (r.code !== 0) throw new Error(`signing/exporting failed (nbexport.py exit ${r.code}):\n${r.stderr.slice(-3000)}`);
  if (htmlPath) writeFileSync(htmlPath, makeSelfContained(readFileSync(htmlPath, "utf8")));
  return { figures, figuresNote };
}

/**
 * Executes notebooks in order through the tslab kernel, stopping at the first failure.
 * @param {object} opts
 * @param {string[]} [opts.notebooks] selectors or paths (see resolveNotebooks); default all in notebooks/
 * @param {Record<string, unknown>} [opts.params] parameter overrides, e.g. {profile: "smoke"}
 * @param {string} [opts.outDir] default <repo>/out
 * @param {number} [opts.timeoutS] per-cell timeout in seconds (default 3600)
 * @param {boolean} [opts.html] export HTML (default true)
 * @param {boolean} [opts.quiet] capture the per-cell progress in result.log instead of printing it
 * @returns {Promise<Array<{name, ok, executed, html, error?, log, seconds}>>} one entry per notebook run
 * @throws Error whose message names the notebook and cell that failed (err.results holds the runs so far)
 */
export async function runNotebooks({
  notebooks = [],
  params = {},
  outDir = DEFAULT_OUT_DIR,
  timeoutS = DEFAULT_TIMEOUT_S,
  html = true,
  quiet = false,
} = {}) {
  const env = await bootstrap({ quiet });
  const paths = resolveNotebooks(notebooks);
  const results = [];
  for (const path of paths) {
    const res = await runOne(path, { params, outDir: resolve(outDir), timeoutS, html, quiet, env });
    results.push(res);
    if (!res.ok && interrupted) {
      throw Object.assign(
        new Error(
          `${res.error}\nStopped by Ctrl-C. Finished paths, grid rows and chains are cached: run the same command again to resume.`,
        ),
        { results, interrupted: true },
      );
    }
    if (!res.ok) throw Object.assign(new Error(res.error), { results });
    if (!quiet)
      console.error(
        `[reproduce] ${res.name}: ok in ${res.seconds.toFixed(1)}s → ${res.executed}${res.html ? `, ${res.html}` : ""}`,
      );
  }
  return results;
}

async function main(argv) {
  // Set up first (npm install on a fresh clone brings commander; the build brings the profile names).
  await bootstrap({ quiet: true });
  const { Command, InvalidArgumentError } = await import("commander");
  const program = new Command()
    .name("reproduce")
    .description("Execute notebooks headless through the tslab kernel; write out/executed/*.ipynb and out/html/*.html")
    .argument(
      "[notebooks...]",
      'notebook selectors: "01", "01b", "01-late-decay" or a path (default: the six paper notebooks; the claim map 01b only when named)',
    )
    .option("--profile <name>", "shorthand for -p profile='\"<name>\"'")
    .option(
      "-p, --param <key=value>",
      "parameter override, repeatable; value parsed as JSON when valid, else a string",
      (v, acc) => [...acc, v],
      [],
    )
    .option(
      "--timeout <seconds>",
      "per-cell timeout",
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0)
          throw new InvalidArgumentError(`must be a positive integer, got ${JSON.stringify(v)}`);
        return n;
      },
      DEFAULT_TIMEOUT_S,
    )
    .option("--out <dir>", "output directory", DEFAULT_OUT_DIR)
    .option("--no-html", "skip the HTML export");
  program.parse(argv);
  const opts = program.opts();
  const params = parseParamArgs(opts.param);
  if (opts.profile !== undefined) params.profile = opts.profile;
  if (typeof params.profile === "string") await checkProfile(params.profile);
  const started = Date.now();
  const names = resolveNotebooks(program.args).map((p) => basename(p, ".ipynb"));
  const leftOut = program.args.length
    ? []
    : Object.entries(ownBudget())
        .filter(([n]) => existsSync(join(REPO_ROOT, "notebooks", `${n}.ipynb`)))
        .map(([, why]) => why);
  for (const why of leftOut) console.error(`[reproduce] ${why}`);
  const about = Object.fromEntries(registry().map((n) => [basename(n.file, ".ipynb"), `${n.section}: ${n.title}`]));
  const done = (results) =>
    [
      summary(names, results, (Date.now() - started) / 1000, opts.out, about),
      ...leftOut.map((why) => `  not included: ${why}`),
    ].join("\n");
  try {
    const results = await runNotebooks({
      notebooks: program.args,
      params,
      outDir: opts.out,
      timeoutS: opts.timeout,
      html: opts.html,
    });
    console.error(done(results));
  } catch (err) {
    if (err.results) console.error(done(err.results));
    throw err;
  }
}

/** Rejects an unknown profile name before any kernel starts (the names come from the built library). */
async function checkProfile(profile) {
  const { LATE_DECAY_PROFILES } = createRequire(import.meta.url)(
    join(REPO_ROOT, "dist/experiments/late-decay/config.js"),
  );
  const known = Object.keys(LATE_DECAY_PROFILES);
  if (!known.includes(profile))
    throw new Error(`unknown profile ${JSON.stringify(profile)}; use one of ${known.join(", ")}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv).catch((err) => {
    console.error(`[reproduce] ${err.interrupted ? "INTERRUPTED" : "FAILED"}: ${err.message}`);
    process.exit(err.interrupted ? 130 : 1);
  });
}
