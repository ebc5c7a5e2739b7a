"""notebooks/explore.ipynb is committed without outputs and runs headless (Agg) with nbclient
against the output under test; nothing is written back into the repository."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from interop_helpers import REPO

NOTEBOOK = REPO / "notebooks" / "explore.ipynb"

CHECK_FIGURES = """
import matplotlib
import matplotlib.pyplot as plt
assert matplotlib.get_backend().lower() == "agg", matplotlib.get_backend()
figures = [plt.figure(n) for n in plt.get_fignums()]
assert len(figures) >= 2, f"{len(figures)} figures drawn"
for figure in figures:
    assert figure.axes and all(ax.has_data() for ax in figure.axes), figure
"""


def test_notebook_is_committed_clean():
    text = NOTEBOOK.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{cell.id}: outputs committed; clear them"
            assert cell.execution_count is None, f"{cell.id}: execution count committed"
    # What nbformat.write gives, so the file does not churn between editors.
    assert text == nbformat.writes(nb) + "\n", "not in nbformat's form: re-save with nbformat"


def test_notebook_runs_headless(out, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PETROCHIP_OUTPUT", str(out))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK_FIGURES))
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    warnings = [
        output.text
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]
    assert not warnings, "\n".join(warnings)
