"""Each Parquet footer carries the table's dictionary as key-value metadata, readable from
pyarrow, polars and DuckDB, and equal to what datapackage.json says: contract version, table,
description, primary key, columns (JSON object column -> description, in column order) and
foreign keys (JSON, in datapackage.json's foreignKeys form). The footer lists every foreign key;
datapackage.json leaves out the composite ones whose columns may be partly empty (Table Schema
would read a figure with a source_id and no initiative_id as dangling), so those are the only
keys the footer may add."""

from __future__ import annotations

import json

import duckdb
import polars as pl
import pyarrow.parquet as pq

KEYS = (
    "petrochip.contract_version",
    "petrochip.table",
    "petrochip.description",
    "petrochip.primary_key",
    "petrochip.columns",
    "petrochip.foreign_keys",
)


def expected(datapackage, resource):
    return {
        "petrochip.contract_version": datapackage["version"],
        "petrochip.table": resource["name"],
        "petrochip.description": resource["description"],
        "petrochip.primary_key": ",".join(resource["schema"]["primaryKey"]),
        "petrochip.columns": {f["name"]: f["description"] for f in resource["schema"]["fields"]},
        "petrochip.foreign_keys": resource["schema"].get("foreignKeys", []),
    }


def decoded(metadata):
    got = {k: metadata[k] for k in KEYS if k in metadata}
    for key in ("petrochip.columns", "petrochip.foreign_keys"):
        if key in got:
            got[key] = json.loads(got[key])
    return got


def partly_optional(fk, resource):
    required = {f["name"]: f.get("constraints", {}).get("required", False)
                for f in resource["schema"]["fields"]}
    return len(fk["fields"]) > 1 and not all(required[c] for c in fk["fields"])


def check(got, datapackage, resource):
    want = expected(datapackage, resource)
    assert set(got) == set(KEYS), f"missing: {set(KEYS) - set(got)}"
    footer_keys = got["petrochip.foreign_keys"]
    assert [fk for fk in footer_keys if not partly_optional(fk, resource)] == want["petrochip.foreign_keys"]
    got = {**got, "petrochip.foreign_keys": want["petrochip.foreign_keys"]}
    assert got == want
    # Column order in the JSON object is the table's.
    assert list(got["petrochip.columns"]) == [f["name"] for f in resource["schema"]["fields"]]


def test_pyarrow_metadata(out, datapackage, resource):
    """The footer's pairs. (pq.read_table(...).schema.metadata does not have them: pyarrow
    takes the schema from the embedded Arrow schema polars writes, which has no metadata.)"""
    raw = pq.read_metadata(out / resource["parquet"]).metadata
    metadata = {k.decode(): v.decode() for k, v in raw.items()}
    check(decoded(metadata), datapackage, resource)


def test_polars_metadata(out, datapackage, resource):
    check(decoded(pl.read_parquet_metadata(out / resource["parquet"])), datapackage, resource)


def test_duckdb_metadata(out, datapackage, resource):
    rows = duckdb.connect().execute(
        "select decode(key), decode(value) from parquet_kv_metadata(?)",
        [str(out / resource["parquet"])],
    ).fetchall()
    check(decoded(dict(rows)), datapackage, resource)
