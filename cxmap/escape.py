"""Make text from maps, file names and surveys inert in every output cxmap prints.

One module, used by every formatter, so that no format escapes on its own:

- ``visible``: C0 and C1 control characters, DEL, line and paragraph
  separators and the bidirectional overrides and isolates (the "Trojan Source"
  characters) become visible escapes such as ``\\n``, ``\\x1b`` or ``\\u202e``.
  A newline in a map key can then not forge a line of output (or a GitHub
  ``::error`` command), and an ESC sequence cannot set a terminal's title or
  hide a link. Every human-facing format (text, concise, github, markdown)
  passes user text through it.
- ``github_data`` / ``github_property``: the workflow-command rules (``%``,
  CR, LF in the message; also ``:`` and ``,`` in properties such as ``file=``).
- ``markdown_text`` / ``markdown_code``: a table cell that cannot end the cell,
  open a link, write HTML or break out of a code span.
- ``csv_cell``: the formula guard of spreadsheet programs.
- ``clip``: long text cut with an ellipsis, for excerpts and diagram labels.
- ``strict_json``: JSON that is JSON (no ``NaN`` or ``Infinity``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

#: Controls, DEL, C1, and the characters that reorder or split what a reader sees.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control, separator and bidi override shown as an escape.

    ``"a\\nb"`` becomes ``a\\nb`` on one line, ESC becomes ``\\x1b``, U+202E
    becomes ``\\u202e``; every other character stays as it is.
    """
    if _INVISIBLE.search(text) is None:
        return text
    return _INVISIBLE.sub(_escape_char, text)


# ---------------------------------------------------------------- GitHub

_GITHUB_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_GITHUB_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def github_data(text: str) -> str:
    """The message of a workflow command (``::error ...::MESSAGE``).

    ``%``, CR and LF are percent-encoded as the runner expects (so the message
    stays one command); other controls are made ``visible`` first.
    """
    return visible(text.translate(_GITHUB_DATA))


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``): also ``:`` and ``,``."""
    return visible(text.translate(_GITHUB_PROPERTY))


# ---------------------------------------------------------------- Markdown

#: Characters with a meaning in a GitHub-flavoured Markdown table cell. CommonMark
#: lets any ASCII punctuation be backslash-escaped, so each is written as itself.
_MARKDOWN = re.compile(r"[\\|`<>\[\]*_~&!#]")


def markdown_text(text: str) -> str:
    """``text`` for a Markdown table cell or list item, shown literally.

    Pipes cannot end the cell, ``[`` cannot open a link, ``<`` cannot start
    HTML or an autolink, backticks cannot open code, emphasis markers stay
    characters; newlines and other controls are ``visible`` escapes.
    """
    return _MARKDOWN.sub(lambda m: "\\" + m.group(), visible(text))


_BACKTICKS = re.compile("`+")
_PIPE = re.compile(r"(\\*)\|")


def _escape_pipe(match: re.Match[str]) -> str:
    run = match.group(1)
    return run + ("\\" if len(run) % 2 else "") + "\\|"


def markdown_code(text: str) -> str:
    """``text`` as an inline code span that fits in a table cell.

    The fence is one backtick longer than the longest run inside; pipes are
    ``\\|`` (GitHub splits table cells before it reads code spans, pairing
    backslashes as it goes, so a run of them before a pipe is made even).
    """
    inner = _PIPE.sub(_escape_pipe, visible(text)) or " "
    longest = max((len(run) for run in _BACKTICKS.findall(inner)), default=0)
    fence = "`" * (longest + 1)
    if inner.startswith("`") or inner.endswith("`"):
        inner = f" {inner} "
    return f"{fence}{inner}{fence}"


# ---------------------------------------------------------------- CSV

#: What a spreadsheet reads as the start of a formula (or DDE), full-width forms included.
CSV_RISKY = frozenset("=+-@\t\r\n;|%\uff1d\uff0b\uff0d\uff20")


def csv_cell(value: object) -> object:
    """Guard a text cell against formula injection with a leading ``'``; numbers stay numbers.

    A cell is guarded when its first character after white space is one a
    spreadsheet may read as a formula, or the white space holds a tab, CR or LF.
    """
    if not isinstance(value, str) or not value:
        return value
    stripped = value.lstrip()
    lead = value[: len(value) - len(stripped)]
    if stripped[:1] in CSV_RISKY or any(char in CSV_RISKY for char in lead):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (LF line ends), every text cell guarded by ``csv_cell``.

    A cell holding a CR or LF is always quoted (Python's writer quotes only
    the characters of its own line terminator, so a lone CR would end a row).
    """
    import csv  # json and csv are imported where used: off every command's start-up path

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_cell(cell) for cell in row])
        lines.append(buffer.getvalue()[:-2] + "\n")
    return "".join(lines)


# ---------------------------------------------------------------- length

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the cut marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def window(text: str, column: int, width: int) -> tuple[str, int]:
    """At most ``width`` characters of ``text`` around ``column`` (1-based).

    Returns the excerpt (an ellipsis where something was cut) and the column
    of the same character in the excerpt, so a caret can still point at it.
    """
    if len(text) <= width:
        return text, column
    start = max(0, min(column - 1 - width // 3, len(text) - width))
    end = start + width
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    return head + text[start:end] + tail, column - start + len(head)


# ---------------------------------------------------------------- JSON


def strict_json(doc: Any, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """``doc`` as strict JSON text: ``NaN`` or ``Infinity`` is a bug, never output.

    Raises ``ValueError`` on a non-finite number (the models refuse them at
    the door, so reaching it means a computation went wrong).
    """
    import json

    return json.dumps(doc, indent=indent, sort_keys=sort_keys, ensure_ascii=False, allow_nan=False)
