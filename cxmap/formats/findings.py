"""Findings as plain lines, rich text, concise lines, JSON, GitHub annotations, SARIF."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cxmap.escape import github_data, github_property, strict_json, visible, window
from cxmap.findings import Finding, Severity, source_lines

#: How much of a source line the text format shows around a finding's column.
EXCERPT_WIDTH = 120


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


_ANSI = {"bold": "\x1b[1m", "dim": "\x1b[2m", "red": "\x1b[31m", "green": "\x1b[32m"}
_RESET = "\x1b[0m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_ANSI[style]}{text}{_RESET}" if color else text


def format_plain(findings: Sequence[Finding], files: int, *, color: bool = False) -> str:
    """``file:line:col: message [CODE]`` per finding, then a summary line.

    With ``color`` (a terminal without NO_COLOR) the position is bold, the code
    dim and the summary red or green; the text is otherwise the same.
    """
    lines = [
        f"{_paint(f'{visible(f.file)}:{f.span.line}:{f.span.column}:', 'bold', color)} "
        f"{visible(f.message)} "
        f"{_paint(f'[{f.code}]', 'dim', color)}"
        for f in findings
    ]
    summary = _paint(summary_line(findings, files), "red" if findings else "green", color)
    return "\n".join([*lines, summary]) + "\n"


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
    return strict_json(doc) + "\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(findings: Sequence[Finding], files: int) -> str:
    """GitHub workflow-command annotations, then a plain summary line.

    GitHub shows at most 10 annotations per level and step, hence the summary.
    """
    lines = []
    for f in findings:
        props = ",".join(
            f"{key}={github_property(str(value))}"
            for key, value in (
                ("file", f.file),
                ("line", f.span.line),
                ("col", f.span.column),
                ("endLine", f.span.end_line),
                ("endColumn", f.span.end_column),
                ("title", f"{f.code} {f.name}"),
            )
        )
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{github_data(f.message)}")
    lines.append(f"cxmap: {summary_line(findings, files)}")
    return "\n".join(lines) + "\n"


def format_concise(findings: Sequence[Finding], files: int) -> str:
    """``file:line:col: CODE [severity] message`` per finding, then a summary line."""
    lines = [
        f"{visible(f.file)}:{f.span.line}:{f.span.column}: {f.code} [{f.severity.value}] "
        f"{visible(f.message)}"
        for f in findings
    ]
    return "\n".join([*lines, summary_line(findings, files)]) + "\n"


# ---------------------------------------------------------------- text (rich)

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

#: A line of text output as (text, rich style) segments.
_Line = list[tuple[str, str]]


def format_text(
    findings: Sequence[Finding],
    files: int,
    sources: Mapping[str, str],
    *,
    color: bool = False,
) -> str:
    """Findings grouped by file, each with the source line and a caret under the spot.

    ``sources`` maps a finding's file to its text. With ``color`` the lines are
    styled by rich; without, rich is not needed and the same lines are joined
    as plain text (fast on maps with thousands of findings).
    """
    lines: list[_Line] = []
    lines_of: dict[str, list[str]] = {}
    current: str | None = None
    for f in findings:
        if f.file != current:
            if current is not None:
                lines.append([])
            current = f.file
            lines.append([(visible(f.file), "bold underline")])
        lines.append(
            [
                ("  ", ""),
                (f"{f.span.line}:{f.span.column}", "bold"),
                ("  ", ""),
                (f"{f.severity.value:<7}", _STYLE[f.severity]),
                ("  ", ""),
                (f.code, "bold"),
                (f"  {visible(f.message)}  ", ""),
                (f"[{f.name}]", "dim"),
            ]
        )
        if f.file not in lines_of:
            lines_of[f.file] = source_lines(sources.get(f.file, ""))
        lines.extend(_excerpt(lines_of[f.file], f))
    if findings:
        lines.append([])
    lines.append([(summary_line(findings, files), "bold")])
    if not color:
        return "".join("".join(text for text, _style in line) + "\n" for line in lines)
    return _rich(lines)


def _excerpt(lines: list[str], f: Finding) -> list[_Line]:
    """The finding's source line, clipped to a window around the column, and a caret.

    Clipped so that a one-line map of megabytes costs a line per finding, not
    the whole file; controls in it are shown as escapes, the caret moved to match.
    """
    if not 1 <= f.span.line <= len(lines):
        return []
    line = lines[f.span.line - 1].replace("\t", " ")
    source, column = window(line, f.span.column, EXCERPT_WIDTH)
    width = f.span.end_column - f.span.column if f.span.end_line == f.span.line else 1
    width = max(1, min(width, len(source) - column + 1))
    before = visible(source[: column - 1])
    marked = visible(source[column - 1 : column - 1 + width])
    shown = before + marked + visible(source[column - 1 + width :])
    return [
        [(f"{f.span.line:>6} | ", "dim"), (shown, "")],
        [
            (" " * 6 + " | ", "dim"),
            (" " * len(before) + "^" * max(1, len(marked)), _STYLE[f.severity]),
        ],
    ]


def _rich(lines: list[_Line]) -> str:
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )
    text = Text("\n").join(Text.assemble(*line) for line in lines)
    console.print(text)
    return buffer.getvalue()


# ---------------------------------------------------------------- SARIF 2.1.0

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@dataclass(frozen=True)
class RuleInfo:
    """What SARIF says about a rule: code, name, severity and its documentation."""

    code: str
    name: str
    severity: Severity
    summary: str
    description: str
    help: str
    group: str = "validation"


def fingerprint(f: Finding, file: str | None = None) -> str:
    """A stable hash of rule, file and model path (or message, for findings without one)."""
    import hashlib  # only SARIF needs it: off the start-up path

    where = "/".join(str(part) for part in f.path) if f.path else f.message
    return hashlib.sha256(f"{f.code}\0{file or f.file}\0{where}".encode()).hexdigest()[:32]


def _relative(file: str, root: Path | None) -> str | None:
    """``file`` as a POSIX path relative to ``root``; None when it lies outside."""
    path = Path(os.path.abspath(file))
    base = Path(os.path.abspath(root)) if root is not None else Path(os.path.abspath("."))
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None


def _artifact(file: str, relative: str | None) -> dict[str, str]:
    if relative is None:
        return {"uri": Path(os.path.abspath(file)).as_uri()}
    return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}


def format_sarif(
    findings: Sequence[Finding], rules: Sequence[RuleInfo], root: Path | None = None
) -> str:
    """A SARIF 2.1.0 log for GitHub code scanning (no versions or times in it).

    Paths are relative to ``root`` (the repository root; default the current
    folder) under ``%SRCROOT%``, and so is the file in each fingerprint, so an
    alert survives running cxmap from another folder.
    """
    ordered = sorted(rules, key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(ordered)}
    results = []
    for f in findings:
        relative = _relative(f.file, root)
        end_column = f.span.end_column
        if f.span.end_line <= f.span.line:
            end_column = max(end_column, f.span.column + 1)
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(f.file, relative),
                        "region": {
                            "startLine": f.span.line,
                            "startColumn": f.span.column,
                            "endLine": max(f.span.end_line, f.span.line),
                            "endColumn": end_column,
                        },
                    }
                }
            ],
            "partialFingerprints": {"cxmapFinding/v1": fingerprint(f, relative)},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cxmap",
                        "informationUri": "https://cxmap.dev/rules",
                        "rules": [_sarif_rule(rule) for rule in ordered],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return strict_json(doc) + "\n"


def _sarif_rule(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"tags": [rule.group]},
    }
