"""Count the raw answers of a survey file per touchpoint, metric and group.

The long reader keeps its hot loop in C: ``csv.reader`` -> ``itemgetter`` ->
``Counter``; rows are never kept. Problem rows are rare, so their line
numbers come from a second, slow pass that runs only when there are any.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter
from typing import BinaryIO, TextIO

from cxmap.errors import InputError
from cxmap.survey.answers import describe
from cxmap.survey.sniff import Sniffed, Tool

Progress = Callable[[int], None]
BLOCK = 1 << 22
FAST_BLOCK = 1 << 18  # small blocks keep the split fields in the CPU cache
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
    reader: Iterable[list[str]], errors: list[tuple[int, str]], offset: int = 0
) -> Iterator[list[str]]:
    """Records of ``reader``; a record csv cannot read is noted and passed over."""
    iterator = iter(reader)
    while True:
        try:
            yield from iterator
            return
        except csv.Error as exc:
            errors.append((offset + getattr(reader, "line_num", 0), str(exc)))


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
    indices = sorted(mapping)
    # one Counter per (column, group); tallies of the same column share their counts
    shared: list[dict[str | None, Counter[str]]] = []
    for index in indices:
        counts: dict[str | None, Counter[str]] = {}
        shared.append(counts)
        label = sniffed.columns[index].key
        out.tallies.extend(Tally(label, tp, metric, counts) for tp, metric in mapping[index])
    buckets_by_group: dict[str | None, list[Counter[str]]] = {}
    errors: list[tuple[int, str]] = []
    bad_width: list[int] = []
    bad_count = previews = 0
    by_month = group is not None and group.by_month
    bad_dates: list[str] = []
    with sniffed.open() as handle:
        reader = csv.reader(_lines(handle, progress), delimiter=sniffed.delimiter)
        headers_left = sniffed.header_rows
        for row in _safe_records(reader, errors):
            if not any(row) or not any(cell.strip() for cell in row):
                continue  # blank lines and rows of bare separators
            if headers_left:
                headers_left -= 1
                continue
            out.rows_read += 1
            if len(row) != width:
                bad_count += 1
                if len(bad_width) < 3:
                    bad_width.append(reader.line_num)
                continue
            if status is not None and row[status].strip().casefold() in PREVIEW_STATUS:
                previews += 1
                continue
            key = _group_key(row, group_index, group)
            if key is None and by_month and group_index is not None and row[group_index].strip():
                bad_dates.append(row[group_index])
            buckets = buckets_by_group.get(key)
            if buckets is None:
                buckets = buckets_by_group[key] = [c.setdefault(key, Counter()) for c in shared]
            for index, bucket in zip(indices, buckets, strict=True):
                cell = row[index]
                if cell:
                    bucket[cell] += 1
    out.rows_skipped = bad_count + previews + len(errors)
    out.rows_read += len(errors)
    if previews:
        out.warnings.append(
            f"{sniffed.path}: {previews} Qualtrics preview response"
            f"{'s' if previews != 1 else ''} skipped"
        )
    _row_warnings(out, bad_width, bad_count, width, errors)
    _date_warning(out, bad_dates, group)
    return out


def _date_warning(out: FileTally, bad: list[str], group: Group | None) -> None:
    if bad and group is not None:
        out.warnings.append(
            f"{out.sniffed.path}: {len(bad)} '{group.column}' cell{'s' if len(bad) != 1 else ''} "
            f"not a date (e.g. '{describe(bad[0])}'; dates are read as YYYY-MM-DD or "
            "day-month-year); those answers count only in the totals"
        )


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

    ``known(touchpoint, metric)`` says whether the map knows the pair (``known(tp, "")``
    whether it knows the touchpoint); unknown touchpoints go to ``unmapped``,
    unknown metrics to the warnings.
    """
    out = FileTally(sniffed)
    picks = [sniffed.find(name) for name in ("touchpoint", "metric", "value")]
    group_index = _group_index(sniffed, group, out)
    if group_index is not None:
        picks.append(group_index)
    scan = _LongScan(sniffed, [i for i in picks if i is not None])
    try:
        scan.run(progress)
    except _UndecodableError:
        if sniffed.encoding_forced or sniffed.encoding != "utf-8":
            raise
        # not UTF-8 after all (past the sniffed head): Excel on Windows writes cp1252
        sniffed = out.sniffed = replace(sniffed, encoding="cp1252")
        scan = _LongScan(sniffed, scan.picks)
        scan.run(None)
    counts = scan.decoded()
    by_month = group is not None and group.by_month
    tallies: dict[tuple[str, str], Tally] = {}
    blank_keys = 0
    bad_dates: list[str] = []
    unknown_metric: Counter[tuple[str, str]] = Counter()
    for key, count in counts.items():
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
        if group_key is None and cell:
            bad_dates.extend([cell] * count)
        tally = tallies.get((tp, metric))
        if tally is None:
            tally = tallies[(tp, metric)] = Tally(f"'{tp}' {metric}", tp, metric)
        tally.add(group_key, raw, count)
    out.tallies = list(tallies.values())
    out.rows_read += scan.bad + len(scan.errors)
    out.rows_skipped = scan.bad + blank_keys + len(scan.errors)
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
    _row_warnings(out, scan.bad_lines, scan.bad, len(sniffed.header), scan.errors)
    _date_warning(out, bad_dates, group)
    return out


class _UndecodableError(InputError):
    """The file is not in the encoding it was read in."""


ASCII_COMPATIBLE = frozenset({"utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15", "ascii"})


class _LongScan:
    """Counts (touchpoint, metric, value[, group]) keys of a long file.

    Fast path, per block of bytes without quotes: split the whole block at once
    (newlines become an extra sentinel field, so one slice proves every row has
    the header's width) and count the picked columns with ``zip`` and
    ``Counter``; no per-row Python code runs and nothing is decoded but the
    distinct keys. A block that fails the width check is redone line by line; from
    the first quote on, the rest of the file goes through ``csv``.
    """

    def __init__(self, sniffed: Sniffed, picks: list[int]) -> None:
        self.sniffed = sniffed
        self.picks = picks
        self.getter = itemgetter(*picks)
        self.width = len(sniffed.header)
        self.raw: Counter[tuple[bytes, ...]] = Counter()
        self.text: Counter[tuple[str, ...]] = Counter()
        self.bad = 0
        self.bad_lines: list[int] = []
        self.errors: list[tuple[int, str]] = []

    def _bad(self, line: int) -> None:
        self.bad += 1
        if len(self.bad_lines) < 3:
            self.bad_lines.append(line)

    def run(self, progress: Progress | None) -> None:
        """Read the whole file."""
        sniffed = self.sniffed
        sep = sniffed.delimiter.encode("ascii") if sniffed.delimiter.isascii() else b""
        fast = bool(sep) and sniffed.encoding in ASCII_COMPATIBLE and sep not in b'"\r\n'
        with sniffed.open_binary() as handle:
            line = 0
            if fast:
                header = handle.readline()
                line = 1
                fast = b'"' not in header
                if not fast:
                    handle.seek(0)
                    line = 0
            while fast:
                start = handle.tell()
                block = handle.read(FAST_BLOCK)
                if not block:
                    return
                if not block.endswith(b"\n"):
                    block += handle.readline()
                if progress is not None:
                    progress(len(block))
                if b"\r" in block:
                    block = block.replace(b"\r\n", b"\n")
                if b'"' in block or b"\r" in block:
                    handle.seek(start)
                    break
                line = self._block(block, sep, line)
            self._slow(handle, line, skip_header=line == 0)

    def _block(self, block: bytes, sep: bytes, line: int) -> int:
        rows = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
        if not block.endswith(b"\n"):
            block += b"\n"
        stride = self.width + 1
        fields = block.replace(b"\n", sep + b"\n" + sep).split(sep)
        if len(fields) == rows * stride + 1 and fields[self.width :: stride].count(b"\n") == rows:
            end = rows * stride
            self.raw.update(zip(*(fields[i:end:stride] for i in self.picks), strict=True))
            return line + rows
        for number, text in enumerate(block.split(b"\n")[:rows], start=line + 1):
            cells = text.split(sep)
            if len(cells) != self.width:
                if text.strip(b" \t" + sep):
                    self._bad(number)
                continue
            self.raw[self.getter(cells)] += 1
        return line + rows

    def _slow(self, handle: BinaryIO, line: int, *, skip_header: bool) -> None:
        encoding = self.sniffed.encoding
        if line and encoding == "utf-8-sig":
            encoding = "utf-8"
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        try:
            reader = csv.reader(text, delimiter=self.sniffed.delimiter)
            header_left = skip_header
            for row in _safe_records(reader, self.errors, line):
                if not row:
                    continue
                if header_left:
                    header_left = False
                    continue
                if len(row) != self.width:
                    if any(cell.strip() for cell in row):
                        self._bad(line + reader.line_num)
                    continue
                self.text[self.getter(row)] += 1
        except UnicodeDecodeError as exc:
            raise _UndecodableError(
                f"{self.sniffed.path}: cannot decode the survey as {encoding} ({exc.reason}); "
                "pass --encoding (e.g. utf-8, cp1252)"
            ) from exc
        finally:
            text.detach()

    def decoded(self) -> Counter[tuple[str, ...]]:
        """All counts with text keys (the bytes keys decoded once each)."""
        encoding = "utf-8" if self.sniffed.encoding == "utf-8-sig" else self.sniffed.encoding
        try:
            pairs = [
                (tuple(cell.decode(encoding) for cell in key), n) for key, n in self.raw.items()
            ]
        except UnicodeDecodeError as exc:
            if self.sniffed.encoding_forced or encoding != "utf-8":
                raise InputError(
                    f"{self.sniffed.path}: cannot decode the survey as {encoding} "
                    f"({exc.reason}); pass --encoding (e.g. utf-8, cp1252)"
                ) from exc
            try:
                pairs = [
                    (tuple(cell.decode("cp1252") for cell in key), n) for key, n in self.raw.items()
                ]
            except UnicodeDecodeError as exc2:
                raise InputError(
                    f"{self.sniffed.path}: cannot decode the survey as utf-8 or cp1252; "
                    "pass --encoding"
                ) from exc2
        counts = self.text
        for key, n in pairs:
            counts[key] += n
        return counts


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


def locate_wide(
    sniffed: Sniffed, needles: set[tuple[str, str]]
) -> dict[tuple[str, str], list[int]]:
    """Second pass for warnings: the first lines of each (column key, raw) answer."""
    columns = {c.key: c.index for c in sniffed.columns}
    wanted = [(key, columns[key], raw) for key, raw in needles if key in columns]
    found: dict[tuple[str, str], list[int]] = {}
    if not wanted:
        return found
    errors: list[tuple[int, str]] = []
    with sniffed.open() as handle:
        reader = csv.reader(handle, delimiter=sniffed.delimiter)
        for row in _safe_records(reader, errors):
            for key, index, raw in wanted:
                if index < len(row) and row[index] == raw:
                    lines = found.setdefault((key, raw), [])
                    if len(lines) < 3:
                        lines.append(reader.line_num)
    return found
