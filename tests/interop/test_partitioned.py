"""`petrochip run --partition-by source` writes, beside the flat files, each table that has
source_id as hive-partitioned Parquet (`<table>/source_id=<id>/part-0.parquet`). DuckDB reads
the parts back with hive_partitioning and finds the flat table's rows, no more, no fewer.

The partitioned folder is PETROCHIP_PARTITIONED when set, else written here by
`cargo run -- run --partition-by source` into a temporary folder (raw/ of this checkout)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from interop_helpers import REPO, load_datapackage


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory):
    given = os.environ.get("PETROCHIP_PARTITIONED")
    if given:
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("partitioned") / "output"
    result = subprocess.run(
        ["cargo", "run", "--locked", "--quiet", "--", "-q", "run", "--no-run-log",
         "--partition-by", "source", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def partitioned_tables(partitioned):
    package = load_datapackage(partitioned)
    return [
        r for r in package["resources"]
        if "source_id" in [f["name"] for f in r["schema"]["fields"]]
    ]


def test_manifest_records_the_layout_and_every_part(partitioned):
    manifest = json.loads((partitioned / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["partition_by"] == "source_id"
    listed = {e["path"] for e in manifest["outputs"]}
    on_disk = {p.relative_to(partitioned).as_posix() for p in partitioned.rglob("*.parquet")}
    assert on_disk <= listed


def test_duckdb_reads_the_parts_as_the_flat_table(partitioned):
    con = duckdb.connect()
    tables = [r for r in partitioned_tables(partitioned) if r["rows"] > 0]
    assert any(r["name"] == "figures" for r in tables)
    for r in tables:
        name = r["name"]
        columns = ", ".join(f'"{f["name"]}"' for f in r["schema"]["fields"])
        flat = f"select {columns} from read_parquet('{partitioned / r['parquet']}')"
        parts = (
            f"select {columns} from read_parquet('{partitioned / name}/*/*.parquet', "
            "hive_partitioning = true, hive_types = {'source_id': VARCHAR})"
        )
        (count,) = con.execute(f"select count(*) from ({parts})").fetchone()
        assert count == r["rows"], name
        for a, b in ((flat, parts), (parts, flat)):
            missing = con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]
            assert missing == 0, f"{name}: {missing} rows of one side not in the other"
        sources = con.execute(f"select count(distinct source_id) from ({flat})").fetchone()[0]
        assert len(list((partitioned / name).iterdir())) == sources, name


def test_parts_leave_source_id_to_the_folder_name(partitioned):
    """Hive convention: the partition column is in the path, not in the file."""
    part = partitioned / "figures" / "source_id=muller_park_2024" / "part-0.parquet"
    names = [row[0] for row in duckdb.connect().execute(
        "describe select * from read_parquet(?, hive_partitioning = false)", [str(part)]
    ).fetchall()]
    assert "source_id" not in names and "figure_id" in names


def test_tables_without_source_id_have_no_folder(partitioned):
    package = load_datapackage(partitioned)
    with_source = {r["name"] for r in partitioned_tables(partitioned)}
    for r in package["resources"]:
        if r["name"] not in with_source:
            assert not (partitioned / r["name"]).exists(), r["name"]


def test_polars_reads_the_parts_as_readme_says(partitioned):
    import polars as pl

    flat = pl.read_parquet(partitioned / "figures.parquet")
    parts = pl.scan_parquet(
        f"{partitioned}/figures/**/*.parquet", hive_partitioning=True
    ).collect()
    key = ["source_id", "figure_id"]
    assert parts.select(flat.columns).sort(key).equals(flat.sort(key))
