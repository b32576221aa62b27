"""Workbooks (.xlsx) read directly: typed cells, sheets, size limits, zip bombs.

The workbooks are written in the test with openpyxl; the expected figures
are computed from the rows written, in plain Python.
"""

from __future__ import annotations

import datetime as dt
import statistics
import zipfile
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from cxmap.errors import InputError  # noqa: E402
from cxmap.gaps import GapOptions, compute_gaps  # noqa: E402
from cxmap.survey.sniff import Tool, sniff  # noqa: E402
from tests.test_survey_reading import journey, result  # noqa: E402

# Microsoft Forms' own columns, as its Excel download starts
FORMS_HEADER = ["ID", "Start time", "Completion time", "Email", "Name"]
QUESTION = "How satisfied are you with the checkout?"


def forms_rows(n: int) -> list[list[object]]:
    start = dt.datetime(2026, 2, 26, 9, 0)
    return [
        [i + 1, start, start + dt.timedelta(days=3 * i), "anonymous", "", (i * 3) % 5 + 1]
        for i in range(n)
    ]


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_microsoft_forms_workbook_with_typed_dates(tmp_path: Path) -> None:
    rows = forms_rows(40)
    path = workbook(tmp_path / "forms.xlsx", {"Sheet1": [[*FORMS_HEADER, QUESTION], *rows]})
    assert sniff(path).tool is Tool.MICROSOFT_FORMS
    table = compute_gaps(
        journey(tmp_path, f"{{'{QUESTION}': csat}}"),
        [path],
        GapOptions(min_n=1, by="wave", date_column="Completion time"),
    )
    values = [r[5] for r in rows]
    assert table.rows_read == 40
    assert result(table).experience == pytest.approx(statistics.mean(values))  # type: ignore[arg-type]
    by_month: dict[str, list[int]] = {}
    for row in rows:
        when = row[2]
        assert isinstance(when, dt.datetime)
        by_month.setdefault(when.strftime("%Y-%m"), []).append(row[5])  # type: ignore[arg-type]
    got = {r.segment: r.n for r in table.results if r.segment}
    assert got == {month: len(v) for month, v in by_month.items()}


def test_the_sheet_option_and_a_missing_sheet(tmp_path: Path) -> None:
    first = [["Q1"], [1], [2]]
    second = [["Q1"], [5], [4], [4]]
    path = workbook(tmp_path / "two.xlsx", {"Summary": first, "Responses": second})
    assert result(compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1))).n == 2
    table = compute_gaps(
        journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1, sheet="Responses")
    )
    assert result(table).experience == pytest.approx(13 / 3)
    with pytest.raises(InputError, match=r"no sheet 'Nope'.*'Summary', 'Responses'"):
        compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(sheet="Nope"))


def test_labels_and_numbers_as_text_in_a_workbook(tmp_path: Path) -> None:
    rows = [["Q1", "note"], ["Very satisfied"], ["Satisfied"], [3], ["N/A"], [None, "x"], [None]]
    path = workbook(tmp_path / "l.xlsx", {"S": rows})
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], GapOptions(min_n=1))
    assert (result(table).n, result(table).experience) == (3, pytest.approx(4.0))
    assert table.rows_read == 5  # the wholly empty last row is not a response
    assert table.cells_skipped == {"missing": 2}  # 'N/A' and the blank cell


def test_a_zip_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 << 20))
    assert path.stat().st_size < 1 << 20
    with pytest.raises(InputError, match="refused as a zip bomb"):
        sniff(path)


def test_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("Q1\n4\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"not a readable \.xlsx or \.ods workbook"):
        sniff(path)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(InputError, match="cannot read the workbook"):
        compute_gaps(journey(tmp_path, "{Q1: csat}"), [broken], GapOptions())
