"""Open a survey export: encoding, delimiter, layout and header rows, detected.

Encoding: a byte-order mark wins; else the whole file is checked as UTF-8
(incrementally, in constant memory) and read as cp1252 (Excel on Windows in
Western Europe) when it is not. Delimiter: the candidate that splits the
first records into the most consistent number of fields. Layout: long when
the header names ``touchpoint``, ``metric`` and ``value``; else wide, with the
tool recognised by its header rows (Qualtrics, SurveyMonkey, Google Forms).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from cxmap.errors import InputError, UsageError

#: the most a survey read from a pipe or device may hold (it is kept in memory)
MAX_STREAM_BYTES = 256 << 20
HEAD_BYTES = 64 * 1024
HEAD_RECORDS = 12
DELIMITERS = (",", ";", "\t", "|")

LONG_REQUIRED = ("touchpoint", "metric", "value")

# Columns every export tool adds that are not questions (compared case-folded).
META_COLUMNS = frozenset(
    s.casefold()
    for s in (
        # Qualtrics
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "ExternalDataReference",
        "LocationLatitude",
        "LocationLongitude",
        "DistributionChannel",
        "UserLanguage",
        # SurveyMonkey
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
        # Google Forms
        "Timestamp",
        "Tijdstempel",
        "E-mailadres",
        "Score",
        # long format and common extras
        "respondent",
        "respondent_id",
        "comment",
        "date",
        "channel",
        "segment",
    )
)


class Tool(StrEnum):
    """Which tool wrote a wide export (it decides the header rows)."""

    QUALTRICS = "qualtrics"
    SURVEYMONKEY = "surveymonkey"
    GOOGLE_FORMS = "google-forms"
    PLAIN = "plain"
    LONG = "long"


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

    def matches(self, key: str) -> bool:
        """True when ``key`` equals one of the header cells, or all of them joined."""
        return not self.derived and (key in self.names or key == self.joined)


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

    @property
    def decimal_comma(self) -> bool:
        """Excel in a European locale writes ``;`` between fields and ``,`` in numbers."""
        return self.delimiter == ";"

    @property
    def long(self) -> bool:
        """True for the long (tidy) layout."""
        return self.tool is Tool.LONG

    def find(self, name: str) -> int | None:
        """The index of the column named ``name`` (exact first, then case-folded)."""
        for col in self.columns:
            if name in col.names:
                return col.index
        folded = name.casefold()
        for col in self.columns:
            if any(n.casefold() == folded for n in col.names):
                return col.index
        return None

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


def sniff(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    layout: str | None = None,
) -> Sniffed:
    """Detect encoding, delimiter, tool and header rows of ``path`` (overrides win)."""
    content: bytes | None = None
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a survey file")
    try:
        with open(path, "rb") as handle:
            if path.is_file():
                head = handle.read(HEAD_BYTES)
                complete = not handle.read(1)
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
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"{path}: cannot read the survey ({reason})") from exc
    if not head.strip():
        raise InputError(f"{path}: the survey file is empty")
    enc = _encoding(path, head, encoding, whole=False)
    try:
        text = codecs.getincrementaldecoder(enc)().decode(head, final=complete)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: cannot decode the survey as {enc} at byte {exc.start}; "
            "pass --encoding (e.g. utf-8, cp1252)"
        ) from exc
    text = text.lstrip("\ufeff")
    if not complete:  # drop the partial last line
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[:cut] if cut > 0 else text
    delim = _delimiter(text, delimiter)
    records = _records(text, delim)
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
    try:
        data = json.loads(cell)
    except ValueError:
        return cell
    found = data.get("ImportId") if isinstance(data, dict) else None
    return found if isinstance(found, str) else cell


def _layout(
    path: Path, enc: str, delim: str, records: list[list[str]], forced: str | None
) -> Sniffed:
    header = [cell.strip() for cell in records[0]]
    folded = {cell.casefold() for cell in header}
    if forced == "long" or (forced is None and all(c in folded for c in LONG_REQUIRED)):
        missing = [c for c in LONG_REQUIRED if c not in folded]
        if missing:
            raise InputError(
                f"{path}: a long survey needs the columns touchpoint, metric and value; "
                f"'{missing[0]}' is missing (header: {', '.join(header[:10])})"
            )
        columns = [Column(i, (name,), name, meta=True) for i, name in enumerate(header)]
        return Sniffed(path, enc, delim, Tool.LONG, 1, header, columns)
    names: list[tuple[str, ...]]
    second = records[1] if len(records) > 1 else []
    third = records[2] if len(records) > 2 else []
    if any(cell.strip().startswith('{"ImportId"') for cell in third):
        tool, rows = Tool.QUALTRICS, 3
        texts = _padded(second, len(header))
        ids = [_import_id(c.strip()) for c in _padded(third, len(header))]
        names = [(h, t.strip(), i) for h, t, i in zip(header, texts, ids, strict=True)]
    elif "respondent id" in folded and {"response", "open-ended response"} & {
        c.strip().casefold() for c in second
    }:
        tool, rows = Tool.SURVEYMONKEY, 2
        labels = [c.strip() for c in _padded(second, len(header))]
        names, current = [], ""
        for h, label in zip(header, labels, strict=True):
            current = h or current  # a matrix question's text stands over its first column
            names.append((current, label) if label else (current,))
    else:
        first = header[0].casefold() if header else ""
        tool = Tool.GOOGLE_FORMS if first in ("timestamp", "tijdstempel") else Tool.PLAIN
        rows = 1
        names = [(h,) for h in header]
    columns = [_column(i, n, tool) for i, n in enumerate(names)]
    return Sniffed(path, enc, delim, tool, rows, header, columns)


def _padded(row: list[str], width: int) -> list[str]:
    return (row + [""] * width)[:width]


def _column(index: int, names: tuple[str, ...], tool: Tool) -> Column:
    first = names[0] if names else ""
    derived = first.endswith("_NPS_GROUP")
    meta = (
        derived
        or first.casefold() in META_COLUMNS
        or not first
        or (tool is Tool.QUALTRICS and (first.startswith("Q_") or first.endswith("_TEXT")))
        or "_DO_" in first
    )
    if tool is Tool.SURVEYMONKEY:
        key = " / ".join(n for n in names if n)
        if len(names) > 1 and names[1].casefold() in ("response", "open-ended response"):
            key = names[0]
    else:
        key = first
    return Column(index, names, key, meta=meta, derived=derived)
