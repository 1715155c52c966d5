/** Test helper: parses SVG files with Python's XML parser (an independent, strict reference). */
import { spawnSync } from "node:child_process";

const SCRIPT = `
import json, sys, xml.etree.ElementTree as ET
out = []
for f in sys.argv[1:]:
    try:
        root = ET.parse(f).getroot()
        texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
        out.append({"file": f, "root": root.tag, "texts": texts})
    except ET.ParseError as e:
        out.append({"file": f, "error": str(e)})
print(json.dumps(out))
`;

/** Per file: root tag (`{http://www.w3.org/2000/svg}svg` for a valid SVG) and the texts of its `<text>` elements, or the parse error. */
export function parseSvgs(files: string[]): { file: string; root?: string; texts?: string[]; error?: string }[] {
  const r = spawnSync("/usr/bin/python3", ["-c", SCRIPT, ...files], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python3 xml parse failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
