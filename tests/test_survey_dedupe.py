"""--dedupe: a respondent counts once, with their latest response.

The latest is the later row in a file and the file given last across files;
in a long file, the later row for the same respondent, touchpoint and metric.
Every expected figure is worked out here, in plain Python, from the rows the
test writes.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cli
from tests.test_survey_reading import journey, write
from tests.test_survey_real import STATUSES, overall, with_rows


def gaps(tmp_path: Path, questions: str, *surveys: Path, dedupe: bool = True) -> Any:
    journey(tmp_path, questions)
    args = [a for s in surveys for a in ("-s", s)]
    run = cli(
        "gaps", tmp_path / "map.cxmap.yaml", *args, "-f", "json", "--min-n", "1",
        *(["--dedupe"] if dedupe else []),
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def latest(rows: list[tuple[str, int]]) -> dict[str, int]:
    """respondent -> answer of their last row (a dict keeps the last write)."""
    found: dict[str, int] = {}
    for rid, value in rows:
        found[rid] = value
    return found


# ids r0..r11, some answered two or three times with different answers
WITHIN = [(f"r{(i * 5) % 12}", (i * 3) % 5 + 1) for i in range(30)]


def test_repeated_ids_within_one_wide_file_keep_the_later_row(tmp_path: Path) -> None:
    path = write(tmp_path, "w.csv", "respondent_id,Q1\n", [[rid, str(v)] for rid, v in WITHIN])
    kept = latest(WITHIN)
    doc = gaps(tmp_path, "{Q1: csat}", path)
    assert doc["rows_read"] == 30
    assert doc["excluded"] == {"duplicate": 30 - len(kept)}
    assert doc["responses_used"] == len(kept)
    assert overall(doc)["n"] == len(kept)
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(kept.values()), abs=1e-4)
    plain = gaps(tmp_path, "{Q1: csat}", path, dedupe=False)
    assert plain["excluded"] == {} and overall(plain)["n"] == 30
    assert any("duplicate" in w for w in doc["warnings"]), doc["warnings"]


def test_across_files_the_last_file_wins_and_within_it_the_last_row(tmp_path: Path) -> None:
    first = [(f"r{i}", 1 + i % 5) for i in range(10)]  # r0..r9
    last = [("r3", 5), ("r12", 2), ("r3", 4), ("r4", 1), ("r12", 3)]
    a = write(tmp_path, "a.csv", "respondent_id,Q1\n", [[r, str(v)] for r, v in first])
    b = write(tmp_path, "b.csv", "respondent_id,Q1\n", [[r, str(v)] for r, v in last])
    from_b = latest(last)  # r3 -> 4, r12 -> 3, r4 -> 1
    from_a = {r: v for r, v in first if r not in from_b}
    kept = [*from_a.values(), *from_b.values()]
    doc = gaps(tmp_path, "{Q1: csat}", a, b)
    assert overall(doc)["n"] == len(kept) == 8 + 3
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(kept), abs=1e-4)
    files = {Path(f["path"]).name: f for f in doc["files"]}
    assert files["a.csv"]["excluded"] == {"duplicate": 2}  # r3, r4: in b.csv
    assert files["b.csv"]["excluded"] == {"duplicate": 2}  # the first r3 and r12
    assert doc["excluded"] == {"duplicate": 4}
    assert doc["rows_read"] == doc["responses_used"] + 4 == 15
    # given the other way round, a.csv is the latest: b's r3 and r4 give way to it
    swapped = gaps(tmp_path, "{Q1: csat}", b, a)
    kept_swapped = [*{r: v for r, v in from_b.items() if r not in dict(first)}.values()]
    kept_swapped += [v for _, v in first]
    assert overall(swapped)["n"] == len(kept_swapped) == 11
    assert overall(swapped)["experience"] == pytest.approx(statistics.mean(kept_swapped), abs=1e-4)


def test_a_later_test_response_never_hides_an_earlier_real_one(tmp_path: Path) -> None:
    """Qualtrics: the respondent's later row is a Survey Test; their earlier answer counts."""
    data = [("R_a", "0", 2), ("R_b", "0", 4), ("R_a", "2", 5), ("R_b", "0", 3), ("R_c", "1", 1)]
    rows = [
        [
            *("2024-03-01 10:00:00", "2024-03-01 10:05:00", status, "", "100", "300", "1"),
            *("2024-03-01 10:05:00", rid, "", "", "", "", "", "", "anonymous", "DE"),
            *(str(q1), "", ""),
        ]
        for rid, status, q1 in data
    ]
    path = with_rows(tmp_path, "qualtrics_current_de.header.csv", rows)
    counted = {s for s, keep in STATUSES if keep}
    kept = latest([(rid, q) for rid, s, q in data if s in counted])  # R_a -> 2, R_b -> 3
    doc = gaps(tmp_path, "{QID1: csat}", path)
    assert overall(doc)["n"] == len(kept) == 2
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(kept.values()), abs=1e-4)
    assert doc["excluded"] == {"test": 1, "preview": 1, "duplicate": 1}


LONG_HEADER = "touchpoint,metric,value,respondent_id,segment\n"


def test_long_files_keep_the_last_row_per_respondent_touchpoint_and_metric(
    tmp_path: Path,
) -> None:
    rows = [
        ("tp", "csat", 2, "r1"), ("tp", "csat", 4, "r2"), ("tp", "nps", 9, "r1"),
        ("tp", "csat", 5, "r1"),  # r1 again for tp/csat: this one counts
        ("tp", "csat", 3, ""),  # no id: always counts
        ("tp", "csat", 1, ""),
        ("tp", "csat", 3, "r2"),  # r2 again: counts, the 4 does not
    ]  # fmt: skip
    path = write(
        tmp_path, "long.csv", LONG_HEADER, [[t, m, str(v), r, "new"] for t, m, v, r in rows]
    )
    named = latest([(r, v) for t, m, v, r in rows if r and m == "csat"])
    kept = [*named.values(), *(v for t, m, v, r in rows if not r)]
    doc = gaps(tmp_path, "{}", path)
    assert overall(doc)["n"] == len(kept) == 4
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(kept), abs=1e-4)
    assert doc["excluded"] == {"duplicate": 2}
    assert doc["rows_read"] == 7
    plain = gaps(tmp_path, "{}", path, dedupe=False)
    assert overall(plain)["n"] == 6 and plain["excluded"] == {}
    # a later long file: r1's csat there wins over both of this file's rows
    later = write(tmp_path, "later.csv", LONG_HEADER, [["tp", "csat", "1", "r1", "new"]])
    both = gaps(tmp_path, "{}", path, later)
    kept_both = [named["r2"], 3, 1, 1]
    assert overall(both)["n"] == len(kept_both)
    assert overall(both)["experience"] == pytest.approx(statistics.mean(kept_both), abs=1e-4)
    files = {Path(f["path"]).name: f for f in both["files"]}
    assert files["long.csv"]["excluded"] == {"duplicate": 4}  # r1 x3 (one nps), r2's first


def test_repeated_ids_in_a_workbook(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from tests.test_survey_workbook import workbook

    book = workbook(
        tmp_path / "w.xlsx", {"s": [["respondent_id", "Q1"], *([r, v] for r, v in WITHIN)]}
    )
    kept = latest(WITHIN)
    doc = gaps(tmp_path, "{Q1: csat}", book)
    assert overall(doc)["n"] == len(kept)
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(kept.values()), abs=1e-4)
    assert doc["excluded"] == {"duplicate": 30 - len(kept)}


def test_a_real_surveymonkey_header_repeated_respondent(tmp_path: Path) -> None:
    """SurveyMonkey's `Respondent ID` (real header): the respondent's later row counts."""
    from tests.test_survey_real import AGREEMENT, SM_EQUIPPED

    answers = [("1001", "Agree"), ("1002", "Disagree"), ("1001", "Strongly agree")]
    rows = [
        [
            *(rid, "414754235", "07/31/2023 04:21:36 PM", "07/31/2023 04:29:08 PM", *[""] * 5),
            *("", "Most of it", label, "Yes", "Yes", "Not really", "", "Agree", "", "", ""),
        ]
        for rid, label in answers
    ]
    path = with_rows(tmp_path, "surveymonkey_current.header.csv", rows)
    kept = latest([(rid, AGREEMENT[label]) for rid, label in answers])
    doc = gaps(tmp_path, f"{{{json.dumps(SM_EQUIPPED)}: csat}}", path)
    assert overall(doc)["n"] == len(kept) == 2
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(kept.values()), abs=1e-4)
    assert doc["excluded"] == {"duplicate": 1}
