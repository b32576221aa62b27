"""Metric definitions the gaps depend on are checked at validation, with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmap.validate import validate_path

HEAD = """\
cxmap: 1
id: m
title: M
phases: [{id: a, name: A}]
channels: [{id: web, name: Web, type: online}]
metrics:
"""
TAIL = "touchpoints:\n  - {id: t, name: T, phase: a, channel: web}\n"


def findings(tmp_path: Path, metrics: str, extra: str = "") -> list[tuple[str, int, int, str]]:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(HEAD + metrics + extra + TAIL, encoding="utf-8")
    return [(f.code, f.span.line, f.span.column, f.message) for f in validate_path(path).findings]


def test_nps_needs_the_0_to_10_scale(tmp_path: Path) -> None:
    (found,) = findings(tmp_path, "  - {id: rec, name: Rec, scale: [1, 5], aggregate: nps}\n")
    assert found[:3] == ("CX019", 7, 33)  # at the scale
    assert "needs answers 0..10" in found[3] and "not 1..5" in found[3]


def test_higher_is_better_on_nps_is_an_error_even_when_true(tmp_path: Path) -> None:
    for value in ("true", "false"):
        metrics = (
            "  - id: rec\n    name: Rec\n    scale: [0, 10]\n    aggregate: nps\n"
            f"    higher_is_better: {value}\n"
        )
        (found,) = findings(tmp_path, metrics)
        assert found[:3] == ("CX019", 11, 5)  # at the key
        assert "does not apply to an nps metric" in found[3]


@pytest.mark.parametrize(
    "metric",
    [
        "  - {id: rec, name: Rec, scale: [0, 10], aggregate: nps}\n",
        "  - {id: effort, name: Effort, scale: [1, 5], higher_is_better: false}\n",
        "  - {id: cents, name: Spend, scale: [0, 1000000], margin: 500}\n",
    ],
)
def test_valid_definitions_pass(tmp_path: Path, metric: str) -> None:
    assert findings(tmp_path, metric) == []


def test_a_negative_margin_is_refused(tmp_path: Path) -> None:
    (found,) = findings(tmp_path, "  - {id: w, name: W, scale: [0, 60], margin: -1}\n")
    assert found[0] == "CX010" and found[1] == 7
