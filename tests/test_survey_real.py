"""Real export headers (tests/fixtures/surveys/real, see SOURCES) with synthetic rows.

The expected figures are computed here from the rows the test writes, with
plain Python; header rows must never be counted as data.
"""

from __future__ import annotations

import csv
import io
import statistics
from pathlib import Path

import pytest

from cxmap.gaps import GapOptions, compute_gaps
from cxmap.survey.sniff import Tool, sniff
from tests.test_survey_reading import journey, result

REAL = Path(__file__).parent / "fixtures" / "surveys" / "real"


def with_rows(tmp_path: Path, header: str, rows: list[list[str]]) -> Path:
    """The real header file ``header`` followed by synthetic ``rows``."""
    text = (REAL / header).read_text(encoding="utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / header.replace(".header", "")
    path.write_text(text + buffer.getvalue(), encoding="utf-8")
    return path


# Qualtrics response types (Status) with whether they count
STATUSES = [("0", True), ("1", False), ("2", False), ("8", False), ("4", True), ("16", True)]


def qualtrics_current_rows(n: int) -> list[tuple[str, str, int]]:
    """(status, finished, Q1) per synthetic respondent."""
    return [
        (STATUSES[i % len(STATUSES)][0], "0" if i % 7 == 3 else "1", (i * 3) % 5 + 1)
        for i in range(n)
    ]


def test_qualtrics_current_response_types_and_finished(tmp_path: Path) -> None:
    data = qualtrics_current_rows(60)
    rows = [
        [
            *("2024-03-01 10:00:00", "2024-03-01 10:05:00", status, "", "100", "300", finished),
            *("2024-03-01 10:05:00", f"R_{i:04d}", "", "", "", "", "", "", "anonymous", "DE"),
            *(str(q1), "", ""),
        ]
        for i, (status, finished, q1) in enumerate(data)
    ]
    path = with_rows(tmp_path, "qualtrics_current_de.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.QUALTRICS, 3)
    counts = {s for s, keep in STATUSES if keep}
    kept = [q for s, _, q in data if s in counts]
    for key in ("QID1", "Q1", "This is a multiple choice question."):
        table = compute_gaps(journey(tmp_path, f"{{'{key}': csat}}"), [path], GapOptions(min_n=1))
        assert table.rows_read == 60  # the three header rows are not data
        assert result(table).n == len(kept)
        assert result(table).experience == pytest.approx(statistics.mean(kept))
        expected = {
            "preview": sum(s == "1" for s, _, _ in data),
            "test": sum(s == "2" for s, _, _ in data),
            "spam": sum(s == "8" for s, _, _ in data),
        }
        assert table.excluded == expected
        assert table.responses_used == 60 - sum(expected.values())
    finished = compute_gaps(
        journey(tmp_path, "{QID1: csat}"), [path], GapOptions(min_n=1, finished_only=True)
    )
    done = [q for s, f, q in data if s in counts and f == "1"]
    assert result(finished).n == len(done)
    assert finished.excluded["partial"] == sum(s in counts and f == "0" for s, f, _ in data)


def test_qualtrics_legacy_two_header_rows(tmp_path: Path) -> None:
    values = [(i * 2) % 5 + 1 for i in range(12)]
    statuses = ["0" if i % 4 else "1" for i in range(12)]  # every fourth a preview
    rows = [
        [
            *(f"R_{i}", "Default Response Set", "Anonym", "", "", "", statuses[i]),
            *("2017-07-18 08:28:09", "2017-07-18 08:28:48", "1", str(v), "Hello", "", "", "", ""),
        ]
        for i, v in enumerate(values)
    ]
    path = with_rows(tmp_path, "qualtrics_legacy.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.QUALTRICS_LEGACY, 2)
    kept = [v for v, s in zip(values, statuses, strict=True) if s == "0"]
    for key in ("Q1", "This is a multiple choice question."):
        table = compute_gaps(journey(tmp_path, f"{{'{key}': csat}}"), [path], GapOptions(min_n=1))
        assert table.rows_read == 12
        assert (result(table).n, result(table).experience) == (
            len(kept),
            pytest.approx(statistics.mean(kept)),
        )
        assert table.excluded == {"preview": 3}


def test_qualtrics_2016_import_ids_and_repeated_texts(tmp_path: Path) -> None:
    width = 49
    q1 = [(i % 5) + 1 for i in range(15)]
    first_squash = [((i + 2) % 5) + 1 for i in range(15)]  # Q3_1
    second_squash = [((i + 4) % 5) + 1 for i in range(15)]  # Q4_1
    rows = []
    for i in range(15):
        row = [""] * width
        row[0], row[1], row[9] = f"R_{i}", "Default Response Set", "1"
        row[10] = "2" if i == 14 else "0"  # the last one a Survey Test
        row[11], row[17], row[21] = str(q1[i]), str(first_squash[i]), str(second_squash[i])
        rows.append(row)
    path = with_rows(tmp_path, "qualtrics_2016_insights.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.QUALTRICS_2016, 3)
    table = compute_gaps(journey(tmp_path, "{QID1: csat}"), [path], GapOptions(min_n=1))
    assert table.rows_read == 15 and table.excluded == {"test": 1}
    assert result(table).experience == pytest.approx(statistics.mean(q1[:14]))
    text = "Indicate how you feel about the following vegetables-Squash"
    second = compute_gaps(journey(tmp_path, f"{{'{text}#2': csat}}"), [path], GapOptions(min_n=1))
    assert result(second).experience == pytest.approx(statistics.mean(second_squash[:14]))
    by_id = compute_gaps(journey(tmp_path, "{QID3-1: csat}"), [path], GapOptions(min_n=1))
    assert result(by_id).experience == pytest.approx(statistics.mean(first_squash[:14]))
