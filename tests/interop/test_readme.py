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


def run_snippet(code, out, tmp_path, monkeypatch):
    """Runs one snippet where `output` is the folder under test; returns its names."""
    # The snippets name `output/`: run them where `output` is the folder under test.
    (tmp_path / "output").symlink_to(out, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    names = {"__name__": "__readme__"}
    exec(compile(code, "README.md", "exec"), names)
    return names


@pytest.mark.parametrize("code", loading_snippets())
def test_readme_snippet_runs(code, out, tmp_path, monkeypatch, capsys):
    run_snippet(code, out, tmp_path, monkeypatch)
    capsys.readouterr()


def snippet(starting):
    codes = [p.values[0] for p in loading_snippets() if p.values[0].startswith(starting)]
    assert len(codes) == 1, f"one snippet starts with {starting!r}"
    return codes[0]


def test_first_snippet_joins_cleanly_and_reads_dates_as_datetimes(out, tmp_path, monkeypatch):
    import pandas as pd
    import polars as pl

    names = run_snippet(snippet("import polars as pl\nfigures ="), out, tmp_path, monkeypatch)
    named = names["named"]
    assert not [c for c in named.columns if c.endswith("_right")], named.columns
    assert named.height == names["figures"].height  # a left join on the key adds no rows
    assert named.schema["name_en"] == pl.String
    sources = names["sources"]
    for column in ("published_on", "retrieved_on"):
        assert pd.api.types.is_datetime64_any_dtype(sources[column]), sources[column].dtype


def test_typed_csv_snippet_keeps_codes_as_text(out, tmp_path, monkeypatch):
    import pandas as pd

    names = run_snippet(snippet("import json\nimport pandas as pd\n\ndef read_csv"), out,
                        tmp_path, monkeypatch)
    read_csv = names["read_csv"]
    countries = read_csv("countries").set_index("iso3")
    assert countries.loc["NAM", "iso2"] == "NA"
    assert countries.loc["AFG", "numeric"] == "004"
    sources = read_csv("sources")
    assert pd.api.types.is_datetime64_any_dtype(sources["published_on"])
    producers = read_csv("producers")
    assert list(producers["role"].cat.categories) == ["manufacturing", "innovation"]


def test_disagreement_snippet_lists_the_figures_most_others_contradict(out, tmp_path, monkeypatch):
    """The real sources' disagreements, read from their pages: TSMC's value on 8 July 2024,
    the CHIPS Act's budget and Intel's grant (billion against million)."""
    code = snippet('import duckdb\ncontested = ')
    rows = run_snippet(code, out, tmp_path, monkeypatch)["contested"].fetchall()
    act, grant, tsmc = (
        ("chips_and_science_act", "programme_budget", None),
        ("intel", "public_grant", "2024-03-20"),
        ("tsmc", "market_cap", "2024-07-08"),
    )
    assert rows == [
        (*act, "enr_2024_intel_chips", 52e9, "USD", 0, 1),
        (*act, "parlonstechs_2022_chips_act", 52.7e9, "USD", 0, 1),
        (*grant, "enr_2024_intel_chips", 8.5e9, "USD", 0, 2),
        (*grant, "whbc_2024_intel_chips", 8.5e6, "USD", 0, 1),
        (*grant, "whbc_2024_intel_chips", 8.5e6, "USD", 0, 1),
        (*tsmc, "boursorama_2024_tsmc_club_1000", 1e12, "USD", 0, 2),
        (*tsmc, "boursorama_afp_tsmc_mille_milliards", 980e9, "USD", 0, 1),
        (*tsmc, "boursorama_afp_tsmc_mille_milliards", 1e12, "USD", 0, 1),
    ]
