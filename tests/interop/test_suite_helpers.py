"""Tests of the interop suite's own helpers (interop_helpers.py), not of petrochip: they make
sure the suite reads a neutralised CSV cell back correctly. Marked `suite_helper`, so they are
counted apart (`pytest -m "not suite_helper"` runs only the tests of petrochip's output)."""

from __future__ import annotations

import pytest

from interop_helpers import NEUTRALISED_STARTS, neutralise, strip_neutralisation

pytestmark = pytest.mark.suite_helper


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("'=SUM(A1:A9)", "=SUM(A1:A9)"),
        ("'+33 1 23", "+33 1 23"),
        ("'-5%", "-5%"),
        ("'@cmd", "@cmd"),
        ("'\tx", "\tx"),
        ("'\rx", "\rx"),
        ("''quoted", "'quoted"),  # one quote only
        ("'''", "''"),
        ("plain", "plain"),
        ("l'usine", "l'usine"),  # an inner apostrophe is text
        ("x'", "x'"),
        ("'", ""),
        ("", ""),
    ],
)
def test_strip_neutralisation(cell, text):
    assert strip_neutralisation(cell) == text


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1", "@a", "\ta", "\ra", "'a", "''", "a", "l'usine", "1-2", "a=b", "", "é"],
)
def test_neutralise_round_trip(text):
    cell = neutralise(text)
    assert strip_neutralisation(cell) == text
    assert (cell != text) == text.startswith(NEUTRALISED_STARTS)
    if text.startswith(NEUTRALISED_STARTS):
        assert cell == "'" + text
