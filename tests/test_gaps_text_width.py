"""The gaps text table follows the terminal's width, wraps text and never cuts a figure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxmap.formats.gaps import format_text
from cxmap.gaps import GapOptions, GapTable, compute_gaps
from cxmap.validate import load_map
from tests.helpers import cli

MAP = """\
cxmap: 1
id: shop
title: Shop
phases: [{id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}]
touchpoints:
  - id: a-touchpoint-with-a-very-long-identifier-indeed
    name: A
    phase: buy
    channel: web
    targets: {csat: 4.0}
"""
SEGMENT = "customers-who-came-back-after-a-long-absence"


def table(tmp_path: Path) -> tuple[Path, Path, GapTable]:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    survey = tmp_path / "s.csv"
    tp = "a-touchpoint-with-a-very-long-identifier-indeed"
    rows = [f"{tp},csat,{4 + i % 2},{SEGMENT}" for i in range(1320)]
    survey.write_text("touchpoint,metric,value,segment\n" + "\n".join(rows) + "\n", "utf-8")
    return path, survey, compute_gaps(load_map(path), [survey], GapOptions(by="segment"))


def figures(text: str) -> list[str]:
    return re.findall(r"-?\d+\.\d\d\.\.-?\d+\.\d\d|[+-]?\d+\.\d\d|\b1320\b", text)


def test_piped_output_cuts_nothing(tmp_path: Path) -> None:
    path, survey, _ = table(tmp_path)
    run = cli("gaps", path, "-s", survey, "--by", "segment")  # CliRunner: not a terminal
    assert run.exit_code == 0
    assert SEGMENT in run.stdout and "a-touchpoint-with-a-very-long-identifier-indeed" in run.stdout
    assert "1320" in run.stdout and "…" not in run.stdout


@pytest.mark.parametrize("width", [80, 100, 120])
def test_a_terminal_width_is_kept_and_figures_stay_whole(tmp_path: Path, width: int) -> None:
    _, _, t = table(tmp_path)
    wide = format_text(t)
    narrow = format_text(t, width=width)
    assert max(len(line) for line in narrow.splitlines()) <= width
    assert figures(narrow) == figures(wide)  # every figure, whole and in order
    assert "1320" in narrow


def test_when_even_the_figures_do_not_fit_the_table_keeps_its_natural_width(
    tmp_path: Path,
) -> None:
    _, _, t = table(tmp_path)
    assert format_text(t, width=30) == format_text(t)
