/**
 * The only module that knows folder names. Everything lives under the data
 * directory: `<repo>/data` by default, or LATE_DECAY_DATA_DIR when set.
 */
import * as path from "path";

/** Root of this checkout (two levels above src/store or dist/store). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The data directory (datasets, caches). */
export function dataDir(): string {
  return path.resolve(process.env.LATE_DECAY_DATA_DIR || path.join(REPO_ROOT, "data"));
}

/** Folder of cache entries of one kind, e.g. cacheDir("path") = data/cache/path. */
export function cacheDir(kind: string): string {
  return path.join(dataDir(), "cache", kind);
}

/** Folder for exported results (CSV) of one notebook and profile: data/results/<notebook>/<profile>. */
export function resultsDir(notebook: string, profile: string): string {
  return path.join(dataDir(), "results", notebook, profile);
}

/**
 * A path as shown in a notebook: relative to the project root when inside it
 * ("data/results/01-late-decay/quick/finals.csv"), else under the data directory as
 * "$LATE_DECAY_DATA_DIR/…", else unchanged; so outputs and their HTML name no folder of this machine.
 * @param file absolute or cwd-relative path
 */
export function displayPath(file: string): string {
  const abs = path.resolve(file);
  const inside = (root: string) => {
    const rel = path.relative(root, abs);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : null;
  };
  const inProject = inside(REPO_ROOT);
  if (inProject !== null) return inProject;
  const inData = process.env.LATE_DECAY_DATA_DIR ? inside(dataDir()) : null;
  return inData !== null ? `$LATE_DECAY_DATA_DIR/${inData}` : file;
}
