"""Executes notebooks/explore.ipynb on this checkout's output/ and writes it back with its
outputs, normalised so that a rerun on the same data writes the same bytes. Run through
`just notebook` (the interop virtualenv's pinned versions draw the charts)."""

from __future__ import annotations

import nbformat

from interop_helpers import NOTEBOOK, REPO, execute_notebook

if __name__ == "__main__":
    nb = execute_notebook(REPO / "output")
    NOTEBOOK.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    print(f"wrote {NOTEBOOK.relative_to(REPO)}")
