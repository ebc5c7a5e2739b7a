"""Fixtures of the interop suite. PETROCHIP_OUTPUT overrides the folder under test (default:
this checkout's output/)."""

from __future__ import annotations

import pytest

from interop_helpers import load_datapackage, output_dir


def pytest_report_header(config):
    return f"petrochip output under test: {output_dir()}"


@pytest.fixture(scope="session")
def out():
    path = output_dir()
    if not (path / "datapackage.json").is_file():
        pytest.fail(f"{path}/datapackage.json is missing: run `just run` or set PETROCHIP_OUTPUT")
    return path


@pytest.fixture(scope="session")
def datapackage(out):
    return load_datapackage(out)


def resource_names():
    """Resource names, read at collection time so each table is its own test case."""
    try:
        return [r["name"] for r in load_datapackage(output_dir())["resources"]]
    except (OSError, ValueError, KeyError):
        return ["<no datapackage.json>"]


def pytest_generate_tests(metafunc):
    if "resource_name" in metafunc.fixturenames:
        metafunc.parametrize("resource_name", resource_names(), scope="session")


@pytest.fixture(scope="session")
def resource(datapackage, resource_name):
    for r in datapackage["resources"]:
        if r["name"] == resource_name:
            return r
    pytest.fail(f"no resource {resource_name} in datapackage.json")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "suite_helper: tests the interop suite's own helpers, not petrochip"
    )
