"""``--dedupe``: which rows are a respondent's latest response; the others are duplicates.

A respondent id on several rows of one file counts once, on its last row (the
latest response); across files, the file given last wins (the ids it kept are
``seen`` when the earlier files are read). In a long file a respondent has a
row per answer, so there the key is the respondent with the touchpoint and the
metric: their last row for that pair wins.

Only ids and row numbers are kept here, never the answers of the rows passed
over: memory is one entry per distinct respondent (wide) or respondent answer
(long), and the readers' counts stay plain counts.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from cxmap.survey.scan import UndecodableError, safe_records
from cxmap.survey.sniff import Sniffed
from cxmap.survey.tally import _LongScan, _text, _wide_source, _WorkbookReader


def latest_rows(
    sniffed: Sniffed, id_index: int, counts: Callable[[list[Any]], bool]
) -> dict[str, int]:
    """Respondent id -> number of its last data row that ``counts`` (as ``read_wide`` numbers them).

    ``counts(row)`` says whether the row would be a response (right width, not
    a preview/test/spam, finished where asked): a later row that does not
    count never hides an earlier one that does.
    """
    latest: dict[str, int] = {}
    errors: list[tuple[int, str]] = []
    workbook = sniffed.workbook
    width = len(sniffed.header)
    headers_left = sniffed.header_rows
    read = 0
    with _wide_source(sniffed, None) as reader:
        for row in safe_records(reader, errors):
            if workbook:
                if row.count("") == len(row):
                    continue
                if len(row) < width:
                    row = row + [""] * (width - len(row))
            elif not any(row) or not any(cell.strip() for cell in row):
                continue
            if headers_left:
                headers_left -= 1
                continue
            read += 1
            if counts(row):
                rid = _text(row[id_index]).strip()
                if rid:
                    latest[rid] = read
    return latest


def latest_long(scan: _LongScan, id_index: int, seen: set[str]) -> tuple[int, set[str]]:
    """Fill ``scan``'s counts with each respondent's last row per touchpoint and metric.

    Rows of a respondent in ``seen`` (kept from a later file), and earlier rows
    of the same respondent, touchpoint and metric, are left out: returns their
    number and the respondent ids kept. Rows without an id all count.
    """
    sniffed = scan.sniffed
    tp, metric = scan.picks[0], scan.picks[1]
    latest: dict[tuple[str, str, str], tuple[str, ...]] = {}
    duplicates = 0
    counts = scan.text
    if sniffed.workbook:
        reader: Any = _WorkbookReader(sniffed)
        handle = None
    else:
        handle = sniffed.open()
        reader = csv.reader(handle, delimiter=sniffed.delimiter)
    try:
        header_left = True
        for row in safe_records(reader, scan.errors):
            if not row or not any(_text(cell).strip() for cell in row):
                continue
            if header_left:
                header_left = False
                continue
            if len(row) != scan.width:
                if not sniffed.workbook or len(row) > scan.width:
                    scan._bad(reader.line_num)
                    continue
                row = row + [""] * (scan.width - len(row))
            key = tuple(_text(row[i]) for i in scan.picks)
            rid = _text(row[id_index]).strip()
            where = (rid, _text(row[tp]).strip(), _text(row[metric]).strip())
            if not rid or not where[1] or not where[2]:
                counts[key] += 1
            elif rid in seen:
                duplicates += 1
            else:
                duplicates += where in latest
                latest[where] = key
    except UnicodeDecodeError as exc:
        raise UndecodableError(
            f"{sniffed.path}: cannot decode the survey as {sniffed.encoding} ({exc.reason}); "
            "pass --encoding (e.g. utf-8, cp1252)"
        ) from exc
    finally:
        if handle is not None:
            handle.close()
    counts.update(latest.values())
    return duplicates, {rid for rid, _, _ in latest}
