// Types for scripts/start/bootstrap.mjs.
export declare const REPO_ROOT: string;
/** Debian's packages that serve the project's JupyterLab (bootstrap installs them as root). */
export declare const LAB_SERVER_APT: string[];
export interface JupyterEnv {
  root: string;
  python: string;
  jupyterPath: string;
  kernelName: string;
}
export declare function findJupyterPython(): string | null;
export declare function bootstrap(opts?: { quiet?: boolean; root?: string }): Promise<JupyterEnv>;
