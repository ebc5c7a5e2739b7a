"""Each Parquet file carries the table's dictionary where every reader looks: each column's
description in its Arrow field metadata (`description`), the table's pairs below in the Arrow
schema metadata (pyarrow's `read_schema(...).metadata`) and in the footer's key-value metadata
(polars' `read_parquet_metadata`, DuckDB's `parquet_kv_metadata`); required columns are
`required` in Parquet and non-nullable in Arrow. The pairs equal what datapackage.json says: contract version, table,
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
    """The footer's pairs."""
    raw = pq.read_metadata(out / resource["parquet"]).metadata
    metadata = {k.decode(): v.decode() for k, v in raw.items()}
    check(decoded(metadata), datapackage, resource)


def test_pyarrow_schema_metadata(out, datapackage, resource):
    """The same pairs in the Arrow schema, so read_schema and read_table show them."""
    for schema in (
        pq.read_schema(out / resource["parquet"]),
        pq.read_table(out / resource["parquet"]).schema,
    ):
        metadata = {k.decode(): v.decode() for k, v in schema.metadata.items()}
        check(decoded(metadata), datapackage, resource)


def test_every_field_has_its_description(out, resource):
    schema = pq.read_schema(out / resource["parquet"])
    for field in resource["schema"]["fields"]:
        metadata = schema.field(field["name"]).metadata or {}
        assert metadata.get(b"description", b"").decode() == field["description"], field["name"]


def test_required_columns_are_not_nullable(out, resource):
    """Required (and primary-key) columns are non-nullable in Arrow and `required` in Parquet;
    the others nullable and `optional`."""
    schema = pq.read_schema(out / resource["parquet"])
    parquet = pq.read_metadata(out / resource["parquet"]).schema
    key = set(resource["schema"]["primaryKey"])
    for i, field in enumerate(resource["schema"]["fields"]):
        required = field["constraints"]["required"] or field["name"] in key
        assert schema.field(field["name"]).nullable is not required, field["name"]
        # A required flat column has no definition levels; an optional one has one.
        assert parquet.column(i).max_definition_level == (0 if required else 1), field["name"]


def test_a_known_column_reads_as_written(out):
    """One case written by hand from the contract: figures.figure_id is the key, described,
    required; figures.currency is optional."""
    schema = pq.read_schema(out / "figures.parquet")
    figure_id = schema.field("figure_id")
    assert figure_id.nullable is False
    assert figure_id.metadata[b"description"] == b"Identifier."
    assert schema.field("currency").nullable is True
    assert schema.metadata[b"petrochip.primary_key"] == b"source_id,figure_id"


def test_polars_metadata(out, datapackage, resource):
    check(decoded(pl.read_parquet_metadata(out / resource["parquet"])), datapackage, resource)


def test_duckdb_metadata(out, datapackage, resource):
    rows = duckdb.connect().execute(
        "select decode(key), decode(value) from parquet_kv_metadata(?)",
        [str(out / resource["parquet"])],
    ).fetchall()
    check(decoded(dict(rows)), datapackage, resource)
