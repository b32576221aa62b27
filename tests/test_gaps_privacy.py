"""--suppress-below K: a row with fewer than K respondents prints no figure, in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cxmap.gaps import GapOptions, GapStatus, compute_gaps
from cxmap.validate import load_map
from tests.helpers import cli

MAP = """\
cxmap: 1
id: shop
title: Shop
phases: [{id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}]
touchpoints:
  - {id: a, name: A, phase: buy, channel: web, targets: {csat: 4.0}}
"""
# the lone 'vip' respondent answered 1: that figure must never be printed
ROWS = [("a", "csat", 4, "new")] * 20 + [("a", "csat", 5, "returning")] * 20
ROWS += [("a", "csat", 1, "vip")]


def files(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    survey = tmp_path / "s.csv"
    survey.write_text(
        "touchpoint,metric,value,segment\n" + "".join(f"{t},{m},{v},{s}\n" for t, m, v, s in ROWS),
        encoding="utf-8",
    )
    return path, survey


def test_small_groups_are_emptied(tmp_path: Path) -> None:
    path, survey = files(tmp_path)
    table = compute_gaps(
        load_map(path), [survey], GapOptions(by="segment", suppress_below=5, min_n=2)
    )
    (vip,) = [r for r in table.results if r.segment == "vip"]
    assert vip.suppressed and vip.status is GapStatus.SUPPRESSED
    assert (vip.n, vip.experience, vip.gap, vip.ci_low, vip.ci_high, vip.p) == (
        0,
        None,
        None,
        None,
        None,
        None,
    )
    assert vip.target == 4.0
    (overall,) = [r for r in table.results if r.segment is None]
    assert not overall.suppressed and overall.n == 41


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_every_format_says_suppressed_and_never_the_figure(tmp_path: Path, fmt: str) -> None:
    path, survey = files(tmp_path)
    run = cli("gaps", path, "-s", survey, "--by", "segment", "--suppress-below", "5", "-f", fmt)
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "suppressed" in out
    if fmt == "json":
        (vip,) = [r for r in json.loads(out)["results"] if r["segment"] == "vip"]
        assert vip["status"] == "suppressed" and vip["suppressed"] is True
        assert vip["experience"] is None and vip["n"] == 0 and vip["gap"] is None
    elif fmt == "csv":
        (vip,) = [r for r in csv.DictReader(io.StringIO(out)) if r["segment"] == "vip"]
        assert vip["experience"] == vip["n"] == vip["gap"] == "suppressed"
    else:
        (line,) = [line for line in out.splitlines() if "vip" in line]
        assert "1.00" not in line and "-3.00" not in line and "suppressed" in line


def test_the_report_prints_no_figure_of_a_small_group(tmp_path: Path) -> None:
    """report --suppress-below is the same privacy floor: the gap table never shows 'vip'."""
    path, survey = files(tmp_path)
    args = ("report", path, "-s", survey, "--by", "segment")
    shown = cli(*args)
    assert shown.exit_code == 0, shown.stderr
    hidden = cli(*args, "--suppress-below", "5")
    assert hidden.exit_code == 0, hidden.stderr

    def vip_row(page: str) -> str:
        (row,) = [r for r in page.split("<tr") if ">vip<" in r]
        return row

    assert "1.00" in vip_row(shown.stdout)  # the lone answer is printed without a floor
    assert "1.00" not in vip_row(hidden.stdout) and "-3.00" not in vip_row(hidden.stdout)
    assert "suppressed" in vip_row(hidden.stdout)


@pytest.mark.parametrize(("view", "fmt"), [("journey", "dot"), ("canvas", "svg")])
def test_render_prints_no_figure_under_the_floor(tmp_path: Path, view: str, fmt: str) -> None:
    path, survey = files(tmp_path)
    args = ("render", path, "-s", survey, "--view", view, "-f", fmt)
    mean = f"{(20 * 4 + 20 * 5 + 1) / 41:.2f}"  # 4.41, the overall row of 41 answers
    assert mean in cli(*args).stdout
    hidden = cli(*args, "--suppress-below", "50")
    assert hidden.exit_code == 0, hidden.stderr
    assert mean not in hidden.stdout
