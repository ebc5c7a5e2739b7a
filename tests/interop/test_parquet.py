"""Every Parquet table loads in pyarrow, pandas, polars and DuckDB with the documented types,
the column names and order of datapackage.json, its row count, and as many nulls as the CSV
twin has empty cells."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from interop_helpers import kind, read_csv_cells

TEXT_ARROW = (pa.string(), pa.large_string(), pa.string_view())


def names(resource):
    return [f["name"] for f in resource["schema"]["fields"]]


def enum_values(field):
    return field["constraints"]["enum"]


def csv_empty_cells(out, resource):
    """Empty cells per column of the CSV twin (an empty cell is a null)."""
    header, rows = read_csv_cells(out / resource["path"])
    return {name: sum(1 for row in rows if row[i] == "") for i, name in enumerate(header)}


def test_every_resource_has_both_files(out, resource):
    assert resource["path"] == f"{resource['name']}.csv"
    assert resource["parquet"] == f"{resource['name']}.parquet"
    assert (out / resource["path"]).is_file()
    assert (out / resource["parquet"]).is_file()


def test_no_stray_tables(out, datapackage):
    listed = {r["parquet"] for r in datapackage["resources"]} | {
        r["path"] for r in datapackage["resources"]
    }
    on_disk = {p.name for p in out.iterdir() if p.suffix in (".csv", ".parquet")}
    assert on_disk == listed


# -- pyarrow ---------------------------------------------------------------------------------


def test_pyarrow_types(out, resource):
    table = pq.read_table(out / resource["parquet"])
    assert table.column_names == names(resource)
    assert table.num_rows == resource["rows"]
    for field in resource["schema"]["fields"]:
        ty = table.schema.field(field["name"]).type
        k = kind(field)
        where = f"{resource['name']}.{field['name']}: {ty}"
        if k == "string":
            assert ty in TEXT_ARROW, where
        elif k == "enum":
            assert pa.types.is_dictionary(ty), where
            assert ty.value_type in TEXT_ARROW, where
            assert ty.ordered, where
            # Parquet stores an enum's categories in its data pages: a table with no rows (a
            # derived table with nothing to derive) keeps the type but not the list.
            for chunk in table.column(field["name"]).chunks:
                if table.num_rows:
                    assert chunk.dictionary.to_pylist() == enum_values(field), where
        elif k == "integer":
            assert ty == pa.int64(), where
        elif k == "number":
            assert ty == pa.float64(), where
        elif k == "boolean":
            assert ty == pa.bool_(), where
        elif k == "date":
            assert ty == pa.date32(), where
        else:
            pytest.fail(f"unknown type {where}")


def test_pyarrow_nulls_match_csv_empty_cells(out, resource):
    table = pq.read_table(out / resource["parquet"])
    empty = csv_empty_cells(out, resource)
    metadata = pq.read_metadata(out / resource["parquet"])
    for i, field in enumerate(resource["schema"]["fields"]):
        name = field["name"]
        nulls = table.column(name).null_count
        assert nulls == empty[name], f"{resource['name']}.{name}"
        # The footer's statistics agree with the data.
        stats = [
            metadata.row_group(g).column(i).statistics for g in range(metadata.num_row_groups)
        ]
        if all(s is not None and s.has_null_count for s in stats):
            assert sum(s.null_count for s in stats) == nulls, f"{resource['name']}.{name}"
        if field["constraints"].get("required"):
            assert nulls == 0, f"required column {resource['name']}.{name} has nulls"


# -- pandas ----------------------------------------------------------------------------------


def test_pandas_types(out, resource):
    """With dtype_backend="numpy_nullable" (as the README says), integers stay int64 even with
    nulls (Int64), booleans are boolean, enumerations ordered categoricals, dates datetime.date."""
    df = pd.read_parquet(out / resource["parquet"], dtype_backend="numpy_nullable")
    assert list(df.columns) == names(resource)
    assert len(df) == resource["rows"]
    empty = csv_empty_cells(out, resource)
    for field in resource["schema"]["fields"]:
        s = df[field["name"]]
        k = kind(field)
        where = f"{resource['name']}.{field['name']}: {s.dtype}"
        if k == "string":
            assert pd.api.types.is_string_dtype(s.dtype), where
        elif k == "enum":
            assert isinstance(s.dtype, pd.CategoricalDtype), where
            assert s.dtype.ordered, where
            if len(df):  # see test_pyarrow_types: no rows, no stored categories
                assert list(s.dtype.categories) == enum_values(field), where
        elif k == "integer":
            assert s.dtype == pd.Int64Dtype(), where
        elif k == "number":
            assert s.dtype == pd.Float64Dtype(), where
        elif k == "boolean":
            assert s.dtype == pd.BooleanDtype(), where
        elif k == "date":
            assert s.dtype == object, where
            assert all(isinstance(v, dt.date) for v in s.dropna()), where
        assert int(s.isna().sum()) == empty[field["name"]], where


def test_pandas_default_backend(out, resource):
    """Without dtype_backend: integer columns without nulls are int64, numbers float64."""
    df = pd.read_parquet(out / resource["parquet"])
    assert list(df.columns) == names(resource)
    for field in resource["schema"]["fields"]:
        s = df[field["name"]]
        where = f"{resource['name']}.{field['name']}: {s.dtype}"
        if kind(field) == "integer" and not s.isna().any():
            assert s.dtype == "int64", where
        if kind(field) == "number":
            assert s.dtype == "float64", where
        if kind(field) == "enum":
            assert isinstance(s.dtype, pd.CategoricalDtype), where


# -- polars ----------------------------------------------------------------------------------


def test_polars_types(out, resource):
    df = pl.read_parquet(out / resource["parquet"])
    assert df.columns == names(resource)
    assert df.height == resource["rows"]
    empty = csv_empty_cells(out, resource)
    expected = {
        "string": pl.String,
        "integer": pl.Int64,
        "number": pl.Float64,
        "boolean": pl.Boolean,
        "date": pl.Date,
    }
    for field in resource["schema"]["fields"]:
        ty = df.schema[field["name"]]
        k = kind(field)
        where = f"{resource['name']}.{field['name']}: {ty}"
        if k == "enum":
            assert ty == pl.Enum(enum_values(field)), where
        else:
            assert ty == expected[k], where
        assert df[field["name"]].null_count() == empty[field["name"]], where


# -- DuckDB ----------------------------------------------------------------------------------


def test_duckdb_types(out, resource):
    """DuckDB reads Parquet enumerations as VARCHAR (it has no dictionary type to map them
    to); their values must still be among the enumeration's."""
    path = str(out / resource["parquet"])
    con = duckdb.connect()
    described = con.execute("describe select * from read_parquet(?)", [path]).fetchall()
    assert [row[0] for row in described] == names(resource)
    types = {row[0]: row[1] for row in described}
    expected = {
        "string": "VARCHAR",
        "enum": "VARCHAR",
        "integer": "BIGINT",
        "number": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
    }
    (rows,) = con.execute("select count(*) from read_parquet(?)", [path]).fetchone()
    assert rows == resource["rows"]
    empty = csv_empty_cells(out, resource)
    for field in resource["schema"]["fields"]:
        name = field["name"]
        where = f"{resource['name']}.{name}: {types[name]}"
        assert types[name] == expected[kind(field)], where
        quoted = '"' + name.replace('"', '""') + '"'
        (nulls,) = con.execute(
            f"select count(*) - count({quoted}) from read_parquet(?)", [path]
        ).fetchone()
        assert nulls == empty[name], where
        if kind(field) == "enum":
            values = {
                v for (v,) in con.execute(
                    f"select distinct {quoted} from read_parquet(?) where {quoted} is not null",
                    [path],
                ).fetchall()
            }
            assert values <= set(enum_values(field)), where


def test_duckdb_values_equal_pyarrow(out, resource):
    """DuckDB and pyarrow read the same cells (dates, booleans, nulls included)."""
    table = pq.read_table(out / resource["parquet"])
    expected = [tuple(row.values()) for row in table.to_pylist()]
    got = duckdb.connect().execute(
        "select * from read_parquet(?)", [str(out / resource["parquet"])]
    ).fetchall()
    assert got == expected
