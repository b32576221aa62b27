"""Problems found in a user's map: one type for validation and lint alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

#: A position in the model: keys and list indexes from the document root,
#: the same vocabulary as pydantic's ``loc`` (``("touchpoints", 3, "phase")``).
ModelPath = tuple[str | int, ...]


class Severity(StrEnum):
    """How bad a finding is; ordered ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

#: What the YAML parser (libyaml) counts as a line break, so what a finding's line
#: number counts: CR LF, a lone CR, LF, NEL, LINE and PARAGRAPH SEPARATOR. Python's
#: ``str.splitlines`` also splits at form feeds and others, and would show the wrong line.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def source_lines(text: str) -> list[str]:
    """The lines of a map's text as the YAML parser numbers them (line N is item N - 1)."""
    lines = LINE_BREAK.split(text)
    if lines and not lines[-1]:
        lines.pop()
    return lines


def line_starts(text: str) -> list[int]:
    """The offset at which each line starts (line N at item N - 1), counted as ``source_lines``."""
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))]


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based region of the source text (end is inclusive of the last line)."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        """A span of one character."""
        return cls(line, column, line, column + 1)


START_OF_FILE = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class Finding:
    """One problem in a map, with where it is and what to do about it."""

    code: str
    name: str
    severity: Severity
    message: str
    file: str = ""
    span: Span = START_OF_FILE
    path: ModelPath = field(default=())

    def sort_key(self) -> tuple[str, int, int, int, int, str, str]:
        """Order findings by file, position, code, message (deterministic output).

        Plain ints, not the Span itself: dataclass comparisons run in Python and
        dominated sorting thousands of findings.
        """
        span = self.span
        return (
            self.file,
            span.line,
            span.column,
            span.end_line,
            span.end_column,
            self.code,
            self.message,
        )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Return findings in the stable output order."""
    return sorted(findings, key=Finding.sort_key)
