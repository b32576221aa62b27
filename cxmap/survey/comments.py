"""The customer's own words: open-text comments per touchpoint, from survey exports.

Two sources feed the same result:

- wide exports: the columns a touchpoint names in ``comments:`` (matched like
  ``questions:`` keys: id, question text or ImportId);
- long exports: the ``comment`` column, beside each answer's touchpoint and value.

For each touchpoint it counts the comments and keeps the few with the lowest
scores (the respondent's answer to the touchpoint's first question in the
same row; comments without a score come last). One pass over each file, a
bounded heap per touchpoint: the cost is linear in the file and the memory
is fixed. The text is kept as written; whoever shows it escapes it.

After ``compute_gaps``, each file is read as it was read there
(``GapTable.surveys``): a piped file from the bytes kept, a workbook from the
sheet loaded, in the encoding the read settled on, and a long file only where
the scan saw comments (most answers carry none).
"""

from __future__ import annotations

import csv
import heapq
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from cxmap.errors import InputError
from cxmap.model import Journey
from cxmap.survey.answers import parse_number
from cxmap.survey.layouts import COMMENT_COLUMN
from cxmap.survey.scan import ASCII_COMPATIBLE, Blocks, Span
from cxmap.survey.sniff import Sniffed, sniff

#: Comments kept per touchpoint (the lowest scores).
KEEP = 3
#: A comment longer than this is cut (a report shows a verbatim, not an essay).
MAX_CHARS = 400


@dataclass(frozen=True, order=True)
class Verbatim:
    """One comment: its score (None: no answer in that row), text and where it was read."""

    score: float | None
    text: str
    source: str = field(compare=False)


@dataclass(frozen=True)
class SurveyRead:
    """One survey file as ``compute_gaps`` read it: what reading its comments needs."""

    #: as read: the encoding settled on, a pipe's bytes, a workbook's loaded sheet
    sniffed: Sniffed
    #: long files: where comments may be (``cxmap.survey.scan.Counts.comments``; None: anywhere)
    spans: list[Span] | None = None


@dataclass
class Comments:
    """Comments per touchpoint: how many, and the ``KEEP`` with the lowest scores."""

    counts: dict[str, int] = field(default_factory=dict)
    lowest: dict[str, list[Verbatim]] = field(default_factory=dict)


def comment_columns(journey: Journey, sniffed: Sniffed) -> dict[int, str]:
    """Column index -> touchpoint id, for the ``comments:`` columns of a wide export."""
    out: dict[int, str] = {}
    for tp in journey.touchpoints:
        for key in tp.comments:
            for column in sniffed.columns:
                if column.matches(key):
                    out.setdefault(column.index, tp.id)
    return out


def read_comments(
    journey: Journey,
    surveys: Sequence[Path],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    layout: str | None = None,
    sheet: str | None = None,
    keep: int = KEEP,
    read: Sequence[SurveyRead] = (),
) -> Comments:
    """The comments of ``surveys`` per touchpoint of ``journey``.

    ``read`` (``GapTable.surveys``, one entry per survey) says how ``compute_gaps``
    read each file; a file without an entry is sniffed and read whole.
    Raises ``InputError`` for a file that cannot be read or decoded (a UTF-8
    guess that meets other bytes is retried as cp1252, as ``compute_gaps`` does);
    rows csv cannot parse are passed over (``compute_gaps`` warns about them).
    """
    heaps: dict[str, list[tuple[float, int, Verbatim]]] = {}
    counts: dict[str, int] = {}
    order = 0
    for index, path in enumerate(surveys):
        known = read[index] if index < len(read) else None
        if known is not None and known.sniffed.path == path:
            sniffed, where = known.sniffed, known.spans
        else:
            where = None
            sniffed = sniff(
                path, encoding=encoding, delimiter=delimiter, layout=layout, sheet=sheet
            )
        before = order, dict(counts), {tp: list(heap) for tp, heap in heaps.items()}
        try:
            order = _keep(journey, sniffed, where, heaps, counts, order, keep)
        except UnicodeDecodeError as exc:
            # as ``compute_gaps`` does: a UTF-8 guess from the file's head may meet
            # cp1252 further on (Excel on Windows), then the file is read again
            if sniffed.encoding_forced or sniffed.encoding != "utf-8":
                raise _undecodable(sniffed, exc) from exc
            order, counts, heaps = before[0], before[1], before[2]
            again = replace(sniffed, encoding="cp1252")
            try:
                order = _keep(journey, again, where, heaps, counts, order, keep)
            except UnicodeDecodeError as exc2:
                raise _undecodable(again, exc2) from exc2
    lowest = {
        tp: [v for _, _, v in sorted(heap, key=lambda i: (-i[0], -i[1]))]
        for tp, heap in heaps.items()
    }
    return Comments(counts=dict(sorted(counts.items())), lowest=dict(sorted(lowest.items())))


def _keep(
    journey: Journey,
    sniffed: Sniffed,
    spans: list[Span] | None,
    heaps: dict[str, list[tuple[float, int, Verbatim]]],
    counts: dict[str, int],
    order: int,
    keep: int,
) -> int:
    """Count the comments of one file and keep the lowest-scored; the order number reached."""
    rows = _long_rows(journey, sniffed, spans) if sniffed.long else _wide_rows(journey, sniffed)
    name = sniffed.path.name
    for tp_id, text, score, line in rows:
        text = text.strip()
        if not text:
            continue
        counts[tp_id] = counts.get(tp_id, 0) + 1
        order += 1
        verbatim = Verbatim(score, text[:MAX_CHARS], f"{name}:{line}")
        # max-heap of the lowest `keep` (scores negated; no score sorts last)
        rank = -(score if score is not None else float("inf"))
        heap = heaps.setdefault(tp_id, [])
        item = (rank, -order, verbatim)
        if len(heap) < keep:
            heapq.heappush(heap, item)
        elif item > heap[0]:
            heapq.heapreplace(heap, item)
    return order


def _undecodable(sniffed: Sniffed, exc: UnicodeDecodeError) -> InputError:
    return InputError(
        f"{sniffed.path}: cannot decode the survey as {sniffed.encoding} ({exc.reason}); "
        "pass --encoding (e.g. utf-8, cp1252)"
    )


def has_comment_sources(journey: Journey) -> bool:
    """Whether the map names comment columns (long files may still carry ``comment``)."""
    return any(tp.comments for tp in journey.touchpoints)


def _records(sniffed: Sniffed) -> Iterator[tuple[int, list[str]]]:
    if sniffed.workbook:  # typed cells, as text (a row number is its line)
        from cxmap.survey.workbook import cell_text, workbook_rows

        for line, cells in enumerate(workbook_rows(sniffed), start=1):
            yield line, [c if isinstance(c, str) else cell_text(c) for c in cells]
        return
    with sniffed.open() as handle:
        yield from _records_of(handle, None, sniffed.delimiter, 0)


def _records_of(
    source: IO[Any], encoding: str | None, delimiter: str, offset: int
) -> Iterator[tuple[int, list[str]]]:
    """(line, record) of a text stream, or of a binary one read as ``encoding``."""
    wrapper = None if encoding is None else io.TextIOWrapper(source, encoding=encoding, newline="")
    reader = csv.reader(source if wrapper is None else wrapper, delimiter=delimiter)
    try:
        while True:
            try:
                for row in reader:
                    yield offset + reader.line_num, row
                return
            except csv.Error:
                continue  # an unreadable record: compute_gaps reports it
    finally:
        if wrapper is not None:
            wrapper.detach()


def _wide_rows(journey: Journey, sniffed: Sniffed) -> Iterable[tuple[str, str, float | None, int]]:
    columns = comment_columns(journey, sniffed)
    if not columns:
        return
    score_column: dict[str, int] = {}
    for tp in journey.touchpoints:
        for key in tp.questions:
            index = next((c.index for c in sniffed.columns if c.matches(key)), None)
            if index is not None:
                score_column.setdefault(tp.id, index)
                break
    headers_left = sniffed.header_rows
    comma = sniffed.decimal_comma
    for line, row in _records(sniffed):
        if not any(cell.strip() for cell in row):
            continue
        if headers_left:
            headers_left -= 1
            continue
        for index, tp_id in columns.items():
            if index < len(row) and row[index].strip():
                at = score_column.get(tp_id)
                score = _score(row[at], comma) if at is not None and at < len(row) else None
                yield tp_id, row[index], score, line


def _long_rows(
    journey: Journey, sniffed: Sniffed, spans: list[Span] | None = None
) -> Iterable[tuple[str, str, float | None, int]]:
    wanted = [sniffed.find(name) for name in ("touchpoint", "value", COMMENT_COLUMN)]
    t, v, c = wanted
    if t is None or c is None:
        return
    known = {tp.id for tp in journey.touchpoints}
    comma = sniffed.decimal_comma
    first = spans is None  # the spans begin past the header
    records = _long_records(sniffed, c) if spans is None else _span_records(sniffed, spans)
    for line, row in records:
        if first:  # the header
            first = False
            continue
        if c < len(row) and t < len(row) and row[c].strip() and row[t].strip() in known:
            score = _score(row[v], comma) if v is not None and v < len(row) else None
            yield row[t].strip(), row[c], score, line


def _long_records(sniffed: Sniffed, comment: int) -> Iterator[tuple[int, list[str]]]:
    """The records of a long file, less blocks of rows whose comment cells are all empty.

    Most answers carry no comment: a block of bytes without quotes is split at
    once (as ``cxmap.survey.scan`` does) and passed over when no row of the
    header's width has a comment; any other block goes through ``csv``, and from
    the first quote on the rest of the file does.
    """
    delimiter, encoding = sniffed.delimiter, sniffed.encoding
    sep = delimiter.encode("ascii") if delimiter.isascii() else b""
    if not sep or encoding not in ASCII_COMPATIBLE or sep in b'"\r\n' or sniffed.workbook:
        yield from _records(sniffed)
        return
    width = len(sniffed.header)
    stride = width + 1
    with sniffed.open_binary() as handle:
        header = handle.readline()
        if not header.strip(b" \t\r\n" + sep) or b'"' in header or b"\r" in header[:-2]:
            handle.seek(0)
            yield from _records_of(handle, encoding, delimiter, 0)
            return
        yield 1, header.decode(encoding).rstrip("\r\n").split(delimiter)
        line = 1
        text = "utf-8" if encoding == "utf-8-sig" else encoding
        blocks = Blocks(handle)
        for block in blocks:
            decoded = block.decode(text)  # undecodable bytes fail here as they would in csv
            rows = block.count(b"\n")
            fields = block.replace(b"\n", sep + b"\n" + sep).split(sep)
            end = rows * stride
            if (
                len(fields) == end + 1
                and fields[width::stride].count(b"\n") == rows
                and not any(fields[comment:end:stride])
            ):
                line += rows
                continue
            yield from _records_of(io.StringIO(decoded), None, delimiter, line)
            line += rows
        if not blocks.clean:
            yield from _records_of(handle, text, delimiter, line)


def _span_records(sniffed: Sniffed, spans: list[Span]) -> Iterator[tuple[int, list[str]]]:
    """The records of the spans of a long file (whole lines past its header)."""
    if not spans:
        return
    encoding = "utf-8" if sniffed.encoding == "utf-8-sig" else sniffed.encoding
    with sniffed.open_binary() as handle:
        for start, end, line in spans:
            handle.seek(start)
            part = handle if end is None else io.BytesIO(handle.read(end - start))
            yield from _records_of(part, encoding, sniffed.delimiter, line)


def _score(text: str, comma: bool) -> float | None:
    return parse_number(text, decimal_comma=comma)
