// Types for scripts/notebooks/lab-app.mjs.
export declare const LAB_APP_DIR: string;
export declare const LAB_BUILD_DIR: string;
export declare const LAB_SERVER_APT: string[];
/** Why `python` cannot serve the project's JupyterLab (a sentence naming what to install), or null when it can. */
export declare function labServerMissing(python: string): string | null;
/** Versions and place of jupyter_server + jupyterlab_server. */
export declare function labServerVersions(python: string): string;
/** Installs (npm ci) and builds lab-app/ when its lockfile or sources changed; each step skipped when current. */
export declare function ensureLabApp(opts?: { log?: (msg: string) => void }): {
  dir: string;
  buildDir: string;
  version: string;
  installedMs: number | null;
  builtMs: number | null;
};
