"""Spreadsheets (.xlsx, .xlsm, .ods) read directly, cell by cell, with python-calamine.

calamine (Rust) reads a sheet several times faster than openpyxl's read-only
mode and keeps cells typed: numbers stay numbers and dates stay dates, so a
date is never re-read from text in some locale. Before it opens a workbook,
the zip directory is checked: a workbook whose parts would expand past
``MAX_EXPANDED`` bytes, or expand more than ``MAX_RATIO`` times (a zip bomb),
is refused before anything is expanded.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmap.errors import InputError

if TYPE_CHECKING:
    from cxmap.survey.sniff import Sniffed

MAX_WORKBOOK_BYTES = 256 << 20
MAX_EXPANDED = 1 << 30
MAX_RATIO = 1000
HEAD_ROWS = 13

Layout = Callable[[Path, str, str, list[list[str]], str | None], "Sniffed"]


def check_zip(path: Path) -> None:
    """Refuse a workbook that is not a zip, too large, or would expand like a zip bomb."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read the workbook ({exc.strerror})") from exc
    if size > MAX_WORKBOOK_BYTES:
        raise InputError(
            f"{path}: the workbook is larger than {MAX_WORKBOOK_BYTES >> 20} MiB; "
            "export the sheet as CSV"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            f"{path}: not a readable .xlsx or .ods workbook ({exc}); "
            "export the sheet as CSV, or pass a CSV file"
        ) from exc
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > (1 << 20) and ratio > MAX_RATIO:
            raise InputError(
                f"{path}: the workbook part '{member.filename}' would expand {ratio:.0f} times "
                f"(to {member.file_size >> 20} MiB); refused as a zip bomb"
            )
    if total > MAX_EXPANDED:
        raise InputError(
            f"{path}: the workbook would expand to {total >> 20} MiB, more than "
            f"{MAX_EXPANDED >> 20} MiB; refused"
        )


def _open_sheet(path: Path, sheet: str | None) -> Any:
    check_zip(path)
    try:
        from python_calamine import CalamineWorkbook
    except ImportError as exc:  # pragma: no cover - a dependency
        raise InputError(f"{path}: reading workbooks needs python-calamine") from exc
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        if not names:
            raise InputError(f"{path}: the workbook has no sheets")
        if sheet is None:
            return book.get_sheet_by_index(0)
        if sheet not in names:
            shown = ", ".join(f"'{n}'" for n in names[:10])
            raise InputError(f"{path}: no sheet '{sheet}' in the workbook; its sheets are {shown}")
        return book.get_sheet_by_name(sheet)
    except InputError:
        raise
    except Exception as exc:  # calamine raises its own errors and ValueError/OSError
        raise InputError(f"{path}: cannot read the workbook ({type(exc).__name__}: {exc})") from exc


def cell_text(value: object) -> str:
    """A typed cell as text: ``4`` for 4.0, ISO dates, ``''`` for an empty cell."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def sniff_workbook(path: Path, sheet: str | None, forced: str | None, layout: Layout) -> Sniffed:
    """Detect the layout of a workbook's sheet from its first rows."""
    found = _open_sheet(path, sheet)
    records: list[list[str]] = []
    try:
        for row in found.iter_rows():
            texts = [cell_text(v).strip() for v in row]
            if any(texts):
                records.append(texts)
            if len(records) >= HEAD_ROWS:
                break
    except Exception as exc:
        raise InputError(f"{path}: cannot read the workbook ({type(exc).__name__}: {exc})") from exc
    if not records:
        raise InputError(f"{path}: the sheet '{found.name}' is empty")
    width = max(len(r) for r in records)
    records = [r + [""] * (width - len(r)) for r in records]
    sniffed = layout(path, "xlsx", ",", records, forced)
    return replace(sniffed, sheet=str(found.name), loaded=found)


def workbook_rows(sniffed: Sniffed) -> Iterator[list[Any]]:
    """Every row of the sniffed sheet, cells typed (``''`` for an empty cell)."""
    found: Any = sniffed.loaded
    if found is None:
        found = _open_sheet(sniffed.path, sniffed.sheet)
    try:
        yield from found.iter_rows()
    except InputError:
        raise
    except Exception as exc:
        raise InputError(
            f"{sniffed.path}: cannot read the workbook ({type(exc).__name__}: {exc})"
        ) from exc
