/** Pure HTML for small tables (banners, summaries). No tslab. */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function cell(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(6);
  return v === null || v === undefined ? "" : String(v);
}

/**
 * An HTML table from rows of records; the columns are the union of the rows' keys in
 * first-seen order. Numbers print as integers or with 6 significant digits.
 * @param rows e.g. `df.values` mapped to objects, or `dfd.toJSON(df)`
 * @returns `<table>` HTML (empty rows → a table with "(no rows)")
 */
export function tableHtml(rows: Record<string, unknown>[]): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body =
    rows.length === 0
      ? `<tr><td>(no rows)</td></tr>`
      : rows.map((r) => `<tr>${cols.map((c) => `<td>${escapeHtml(cell(r[c]))}</td>`).join("")}</tr>`).join("\n");
  return `<table class="late-decay-table">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/**
 * A two-column key/value table, e.g. the backend banner of a notebook.
 * @param info e.g. {backend: "wasm", tfjs: "4.22.0", node: "v20.20.2"}
 */
export function keyValueHtml(info: Record<string, string>): string {
  const rows = Object.entries(info)
    .map(
      ([k, v]) =>
        `<tr><th style="text-align:left">${escapeHtml(k)}</th><td style="text-align:left">${escapeHtml(v)}</td></tr>`,
    )
    .join("\n");
  return `<table class="late-decay-banner">\n${rows}\n</table>`;
}

/** Plain-text rendering of a key/value table (fallback outside Jupyter). */
export function keyValueText(info: Record<string, string>): string {
  const width = Math.max(0, ...Object.keys(info).map((k) => k.length));
  return Object.entries(info)
    .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
    .join("\n");
}
