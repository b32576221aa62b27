"""Count the raw answers of a survey file per touchpoint, metric and group.

The long reader keeps its hot loop in C: ``csv.reader`` -> ``itemgetter`` ->
``Counter``; rows are never kept. Problem rows are rare, so their line
numbers come from a second, slow pass that runs only when there are any.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any, BinaryIO, TextIO

from cxmap.errors import InputError
from cxmap.survey.layouts import FINISHED, RESPONDENT_IDS, RESPONSE_TYPES
from cxmap.survey.sniff import Sniffed, Tool

Progress = Callable[[int], None]
BLOCK = 1 << 22
FAST_BLOCK = 1 << 18  # small blocks keep the split fields in the CPU cache


@dataclass(frozen=True)
class Group:
    """Which column groups the answers: a plain column, or a date column (waves).

    For a date column the readers keep the date part of each cell; the whole
    column's dates are read at once afterwards (``cxmap.survey.dates``).
    """

    column: str
    dates: bool = False


@dataclass
class RowFilter:
    """Which responses a reader keeps: finished only, and not seen in a later file."""

    finished_only: bool = False
    #: respondent ids already counted (--dedupe: from files given later)
    seen_ids: set[str] | None = None
    #: collect the respondent ids of this file (to warn about repeats)
    collect_ids: bool = False
    #: column index, counts -> the same counts with fewer distinct keys (see ``MAX_DISTINCT``)
    fold: Callable[[int, Counter[Any]], Counter[Any]] | None = None


#: a column's counts are folded when they hold more distinct answers than this
#: (checked every ``FOLD_EVERY`` rows): memory stays bounded whatever the answers
MAX_DISTINCT = 50_000
FOLD_EVERY = 1 << 16


@dataclass
class Tally:
    """Raw answer texts of one touchpoint-metric pair from one column or long file."""

    label: str
    touchpoint: str
    metric: str
    counts: dict[str | None, Counter[Any]] = field(default_factory=dict)
    #: the map key that named the column (wide files)
    key: str = ""

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
    #: responses (rows) excluded, by reason: malformed, preview, test, spam, partial, duplicate
    excluded: Counter[str] = field(default_factory=Counter)
    #: long files: rows that gave no answer for a reason of their own (unmapped)
    cells_skipped: Counter[str] = field(default_factory=Counter)
    #: respondent ids of the rows kept (when asked for)
    ids: set[str] | None = None
    #: the group column was not in the file (its answers go to "(none)")
    group_missing: bool = False


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


class _WorkbookReader:
    """Rows of a workbook sheet with ``line_num`` like ``csv.reader``."""

    def __init__(self, sniffed: Sniffed) -> None:
        from cxmap.survey.workbook import workbook_rows

        self.rows = workbook_rows(sniffed)
        self.line_num = 0

    def __iter__(self) -> Iterator[list[Any]]:
        for row in self.rows:
            self.line_num += 1
            yield row


def _text(cell: object) -> str:
    if isinstance(cell, str):
        return cell
    from cxmap.survey.workbook import cell_text

    return cell_text(cell)


def _date_key(cell: object) -> str | None:
    """The date part of a date cell (a typed date as ISO), None when blank."""
    import datetime as dt

    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = _text(cell).strip()
    if not text:
        return None
    cut = text.find(" ")
    return text if cut < 0 else text[:cut]


def read_wide(
    sniffed: Sniffed,
    mapping: dict[int, list[tuple[str, str, str]]],
    group: Group | None,
    progress: Progress | None = None,
    rows: RowFilter | None = None,
) -> FileTally:
    """Tally the mapped columns (index -> [(touchpoint, metric, map key)]) of a wide export."""
    rows = rows or RowFilter()
    out = FileTally(sniffed)
    width = len(sniffed.header)
    types = RESPONSE_TYPES.get(sniffed.tool)
    status = sniffed.find_any(types[0]) if types else None
    status_table = types[1] if types else {}
    finished_spec = FINISHED.get(sniffed.tool) if rows.finished_only else None
    finished = sniffed.find_any(finished_spec[0]) if finished_spec else None
    unfinished = finished_spec[1] if finished_spec else frozenset()
    if rows.finished_only and finished is None:
        out.warnings.append(
            f"{sniffed.path}: --finished-only, but the file has no column that says whether a "
            "response was finished; every response counts"
        )
    id_names = RESPONDENT_IDS.get(sniffed.tool, ())
    want_ids = rows.collect_ids or rows.seen_ids is not None
    id_index = sniffed.find_any(id_names) if want_ids else None
    seen = rows.seen_ids
    ids: set[str] | None = set() if id_index is not None else None
    latest: dict[str, int] = {}  # --dedupe: each respondent's last row in this file
    if seen is not None and id_index is not None:
        from cxmap.survey.dedupe import latest_rows

        def is_response(row: list[Any]) -> bool:
            if len(row) != width and not sniffed.workbook:
                return False
            if status is not None and status_table.get(_text(row[status]).strip().casefold()):
                return False
            return finished is None or _text(row[finished]).strip().casefold() not in unfinished

        latest = latest_rows(sniffed, id_index, is_response)
    group_index = _group_index(sniffed, group, out)
    dates = group is not None and group.dates
    indices = sorted(mapping)
    # one Counter per (column, group); tallies of the same column share their counts
    shared: list[dict[str | None, Counter[Any]]] = []
    for index in indices:
        counts: dict[str | None, Counter[Any]] = {}
        shared.append(counts)
        label = sniffed.columns[index].key
        out.tallies.extend(
            Tally(label, tp, metric, counts, key) for tp, metric, key in mapping[index]
        )
    buckets_by_group: dict[str | None, list[Counter[Any]]] = {}
    errors: list[tuple[int, str]] = []
    bad_width: list[int] = []
    excluded = out.excluded
    workbook = sniffed.workbook
    read = 0
    next_fold = FOLD_EVERY
    fold = rows.fold
    with _wide_source(sniffed, progress) as reader:
        headers_left = sniffed.header_rows
        for row in _safe_records(reader, errors):
            if workbook:
                if row.count("") == len(row):
                    continue
            elif not any(row) or not any(cell.strip() for cell in row):
                continue  # blank lines and rows of bare separators
            if headers_left:
                headers_left -= 1
                continue
            read += 1
            if read == next_fold:
                next_fold += FOLD_EVERY
                if fold is not None:
                    _fold(shared, indices, fold)
            if workbook:
                if len(row) < width:
                    row = row + [""] * (width - len(row))
            elif len(row) != width:
                excluded["malformed"] += 1
                if len(bad_width) < 3:
                    bad_width.append(reader.line_num)
                continue
            if status is not None:
                reason = status_table.get(_text(row[status]).strip().casefold())
                if reason is not None:
                    excluded[reason] += 1
                    continue
            if finished is not None and _text(row[finished]).strip().casefold() in unfinished:
                excluded["partial"] += 1
                continue
            if ids is not None:
                rid = _text(row[id_index]).strip()  # type: ignore[index]
                if rid:
                    if seen is not None and (rid in seen or latest.get(rid, read) != read):
                        excluded["duplicate"] += 1
                        continue
                    ids.add(rid)
            if group_index is None:
                key = None
            elif dates:
                key = _date_key(row[group_index])
            elif workbook:
                key = _text(row[group_index]).strip() or None
            else:
                key = row[group_index].strip() or None
            buckets = buckets_by_group.get(key)
            if buckets is None:
                buckets = buckets_by_group[key] = [c.setdefault(key, Counter()) for c in shared]
            if workbook:  # typed cells: 0 is an answer, only '' is blank
                for index, bucket in zip(indices, buckets, strict=True):
                    cell = row[index]
                    if cell != "":
                        bucket[cell] += 1
            else:
                for index, bucket in zip(indices, buckets, strict=True):
                    cell = row[index]
                    if cell:
                        bucket[cell] += 1
    excluded["malformed"] += len(errors)
    out.rows_read = read + len(errors)
    out.excluded = +excluded
    out.rows_skipped = sum(out.excluded.values())
    out.ids = ids
    _exclusion_warnings(out)
    _row_warnings(out, bad_width, out.excluded["malformed"] - len(errors), width, errors)
    return out


def _fold(
    shared: list[dict[str | None, Counter[Any]]],
    indices: list[int],
    fold: Callable[[int, Counter[Any]], Counter[Any]],
) -> None:
    """Fold the counts that grew past ``MAX_DISTINCT`` distinct answers, in place."""
    for index, counts in zip(indices, shared, strict=True):
        for counter in counts.values():
            if len(counter) > MAX_DISTINCT:
                folded = fold(index, counter)
                counter.clear()
                counter.update(folded)


@contextmanager
def _wide_source(sniffed: Sniffed, progress: Progress | None) -> Iterator[Any]:
    if sniffed.workbook:
        yield _WorkbookReader(sniffed)
        return
    with sniffed.open() as handle:
        yield csv.reader(_lines(handle, progress), delimiter=sniffed.delimiter)


EXCLUSION_TEXT = {
    "preview": "Qualtrics preview response",
    "test": "Qualtrics test response",
    "spam": "Qualtrics spam response",
    "partial": "unfinished response",
    "duplicate": "superseded response",  # the respondent answered again later (--dedupe)
}


def _exclusion_warnings(out: FileTally) -> None:
    for reason, text in EXCLUSION_TEXT.items():
        count = out.excluded.get(reason, 0)
        if count:
            out.warnings.append(
                f"{out.sniffed.path}: {count} {text}{'s' if count != 1 else ''} excluded ({reason})"
            )


def _group_index(sniffed: Sniffed, group: Group | None, out: FileTally) -> int | None:
    if group is None:
        return None
    index = sniffed.find(group.column)
    if index is None:
        out.group_missing = True
        out.warnings.append(
            f"{sniffed.path}: no '{group.column}' column; its answers are shown under '(none)'"
        )
    return index


# ------------------------------------------------------------------ long


def read_long(
    sniffed: Sniffed,
    known: Callable[[str, str], bool],
    group: Group | None,
    progress: Progress | None = None,
    seen_ids: set[str] | None = None,
) -> FileTally:
    """Tally a long (tidy) export: one row per answer.

    ``known(touchpoint, metric)`` says whether the map knows the pair (``known(tp, "")``
    whether it knows the touchpoint); unknown touchpoints go to ``unmapped``,
    unknown metrics to the warnings. With ``seen_ids`` (--dedupe) and a
    respondent column, only each respondent's last row per touchpoint and
    metric counts, and none of a respondent in ``seen_ids`` (see survey.dedupe).
    """
    out = FileTally(sniffed)
    picks = [sniffed.find(name) for name in ("touchpoint", "metric", "value")]
    group_index = _group_index(sniffed, group, out)
    if group_index is not None:
        picks.append(group_index)
    id_index = sniffed.find_any(RESPONDENT_IDS[Tool.LONG]) if seen_ids is not None else None
    scan = _LongScan(sniffed, [i for i in picks if i is not None])
    duplicates = 0
    for attempt in (1, 2):
        try:
            if id_index is None or len(scan.picks) < 3 or seen_ids is None:
                scan.run(progress if attempt == 1 else None)
            else:
                from cxmap.survey.dedupe import latest_long

                duplicates, out.ids = latest_long(scan, id_index, seen_ids)
            break
        except _UndecodableError:
            if attempt == 2 or sniffed.encoding_forced or sniffed.encoding != "utf-8":
                raise
            # not UTF-8 after all (past the sniffed head): Excel on Windows writes cp1252
            sniffed = out.sniffed = replace(sniffed, encoding="cp1252")
            scan = _LongScan(sniffed, scan.picks)
    counts = scan.decoded()
    dates = group is not None and group.dates
    tallies: dict[tuple[str, str], Tally] = {}
    blank_keys = 0
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
            out.cells_skipped["unmapped"] += count
            continue
        cell = key[3] if len(key) > 3 else ""
        group_key = (_date_key(cell) if dates else cell.strip() or None) if cell else None
        tally = tallies.get((tp, metric))
        if tally is None:
            tally = tallies[(tp, metric)] = Tally(f"'{tp}' {metric}", tp, metric)
        tally.add(group_key, raw, count)
    out.tallies = list(tallies.values())
    out.rows_read += scan.bad + len(scan.errors) + duplicates
    if scan.bad + len(scan.errors):
        out.excluded["malformed"] = scan.bad + len(scan.errors)
    if duplicates:
        out.excluded["duplicate"] = duplicates
    if blank_keys:
        out.cells_skipped["unmapped"] += blank_keys
    out.rows_skipped = scan.bad + len(scan.errors) + duplicates + sum(out.cells_skipped.values())
    _exclusion_warnings(out)
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
        if sniffed.workbook:
            self._workbook()
            return
        sep = sniffed.delimiter.encode("ascii") if sniffed.delimiter.isascii() else b""
        fast = bool(sep) and sniffed.encoding in ASCII_COMPATIBLE and sep not in b'"\r\n'
        with sniffed.open_binary() as handle:
            line = 0
            if fast:
                header = handle.readline()
                line = 1
                while header and not header.strip(b" \t\r\n" + sep):
                    header = handle.readline()  # blank lines above the header
                    line += 1
                fast = b'"' not in header
                if not fast:
                    handle.seek(0)
                    line = 0
                if not header:
                    return
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

    def _workbook(self) -> None:
        reader = _WorkbookReader(self.sniffed)
        header_left = True
        for row in reader:
            if row.count("") == len(row):
                continue
            if header_left:
                header_left = False
                continue
            if len(row) < self.width:
                row = row + [""] * (self.width - len(row))
            self.text[tuple(_text(row[i]) for i in self.picks)] += 1

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
                if not row or not any(cell.strip() for cell in row):
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
    with _wide_source(sniffed, None) as reader:
        for row in _safe_records(reader, errors):
            if len(row) <= max(t, m, v):
                continue
            key = (_text(row[t]).strip(), _text(row[m]).strip(), _text(row[v]))
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
    with _wide_source(sniffed, None) as reader:
        for row in _safe_records(reader, errors):
            for key, index, raw in wanted:
                if index < len(row) and _text(row[index]) == raw:
                    lines = found.setdefault((key, raw), [])
                    if len(lines) < 3:
                        lines.append(reader.line_num)
    return found
