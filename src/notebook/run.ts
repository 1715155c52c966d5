/** Glue between long computations and the notebook: backend banner, progress. */
import { initBackend, BackendInfo } from "../env/backend";
import { showBanner } from "./display";
import { progressDisplay, formatDuration } from "./progress";

/**
 * Initializes the engine and the TF.js backend and displays what is in use (engine, backend,
 * packages and versions), plus `extra` rows such as the profile. Every notebook's first output; it also carries
 * plotly.js for all figures of the notebook (re-running a figure cell cannot remove it).
 */
export async function showBackendBanner(extra: Record<string, string> = {}): Promise<BackendInfo> {
  const info = await initBackend();
  showBanner(
    {
      engine: `${info.engine} (${info.engineVersion}; ${info.engineReason})`,
      backend: `${info.backend} (${info.package} ${info.packageVersion}; ${info.reason})`,
      "tfjs-core": info.tfjsCore,
      node: info.node,
      ...extra,
    },
    { plotly: true },
  );
  return info;
}

/**
 * Runs `fn` with an onProgress callback that updates one in-place display, and closes
 * the display with the elapsed time (or the error) when `fn` settles.
 * @param label shown before the counts, e.g. "late-decay runs (epochs)"
 */
export async function withProgress<T>(
  label: string,
  fn: (onProgress: (done: number, total: number, note?: string, doneBefore?: number) => void) => Promise<T>,
): Promise<T> {
  const progress = progressDisplay(label);
  const t0 = Date.now();
  try {
    const out = await fn((d, t, note, doneBefore) => progress.update(d, t, note, doneBefore));
    progress.close(`finished in ${formatDuration((Date.now() - t0) / 1000)}`);
    return out;
  } catch (e) {
    progress.close(`stopped: ${(e as Error).message}`);
    throw e;
  }
}
