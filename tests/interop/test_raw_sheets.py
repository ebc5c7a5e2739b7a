"""raw/ checked by Frictionless against the Table Schema `petrochip sheets --format json` gives:
every sheet present, every required cell filled."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from frictionless import Package

REPO = Path(__file__).resolve().parents[2]


def binary() -> Path | None:
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("debug", "release"):
        path = target / profile / "petrochip"
        if path.is_file():
            return path
    return None


@pytest.fixture
def raw_package(tmp_path):
    petrochip = binary()
    if petrochip is None:
        if os.environ.get("CI"):
            pytest.fail("no petrochip binary under CARGO_TARGET_DIR; build it first")
        pytest.skip("no petrochip binary built")
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    package = subprocess.run(
        [petrochip, "sheets", "--raw", raw, "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (raw / "datapackage.json").write_text(package)
    return raw


def test_frictionless_validates_raw_against_its_table_schema(raw_package):
    report = Package(raw_package / "datapackage.json").validate()
    problems = [f"{t.name}: {e.type}: {e.note}" for t in report.tasks for e in t.errors]
    assert report.valid, "\n".join(problems[:30])
    sheets = {p.relative_to(raw_package).as_posix() for p in raw_package.rglob("*.csv")}
    assert {t.name for t in report.tasks} == {s.removesuffix(".csv").lower() for s in sheets}


def test_an_empty_required_cell_is_caught(raw_package):
    """Blank a required cell (an entity's type) in the copy: Frictionless must refuse it."""
    entities = raw_package / "entities.csv"
    lines = entities.read_text().splitlines(keepends=True)
    head, first = lines[0], lines[1]
    assert head.startswith("entity_id,entity_type,")
    cells = first.split(",", 2)
    entities.write_text(head + f"{cells[0]},,{cells[2]}" + "".join(lines[2:]))
    report = Package(raw_package / "datapackage.json").validate()
    assert not report.valid
    types = {e.type for t in report.tasks for e in t.errors}
    assert "constraint-error" in types, types
    assert json.loads((raw_package / "datapackage.json").read_text())["name"] == "petrochip-raw"
