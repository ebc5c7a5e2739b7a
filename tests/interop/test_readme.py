"""The Python snippets of README.md's loading sections run against the output under test, so
they cannot rot."""

from __future__ import annotations

import re

import pytest

from interop_helpers import REPO

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def loading_snippets():
    """(heading, index, code) for each ```python block under a `## Loading...` heading."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    snippets = []
    for section in re.split(r"^(?=## )", text, flags=re.M):
        heading = section.splitlines()[0] if section else ""
        if heading.startswith("## Loading"):
            for i, code in enumerate(BLOCK.findall(section), start=1):
                snippets.append(pytest.param(code, id=f"{heading[3:]} #{i}"))
    return snippets


def test_readme_has_loading_snippets():
    codes = [p.values[0] for p in loading_snippets()]
    assert any("import polars" in c for c in codes)
    assert any("import pandas" in c for c in codes)
    assert any("import duckdb" in c for c in codes)
    assert any("join" in c or "merge" in c for c in codes)


@pytest.mark.parametrize("code", loading_snippets())
def test_readme_snippet_runs(code, out, tmp_path, monkeypatch, capsys):
    # The snippets name `output/`: run them where `output` is the folder under test.
    (tmp_path / "output").symlink_to(out, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})
    capsys.readouterr()
