"""Failures of the tool's own input (exit 2), as one exception hierarchy."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxmap.findings import Finding


class CxmapError(Exception):
    """Base of every error cxmap raises on purpose; the CLI turns it into exit 2."""


class InputError(CxmapError):
    """An input file or folder cannot be read (missing, unreadable, undecodable)."""


class UsageError(CxmapError):
    """A command line or configuration value that cannot be used."""


class MapInvalidError(CxmapError):
    """A map does not validate; ``findings`` says why (raised by ``load_map``)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0] if findings else None
        where = f"{first.file}:{first.span.line}:{first.span.column}: " if first else ""
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(f"{where}{first.message if first else 'invalid map'}{more}")
