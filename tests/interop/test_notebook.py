"""notebooks/explore.ipynb is committed executed, so its charts show without running it, and
normalised (no execution counts, timings or Python version), so a rerun does not churn. The
suite executes it again with nbclient on the output under test: it must run without errors or
warnings and draw its four charts; on this checkout's output/ it must give exactly the committed
outputs (else: `just notebook`, and commit the notebook)."""

from __future__ import annotations

import base64

import nbformat
import pytest

from interop_helpers import NOTEBOOK, REPO, execute_notebook, normalise_notebook

CHARTS = 5


def pngs(nb):
    return [
        output["data"]["image/png"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    ]


def test_notebook_is_committed_executed_and_normalised():
    text = NOTEBOOK.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert len(pngs(nb)) == CHARTS, "commit the notebook executed: `just notebook`"
    for cell in nb.cells:
        assert "execution" not in cell.metadata, f"{cell.id}: timings committed"
        if cell.cell_type == "code":
            assert cell.execution_count is None, f"{cell.id}: execution count committed"
            for output in cell.outputs:
                assert output.get("execution_count") is None, f"{cell.id}: execution count"
    assert nb.metadata["language_info"] == {"name": "python"}
    # What normalise_notebook and nbformat.write give, so the file does not churn.
    assert text == nbformat.writes(normalise_notebook(nbformat.reads(text, as_version=4))) + "\n"


@pytest.fixture(scope="module")
def executed(out):
    return execute_notebook(out)


def test_notebook_runs_and_draws_every_chart(executed):
    charts = pngs(executed)
    assert len(charts) == CHARTS
    for chart in charts:
        assert base64.b64decode(chart).startswith(b"\x89PNG\r\n\x1a\n")
    warnings = [
        output.text
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stderr"
    ]
    assert not warnings, "\n".join(warnings)


def test_committed_outputs_are_what_the_output_gives(out, executed):
    if out != (REPO / "output").resolve():
        pytest.skip("the committed outputs are those of this checkout's output/")
    committed = nbformat.read(NOTEBOOK, as_version=4)
    assert len(committed.cells) == len(executed.cells)
    for old, new in zip(committed.cells, executed.cells):
        if old.cell_type == "code":
            assert old.outputs == new.outputs, (
                f"{old.id}: outputs differ from a fresh run on output/; run `just notebook` "
                "and commit notebooks/explore.ipynb"
            )
