"""Dates of survey answers, read for a whole column at once, and the waves they fall in.

A date cell is ISO (``2019-09-04``, ``2019/09/04 9:25:13 AM GMT+2``) or
``a/b/y`` (``/``, ``.`` or ``-`` between the parts). Whether ``a/b/y`` is day
first or month first is decided over the whole column: a first part above 12
means day first, a second part above 12 means month first. A column that
never says is refused (``AmbiguousDates``) unless ``--date-format`` is given:
a wrong guess is never made.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import StrEnum

_ISO = re.compile(r"\s*([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T,]|$)")
_NUMERIC = re.compile(r"\s*([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}|[0-9]{2})(?:[ T,]|$)")


class Period(StrEnum):
    """How dates are grouped into waves."""

    MONTH = "month"
    QUARTER = "quarter"
    WEEK = "week"


class AmbiguousDates(ValueError):
    """A column's dates can be read day first and month first."""

    def __init__(self, example: str, *, mixed: bool = False) -> None:
        self.example = example
        self.mixed = mixed
        what = (
            "mixes day-first and month-first dates"
            if mixed
            else "has dates that read both day first and month first"
        )
        super().__init__(f"{what} (e.g. '{example}')")


def wave_of(day: dt.date, period: Period) -> str:
    """The wave a date falls in: ``2019-09``, ``2019-Q3`` or ``2019-W36`` (ISO week)."""
    if period is Period.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period is Period.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def date_part(cell: str) -> str:
    """The date of a date-and-time cell (what the readers count, to bound distinct keys)."""
    cell = cell.strip()
    cut = cell.find(" ")
    return cell if cut < 0 else cell[:cut]


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _strptime(cell: str, fmt: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(cell.strip(), fmt).date()
    except ValueError:
        pass
    first = fmt.split(" ")[0]
    try:
        return dt.datetime.strptime(date_part(cell), first).date()
    except ValueError:
        return None


def read_dates(cells: Iterable[str], date_format: str | None = None) -> dict[str, dt.date | None]:
    """Each distinct cell's date (None when it is not a date), decided for the whole column.

    Raises ``AmbiguousDates`` when ``a/b/y`` cells never say which part is the
    day (and some read differently both ways), or say both.
    """
    distinct = set(cells)
    if date_format:
        return {cell: _strptime(cell, date_format) for cell in distinct}
    out: dict[str, dt.date | None] = {}
    pending: dict[str, tuple[int, int, int]] = {}
    for cell in distinct:
        iso = _ISO.match(cell)
        if iso:
            out[cell] = _make(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            continue
        numeric = _NUMERIC.match(cell)
        if numeric is None:
            out[cell] = None
            continue
        pending[cell] = (int(numeric.group(1)), int(numeric.group(2)), _year(numeric.group(3)))
    if not pending:
        return out
    day_first = [c for c, (a, b, _) in pending.items() if a > 12 >= b]
    month_first = [c for c, (a, b, _) in pending.items() if b > 12 >= a]
    if day_first and month_first:
        raise AmbiguousDates(min(month_first), mixed=True)
    if not day_first and not month_first:
        unclear = sorted(c for c, (a, b, _) in pending.items() if a != b and a <= 12 and b <= 12)
        if unclear:
            raise AmbiguousDates(unclear[0])
    for cell, (a, b, year) in pending.items():
        out[cell] = _make(year, a, b) if month_first else _make(year, b, a)
    return out
