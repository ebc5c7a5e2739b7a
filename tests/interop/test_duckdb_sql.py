"""output/duckdb.sql builds a documented DuckDB database: a view over every Parquet file, a
comment on every view and column, as many rows as the CSV twin. Run as its header says: from the
output folder, or from elsewhere with `SET file_search_path` naming it."""

from __future__ import annotations

import duckdb
import pytest

from interop_helpers import is_enum, read_csv_cells


def sql_string(text):
    return "'" + text.replace("'", "''") + "'"


def column_comment(field):
    """What the file says of a column: its description, then an enumeration's values."""
    if is_enum(field):
        return f"{field['description']} Values: {', '.join(field['constraints']['enum'])}."
    return field["description"]


@pytest.fixture(scope="module")
def database(out, tmp_path_factory):
    """A database file built from another folder through the search path, closed and reopened,
    so the comments are shown as a later session sees them."""
    path = tmp_path_factory.mktemp("duckdb") / "petrochip.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"SET file_search_path = {sql_string(str(out))}")
    con.execute((out / "duckdb.sql").read_text(encoding="utf-8"))
    con.close()
    con = duckdb.connect(str(path))
    con.execute(f"SET file_search_path = {sql_string(str(out))}")
    yield con
    con.close()


def test_every_table_is_a_commented_view(database, datapackage):
    views = dict(
        database.execute(
            "select view_name, comment from duckdb_views() where not internal"
        ).fetchall()
    )
    assert set(views) == {r["name"] for r in datapackage["resources"]}
    for r in datapackage["resources"]:
        key = ", ".join(r["schema"]["primaryKey"])
        assert views[r["name"]] == f"{r['description']} Key: {key}.", r["name"]


def test_every_column_has_its_comment(database, resource):
    rows = database.execute(
        "select column_name, comment from duckdb_columns() where table_name = ? "
        "order by column_index",
        [resource["name"]],
    ).fetchall()
    fields = resource["schema"]["fields"]
    assert [name for name, _ in rows] == [f["name"] for f in fields]
    for (name, comment), field in zip(rows, fields):
        assert comment == column_comment(field), f"{resource['name']}.{name}"


def test_rows_match_the_csv(database, out, resource):
    _, rows = read_csv_cells(out / resource["path"])
    (count,) = database.execute(f'select count(*) from "{resource["name"]}"').fetchone()
    assert count == len(rows) == resource["rows"]


def test_a_comment_with_an_apostrophe_survives(database):
    """Written by hand from the contract: the file doubles the apostrophe of "folder's"."""
    (comment,) = database.execute(
        "select comment from duckdb_columns() where table_name = 'sources' "
        "and column_name = 'source_id'"
    ).fetchone()
    assert comment == "Identifier of the source; its folder's name."


def test_runs_from_the_output_folder(out, monkeypatch):
    """The header's other way: from output/ itself, no search path."""
    monkeypatch.chdir(out)
    con = duckdb.connect()
    con.execute((out / "duckdb.sql").read_text(encoding="utf-8"))
    (count,) = con.execute("select count(*) from countries").fetchone()
    assert count == 249
    (comment,) = con.execute(
        "select comment from duckdb_columns() where table_name = 'countries' "
        "and column_name = 'iso3'"
    ).fetchone()
    assert comment == "ISO 3166-1 alpha-3 code."
