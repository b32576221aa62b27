"""``cxmap gaps`` on the command line: formats, exit codes, hostile input."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmap.errors import CxmapError
from cxmap.gaps import GapOptions, compute_gaps
from cxmap.validate import load_map
from tests.helpers import FIXTURES, cli

SURVEYS = FIXTURES / "surveys"
SHOES = SURVEYS / "shoes.cxmap.yaml"
LONG = SURVEYS / "long.csv"


def test_json_has_the_contract_keys() -> None:
    run = cli("gaps", SHOES, "--survey", LONG, "--format", "json", "--min-n", "2")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert list(doc) == [
        "map",
        "rows_read",
        "rows_skipped",
        "responses_used",
        "excluded",
        "cells_skipped",
        "results",
        "unmapped",
        "warnings",
        "alpha",
        "adjusted",
        "journey",
        "rollups",
        "files",
        "comments",
    ]
    assert doc["map"] == "running-shoes"
    first = doc["results"][0]
    assert list(first) == [
        "touchpoint",
        "metric",
        "segment",
        "n",
        "experience",
        "target",
        "gap",
        "ci_low",
        "ci_high",
        "status",
        "margin",
        "p",
        "q",
        "change",
        "change_low",
        "change_high",
        "change_p",
        "change_q",
        "change_status",
        "previous",
        "share",
        "scope",
        "weighted",
        "n_eff",
        "suppressed",
    ]
    # (5 + 4 + 2) / 3 against 4.0, by hand
    assert first["touchpoint"] == "search-online" and first["n"] == 3
    assert first["experience"] == round(11 / 3, 4) and first["gap"] == round(11 / 3 - 4, 4)
    assert doc["unmapped"] == ["checkout-app"]


def test_csv_guards_against_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    survey = tmp_path / "s.csv"
    survey.write_text(
        "touchpoint,metric,value,segment\n"
        'search-online,csat,2,=HYPERLINK("x")\n'
        "search-online,csat,3,+cmd\n",
        encoding="utf-8",
    )
    run = cli("gaps", SHOES, "-s", survey, "-f", "csv", "--by", "segment", "--min-n", "1")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [r["segment"] for r in rows[:3]] == ["", "'+cmd", '\'=HYPERLINK("x")']
    assert rows[0]["gap"] == "-1.5"  # a negative number stays a number
    assert rows[0]["status"] == "inconclusive"  # n = 2: a wide interval


def test_markdown_and_text() -> None:
    run = cli("gaps", SHOES, "-s", LONG, "-f", "markdown")
    assert run.exit_code == 0
    assert "| touchpoint | metric | n |" in run.stdout
    assert "`checkout-app`" in run.stdout
    run = cli("gaps", SHOES, "-s", LONG, "--min-n", "2")
    assert run.exit_code == 0
    assert "≈ inconclusive" in run.stdout and "∅ no-data" in run.stdout
    assert "\x1b[" not in run.stdout  # no colour when not on a terminal
    lines = [line for line in run.stdout.splitlines() if "│" in line]
    # worst as a share of the scale first: csat -0.33 / 4 = -8.3% before nps -5 / 200 = -2.5%
    assert "search-online" in lines[0] and "csat" in lines[0]
    assert "purchase" in lines[1] and "nps" in lines[1]


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "gaps.json"
    run = cli("gaps", SHOES, "-s", LONG, "-f", "json", "-o", out)
    assert run.exit_code == 0 and run.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["map"] == "running-shoes"


def test_fail_below(tmp_path: Path) -> None:
    survey = tmp_path / "s.csv"
    survey.write_text(
        "touchpoint,metric,value\n" + "search-online,csat,2\nsearch-online,csat,3\n" * 20,
        encoding="utf-8",
    )
    # mean 2.5 against 4.0: gap -1.5, status below
    assert cli("gaps", SHOES, "-s", survey, "--fail-below", "-1").exit_code == 1
    assert cli("gaps", SHOES, "-s", survey, "--fail-below", "-2").exit_code == 0
    assert cli("gaps", SHOES, "-s", survey).exit_code == 0


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    run = cli("gaps", SHOES, "-s", tmp_path / "missing.csv")
    assert run.exit_code == 2
    assert "missing.csv" in run.stderr
    run = cli("gaps", SHOES, "-s", LONG, "--encoding", "nope")
    assert run.exit_code == 2 and "unknown encoding" in run.stderr


def test_invalid_map_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cxmap.yaml"
    bad.write_text("cxmap: 1\nid: Bad Id\n", encoding="utf-8")
    run = cli("gaps", bad, "-s", LONG)
    assert run.exit_code == 1
    assert "invalid" in run.stderr


def test_a_file_matching_no_question_exits_2(tmp_path: Path) -> None:
    survey = tmp_path / "w.csv"
    survey.write_text("A1,A2\n4,5\n", encoding="utf-8")
    run = cli("gaps", SHOES, "-s", survey)
    assert run.exit_code == 2
    assert "none of the map's" in run.stderr and "columns are: 'A1', 'A2'" in run.stderr


def test_drift_is_a_warning_not_exit_2(tmp_path: Path) -> None:
    survey = tmp_path / "w.csv"
    survey.write_text("Q1,Q2\n4,5\n", encoding="utf-8")
    run = cli("gaps", SHOES, "-s", survey)
    assert run.exit_code == 0
    assert "no column for question 'Q3'" in run.stdout


def test_no_progress_bar_when_piped() -> None:
    run = cli("gaps", SHOES, "-s", LONG, "-f", "json")
    assert "reading surveys" not in run.stderr


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_escape_as_a_traceback(tmp_path: Path, data: bytes) -> None:
    survey = tmp_path / "fuzz.csv"
    survey.write_bytes(data)
    journey = load_map(SHOES)
    for layout in (None, "long", "wide"):
        with contextlib.suppress(CxmapError):
            compute_gaps(journey, [survey], GapOptions(layout=layout))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('touchpointmerisvaly,;"\n\r\t 0123456789-.€\x00')),
        max_size=300,
    )
)
def test_arbitrary_csv_like_text_never_escapes(tmp_path: Path, text: str) -> None:
    survey = tmp_path / "fuzz.csv"
    survey.write_text("touchpoint,metric,value\n" + text, encoding="utf-8")
    run = cli("gaps", SHOES, "-s", survey, "-f", "json")
    assert run.exit_code in (0, 2)


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from cxmap.cli import gaps as command

    monkeypatch.setattr(command, "PROGRESS_BYTES", 0)
    monkeypatch.setattr(command.sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    with command._progress([LONG]) as progress:
        assert progress is not None
        progress(10)
    monkeypatch.setenv("CI", "true")
    with command._progress([LONG]) as progress:
        assert progress is None
    monkeypatch.delenv("CI")
    monkeypatch.setattr(command.sys.stderr, "isatty", lambda: False)
    with command._progress([LONG]) as progress:
        assert progress is None


GOLDEN = SURVEYS / "golden"
EXAMPLE_MAP = FIXTURES.parent.parent / "examples" / "running-shoes.cxmap.yaml"
EXAMPLE_SURVEY = FIXTURES.parent.parent / "examples" / "surveys" / "running-shoes.csv"


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "text"])
def test_golden_outputs(
    fmt: str, golden: Callable[[Path, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    # paths in the output are as given: relative to the repository, the same in every clone
    monkeypatch.chdir(EXAMPLE_MAP.parent.parent)
    survey = EXAMPLE_SURVEY.relative_to(EXAMPLE_MAP.parent.parent)
    run = cli("gaps", EXAMPLE_MAP, "-s", survey, "--by", "segment", "-f", fmt)
    assert run.exit_code == 0, run.stderr
    suffix = {"json": "json", "csv": "csv", "markdown": "md", "text": "txt"}[fmt]
    golden(GOLDEN / f"running-shoes-by-segment.{suffix}", run.stdout)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('Q1357_wait,;"\n\r\t 0123456789-.€\x00NA/')),
        max_size=300,
    ),
    header=st.sampled_from(["Q1,Q3,Q3_wait,Q4,Q5,Q6,Q7\n", "Q1;Q3;Q3_wait;Q4;Q5;Q6;Q7\n"]),
)
def test_arbitrary_wide_bodies_never_escape(tmp_path: Path, text: str, header: str) -> None:
    survey = tmp_path / "fuzz.csv"
    survey.write_text(header + text, encoding="utf-8")
    run = cli("gaps", SHOES, "-s", survey, "-f", "json", "--by", "segment")
    assert run.exit_code in (0, 2)
    if run.exit_code == 0:
        doc = json.loads(run.stdout)
        assert all(r["n"] >= 0 for r in doc["results"])


def test_text_escapes_markup_in_survey_values(tmp_path: Path) -> None:
    from cxmap.formats.gaps import format_text
    from cxmap.gaps import GapResult, GapStatus, GapTable

    row = GapResult("a", "csat", "[bold]x[/bold]", 3, 4.0, 4.2, -0.2, 3.0, 5.0, GapStatus.TOO_FEW)
    table = GapTable("m", 3, 0, [row], ["[red]Q9"], ["f.csv:2: [link]"])
    for color in (False, True):
        text = format_text(table, color=color)
        assert "[bold]x[/bold]" in text and "[red]Q9" in text and "[link]" in text
    assert "\x1b[" in format_text(table, color=True)


def test_endless_binary_streams_are_refused_not_read_forever() -> None:
    import time

    for device, why in (("/dev/urandom", "neither UTF-8 nor cp1252"), ("/dev/zero", "NUL bytes")):
        start = time.perf_counter()
        run = cli("gaps", SHOES, "--survey", device)
        assert run.exit_code == 2
        assert why in run.stderr
        assert time.perf_counter() - start < 10  # a hang guard: it used to read forever


def test_mean_interval_stays_inside_the_scale(tmp_path: Path) -> None:
    # two answers, 5 and 4: mean 4.5, s = 0.7071, se = 0.5, t(0.975, 1) = 12.706,
    # so the raw t interval is 4.5 -/+ 6.353 = -1.853..10.853; csat lives on 1..5
    survey = tmp_path / "two.csv"
    survey.write_text("touchpoint,metric,value\nsearch-online,csat,5\nsearch-online,csat,4\n")
    run = cli("gaps", SHOES, "--survey", survey, "--format", "json", "--min-n", "1")
    first = json.loads(run.stdout)["results"][0]
    assert (first["experience"], first["ci_low"], first["ci_high"]) == (4.5, 1.0, 5.0)
    assert first["status"] == "inconclusive"
