// The closing lines of `npm run reproduce`: per notebook ok / FAILED / not run, wall time, where the outputs are.
import { join, relative, resolve } from "node:path";

/**
 * The closing lines of a run: each notebook ok / FAILED / not run with its time, the total wall
 * time, and where the outputs are (relative to the current folder when inside it, else absolute).
 * @param {string[]} names notebooks asked for, in order
 * @param {Array<{name: string, ok: boolean, seconds: number, figuresNote?: string|null}>} results runs so far
 * @param {number} wallS wall time in seconds, bootstrap included
 * @param {string} outDir
 * @param {Record<string, string>} [about] notebook name → what it reproduces (the registry's paper section), shown after it
 */
export function summary(names, results, wallS, outDir, about = {}) {
  const byName = new Map(results.map((r) => [r.name, r]));
  const ok = results.filter((r) => r.ok).length;
  const failed = results.length - ok;
  const lines = [
    `[reproduce] ${ok} ok, ${failed} failed${names.length > results.length ? `, ${names.length - results.length} not run` : ""} · wall time ${fmtSeconds(wallS)}`,
  ];
  for (const name of names) {
    const r = byName.get(name);
    lines.push(
      `  ${r ? (r.ok ? "ok    " : "FAILED") : "-     "} ${name}${r ? ` (${fmtSeconds(r.seconds)})` : " (not run)"}${about[name] ? ` · ${about[name]}` : ""}`,
    );
  }
  const rel = relative(process.cwd(), resolve(outDir));
  const out = rel.startsWith("..") ? resolve(outDir) : rel || "."; // relative to the current folder when inside it
  lines.push(`  notebooks (signed trusted; open them from \`npm run lab\`): ${join(out, "executed")}/`);
  if (results.some((r) => r.html)) lines.push(`  HTML (self-contained, offline): ${join(out, "html")}/`);
  const skipped = results.find((r) => r.figuresNote);
  lines.push(
    skipped
      ? `  static figures skipped: ${skipped.figuresNote}`
      : `  figures as SVG and PNG: ${join(out, "figures")}/<notebook>/`,
  );
  return lines.join("\n");
}

function fmtSeconds(s) {
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
