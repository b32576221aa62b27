"""Findings as text, JSON and GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from cxmap.findings import Finding, Severity


def summary_line(findings: Sequence[Finding], files: int) -> str:
    """One line: how many problems in how many files."""
    if not findings:
        return f"no problems in {files} file{'s' if files != 1 else ''}"
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    parts = [
        f"{n} {s.value}{'s' if n != 1 else ''}"
        for s, n in sorted(counts.items(), key=lambda kv: -kv[0].rank)
        if n
    ]
    bad = len({f.file for f in findings})
    return f"{', '.join(parts)} in {bad} of {files} file{'s' if files != 1 else ''}"


def format_plain(findings: Sequence[Finding], files: int) -> str:
    """``file:line:col: message`` per finding, then a summary line."""
    lines = [f"{f.file}:{f.span.line}:{f.span.column}: {f.message} [{f.code}]" for f in findings]
    return "\n".join([*lines, summary_line(findings, files)]) + "\n"


def format_json(findings: Sequence[Finding], files: int) -> str:
    """The JSON document of ``cli.md`` (keys are the contract)."""
    doc = {
        "files": files,
        "findings": [
            {
                "file": f.file,
                "line": f.span.line,
                "column": f.span.column,
                "code": f.code,
                "name": f.name,
                "severity": f.severity.value,
                "message": f.message,
            }
            for f in findings
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(findings: Sequence[Finding], files: int) -> str:
    """GitHub workflow-command annotations, then a plain summary line.

    GitHub shows at most 10 annotations per level and step, hence the summary.
    """
    lines = []
    for f in findings:
        props = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", f.file),
                ("line", f.span.line),
                ("col", f.span.column),
                ("endLine", f.span.end_line),
                ("endColumn", f.span.end_column),
                ("title", f"{f.code} {f.name}"),
            )
        )
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_escape_data(f.message)}")
    lines.append(f"cxmap: {summary_line(findings, files)}")
    return "\n".join(lines) + "\n"
