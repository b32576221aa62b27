"""gaps, render and report read surveys with the same options, parsed the same way."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

import cxmap.gaps
from cxmap.cli.survey_options import READING
from cxmap.gaps import GapOptions
from tests.helpers import FIXTURES, cli

SM_MAP = FIXTURES / "surveys" / "surveymonkey.cxmap.yaml"
SM_CSV = FIXTURES / "surveys" / "surveymonkey.csv"

#: every reading option with a value that is not its default
GIVEN = [
    "--layout", "wide", "--delimiter", ",", "--encoding", "utf-8", "--sheet", "Sheet1",
    "--segment-column", "Custom Data 1", "--date-column", "Start Date",
    "--date-format", "%m/%d/%Y %I:%M:%S %p", "--wave", "quarter", "--wave-column", "wave",
    "--finished-only", "--dedupe", "--min-n", "3",
]  # fmt: skip
READ = {f.name for f in fields(GapOptions)} & {name for name, _, _ in READING}


def _captured(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> GapOptions:
    seen: list[GapOptions] = []
    real = cxmap.gaps.compute_gaps

    def spy(journey: Any, surveys: Any, options: GapOptions, **kw: Any) -> Any:
        seen.append(options)
        return real(journey, surveys, options, **kw)

    monkeypatch.setattr(cxmap.gaps, "compute_gaps", spy)
    cli(*args)
    assert seen, f"{args[0]} did not compute the gaps"
    return seen[0]


def test_every_reading_option_reaches_the_gaps_alike(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert {"sheet", "date_format", "wave", "wave_column", "finished_only", "dedupe"} <= READ
    base = ("-s", SM_CSV, *GIVEN)
    by_command = {
        "gaps": _captured(monkeypatch, "gaps", SM_MAP, *base),
        "render": _captured(monkeypatch, "render", SM_MAP, *base),
        "report": _captured(monkeypatch, "report", SM_MAP, *base, "-o", tmp_path / "r.html"),
    }
    expected = {
        "layout": "wide", "delimiter": ",", "encoding": "utf-8", "sheet": "Sheet1",
        "segment_column": "Custom Data 1", "date_column": "Start Date",
        "date_format": "%m/%d/%Y %I:%M:%S %p", "wave": "quarter", "wave_column": "wave",
        "finished_only": True, "dedupe": True, "min_n": 3,
    }  # fmt: skip
    assert set(expected) == READ
    for command, options in by_command.items():
        assert {name: getattr(options, name) for name in READ} == expected, command


def test_render_and_report_read_the_sheet_they_are_given(tmp_path: Path) -> None:
    """A workbook whose first sheet is far below target and whose 'high' sheet is above."""
    pytest.importorskip("openpyxl")
    from tests.test_survey_reading import journey
    from tests.test_survey_workbook import workbook

    journey(tmp_path, "{Q1: csat}")
    low = [["Q1"], *([v] for v in [1, 2, 1, 2, 1, 2, 1, 2])]
    high = [["Q1"], *([v] for v in [5, 5, 4, 5, 5, 5, 4, 5])]
    book = workbook(tmp_path / "waves.xlsx", {"low": low, "high": high})
    mapped = tmp_path / "map.cxmap.yaml"
    gaps = cli("gaps", mapped, "-s", book, "--sheet", "high", "--min-n", "1", "-f", "json")
    assert '"status": "above"' in gaps.stdout, gaps.stdout
    for command, suffix in (("render", "dot"), ("report", "html")):
        first, chosen = tmp_path / f"first.{suffix}", tmp_path / f"high.{suffix}"
        assert cli(command, mapped, "-s", book, "--min-n", "1", "-o", first).exit_code == 0
        run = cli(command, mapped, "-s", book, "--sheet", "high", "--min-n", "1", "-o", chosen)
        assert run.exit_code == 0, run.stderr
        assert first.read_bytes() != chosen.read_bytes(), command
        nowhere = tmp_path / f"nope.{suffix}"
        missing = cli(command, mapped, "-s", book, "--sheet", "nope", "-o", nowhere)
        assert missing.exit_code == 2 and "nope" in missing.stderr, missing.stderr
        assert not nowhere.exists()


def test_comments_come_from_the_sheet_given(tmp_path: Path) -> None:
    """A workbook's comments are read from --sheet (they once crashed the report: exit 3)."""
    pytest.importorskip("openpyxl")
    from tests.test_survey_reading import journey
    from tests.test_survey_workbook import workbook

    journey(tmp_path, "{Q1: csat}\n    comments: [Why]")
    first = [["Q1", "Why"], [1, "first sheet, bad"], [2, "first sheet, meh"], [2, ""]]
    second = [["Q1", "Why"], [5, "second sheet, great"], [4, "second sheet, good"]]
    book = workbook(tmp_path / "c.xlsx", {"first": first, "second": second})
    mapped = tmp_path / "map.cxmap.yaml"
    for sheet, said in ((None, ["first sheet, bad", "first sheet, meh"]), ("second", None)):
        given = ["--sheet", sheet] if sheet else []
        doc = cli("gaps", mapped, "-s", book, *given, "--min-n", "1", "-f", "json")
        assert doc.exit_code == 0, doc.stderr
        assert json.loads(doc.stdout)["comments"] == {"tp": 2}
        page = tmp_path / f"{sheet}.html"
        run = cli("report", mapped, "-s", book, *given, "--min-n", "1", "-o", page)
        assert run.exit_code == 0, run.stderr
        text = page.read_text(encoding="utf-8")
        shown = said or ["second sheet, great", "second sheet, good"]
        hidden = ["second sheet, great"] if said else ["first sheet, bad"]
        assert all(s in text for s in shown) and not any(h in text for h in hidden)
