// The system Chromium driven by playwright-core (headless, offline-friendly flags), shared by the
// static figure export, the HTML checks and the browser tests.
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** Flags for a quiet headless Chromium; SwiftShader gives WebGL (plotly's 3D scenes) without a GPU. */
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
];
/** How to get Chromium when it is missing (Debian/Ubuntu; bootstrap does this as root). */
export const CHROMIUM_HINT = "install it with `sudo apt-get install chromium` (npm run bootstrap does this as root on Debian), or point CHROMIUM at a Chromium binary";

/** Why Chromium cannot be used here (a sentence saying what is missing and how to install it), or null when it can. */
export function chromiumMissing() {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM}: ${CHROMIUM_HINT}`;
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
