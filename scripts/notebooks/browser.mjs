// The system Chromium driven by playwright-core (headless, offline-friendly flags), shared by the
// static figure export, the HTML checks and the browser tests.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** Flags for a quiet headless Chromium; SwiftShader gives WebGL (plotly's 3D scenes) without a GPU. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--enable-unsafe-swiftshader",
  "--use-angle=swiftshader",
];
/** How to get Chromium when it is missing (Debian/Ubuntu; bootstrap does this as root). */
export const CHROMIUM_HINT =
  "install it with `sudo apt-get install chromium` (npm run bootstrap does this as root on Debian), or point CHROMIUM at a Chromium binary";

/** Why Chromium cannot be used here (a sentence saying what is missing and how to install it), or null when it can. */
export function chromiumMissing() {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}: ${CHROMIUM_HINT}`;
}

/** Name prefix of the profile folders {@link withChromiumProfile} makes in the temporary folder: then the runner's pid and "-". */
export const PROFILE_PREFIX = "late-decay-chromium-";

/** Whether a process with this pid is running (EPERM: it exists under another user). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/**
 * Runs `fn` with a headless Chromium (a persistent context) whose profile folder this runner owns:
 * `<tmp>/late-decay-chromium-<pid>-*`, removed when `fn` settles, also when Chromium was killed
 * (playwright's own `/tmp/playwright_chromiumdev_profile-*` stays behind then). Folders of runners
 * that are gone (killed) are removed first.
 * @template T
 * @param {(context: import("playwright-core").BrowserContext) => Promise<T>} fn
 * @param {string} [dir] where the profile folders live (default the system's temporary folder)
 * @returns {Promise<T>}
 * @throws Error naming the binary when Chromium is missing or fails to start; fn's errors
 */
export async function withChromiumProfile(fn, dir = tmpdir()) {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  for (const name of readdirSync(dir)) {
    const pid = Number(name.startsWith(PROFILE_PREFIX) ? name.slice(PROFILE_PREFIX.length).split("-")[0] : NaN);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid))
      rmSync(join(dir, name), { recursive: true, force: true });
  }
  const profile = mkdtempSync(join(dir, `${PROFILE_PREFIX}${process.pid}-`));
  try {
    const { chromium } = await import("playwright-core");
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      return await fn(context);
    } finally {
      await context.close().catch(() => {}); // a killed Chromium cannot be closed
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Launches headless Chromium (a fresh temporary profile per launch).
 * @returns {Promise<import("playwright-core").Browser>}
 * @throws Error naming the binary when it is missing or fails to start
 */
export async function launchChromium() {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
