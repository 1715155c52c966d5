// Types for scripts/lib/paths.mjs.
export declare const REPO_ROOT: string;
export declare function dataDir(root?: string): string;
export declare const DEBIAN_FASHION_MNIST_DIR: string;
export declare function fashionMnistDir(root?: string): string;
