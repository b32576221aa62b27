"""Count the raw answers of a survey file per touchpoint, metric and group.

The long reader keeps its hot loop in C: ``csv.reader`` -> ``itemgetter`` ->
``Counter``; rows are never kept. Problem rows are rare, so their line
numbers come from a second, slow pass that runs only when there are any.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import tee
from operator import itemgetter
from typing import TextIO

from cxmap.survey.sniff import Sniffed, Tool

Progress = Callable[[int], None]
BLOCK = 1 << 22
PREVIEW_STATUS = frozenset({"1", "survey preview"})
csv.field_size_limit(128 * 1024)

_ISO = re.compile(r"\s*([0-9]{4})[-/.]([0-9]{1,2})(?:[-/.T ]|$)")
_DAY_FIRST = re.compile(r"\s*[0-9]{1,2}[-/.]([0-9]{1,2})[-/.]([0-9]{4})(?:[ T,]|$)")


@lru_cache(maxsize=8192)
def month_of(text: str) -> str | None:
    """``YYYY-MM`` of a date cell (ISO, or day first as in Europe), else None."""
    match = _ISO.match(text) or None
    if match:
        year, month = match.group(1), int(match.group(2))
    else:
        match = _DAY_FIRST.match(text)
        if not match:
            return None
        year, month = match.group(2), int(match.group(1))
    return f"{year}-{month:02d}" if 1 <= month <= 12 else None


@dataclass(frozen=True)
class Group:
    """Which column groups the answers: a plain column, or a date column by month."""

    column: str
    by_month: bool = False


@dataclass
class Tally:
    """Raw answer texts of one touchpoint-metric pair from one column or long file."""

    label: str
    touchpoint: str
    metric: str
    counts: dict[str | None, Counter[str]] = field(default_factory=dict)

    def add(self, group: str | None, raw: str, count: int = 1) -> None:
        """Count ``raw`` ``count`` times in ``group``."""
        bucket = self.counts.get(group)
        if bucket is None:
            bucket = self.counts[group] = Counter()
        bucket[raw] += count


@dataclass
class FileTally:
    """Everything one survey file gave."""

    sniffed: Sniffed
    rows_read: int = 0
    rows_skipped: int = 0
    tallies: list[Tally] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmapped: set[str] = field(default_factory=set)
    # (label, raw) -> first lines where that answer occurs (for per-cell warnings)
    lines: dict[tuple[str, str], list[int]] = field(default_factory=dict)


def _lines(handle: TextIO, progress: Progress | None) -> Iterator[str]:
    """The file's lines in large blocks, reporting the bytes read."""
    raw = getattr(handle, "buffer", None)
    done = 0
    while block := handle.readlines(BLOCK):
        if progress is not None and raw is not None:
            position = raw.tell()
            progress(position - done)
            done = position
        yield from block


def _where(tally: FileTally, line: int) -> str:
    return f"{tally.sniffed.path}:{line}"


def _row_warnings(
    out: FileTally, bad_width: list[int], count: int, width: int, errors: list[tuple[int, str]]
) -> None:
    if count:
        if count <= 3 and len(bad_width) == count:
            for line in bad_width:
                out.warnings.append(
                    f"{_where(out, line)}: the row's number of fields differs from the "
                    f"header's {width}; row skipped"
                )
        else:
            first = f" (first on line {bad_width[0]})" if bad_width else ""
            out.warnings.append(
                f"{out.sniffed.path}: {count} rows have a number of fields other than the "
                f"header's {width}{first}; rows skipped"
            )
    for line, message in errors[:3]:
        out.warnings.append(f"{_where(out, line)}: {message}; row skipped")
    if len(errors) > 3:
        out.warnings.append(
            f"{out.sniffed.path}: {len(errors) - 3} more rows could not be read; rows skipped"
        )


def _safe_records(
    reader: Iterable[list[str]], errors: list[tuple[int, str]]
) -> Iterator[list[str]]:
    """Records of ``reader``; a record csv cannot read is noted and passed over."""
    iterator = iter(reader)
    while True:
        try:
            yield from iterator
            return
        except csv.Error as exc:
            errors.append((getattr(reader, "line_num", 0), str(exc)))


# ------------------------------------------------------------------ wide


def read_wide(
    sniffed: Sniffed,
    mapping: dict[int, list[tuple[str, str]]],
    group: Group | None,
    progress: Progress | None = None,
) -> FileTally:
    """Tally the mapped columns (index -> [(touchpoint, metric)]) of a wide export."""
    out = FileTally(sniffed)
    width = len(sniffed.header)
    status = sniffed.find("Status") if sniffed.tool is Tool.QUALTRICS else None
    group_index = _group_index(sniffed, group, out)
    columns: list[tuple[int, list[Tally]]] = []
    for index, pairs in sorted(mapping.items()):
        label = sniffed.columns[index].key
        columns.append((index, [Tally(label, tp, metric) for tp, metric in pairs]))
        out.tallies.extend(columns[-1][1])
    seen: dict[tuple[str, str], list[int]] = out.lines
    errors: list[tuple[int, str]] = []
    bad_width: list[int] = []
    bad_count = previews = 0
    with sniffed.open() as handle:
        reader = csv.reader(_lines(handle, progress), delimiter=sniffed.delimiter)
        headers_left = sniffed.header_rows
        for row in _safe_records(reader, errors):
            if not any(cell.strip() for cell in row):
                continue  # blank lines and rows of bare separators
            if headers_left:
                headers_left -= 1
                continue
            line = reader.line_num
            out.rows_read += 1
            if len(row) != width:
                bad_count += 1
                if len(bad_width) < 3:
                    bad_width.append(line)
                continue
            if status is not None and row[status].strip().casefold() in PREVIEW_STATUS:
                previews += 1
                continue
            key = _group_key(row, group_index, group)
            for index, tallies in columns:
                cell = row[index]
                if not cell or cell.isspace():
                    continue
                for tally in tallies:
                    tally.add(key, cell)
                where = seen.get((tallies[0].label, cell))
                if where is None:
                    seen[(tallies[0].label, cell)] = [line]
                elif len(where) < 3:
                    where.append(line)
    out.rows_skipped = bad_count + previews + len(errors)
    out.rows_read += len(errors)
    if previews:
        out.warnings.append(
            f"{sniffed.path}: {previews} Qualtrics preview response"
            f"{'s' if previews != 1 else ''} skipped"
        )
    _row_warnings(out, bad_width, bad_count, width, errors)
    return out


def _group_index(sniffed: Sniffed, group: Group | None, out: FileTally) -> int | None:
    if group is None:
        return None
    index = sniffed.find(group.column)
    if index is None:
        out.warnings.append(
            f"{sniffed.path}: no '{group.column}' column; its answers count only in the totals"
        )
    return index


def _group_key(row: list[str], index: int | None, group: Group | None) -> str | None:
    if index is None or group is None:
        return None
    cell = row[index].strip()
    if not cell:
        return None
    return month_of(cell) if group.by_month else cell


# ------------------------------------------------------------------ long


def read_long(
    sniffed: Sniffed,
    known: Callable[[str, str], bool],
    group: Group | None,
    progress: Progress | None = None,
) -> FileTally:
    """Tally a long (tidy) export: one row per answer.

    ``known(touchpoint, metric)`` says whether the map knows the pair; unknown
    touchpoints go to ``unmapped``, unknown metrics to the warnings.
    """
    out = FileTally(sniffed)
    width = len(sniffed.header)
    wanted = [sniffed.find(name) for name in ("touchpoint", "metric", "value")]
    group_index = _group_index(sniffed, group, out)
    picks = [i for i in wanted if i is not None]
    if group_index is not None:
        picks.append(group_index)
    getter = itemgetter(*picks)
    counts: Counter[tuple[int, tuple[str, ...]]] = Counter()
    errors: list[tuple[int, str]] = []
    short: list[int] = []
    with sniffed.open() as handle:
        reader = csv.reader(_lines(handle, progress), delimiter=sniffed.delimiter)
        rows = filter(None, reader)
        next(rows, None)  # the header
        while True:
            widths, keys = tee(rows)
            try:
                counts.update(zip(map(len, widths), map(getter, keys), strict=True))
                break
            except IndexError:
                short.append(reader.line_num)
            except csv.Error as exc:
                errors.append((reader.line_num, str(exc)))
    by_month = group is not None and group.by_month
    tallies: dict[tuple[str, str], Tally] = {}
    bad_width = len(short)
    blank_keys = 0
    unknown_metric: Counter[tuple[str, str]] = Counter()
    for (row_width, key), count in counts.items():
        if row_width != width:
            bad_width += count
            continue
        tp, metric, raw = key[0].strip(), key[1].strip(), key[2]
        if not tp and not metric and not raw.strip() and not any(k.strip() for k in key[3:]):
            continue  # rows of bare separators
        out.rows_read += count
        if not tp or not metric:
            blank_keys += count
            continue
        if not known(tp, metric):
            if known(tp, ""):
                unknown_metric[(tp, metric)] += count
            else:
                out.unmapped.add(tp)
            continue
        if not raw.strip():
            continue
        cell = key[3].strip() if len(key) > 3 else ""
        group_key = (month_of(cell) if by_month else cell) if cell else None
        tally = tallies.get((tp, metric))
        if tally is None:
            tally = tallies[(tp, metric)] = Tally(f"'{tp}' {metric}", tp, metric)
        tally.add(group_key, raw, count)
    out.tallies = list(tallies.values())
    out.rows_read += bad_width + len(errors)
    out.rows_skipped = bad_width + blank_keys + len(errors)
    if blank_keys:
        out.warnings.append(
            f"{sniffed.path}: {blank_keys} row{'s' if blank_keys != 1 else ''} without "
            "touchpoint or metric; skipped"
        )
    for (tp, metric), count in sorted(unknown_metric.items()):
        out.warnings.append(
            f"{sniffed.path}: metric '{metric}' of touchpoint '{tp}' is neither built in nor "
            f"declared under metrics; {count} answer{'s' if count != 1 else ''} skipped"
        )
    lines = _long_lines(sniffed, width, bad_width > 0) if bad_width else []
    _row_warnings(out, lines[:3], bad_width, width, errors)
    return out


def _long_lines(sniffed: Sniffed, width: int, wanted: bool) -> list[int]:
    """Second pass, only when some rows had the wrong width: the first such lines."""
    found: list[int] = []
    errors: list[tuple[int, str]] = []
    if not wanted:
        return found
    with sniffed.open() as handle:
        reader = csv.reader(handle, delimiter=sniffed.delimiter)
        for row in _safe_records(reader, errors):
            if row and len(row) != width:
                found.append(reader.line_num)
                if len(found) >= 3:
                    break
    return found


def locate_long(
    sniffed: Sniffed, needles: set[tuple[str, str, str]]
) -> dict[tuple[str, str], list[int]]:
    """Second pass for warnings: the first lines of each (touchpoint, metric, raw) answer."""
    wanted = [sniffed.find(name) for name in ("touchpoint", "metric", "value")]
    if not needles or None in wanted:
        return {}
    t, m, v = (i for i in wanted if i is not None)
    found: dict[tuple[str, str], list[int]] = {}
    errors: list[tuple[int, str]] = []
    with sniffed.open() as handle:
        reader = csv.reader(handle, delimiter=sniffed.delimiter)
        for row in _safe_records(reader, errors):
            if len(row) <= max(t, m, v):
                continue
            key = (row[t].strip(), row[m].strip(), row[v])
            if key in needles:
                lines = found.setdefault((f"'{key[0]}' {key[1]}", key[2]), [])
                if len(lines) < 3:
                    lines.append(reader.line_num)
    return found
