"""Every CSV file holds the same values as its Parquet twin, cell by cell and typed, read with
pandas and with the csv module; text cells follow the formula-neutralisation rule."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow.parquet as pq
import pytest

from interop_helpers import (
    is_text,
    kind,
    neutralise,
    parse_cell,
    read_csv_cells,
    strip_neutralisation,
)


def pandas_dtype(field):
    k = kind(field)
    if k == "enum":
        return pd.CategoricalDtype(field["constraints"]["enum"], ordered=True)
    return {"string": "str", "integer": "Int64", "number": "Float64", "boolean": "boolean"}.get(k)


def read_csv_typed(path, resource):
    """A CSV file in pandas with the types of datapackage.json, as an analyst would read it:
    every cell as text first (so nothing is guessed), empty cells as nulls, then each column
    cast; text cells lose their neutralising quote."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    for field in resource["schema"]["fields"]:
        name, k = field["name"], kind(field)
        column = df[name]
        if k in ("string", "enum"):
            column = column.map(strip_neutralisation, na_action="ignore")
        if k == "boolean":
            column = column.map({"true": True, "false": False}, na_action="ignore")
        if k == "date":
            df[name] = pd.to_datetime(column, format="%Y-%m-%d").dt.date.astype(object)
            df[name] = df[name].where(column.notna(), None)
        else:
            df[name] = column.astype(pandas_dtype(field))
    return df


def same(a, b):
    """Equal and of the same Python type, or both null."""
    a_null, b_null = pd.isna(a), pd.isna(b)
    if a_null or b_null:
        return a_null and b_null
    return a == b and type(a) is type(b)


# -- the strip helper --------------------------------------------------------------------------


# -- the output ----------------------------------------------------------------------------------


def test_csv_header_matches_datapackage(out, resource):
    header, rows = read_csv_cells(out / resource["path"])
    assert header == [f["name"] for f in resource["schema"]["fields"]]
    assert len(rows) == resource["rows"]
    assert all(len(row) == len(header) for row in rows)


def test_csv_cells_equal_parquet(out, resource):
    """The csv module and parse_cell against pyarrow, cell by cell."""
    fields = resource["schema"]["fields"]
    _, rows = read_csv_cells(out / resource["path"])
    expected = pq.read_table(out / resource["parquet"]).to_pylist()
    assert len(rows) == len(expected)
    problems = []
    for line, (cells, want) in enumerate(zip(rows, expected), start=2):
        for cell, field in zip(cells, fields):
            got = parse_cell(cell, field)
            wanted = want[field["name"]]
            if got != wanted or type(got) is not type(wanted):
                problems.append(f"line {line}, {field['name']}: CSV {got!r}, Parquet {wanted!r}")
    assert not problems, "\n".join(problems[:20])


def test_pandas_csv_equals_pandas_parquet(out, resource):
    """pandas reads the same typed values from the CSV file as from the Parquet file."""
    from_csv = read_csv_typed(out / resource["path"], resource)
    from_parquet = pd.read_parquet(out / resource["parquet"], dtype_backend="numpy_nullable")
    assert list(from_csv.columns) == list(from_parquet.columns)
    assert len(from_csv) == len(from_parquet)
    problems = []
    for field in resource["schema"]["fields"]:
        name = field["name"]
        a, b = from_csv[name], from_parquet[name]
        # An empty table's Parquet enum has no stored categories (see test_parquet.py).
        empty_enum = kind(field) == "enum" and len(from_parquet) == 0
        if kind(field) != "date" and a.dtype != b.dtype and not empty_enum:
            problems.append(f"{name}: dtype CSV {a.dtype}, Parquet {b.dtype}")
        for i, (x, y) in enumerate(zip(a.tolist(), b.tolist())):
            if not same(x, y):
                problems.append(f"row {i}, {name}: CSV {x!r}, Parquet {y!r}")
    assert not problems, "\n".join(problems[:20])


def test_csv_formula_neutralisation(out, resource):
    """In CSV only, a text cell starting with = + - @ TAB CR or ' carries one leading ';
    every other cell is written as is (numbers keep their minus sign)."""
    fields = resource["schema"]["fields"]
    _, rows = read_csv_cells(out / resource["path"])
    expected = pq.read_table(out / resource["parquet"]).to_pylist()
    problems = []
    for line, (cells, want) in enumerate(zip(rows, expected), start=2):
        for cell, field in zip(cells, fields):
            value = want[field["name"]]
            if value is None:
                if cell != "":
                    problems.append(f"line {line}, {field['name']}: null written as {cell!r}")
            elif is_text(field):
                if cell != neutralise(value):
                    problems.append(
                        f"line {line}, {field['name']}: text {value!r} written as {cell!r}"
                    )
            elif cell.startswith("'"):
                problems.append(f"line {line}, {field['name']}: non-text cell {cell!r} quoted")
    assert not problems, "\n".join(problems[:20])


def test_dates_are_iso(out, resource):
    fields = resource["schema"]["fields"]
    _, rows = read_csv_cells(out / resource["path"])
    for cells in rows:
        for cell, field in zip(cells, fields):
            if kind(field) == "date" and cell:
                assert dt.date.fromisoformat(cell).isoformat() == cell
