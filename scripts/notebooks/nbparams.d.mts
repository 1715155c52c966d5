// Types for scripts/notebooks/nbparams.mjs (used by the tests in test/tooling).
export declare const PARAMETERS_TAG: "parameters";
export declare const INJECTED_TAG: "injected-parameters";
export declare function parseParamValue(text: string): unknown;
export declare function parseParamArgs(args: string[]): Record<string, unknown>;
export declare function declaredParameters(source: string): Map<string, "let" | "var" | "const">;
export declare function injectedSource(overrides: Record<string, unknown>): string;
export interface NotebookJson {
  cells: {
    cell_type: string;
    source: string | string[];
    metadata?: { tags?: string[] };
    id?: string;
    [k: string]: unknown;
  }[];
  metadata?: Record<string, unknown>;
  nbformat?: number;
  nbformat_minor?: number;
}
export declare function injectParameters(
  nb: NotebookJson,
  overrides?: Record<string, unknown>,
  name?: string,
): NotebookJson;
