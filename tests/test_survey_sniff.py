"""Detecting encoding, delimiter, tool and header rows of real exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmap.errors import InputError, UsageError
from cxmap.survey.sniff import Tool, sniff
from tests.helpers import FIXTURES

SURVEYS = FIXTURES / "surveys"


@pytest.mark.parametrize(
    ("name", "tool", "delimiter", "encoding", "header_rows"),
    [
        ("qualtrics_numeric.csv", Tool.QUALTRICS, ",", "utf-8", 3),
        ("qualtrics_choice_text.csv", Tool.QUALTRICS, ",", "utf-8", 3),
        ("surveymonkey.csv", Tool.SURVEYMONKEY, ",", "utf-8", 2),
        ("google_forms_nl.csv", Tool.GOOGLE_FORMS, ",", "utf-8", 1),
        ("excel_nl_bom.csv", Tool.PLAIN, ";", "utf-8-sig", 1),
        ("excel_nl_cp1252.csv", Tool.PLAIN, ";", "cp1252", 1),
        ("long.csv", Tool.LONG, ",", "utf-8", 1),
    ],
)
def test_detection(name: str, tool: Tool, delimiter: str, encoding: str, header_rows: int) -> None:
    found = sniff(SURVEYS / name)
    assert (found.tool, found.delimiter, found.encoding, found.header_rows) == (
        tool,
        delimiter,
        encoding,
        header_rows,
    )


def test_qualtrics_columns_have_id_text_and_import_id() -> None:
    found = sniff(SURVEYS / "qualtrics_numeric.csv")
    q1 = next(c for c in found.columns if c.key == "Q1")
    assert q1.names == ("Q1", "How satisfied were you with searching online?", "QID1")
    assert q1.matches("QID1") and q1.matches("Q1")
    group = next(c for c in found.columns if c.key == "Q6_NPS_GROUP")
    assert group.derived and not group.matches("Q6_NPS_GROUP")


def test_surveymonkey_matrix_text_is_forward_filled() -> None:
    found = sniff(SURVEYS / "surveymonkey.csv")
    matrix = [c for c in found.columns if c.names[0] == "How satisfied were you with each step?"]
    assert [c.names[1] for c in matrix] == ["Online search", "Store advice", "Checkout"]
    assert matrix[2].matches("How satisfied were you with each step? / Checkout")


def test_cp1252_header_keeps_the_euro_sign() -> None:
    found = sniff(SURVEYS / "excel_nl_cp1252.csv")
    assert found.header[-1] == "Budget (€)"


def test_overrides_win(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("touchpoint|metric|value\nsearch-online|csat|4\n", encoding="utf-8")
    assert sniff(path).delimiter == "|"
    assert sniff(path, layout="wide").tool is Tool.PLAIN
    with pytest.raises(UsageError, match="unknown encoding"):
        sniff(path, encoding="klingon")


def test_empty_and_missing_files_are_input_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        sniff(empty)
    with pytest.raises(InputError, match="cannot read"):
        sniff(tmp_path / "nope.csv")


def test_forced_long_layout_needs_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("Q1,Q2\n4,5\n", encoding="utf-8")
    with pytest.raises(InputError, match="'touchpoint' is missing"):
        sniff(path, layout="long")
