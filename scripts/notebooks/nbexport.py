"""Sign an executed notebook as trusted and export it to HTML.

Called by scripts/notebooks/reproduce.mjs after execution (scripts/notebooks/nbexec.py) and after the static figure
images were added to the notebook. Signing uses Jupyter's notebook signature (nbformat.sign, the same
as `jupyter trust`): the notebook opens trusted, for the user who ran this, in the Notebook and in
JupyterLab, so the scripts of its figure outputs run. The HTML export is nbexec.export_html (lab
template; an output nbconvert cannot represent is an error); reproduce.mjs then makes it
self-contained (scripts/notebooks/html-selfcontained.mjs).

usage: nbexport.py NOTEBOOK [--html OUT.html]
"""
import argparse
import json
import os
import sys

import nbformat
from nbformat.sign import NotebookNotary

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbexec import export_html  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebook")
    p.add_argument("--html")
    args = p.parse_args()
    nb = nbformat.read(args.notebook, as_version=4)
    notary = NotebookNotary()
    notary.sign(nb)
    nbformat.write(nb, args.notebook)
    if not notary.check_signature(nbformat.read(args.notebook, as_version=4)):
        raise SystemExit(f"nbexport: {args.notebook} does not check as trusted after signing")
    if args.html:
        export_html(nb, args.html)
    print(json.dumps({"ok": True, "trusted": True}))


if __name__ == "__main__":
    main()
