"""datapackage.json is a valid Frictionless Tabular Data Package and the CSV files conform to
it, foreign keys included; the validation really does check foreign keys."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package


def errors(report):
    return [
        f"{task.name}: {e.type}: {e.note}" for task in report.tasks for e in task.errors
    ] + [f"package: {e.type}: {e.note}" for e in report.errors]


def test_frictionless_validates_the_package(out):
    report = Package(out / "datapackage.json").validate()
    assert report.valid, "\n".join(errors(report)[:30])
    assert {task.name for task in report.tasks} == {
        r["name"] for r in Package(out / "datapackage.json").to_dict()["resources"]
    }


def test_frictionless_cli(out):
    """The command an analyst would run; its exit code says valid or not."""
    cli = Path(sys.executable).with_name("frictionless")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "frictionless"]
    result = subprocess.run(
        [*command, "validate", "datapackage.json"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_every_foreign_key_is_declared_and_resolves(datapackage):
    resources = {r["name"]: r for r in datapackage["resources"]}
    foreign_keys = 0
    for r in datapackage["resources"]:
        fields = {f["name"] for f in r["schema"]["fields"]}
        assert set(r["schema"]["primaryKey"]) <= fields, r["name"]
        for fk in r["schema"].get("foreignKeys", []):
            foreign_keys += 1
            target = resources[fk["reference"]["resource"] or r["name"]]
            assert set(fk["fields"]) <= fields, r["name"]
            assert set(fk["reference"]["fields"]) <= {f["name"] for f in target["schema"]["fields"]}
    assert foreign_keys > 0


def test_frictionless_catches_a_dangling_foreign_key(out, datapackage, tmp_path):
    """Break one foreign key in a copy: the validation must fail on it, proving foreign keys
    are checked and not silently skipped."""
    copy = tmp_path / "output"
    shutil.copytree(out, copy)
    resource = next(
        r for r in datapackage["resources"]
        if r["schema"].get("foreignKeys") and r["rows"] > 0
    )
    fk = resource["schema"]["foreignKeys"][0]
    column = fk["fields"][0]
    path = copy / resource["path"]
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    index = rows[0].index(column)
    row = next(r for r in rows[1:] if r[index] != "")
    row[index] = "no_such_key_in_petrochip"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    report = Package(copy / "datapackage.json").validate()
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


@pytest.mark.parametrize("key", ["name", "title", "version", "licenses", "resources"])
def test_package_metadata(datapackage, key):
    assert datapackage.get(key)
