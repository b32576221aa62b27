"""Broken and hostile survey input (issue 13, the survey-reader items).

Fixtures are built in the test; arbitrary CSV- and xlsx-shaped input never
escapes as a traceback (hypothesis).
"""

from __future__ import annotations

import zipfile
from contextlib import suppress
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmap.errors import CxmapError, InputError
from cxmap.gaps import GapOptions, compute_gaps
from cxmap.survey.sniff import Tool, sniff
from tests.test_survey_reading import journey, result

QUALTRICS_IDS = "StartDate,Status,Finished,ResponseId,Q1\n"


def qualtrics(text_cell: str, rows: list[str]) -> str:
    second = f'Start Date,Response Type,Finished,Response ID,"{text_cell}"\n'
    third = ",".join(
        '"{""ImportId"":""' + i + '""}"'
        for i in ("startDate", "status", "finished", "_recordId", "QID1")
    )
    return QUALTRICS_IDS + second + third + "\n" + "".join(rows)


def test_a_question_text_row_longer_than_64_kib_is_still_qualtrics(tmp_path: Path) -> None:
    long_text = "How satisfied were you " * 4000  # ~92 KB in one header cell
    rows = ["2026-01-01,0,1,R_1,5\n", "2026-01-01,1,1,R_2,1\n", "2026-01-01,0,1,R_3,4\n"]
    path = tmp_path / "q.csv"
    path.write_text(qualtrics(long_text, rows), encoding="utf-8")
    found = sniff(path)
    assert (found.tool, found.header_rows) == (Tool.QUALTRICS, 3)
    table = compute_gaps(journey(tmp_path, "{QID1: csat}"), [path], GapOptions(min_n=1))
    # the preview (Status 1) stays out: (5 + 4) / 2, not (5 + 1 + 4) / 3
    assert (result(table).n, result(table).experience) == (2, 4.5)
    assert table.excluded == {"preview": 1}


def test_a_header_row_over_64_kib_is_read_whole(tmp_path: Path) -> None:
    names = [f"column number {i:05d}" for i in range(5000)] + ["Q1"]  # ~105 KB header
    path = tmp_path / "w.csv"
    path.write_text(",".join(names) + "\n" + ("," * 5000 + "4\n") * 3, encoding="utf-8")
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1))
    assert (table.rows_read, result(table).n, result(table).experience) == (3, 3, 4.0)


def test_a_huge_quoted_field_is_one_record_never_restarted(tmp_path: Path) -> None:
    inner = "\n".join(["5"] * 40_000)  # 80 KB of lines that look like answers
    path = tmp_path / "w.csv"
    path.write_text(f'Q1,note\n4,"{inner}"\n3,ok\n', encoding="utf-8")
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1))
    assert (table.rows_read, result(table).n, result(table).experience) == (2, 2, 3.5)
    long = tmp_path / "l.csv"
    long.write_text(f'touchpoint,metric,value,comment\ntp,csat,4,"{inner}"\n', encoding="utf-8")
    table = compute_gaps(journey(tmp_path, "{}"), [long], GapOptions(min_n=1))
    assert (table.rows_read, result(table).n) == (1, 1)


def test_utf16_without_a_bom_names_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes("Q1\tQ2\n4\t5\n".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"UTF-16 \(utf-16-le\).*--encoding utf-16-le"):
        sniff(path)
    table = compute_gaps(
        journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1, encoding="utf-16-le")
    )
    assert result(table).experience == 4


def test_many_distinct_bad_answers_keep_the_warnings_bounded(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("Q1\n" + "".join(f"bad answer {i}\n" for i in range(20_000)) + "4\n")
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1))
    assert table.cells_skipped == {"not-a-number": 20_000}  # "bad answer 7" is not a 7
    assert len(table.warnings) == 1 and len(table.warnings[0]) < 400
    assert "20000 values" in table.warnings[0]


# ------------------------------------------------------------------ never a traceback

CELLS = st.one_of(
    st.sampled_from(["", "4", "5", "N/A", "Very good", "Poor", "7", "-99", "★★★☆☆", "4/5"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.sampled_from(
        [
            "Q1,segment,date\n",
            "Q1;segment;date\n",
            QUALTRICS_IDS,
            "\n\nQ1\n",
            "touchpoint,metric,value,segment\n",
        ]
    ),
    body=st.text(alphabet=st.sampled_from(list('Q14,;"\n\r\t ★/-.\x00é\u00a0aZ')), max_size=400),
    by=st.sampled_from([None, "segment", "wave"]),
)
def test_csv_shaped_input_never_escapes(
    tmp_path: Path, header: str, body: str, by: str | None
) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes((header + body).encode("utf-8"))
    options = GapOptions(min_n=1, by=by, date_column="date" if by == "wave" else None)
    try:
        table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], options)
    except CxmapError:
        return
    # every row is used or skipped; the skipped rows are the excluded ones, plus in long
    # files the rows that gave no answer (docs/cli.md, rows_skipped)
    assert table.responses_used + table.rows_skipped == table.rows_read
    assert sum(table.excluded.values()) <= table.rows_skipped


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(CELLS, max_size=4), max_size=12),
    header=st.sampled_from(
        [["Q1", "segment"], ["x", "segment"], ["touchpoint", "metric", "value"]]
    ),
)
def test_xlsx_shaped_input_never_escapes(
    tmp_path: Path, rows: list[list[str]], header: list[str]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([int(c) if c.isdecimal() else c for c in row] or [None])
    path = tmp_path / "s.xlsx"
    book.save(path)
    with suppress(CxmapError):
        compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1, by="segment"))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_zip_shaped_garbage_never_escapes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "g.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", data)
        archive.writestr("xl/workbook.xml", data[::-1])
    with suppress(CxmapError):
        compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1))


def many_distinct_answers(count: int) -> list[str]:
    """Scores written many ways, distinct junk, a label and a missing token, mixed."""
    cells: list[str] = []
    for i in range(count):
        v = 1 + (i * 7) % 5
        if i % 3 == 0:
            zeros = "0" * (i % 4)
            cells.append(f"{v}.{zeros}" if zeros else str(v))  # one score, written many ways
        elif i % 3 == 1:
            cells.append(f"free text {i}")  # distinct junk
        else:
            cells.append(["Very satisfied", "N/A", str(v)][(i // 3) % 3])
    return cells


def test_many_distinct_answers_are_folded_and_the_figures_stay_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxmap.survey import tally

    monkeypatch.setattr(tally, "MAX_DISTINCT", 50)
    monkeypatch.setattr(tally, "FOLD_EVERY", 64)
    cells = many_distinct_answers(3000)
    path = tmp_path / "w.csv"
    path.write_text("Q1\n" + "\n".join(cells) + "\n", encoding="utf-8")
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1))
    scores = [5.0 if c == "Very satisfied" else float(c) for c in cells if c[0] in "12345V"]
    junk = sum(1 for c in cells if c.startswith("free text"))
    assert result(table).n == len(scores)
    assert result(table).experience == pytest.approx(sum(scores) / len(scores))
    assert table.cells_skipped == {"missing": cells.count("N/A"), "not-a-number": junk}
    assert all("Folded" not in w for w in table.warnings)
