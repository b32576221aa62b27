"""Open a survey export: encoding, delimiter, layout and header rows, detected.

Encoding: a byte-order mark wins; else the whole file is checked as UTF-8
(incrementally, in constant memory) and read as cp1252 (Excel on Windows in
Western Europe) when it is not. Delimiter: the candidate that splits the
first records into the most consistent number of fields. Layout: long when
the header names ``touchpoint``, ``metric`` and ``value``; else wide, with the
tool recognised by its header rows (Qualtrics, SurveyMonkey, Google Forms).
"""

from __future__ import annotations

import ast
import codecs
import csv
import io
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from cxmap.errors import InputError, UsageError
from cxmap.survey.layouts import (
    GOOGLE_TIMESTAMPS,
    HEADER_ROWS,
    META_COLUMNS,
    MICROSOFT_FORMS_START,
    SURVEYMONKEY_RESPONSE,
    TYPEFORM_COLUMNS,
    Tool,
    fold,
)

__all__ = ["Column", "Sniffed", "Tool", "sniff"]

#: the most a survey read from a pipe or device may hold (it is kept in memory),
#: and the most its header records may take in a file
MAX_STREAM_BYTES = 256 << 20
HEAD_BYTES = 64 * 1024
HEAD_RECORDS = 12
DELIMITERS = (",", ";", "\t", "|")
#: csv's own field limit: high enough that a long field is read whole, never
#: restarted inside (which would turn its inner lines into rows)
csv.field_size_limit(MAX_STREAM_BYTES)

LONG_REQUIRED = ("touchpoint", "metric", "value")
_NUMBERED = re.compile(r"(.*)#([0-9]{1,6})")


@dataclass(frozen=True)
class Column:
    """One column of a wide export: its header cells and what it is."""

    index: int
    names: tuple[str, ...]
    key: str
    meta: bool = False
    derived: bool = False

    @property
    def joined(self) -> str:
        """All header cells joined with `` / `` (matches a map key too)."""
        return " / ".join(n for n in self.names if n)

    def folded(self) -> set[str]:
        """The header cells, and all of them joined, in the form keys are compared in."""
        return {fold(n) for n in self.names if n} | {fold(self.joined)}

    def matches(self, key: str) -> bool:
        """True when ``key`` equals a header cell or all of them joined (folded)."""
        return not self.derived and fold(key) in self.folded()


@dataclass(frozen=True)
class Sniffed:
    """What was detected about one survey file."""

    path: Path
    encoding: str
    delimiter: str
    tool: Tool
    header_rows: int
    header: list[str]
    columns: list[Column] = field(default_factory=list)
    encoding_forced: bool = False
    content: bytes | None = field(default=None, repr=False, compare=False)
    sheet: str | None = None
    #: the loaded sheet of a workbook (loading is most of the cost: done once)
    loaded: object | None = field(default=None, repr=False, compare=False)

    @property
    def workbook(self) -> bool:
        """True for a spreadsheet (.xlsx, .ods), read cell by cell, not as text."""
        return self.sheet is not None

    @property
    def decimal_comma(self) -> bool:
        """Excel in a European locale writes ``;`` between fields and ``,`` in numbers."""
        return self.delimiter == ";"

    @property
    def long(self) -> bool:
        """True for the long (tidy) layout."""
        return self.tool is Tool.LONG

    def find(self, name: str) -> int | None:
        """The index of the column named ``name`` (exact first, then folded)."""
        for col in self.columns:
            if name in col.names:
                return col.index
        folded = fold(name)
        for col in self.columns:
            if any(fold(n) == folded for n in col.names):
                return col.index
        return None

    def find_any(self, names: tuple[str, ...]) -> int | None:
        """The first of ``names`` that names a column."""
        for name in names:
            found = self.find(name)
            if found is not None:
                return found
        return None

    def lookup(self, key: str) -> list[Column]:
        """The columns a map key names: header text or id, ``header#N``, or ``#N``.

        A key that equals a header (folded) names those columns; ``header#N``
        names the N-th column of that header, and ``#N`` the N-th column.
        """
        found = [c for c in self.columns if c.matches(key)]
        if found:
            return found
        numbered = _NUMBERED.fullmatch(key.strip())
        if numbered is None:
            return []
        base, number = numbered.group(1).strip(), int(numbered.group(2))
        if not base:
            return [self.columns[number - 1]] if 1 <= number <= len(self.columns) else []
        same = [c for c in self.columns if c.matches(base)]
        return [same[number - 1]] if 1 <= number <= len(same) else []

    def open_binary(self) -> BinaryIO:
        """The file's bytes, seekable (a pipe was read into memory); the caller closes it."""
        if self.content is not None:
            return io.BytesIO(self.content)
        try:
            return open(self.path, "rb")
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read the survey ({exc.strerror})") from exc

    def open(self) -> io.TextIOWrapper:
        """The file as text, ready for ``csv.reader`` (the caller closes it)."""
        return io.TextIOWrapper(self.open_binary(), encoding=self.encoding, newline="")


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")


def sniff(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    layout: str | None = None,
    sheet: str | None = None,
) -> Sniffed:
    """Detect encoding, delimiter, tool and header rows of ``path`` (overrides win)."""
    content: bytes | None = None
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a survey file")
    try:
        with open(path, "rb") as handle:
            if path.is_file():
                head = handle.read(HEAD_BYTES)
                if head.startswith(b"PK\x03\x04") or path.suffix.lower() in WORKBOOK_SUFFIXES:
                    from cxmap.survey.workbook import sniff_workbook

                    return sniff_workbook(path, sheet, layout, _layout)
                more = b""
                complete = not handle.read(1)
                if not complete:
                    handle.seek(len(head))
            else:  # a pipe or device: it can be read only once, so keep it (bounded)
                head = handle.read(HEAD_BYTES)
                if encoding is None:
                    _refuse_binary(path, head)
                content = head + handle.read(MAX_STREAM_BYTES + 1 - len(head))
                if len(content) > MAX_STREAM_BYTES:
                    raise InputError(
                        f"{path}: the survey stream is larger than "
                        f"{MAX_STREAM_BYTES >> 20} MiB; save it to a file and pass that"
                    )
                complete = len(content) <= HEAD_BYTES
            if not head.strip():
                raise InputError(f"{path}: the survey file is empty")
            if encoding is None:
                _refuse_utf16(path, head)
            enc = _encoding(path, head, encoding, whole=False)
            _, records, delim = _head_records(path, head, enc, delimiter, complete)
            while not complete and len(records) <= HEAD_RECORDS:
                # the header records are read whole, however long: double the window
                if content is not None:
                    more = content[len(head) : 2 * len(head)]
                    complete = len(head) + len(more) >= len(content)
                else:
                    more = handle.read(len(head))
                    complete = len(more) < len(head) or not handle.peek(1)
                if len(head) + len(more) > MAX_STREAM_BYTES:
                    raise InputError(
                        f"{path}: the survey's header rows are longer than "
                        f"{MAX_STREAM_BYTES >> 20} MiB"
                    )
                head += more
                _, records, delim = _head_records(path, head, enc, delimiter, complete)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"{path}: cannot read the survey ({reason})") from exc
    if not complete:
        records = records[:HEAD_RECORDS]
    if not records:
        raise InputError(f"{path}: no header row found in the survey")
    sniffed = replace(_layout(path, enc, delim, records, layout), content=content)
    if encoding:
        return replace(sniffed, encoding_forced=True)
    if not sniffed.long and enc == "utf-8" and not complete:
        # wide files are read as text: decide UTF-8 or cp1252 on the whole file
        whole = _encoding(path, head, None, whole=True) if content is None else _whole(content)
        return replace(sniffed, encoding=whole)
    return sniffed


def _head_records(
    path: Path, head: bytes, enc: str, delimiter: str | None, complete: bool
) -> tuple[str, list[list[str]], str]:
    try:
        text = codecs.getincrementaldecoder(enc)().decode(head, final=complete)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: cannot decode the survey as {enc} at byte {exc.start}; "
            "pass --encoding (e.g. utf-8, cp1252)"
        ) from exc
    text = text.lstrip("\ufeff")
    delim = _delimiter(text, delimiter)
    return text, _records(text, delim, HEAD_RECORDS + 1), delim


def _refuse_utf16(path: Path, head: bytes) -> None:
    """A UTF-16 file without a byte-order mark: name the likely encoding."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or len(head) < 4:
        return
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.1:
        guess = "utf-16-le"
    elif even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.1:
        guess = "utf-16-be"
    else:
        return
    raise InputError(
        f"{path}: the survey looks like UTF-16 ({guess}) without a byte-order mark; "
        f"pass --encoding {guess}"
    )


def _refuse_binary(path: Path, head: bytes) -> None:
    """Refuse a stream that is plainly not text before reading all of it.

    A file can be checked as it is read; a pipe or device has to be kept in
    memory, so ``/dev/urandom`` or ``/dev/zero`` must be turned away first.
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    nuls = head.count(0)
    if nuls > len(head) // 10:
        raise InputError(f"{path}: this is not a text (CSV) export: {nuls} NUL bytes at its start")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        try:
            head.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: this is not a text (CSV) export: byte 0x{head[exc.start]:02x} at "
                f"offset {exc.start} is neither UTF-8 nor cp1252; pass --encoding if it is text"
            ) from exc


def _encoding(path: Path, head: bytes, forced: str | None, *, whole: bool) -> str:
    if forced:
        try:
            return codecs.lookup(forced).name
        except LookupError as exc:
            raise UsageError(f"unknown encoding '{forced}'; try utf-8 or cp1252") from exc
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    if not whole:
        try:
            decoder.decode(head, final=len(head) < HEAD_BYTES)
        except UnicodeDecodeError:
            return "cp1252"
        return "utf-8"
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    except OSError as exc:
        raise InputError(f"{path}: cannot read the survey ({exc.strerror})") from exc
    return "utf-8"


def _whole(content: bytes) -> str:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _records(text: str, delimiter: str, limit: int = HEAD_RECORDS) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                records.append(row)
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    return records


def _delimiter(text: str, forced: str | None) -> str:
    if forced:
        if len(forced) != 1:
            raise UsageError(f"the delimiter must be one character, not '{forced}'")
        return forced
    best, best_score = ",", (0.0, 0)
    for candidate in DELIMITERS:
        widths = [len(r) for r in _records(text, candidate)]
        if not widths or widths[0] < 2:
            continue
        same = sum(1 for w in widths if w == widths[0]) / len(widths)
        score = (same, widths[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _import_id(cell: str) -> str:
    """The ImportId of a third-row cell: JSON (current) or a Python dict (2016 Insights)."""
    cell = cell.strip()
    if not cell.startswith("{") or len(cell) > 4096:
        return cell
    data: object
    try:
        data = json.loads(cell)
    except ValueError:
        try:
            data = ast.literal_eval(cell)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return cell
    found = data.get("ImportId") if isinstance(data, dict) else None
    return found if isinstance(found, str) else cell


def detect_tool(records: list[list[str]]) -> Tool:
    """Which tool wrote the wide file whose first records are ``records``."""
    header = [fold(c) for c in records[0]]
    second = [c.strip() for c in records[1]] if len(records) > 1 else []
    third = [c.strip() for c in records[2]] if len(records) > 2 else []
    if any(c.startswith('{"ImportId"') for c in third):
        return Tool.QUALTRICS
    if any(c.startswith("{'ImportId'") for c in third):
        return Tool.QUALTRICS_2016
    if header[:2] == ["v1", "v2"] and "ResponseID" in second:
        return Tool.QUALTRICS_LEGACY
    for tool, name in (
        (Tool.SURVEYMONKEY, "respondent id"),
        (Tool.SURVEYMONKEY_OLD, "respondentid"),
    ):
        if name in header:
            at = header.index(name)
            labels = {fold(c) for c in second}
            if (at < len(second) and not second[at]) or labels & SURVEYMONKEY_RESPONSE:
                return tool
    first = header[0] if header else ""
    if first in GOOGLE_TIMESTAMPS:
        return Tool.GOOGLE_FORMS
    if first == "#" and TYPEFORM_COLUMNS & set(header):
        return Tool.TYPEFORM
    if tuple(header[:3]) == MICROSOFT_FORMS_START:
        return Tool.MICROSOFT_FORMS
    return Tool.PLAIN


def _layout(
    path: Path, enc: str, delim: str, records: list[list[str]], forced: str | None
) -> Sniffed:
    header = [cell.strip() for cell in records[0]]
    folded = {fold(cell) for cell in header}
    if forced == "long" or (forced is None and all(c in folded for c in LONG_REQUIRED)):
        missing = [c for c in LONG_REQUIRED if c not in folded]
        if missing:
            raise InputError(
                f"{path}: a long survey needs the columns touchpoint, metric and value; "
                f"'{missing[0]}' is missing (header: {', '.join(header[:10])})"
            )
        columns = [Column(i, (name,), name, meta=True) for i, name in enumerate(header)]
        return Sniffed(path, enc, delim, Tool.LONG, 1, header, columns)
    tool = detect_tool(records)
    rows = HEADER_ROWS[tool]
    width = len(header)
    second = [c.strip() for c in _padded(records[1] if len(records) > 1 else [], width)]
    names: list[tuple[str, ...]]
    if tool in (Tool.QUALTRICS, Tool.QUALTRICS_2016):
        ids = [_import_id(c) for c in _padded(records[2] if len(records) > 2 else [], width)]
        names = [(h, t, i) for h, t, i in zip(header, second, ids, strict=True)]
    elif tool is Tool.QUALTRICS_LEGACY:
        names = [(h, t) for h, t in zip(header, second, strict=True)]
    elif tool.surveymonkey:
        names, current = [], ""
        for h, label in zip(header, second, strict=True):
            current = h or current  # a matrix question's text stands over its first column
            names.append((current, label) if label else (current,))
    else:
        names = [(h,) for h in header]
    columns = [_column(i, n, tool) for i, n in enumerate(names)]
    return Sniffed(path, enc, delim, tool, rows, header, columns)


def _padded(row: list[str], width: int) -> list[str]:
    return (row + [""] * width)[:width]


def _column(index: int, names: tuple[str, ...], tool: Tool) -> Column:
    first = names[0] if names else ""
    derived = first.endswith("_NPS_GROUP")
    is_meta = (
        derived
        or not first
        or any(fold(n) in META_COLUMNS for n in names[:2] if n)
        or (tool.qualtrics and (first.startswith("Q_") or first.endswith("_TEXT")))
        or (tool is Tool.QUALTRICS_LEGACY and re.fullmatch(r"V[0-9]+", first) is not None)
        or "_DO_" in first
    )
    if tool.surveymonkey:
        key = " / ".join(n for n in names if n)
        if len(names) > 1 and fold(names[1]) in SURVEYMONKEY_RESPONSE:
            key = names[0]
    else:
        key = first
    return Column(index, names, key, meta=is_meta, derived=derived)
