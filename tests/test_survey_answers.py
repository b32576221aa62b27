"""Answer cells: strict numbers, labels in English and Dutch, missing answers."""

from __future__ import annotations

from collections import Counter

import pytest

from cxmap.model import BUILTIN_METRICS, Metric
from cxmap.survey.answers import MISSING, Answer, AnswerParser, Problem, is_missing, parse_number
from cxmap.survey.columns import read_column

CSAT = BUILTIN_METRICS["csat"]
CES = BUILTIN_METRICS["ces"]
NPS = BUILTIN_METRICS["nps"]


@pytest.mark.parametrize("text", ["٤", "NaN", "nan", "inf", "-inf", "1e1", "0x5", "4_0", "", "½"])
def test_float_lookalikes_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None
    assert parse_number(text, decimal_comma=True) is None


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("4", False, 4.0),
        (" 4 ", False, 4.0),
        ("-2", False, -2.0),
        ("4.5", False, 4.5),
        ("4,5", False, 4.5),
        ("4,5", True, 4.5),
        ("12,25", True, 12.25),
        ("4.5", True, 4.5),
        ("1,000", False, None),  # a thousands separator, not 1.0
        ("1.000", True, None),
        ("1.000", False, 1.0),
        ("1,000", True, 1.0),
    ],
)
def test_numbers(text: str, comma: bool, expected: float | None) -> None:
    assert parse_number(text, decimal_comma=comma) == expected


@pytest.mark.parametrize(
    "text", ["", "  ", "N/A", "n/a", "n.v.t.", "Weet niet", "Weet niet / n.v.t.", "Don’t know"]
)
def test_missing_answers(text: str) -> None:
    assert is_missing(text)
    assert AnswerParser(CSAT)(text) == MISSING


def column(metric: Metric, *texts: str) -> dict[object, Answer]:
    """The answers of a column holding ``texts`` (the table is chosen for the column)."""
    found = read_column(
        list(texts),
        Counter(texts),
        metric,
        None,
        decimal_comma=False,
        where="s.csv: Q1",
        key="Q1",
    )
    return found.answers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Very satisfied", 5),
        ("Extremely satisfied", 5),
        ("Somewhat dissatisfied", 2),
        ("Neither satisfied nor dissatisfied", 3),
        ("Zeer tevreden", 5),
        ("Ontevreden", 2),
        ("Helemaal mee eens", 5),
        ("Strongly disagree", 1),
        ("5 - Zeer tevreden", 5),
        ("1 - Zeer ontevreden", 1),
        ("4 (tevreden)", 4),
        ("Tevreden (4)", 4),
    ],
)
def test_csat_labels(text: str, expected: float) -> None:
    assert column(CSAT, text)[text].value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Strongly agree", 7), ("Somewhat disagree", 3), ("Agree", 6), ("Very easy", 7)],
)
def test_seven_point_labels_follow_the_scale(text: str, expected: float) -> None:
    assert column(CES, text)[text].value == expected


def test_nps_end_labels() -> None:
    parse = AnswerParser(NPS)
    assert parse("10 - Extremely likely").value == 10
    assert parse("Not at all likely - 0").value == 0
    assert parse("9").value == 9


def test_out_of_scale_and_unknown_answers_are_problems() -> None:
    parse = AnswerParser(CSAT)
    assert parse("7").problem is Problem.OUT_OF_SCALE
    assert parse("0").problem is Problem.OUT_OF_SCALE
    assert parse("great!").problem is Problem.UNKNOWN_LABEL
    assert parse("NaN").problem is Problem.NOT_A_NUMBER
    assert parse("1e1").problem is Problem.NOT_A_NUMBER


def test_qualtrics_minus_99_is_missing_not_a_score() -> None:
    assert AnswerParser(CSAT)("-99") == MISSING


def test_a_map_declares_labels_for_its_own_metric() -> None:
    metric = Metric(
        id="speed",
        name="Speed",
        scale=(1, 3),
        labels={"Te traag": 1, "Prima": 2, "Snel!": 3},
    )
    parse = AnswerParser(metric)
    assert parse("te traag").value == 1
    assert parse("SNEL!").value == 3
    assert parse("Very satisfied").problem is Problem.UNKNOWN_LABEL


def test_decimal_comma_only_where_the_file_uses_it() -> None:
    wait = Metric(id="wait", name="Wait", scale=(0, 60))
    assert AnswerParser(wait, decimal_comma=True)("12,5").value == 12.5
    assert AnswerParser(wait, decimal_comma=False)("12,5").value == 12.5
    assert AnswerParser(wait, decimal_comma=False)("1,500").problem is Problem.NOT_A_NUMBER
