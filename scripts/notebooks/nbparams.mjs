// Papermill-style parameters for TypeScript notebooks (pure functions, no IO).
// The code cell tagged `parameters` holds defaults (`let profile = "quick";`). Overrides go
// into a new cell tagged `injected-parameters` placed right after it, as plain assignments
// inside a block:   { profile = "smoke"; steps = 5; }
// Why assignments in a block: tslab keeps `let` bindings across cells, so an assignment
// type-checks against the declared type (a bad override fails in that cell with a TS error),
// and a block statement has no value, so the cell prints nothing. A redeclaration
// (`let profile = "smoke"`) also works in tslab but would drop the declared type.

const IDENT = /^[A-Za-z_$][\w$]*$/;
const DECL = /^\s*(?:export\s+)?(let|var|const)\s+([A-Za-z_$][\w$]*)/gm;
export const PARAMETERS_TAG = "parameters";
export const INJECTED_TAG = "injected-parameters";

/**
 * "5" → 5, "true" → true, '"smoke"' → "smoke", "[1,2]" → [1,2]; other text that is not valid JSON stays a
 * string ("smoke" → "smoke").
 * @throws Error for text that starts like a JSON array or object ([ or {) but does not parse, naming it
 */
export function parseParamValue(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (/^\s*[[{]/.test(text))
      throw new Error(`parameter value ${JSON.stringify(text)} is not valid JSON (${e.message})`);
    return text;
  }
}

/**
 * ["profile=smoke", "steps=5"] → {profile: "smoke", steps: 5}.
 * @throws Error naming the argument without "=" or with a key that is not an identifier.
 */
export function parseParamArgs(args) {
  const out = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq < 0) throw new Error(`parameter ${JSON.stringify(arg)} must look like key=value`);
    const key = arg.slice(0, eq).trim();
    if (!IDENT.test(key)) throw new Error(`parameter name ${JSON.stringify(key)} is not a TypeScript identifier`);
    out[key] = parseParamValue(arg.slice(eq + 1));
  }
  return out;
}

const sourceText = (cell) => (Array.isArray(cell.source) ? cell.source.join("") : (cell.source ?? ""));
const tagsOf = (cell) => cell.metadata?.tags ?? [];

/** Names declared at the start of a line of the parameters cell: Map name → "let" | "var" | "const". */
export function declaredParameters(source) {
  const names = new Map();
  for (const m of source.matchAll(DECL)) names.set(m[2], m[1]);
  return names;
}

/** Source of the injected cell for overrides {profile: "smoke"} (values as JSON literals). */
export function injectedSource(overrides) {
  const lines = Object.entries(overrides).map(([k, v]) => `  ${k} = ${JSON.stringify(v)};`);
  return `// Parameters injected by scripts/notebooks/reproduce.mjs\n{\n${lines.join("\n")}\n}`;
}

/**
 * Returns a copy of `nb` (nbformat 4 JSON) with earlier `injected-parameters` cells removed and,
 * when `overrides` is not empty, a new one right after the cell tagged `parameters`.
 * Also records the overrides in nb.metadata.reproduce.parameters.
 * @param nb notebook JSON; @param overrides name → JSON value; @param name notebook name for messages
 * @throws Error when overrides are given but there is no parameters cell, when an override
 *   is not declared there, or when it is declared const.
 */
export function injectParameters(nb, overrides = {}, name = "notebook") {
  const copy = structuredClone(nb);
  copy.cells = copy.cells.filter((c) => !tagsOf(c).includes(INJECTED_TAG));
  copy.metadata = { ...(copy.metadata ?? {}), reproduce: { parameters: overrides } };
  const keys = Object.keys(overrides);
  if (keys.length === 0) return copy;
  const at = copy.cells.findIndex((c) => c.cell_type === "code" && tagsOf(c).includes(PARAMETERS_TAG));
  if (at < 0)
    throw new Error(
      `${name} has no code cell tagged "${PARAMETERS_TAG}", so it cannot take parameters (${keys.join(", ")})`,
    );
  const declared = declaredParameters(sourceText(copy.cells[at]));
  for (const k of keys) {
    if (!declared.has(k))
      throw new Error(
        `${name}: parameter "${k}" is not declared in the parameters cell (declared: ${[...declared.keys()].join(", ") || "none"})`,
      );
    if (declared.get(k) === "const")
      throw new Error(`${name}: parameter "${k}" is declared const in the parameters cell; declare it with let`);
  }
  const cell = {
    cell_type: "code",
    execution_count: null,
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    source: injectedSource(overrides),
  };
  if ((copy.nbformat_minor ?? 0) >= 5) cell.id = INJECTED_TAG;
  copy.cells.splice(at + 1, 0, cell);
  return copy;
}
