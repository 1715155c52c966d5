// Types for scripts/notebooks/reproduce.mjs.
export declare const DEFAULT_OUT_DIR: string;
export declare const DEFAULT_TIMEOUT_S: number;
export interface NotebookRun {
  name: string;
  ok: boolean;
  /** executed notebook: <outDir>/executed/<name>.ipynb */
  executed: string;
  /** <outDir>/html/<name>.html, or null with html: false */
  html: string | null;
  /** <outDir>/figures/<name> (static SVG/PNG of each figure), or null when skipped or failed */
  figures?: string | null;
  /** why the static figures were skipped (no Chromium, with how to install it), else null */
  figuresNote?: string | null;
  error?: string;
  /** nbexec progress output (captured when quiet) */
  log: string;
  seconds: number;
}
export interface RunOptions {
  notebooks?: string[];
  params?: Record<string, unknown>;
  outDir?: string;
  timeoutS?: number;
  html?: boolean;
  quiet?: boolean;
}
/** Notebooks left out unless named (the registry's ownBudget, from dist/): name → the line printed about them. */
export declare function ownBudget(): Record<string, string>;
export declare function resolveNotebooks(selectors?: string[], root?: string): string[];
export declare function runNotebooks(opts?: RunOptions): Promise<NotebookRun[]>;
export declare function summary(
  names: string[],
  results: Pick<NotebookRun, "name" | "ok" | "seconds" | "html" | "figuresNote">[],
  wallS: number,
  outDir: string,
  about?: Record<string, string>,
): string;
