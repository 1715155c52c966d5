// Types for scripts/browser.mjs.
import type { Browser } from "playwright-core";
export declare const CHROMIUM: string;
export declare const CHROMIUM_ARGS: string[];
export declare const CHROMIUM_HINT: string;
export declare function chromiumMissing(): string | null;
export declare function launchChromium(): Promise<Browser>;
