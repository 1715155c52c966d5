// Types for scripts/notebooks/browser.mjs.
import type { Browser, BrowserContext } from "playwright-core";
export declare const CHROMIUM: string;
export declare const CHROMIUM_ARGS: string[];
export declare const CHROMIUM_HINT: string;
export declare function chromiumMissing(): string | null;
export declare function launchChromium(): Promise<Browser>;
export declare const PROFILE_PREFIX: string;
export declare function withChromiumProfile<T>(fn: (context: BrowserContext) => Promise<T>, dir?: string): Promise<T>;
