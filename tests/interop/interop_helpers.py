"""Shared helpers of the interop suite: where output/ is, what datapackage.json says, and how
to read a CSV cell back into the value its Parquet twin holds."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# A CSV text cell starting with one of these gets one leading "'" (formula neutralisation);
# Parquet keeps the text as is.
NEUTRALISED_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def output_dir() -> Path:
    """output/ of this checkout, or the folder PETROCHIP_OUTPUT names."""
    override = os.environ.get("PETROCHIP_OUTPUT")
    return Path(override).resolve() if override else REPO / "output"


def load_datapackage(out: Path) -> dict:
    return json.loads((out / "datapackage.json").read_text(encoding="utf-8"))


def is_enum(field: dict) -> bool:
    return "enum" in field.get("constraints", {})


def kind(field: dict) -> str:
    """The petrochip column type of a datapackage field: enum, string, integer, number,
    boolean or date."""
    return "enum" if is_enum(field) else field["type"]


def is_text(field: dict) -> bool:
    return kind(field) in ("string", "enum")


def neutralise(text: str) -> str:
    """What the CSV writer does to a text cell."""
    return "'" + text if text.startswith(NEUTRALISED_STARTS) else text


def strip_neutralisation(cell: str) -> str:
    """Undoes neutralise(): drops exactly one leading "'" (only one: "''x" gives "'x")."""
    return cell[1:] if cell.startswith("'") else cell


def read_csv_cells(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file as raw strings, exactly as written."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def parse_cell(cell: str, field: dict):
    """A raw CSV cell as the Python value its Parquet twin holds (None for an empty cell)."""
    if cell == "":
        return None
    k = kind(field)
    if k in ("string", "enum"):
        return strip_neutralisation(cell)
    if k == "integer":
        return int(cell)
    if k == "number":
        return float(cell)
    if k == "boolean":
        if cell not in ("true", "false"):
            raise ValueError(f"not a boolean: {cell!r}")
        return cell == "true"
    if k == "date":
        return dt.date.fromisoformat(cell)
    raise ValueError(f"unknown type {field['type']!r} for {field['name']}")


NOTEBOOK = REPO / "notebooks" / "explore.ipynb"


def execute_notebook(out: Path):
    """notebooks/explore.ipynb executed on `out` (charts inline, as PNG), then normalised."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    env = dict(os.environ, PETROCHIP_OUTPUT=str(out))
    env.pop("MPLBACKEND", None)  # the kernel's inline backend, so charts become outputs
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        client.execute()  # raises CellExecutionError on the first failing cell
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return normalise_notebook(nb)


def normalise_notebook(nb):
    """Drops what changes between two runs of the same notebook on the same data: execution
    counts, timings, the kernel's Python version. What remains is committed."""
    nb.metadata = {
        "kernelspec": nb.metadata.get("kernelspec", {}),
        "language_info": {"name": "python"},
    }
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.execution_count = None
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = None
    return nb
