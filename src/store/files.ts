/**
 * File primitives: atomic writes, Float32 binary matrices, and the byte/text reads that the data
 * readers (data/) and the figure HTML (notebook/figure-html.ts, which inlines plotly.js) need. With
 * the rest of store/ this is the only code that touches the file system (checked by
 * test/architecture); it depends on core/ only, so every layer above may read files through it.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import writeFileAtomic from "write-file-atomic";
import { DataFileError } from "../core/errors";

/** Writes `data` to `file` atomically (temp file + rename), creating parent folders. */
export function writeAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic.sync(file, data);
}

/** Little-endian bytes of a Float32Array (a copy-free view on little-endian hosts). */
export function f32Bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Reads a Float32 binary file of `rows × cols` values.
 * @returns Float32Array of length rows*cols (row-major)
 * @throws DataFileError when the file size is not rows*cols*4 bytes
 */
export function readF32(file: string, rows: number, cols: number): Float32Array {
  const buf = fs.readFileSync(file);
  const expected = rows * cols * 4;
  if (buf.length !== expected) {
    throw new DataFileError(`${file}: ${buf.length} bytes, expected ${expected} (${rows} × ${cols} float32)`);
  }
  const out = new Float32Array(rows * cols);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

/** Reads one row of a Float32 binary matrix with `cols` columns without loading the whole file. */
export function readF32Row(file: string, row: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  const fd = fs.openSync(file, "r");
  try {
    const n = fs.readSync(fd, new Uint8Array(out.buffer), 0, cols * 4, row * cols * 4);
    if (n !== cols * 4) throw new DataFileError(`${file}: row ${row} is truncated (${n} of ${cols * 4} bytes)`);
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

/** Writes `value` as JSON to `<dir>/<name>` (inside a cache entry's temporary folder). */
export function writeJson(dir: string, name: string, value: unknown): void {
  fs.writeFileSync(path.join(dir, name), JSON.stringify(value));
}

/** Parses `<dir>/<name>` as JSON. */
export function readJson<T = unknown>(dir: string, name: string): T {
  return JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as T;
}

/** Writes raw bytes to `<dir>/<name>` (inside a cache entry's temporary folder). */
export function writeBytes(dir: string, name: string, data: Uint8Array): void {
  fs.writeFileSync(path.join(dir, name), data);
}

/** Reads `<dir>/<name>` as bytes. */
export function readBytes(dir: string, name: string): Buffer {
  return fs.readFileSync(path.join(dir, name));
}

/** Whether `file` exists (a file or a folder). */
export function fileExists(file: string): boolean {
  return fs.existsSync(file);
}

/** Deletes `file`; absent is fine. */
export function removeFile(file: string): void {
  fs.rmSync(file, { force: true });
}

/** Size of `file` on disk in bytes. @throws the fs error when it does not exist */
export function fileSize(file: string): number {
  return fs.statSync(file).size;
}

/** A whole text file, decoded as UTF-8. @throws the fs error when it cannot be read */
export function readText(file: string): string {
  return fs.readFileSync(file, "utf8");
}

/**
 * Reads a whole data file, gunzipping it when its name ends in `.gz`.
 * @throws DataFileError naming the file when it is missing (with `fetchHint`) or not valid gzip
 */
export function readDataFile(file: string, fetchHint: string): Buffer {
  if (!fs.existsSync(file))
    throw new DataFileError(`${file}: file not found; fetch the data set with \`${fetchHint}\``);
  const raw = fs.readFileSync(file);
  if (!file.endsWith(".gz")) return raw;
  try {
    return zlib.gunzipSync(raw);
  } catch (e) {
    throw new DataFileError(`${file}: not a valid gzip file (${(e as Error).message})`);
  }
}
