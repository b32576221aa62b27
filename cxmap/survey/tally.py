"""Count the raw answers of a survey file per touchpoint, metric and group.

The hot loops stay in C: the wide reader counts chunks of rows a column at a
time (``zip`` -> ``Counter.update``); the long reader counts the picked
columns of whole blocks of bytes (``cxmap.survey.scan``, in two processes for a
large file). Rows are never kept. Problem rows are rare, so their line numbers
come from a second, slow pass that runs only when there are any.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import compress, islice
from typing import Any, TextIO

from cxmap.errors import InputError
from cxmap.survey.layouts import COMMENT_COLUMN, FINISHED, RESPONDENT_IDS, RESPONSE_TYPES
from cxmap.survey.scan import ByteScan, Counts, Source, Span, UndecodableError, safe_records
from cxmap.survey.sniff import Sniffed, Tool

Progress = Callable[[int], None]
BLOCK = 1 << 22


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
    #: long files: where comments may be (``cxmap.survey.scan.Counts.comments``; None: anywhere)
    comment_spans: list[Span] | None = None


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
    wide = _WideReader(sniffed, mapping, group, rows or RowFilter())
    wide.run(progress)
    return wide.finish()


#: rows a wide CSV is read in at once: each chunk is counted a column at a time
WIDE_CHUNK = 4096


class _WideReader:
    """Counts the mapped columns of a wide export.

    A text file is read in chunks of ``WIDE_CHUNK`` records. A chunk whose rows
    all have the header's width and none of which is blank is counted a column at
    a time (``zip(*rows)``, one ``Counter.update`` per column and chunk; the row
    filters work on whole columns too); any other chunk, the header rows and every
    workbook row go through ``_row``, one row at a time. Both give the same counts,
    in the same order, folded at the same rows.
    """

    def __init__(
        self,
        sniffed: Sniffed,
        mapping: dict[int, list[tuple[str, str, str]]],
        group: Group | None,
        rows: RowFilter,
    ) -> None:
        self.sniffed = sniffed
        self.out = out = FileTally(sniffed)
        self.width = len(sniffed.header)
        types = RESPONSE_TYPES.get(sniffed.tool)
        self.status = sniffed.find_any(types[0]) if types else None
        self.status_table = types[1] if types else {}
        finished_spec = FINISHED.get(sniffed.tool) if rows.finished_only else None
        self.finished = sniffed.find_any(finished_spec[0]) if finished_spec else None
        self.unfinished = finished_spec[1] if finished_spec else frozenset()
        if rows.finished_only and self.finished is None:
            out.warnings.append(
                f"{sniffed.path}: --finished-only, but the file has no column that says whether "
                "a response was finished; every response counts"
            )
        id_names = RESPONDENT_IDS.get(sniffed.tool, ())
        want_ids = rows.collect_ids or rows.seen_ids is not None
        self.id_index = sniffed.find_any(id_names) if want_ids else None
        self.seen = rows.seen_ids
        self.ids: set[str] | None = set() if self.id_index is not None else None
        self.group_index = _group_index(sniffed, group, out)
        self.dates = group is not None and group.dates
        self.indices = sorted(mapping)
        # one Counter per (column, group); tallies of the same column share their counts
        self.shared: list[dict[str | None, Counter[Any]]] = []
        for index in self.indices:
            counts: dict[str | None, Counter[Any]] = {}
            self.shared.append(counts)
            label = sniffed.columns[index].key
            out.tallies.extend(
                Tally(label, tp, metric, counts, key) for tp, metric, key in mapping[index]
            )
        self.buckets_by_group: dict[str | None, list[Counter[Any]]] = {}
        self.errors: list[tuple[int, str]] = []
        self.bad_width: list[int] = []
        self.excluded = out.excluded
        self.workbook = sniffed.workbook
        self.read = 0
        self.next_fold = FOLD_EVERY
        self.fold = rows.fold
        self.headers_left = sniffed.header_rows
        #: --dedupe: each respondent's last row in this file (rows numbered as ``read``)
        self.latest: dict[str, int] = {}
        if self.seen is not None and self.id_index is not None:
            from cxmap.survey.dedupe import latest_rows

            self.latest = latest_rows(sniffed, self.id_index, self._is_response)

    def _is_response(self, row: list[Any]) -> bool:
        """Whether a data row counts as a response (for --dedupe's latest rows)."""
        if len(row) != self.width and not self.workbook:
            return False
        status = self.status
        if status is not None and self.status_table.get(_text(row[status]).strip().casefold()):
            return False
        finished = self.finished
        return finished is None or _text(row[finished]).strip().casefold() not in self.unfinished

    def run(self, progress: Progress | None) -> None:
        """Read the whole file."""
        with _wide_source(self.sniffed, progress) as reader:
            records = safe_records(reader, self.errors)
            if self.workbook:
                for row in records:
                    self._row(row, reader.line_num)
                return
            width = self.width
            while True:
                chunk: list[list[str]] = []
                odd: dict[int, int] = {}  # chunk position -> line, of rows of another width
                append = chunk.append
                for row in islice(records, WIDE_CHUNK):
                    if len(row) != width:
                        odd[len(chunk)] = reader.line_num
                    append(row)
                if not chunk:
                    return
                if odd or self.headers_left or not self._chunk(chunk):
                    for position, row in enumerate(chunk):
                        self._row(row, odd.get(position, 0))

    def _row(self, row: list[Any], line: int) -> None:
        """Count one row (header rows, workbooks and chunks that need a closer look)."""
        workbook = self.workbook
        if workbook:
            if row.count("") == len(row):
                return
        elif not any(row) or not any(cell.strip() for cell in row):
            return  # blank lines and rows of bare separators
        if self.headers_left:
            self.headers_left -= 1
            return
        self.read += 1
        if self.read == self.next_fold:
            self.next_fold += FOLD_EVERY
            self._fold()
        excluded = self.excluded
        width = self.width
        if workbook:
            if len(row) < width:
                row = row + [""] * (width - len(row))
        elif len(row) != width:
            excluded["malformed"] += 1
            if len(self.bad_width) < 3:
                self.bad_width.append(line)
            return
        status = self.status
        if status is not None:
            reason = self.status_table.get(_text(row[status]).strip().casefold())
            if reason is not None:
                excluded[reason] += 1
                return
        finished = self.finished
        if finished is not None and _text(row[finished]).strip().casefold() in self.unfinished:
            excluded["partial"] += 1
            return
        ids = self.ids
        if ids is not None:
            rid = _text(row[self.id_index]).strip()  # type: ignore[index]
            if rid:
                seen = self.seen
                if seen is not None and (
                    rid in seen or self.latest.get(rid, self.read) != self.read
                ):
                    excluded["duplicate"] += 1
                    return
                ids.add(rid)
        group_index = self.group_index
        if group_index is None:
            key = None
        elif self.dates:
            key = _date_key(row[group_index])
        elif workbook:
            key = _text(row[group_index]).strip() or None
        else:
            key = row[group_index].strip() or None
        buckets = self.buckets_by_group.get(key)
        if buckets is None:
            buckets = self._buckets(key)
        if workbook:  # typed cells: 0 is an answer, only '' is blank
            for index, bucket in zip(self.indices, buckets, strict=True):
                cell = row[index]
                if cell != "":
                    bucket[cell] += 1
        else:
            for index, bucket in zip(self.indices, buckets, strict=True):
                cell = row[index]
                if cell:
                    bucket[cell] += 1

    def _buckets(self, key: str | None) -> list[Counter[Any]]:
        found = self.buckets_by_group[key] = [c.setdefault(key, Counter()) for c in self.shared]
        return found

    def _fold(self) -> None:
        if self.fold is not None:
            _fold(self.shared, self.indices, self.fold)

    def _chunk(self, chunk: list[list[str]]) -> bool:
        """Count a chunk of rows of the header's width a column at a time.

        False (and nothing counted) when a row is blank: the chunk then goes
        row by row.
        """
        if not all(row[0].strip() for row in chunk) and any(
            not any(cell.strip() for cell in row) for row in chunk if not row[0].strip()
        ):
            return False
        # the fold runs between the same rows as in ``_row``: before row ``next_fold``
        while self.read + len(chunk) >= self.next_fold:
            before = self.next_fold - 1 - self.read
            self._columns(chunk[:before], self.read + 1)
            chunk = chunk[before:]
            self.read += before
            self.next_fold += FOLD_EVERY
            self._fold()
        self._columns(chunk, self.read + 1)
        self.read += len(chunk)
        return True

    def _columns(self, rows: list[list[str]], first: int) -> None:
        """Filter and count rows of the header's width, none blank, a column at a time.

        ``first`` is the number (``read``) of the first row.
        """
        if not rows:
            return
        columns = list(zip(*rows, strict=True))
        wanted = [self.status, self.finished, self.id_index, self.group_index, *self.indices]
        picked: dict[int, Sequence[Any]] = {i: columns[i] for i in wanted if i is not None}
        latest = self.latest
        if latest:
            picked[-1] = range(first, first + len(rows))  # the rows' numbers
        left = len(rows)
        excluded = self.excluded
        if self.status is not None:
            table = self.status_table
            reasons = {v: table.get(v.strip().casefold()) for v in set(picked[self.status])}
            if any(reasons.values()):
                found = list(map(reasons.__getitem__, picked[self.status]))
                excluded.update(r for r in found if r is not None)
                picked = _keep(picked, [r is None for r in found])
                left = len(picked[self.status])
        if self.finished is not None and left:
            unfinished = self.unfinished
            partial = [v.strip().casefold() in unfinished for v in picked[self.finished]]
            if any(partial):
                excluded["partial"] += sum(partial)
                picked = _keep(picked, [not p for p in partial])
                left -= sum(partial)
        ids = self.ids
        if ids is not None and self.id_index is not None:
            rids = [v.strip() for v in picked[self.id_index]]
            seen = self.seen
            if seen is not None:
                if latest:
                    repeat = [
                        bool(r) and (r in seen or latest.get(r, number) != number)
                        for r, number in zip(rids, picked[-1], strict=True)
                    ]
                else:
                    repeat = [bool(r) and r in seen for r in rids]
                if any(repeat):
                    excluded["duplicate"] += sum(repeat)
                    left -= sum(repeat)
                    keep = [not r for r in repeat]
                    picked = _keep(picked, keep)
                    rids = list(compress(rids, keep))
            ids.update(filter(None, rids))
        if self.group_index is None:
            keys: list[str | None] | None = None
            distinct: list[str | None] = [None] if left else []
        else:
            cells = picked[self.group_index]
            date_key = _date_key if self.dates else _plain_key
            found_keys = {v: date_key(v) for v in dict.fromkeys(cells)}
            keys = list(map(found_keys.__getitem__, cells))
            distinct = list(dict.fromkeys(keys))
        by_group = self.buckets_by_group
        for key in distinct:
            if key not in by_group:
                self._buckets(key)
        if len(distinct) == 1:
            buckets = by_group[distinct[0]]
            for index, bucket in zip(self.indices, buckets, strict=True):
                bucket.update(picked[index])
                bucket.pop("", None)  # blank cells: never an answer, so never there before
            return
        if not distinct:
            return
        assert keys is not None
        for position, index in enumerate(self.indices):
            pairs = Counter(zip(keys, picked[index], strict=True))
            for (key, cell), count in pairs.items():
                if cell:
                    by_group[key][position][cell] += count

    def finish(self) -> FileTally:
        """The tally, with the row accounting and the warnings."""
        out, errors = self.out, self.errors
        excluded = self.excluded
        excluded["malformed"] += len(errors)
        out.rows_read = self.read + len(errors)
        out.excluded = +excluded
        out.rows_skipped = sum(out.excluded.values())
        out.ids = self.ids
        _exclusion_warnings(out)
        _row_warnings(
            out, self.bad_width, out.excluded["malformed"] - len(errors), self.width, errors
        )
        return out


def _keep(picked: dict[int, Sequence[Any]], keep: list[bool]) -> dict[int, Sequence[Any]]:
    return {index: list(compress(cells, keep)) for index, cells in picked.items()}


def _plain_key(cell: str) -> str | None:
    return cell.strip() or None


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


#: long files: how a known (touchpoint, metric) pair's counts fold (as ``RowFilter.fold``)
LongFold = Callable[[tuple[str, str], Counter[Any]], Counter[Any]]


def read_long(
    sniffed: Sniffed,
    known: Callable[[str, str], bool],
    group: Group | None,
    progress: Progress | None = None,
    seen_ids: set[str] | None = None,
    fold: LongFold | None = None,
) -> FileTally:
    """Tally a long (tidy) export: one row per answer.

    ``known(touchpoint, metric)`` says whether the map knows the pair (``known(tp, "")``
    whether it knows the touchpoint); unknown touchpoints go to ``unmapped``,
    unknown metrics to the warnings. With ``seen_ids`` (--dedupe) and a
    respondent column, only each respondent's last row per touchpoint and
    metric counts, and none of a respondent in ``seen_ids`` (see survey.dedupe).
    With ``fold``, the count table is folded whenever it holds more than
    ``MAX_DISTINCT`` distinct keys.
    """
    out = FileTally(sniffed)
    picks = [sniffed.find(name) for name in ("touchpoint", "metric", "value")]
    group_index = _group_index(sniffed, group, out)
    if group_index is not None:
        picks.append(group_index)
    id_index = sniffed.find_any(RESPONDENT_IDS[Tool.LONG]) if seen_ids is not None else None
    comment = sniffed.find(COMMENT_COLUMN)
    scan = _LongScan(sniffed, [i for i in picks if i is not None], known, fold, comment)
    duplicates = 0
    for attempt in (1, 2):
        try:
            if id_index is None or len(scan.picks) < 3 or seen_ids is None:
                scan.run(progress if attempt == 1 else None)
            else:
                from cxmap.survey.dedupe import latest_long

                duplicates, out.ids = latest_long(scan, id_index, seen_ids)
            break
        except UndecodableError:
            if attempt == 2 or sniffed.encoding_forced or sniffed.encoding != "utf-8":
                raise
            # not UTF-8 after all (past the sniffed head): Excel on Windows writes cp1252
            sniffed = out.sniffed = replace(sniffed, encoding="cp1252")
            scan = _LongScan(sniffed, scan.picks, known, fold, comment)
    out.comment_spans = scan.counts.comments
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


class _LongScan:
    """Counts (touchpoint, metric, value[, group]) keys of a long file (``cxmap.survey.scan``)."""

    def __init__(
        self,
        sniffed: Sniffed,
        picks: list[int],
        known: Callable[[str, str], bool],
        fold: LongFold | None = None,
        comment: int | None = None,
    ) -> None:
        self.sniffed = sniffed
        self.picks = picks
        self.comment = comment
        self.width = len(sniffed.header)
        self.counts = Counts()
        self.known = known
        self.fold = fold

    @property
    def bad(self) -> int:
        """Rows of another width than the header's."""
        return self.counts.bad

    @property
    def bad_lines(self) -> list[int]:
        """The first lines of those rows."""
        return self.counts.bad_lines

    @property
    def errors(self) -> list[tuple[int, str]]:
        """Records csv could not read: line and message."""
        return self.counts.errors

    @property
    def text(self) -> Counter[tuple[str, ...]]:
        """The counts with text keys (rows read through csv or from a workbook)."""
        return self.counts.text

    def _bad(self, line: int) -> None:
        """Count a row of another width than the header's, at ``line``."""
        counts = self.counts
        counts.bad += 1
        if len(counts.bad_lines) < 3:
            counts.bad_lines.append(line)

    def run(self, progress: Progress | None) -> None:
        """Read the whole file."""
        sniffed = self.sniffed
        if sniffed.workbook:
            self._workbook()
            return
        source = Source(
            sniffed.path,
            sniffed.encoding,
            sniffed.delimiter,
            self.width,
            tuple(self.picks),
            MAX_DISTINCT if self.fold is not None else 1 << 62,
            self.comment,
        )
        with sniffed.open_binary() as handle:
            scan = ByteScan(source, self.counts, self._full if self.fold is not None else None)
            scan.run(handle, progress, split=sniffed.content is None)

    def _full(self, counts: Counts) -> None:
        """Fold the answers of each known pair (and group) of everything counted so far.

        The bytes keys are decoded here; if they are not in the file's encoding
        the fold waits (the end decides between UTF-8 and cp1252, see ``decoded``).
        """
        fold = self.fold
        assert fold is not None
        encoding = "utf-8" if self.sniffed.encoding == "utf-8-sig" else self.sniffed.encoding
        try:
            decoded = [
                (tuple(cell.decode(encoding) for cell in key), n) for key, n in counts.raw.items()
            ]
        except UnicodeDecodeError:
            return
        merged: Counter[tuple[Any, ...]] = counts.folded
        for key, n in decoded:
            merged[key] += n
        merged.update(counts.text)
        # (touchpoint, metric, group...) -> answer -> count, in order of first appearance
        answers: dict[tuple[Any, ...], Counter[Any]] = {}
        for key, n in merged.items():
            where = (key[0], key[1], *key[3:])
            found = answers.get(where)
            if found is None:
                found = answers[where] = Counter()
            found[key[2]] += n
        folded: Counter[tuple[Any, ...]] = Counter()
        for where, found in answers.items():
            tp, metric = where[0].strip(), where[1].strip()
            if tp and metric and len(found) > 1 and self.known(tp, metric):
                found = fold((tp, metric), found)
            for raw, n in found.items():
                folded[(where[0], where[1], raw, *where[2:])] += n
        counts.folded = folded
        counts.raw = Counter()
        counts.text = Counter()

    def _workbook(self) -> None:
        reader = _WorkbookReader(self.sniffed)
        header_left = True
        text = self.counts.text
        for row in reader:
            if row.count("") == len(row):
                continue
            if header_left:
                header_left = False
                continue
            if len(row) < self.width:
                row = row + [""] * (self.width - len(row))
            text[tuple(_text(row[i]) for i in self.picks)] += 1

    def decoded(self) -> Counter[tuple[Any, ...]]:
        """All counts with text keys (the bytes keys decoded once each), in file order.

        The folded keys come from the rows before the last fold, the bytes keys
        from the rows before the first quote since, the text keys from the rows
        after it: in this order, the order of first appearance.
        """
        raw = self.counts.raw
        encoding = "utf-8" if self.sniffed.encoding == "utf-8-sig" else self.sniffed.encoding
        try:
            pairs = [(tuple(cell.decode(encoding) for cell in key), n) for key, n in raw.items()]
        except UnicodeDecodeError as exc:
            if self.sniffed.encoding_forced or encoding != "utf-8":
                raise InputError(
                    f"{self.sniffed.path}: cannot decode the survey as {encoding} "
                    f"({exc.reason}); pass --encoding (e.g. utf-8, cp1252)"
                ) from exc
            try:
                pairs = [
                    (tuple(cell.decode("cp1252") for cell in key), n) for key, n in raw.items()
                ]
            except UnicodeDecodeError as exc2:
                raise InputError(
                    f"{self.sniffed.path}: cannot decode the survey as utf-8 or cp1252; "
                    "pass --encoding"
                ) from exc2
        counts: Counter[tuple[Any, ...]] = self.counts.folded
        for key, n in pairs:
            counts[key] += n
        counts.update(self.counts.text)
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
        for row in safe_records(reader, errors):
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
        for row in safe_records(reader, errors):
            for key, index, raw in wanted:
                if index < len(row) and _text(row[index]) == raw:
                    lines = found.setdefault((key, raw), [])
                    if len(lines) < 3:
                        lines.append(reader.line_num)
    return found
