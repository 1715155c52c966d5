/**
 * In-place progress for long notebook cells: one display entry rewritten at most twice
 * a second (always including the final state), or a throttled line on stderr outside tslab.
 */
import { newUpdatableDisplay } from "./display";
import { escapeHtml } from "./table-html";
import { checkInt } from "../core/errors";

/** Minimum time between two renders inside tslab (≤ 2 updates/s). */
const KERNEL_INTERVAL_MS = 500;
/** Minimum time between two stderr lines outside tslab. */
const STDERR_INTERVAL_MS = 2000;

/** Handle returned by {@link progressDisplay}. */
export interface Progress {
  /**
   * Records progress; renders if the last render is old enough or done === total. `doneBefore`:
   * the units of `done` not computed while this display ran (found cached, resumed), left out of the rate.
   */
  update(done: number, total: number, note?: string, doneBefore?: number): void;
  /** Renders the last state (with an optional closing note) and stops rendering. */
  close(finalNote?: string): void;
}

/** "1h02m", "3m05s", "12s" from seconds; "?" when not finite. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/**
 * One progress line: "label 30/100 (30%) 5.00/s ETA 14s note".
 * @param elapsedS seconds since the progress display was created
 * @param doneBefore units of `done` that were not computed during `elapsedS` (cached, resumed): the
 *   rate and the time left are those of the units computed, (done − doneBefore) / elapsedS
 */
export function progressText(
  label: string,
  done: number,
  total: number,
  elapsedS: number,
  note = "",
  doneBefore = 0,
): string {
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  const computed = done - Math.min(doneBefore, done);
  const rate = elapsedS > 0 ? computed / elapsedS : NaN;
  const eta = done >= total ? "done" : `ETA ${formatDuration((total - done) / rate)}`;
  const rateText = Number.isFinite(rate) ? `${rate.toPrecision(3)}/s` : "–/s";
  return `${label} ${done}/${total} (${pct}%) ${rateText} ${eta} · ${formatDuration(elapsedS)} elapsed${note ? ` · ${note}` : ""}`;
}

/**
 * Creates a progress display for a loop of `total` steps.
 * @param label what is running, e.g. "main path (seed 0)"
 * @param now clock in ms (tests inject one)
 * @throws ConfigError from update() when done/total are not integers with 0 ≤ done ≤ total
 */
export function progressDisplay(label: string, now: () => number = Date.now): Progress {
  const display = newUpdatableDisplay();
  const interval = display ? KERNEL_INTERVAL_MS : STDERR_INTERVAL_MS;
  const started = now();
  let lastRender = -Infinity;
  let state = { done: 0, total: 0, note: "", doneBefore: 0 };
  let closed = false;
  const render = () => {
    lastRender = now();
    const text = progressText(
      label,
      state.done,
      state.total,
      (lastRender - started) / 1000,
      state.note,
      state.doneBefore,
    );
    if (display)
      display.html(
        `<div class="late-decay-progress"><progress value="${state.done}" max="${Math.max(state.total, 1)}"></progress> <code>${escapeHtml(text)}</code></div>`,
      );
    else process.stderr.write(text + "\n");
  };
  return {
    update(done, total, note = "", doneBefore = 0) {
      checkInt("total", total, 0);
      checkInt("done", done, 0, total);
      checkInt("doneBefore", doneBefore, 0, done);
      if (closed) return;
      state = { done, total, note, doneBefore };
      if (done === total || now() - lastRender >= interval) render();
    },
    close(finalNote) {
      if (closed) return;
      closed = true;
      if (finalNote !== undefined) state.note = finalNote;
      render();
    },
  };
}
