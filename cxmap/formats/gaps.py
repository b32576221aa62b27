"""A GapTable as text (rich), JSON (the contract of cli.md), CSV and Markdown."""

from __future__ import annotations

import io
from typing import Any

from cxmap.escape import csv_text, markdown_code, markdown_text, strict_json, visible
from cxmap.gaps import GapResult, GapStatus, GapTable

DECIMALS = 4
SYMBOLS = {
    GapStatus.ABOVE: "▲",
    GapStatus.BELOW: "▼",
    GapStatus.ON_TARGET: "●",
    GapStatus.INCONCLUSIVE: "≈",
    GapStatus.TOO_FEW: "…",
    GapStatus.NO_DATA: "∅",
    GapStatus.NO_TARGET: "·",
}
COLOURS = {
    GapStatus.ABOVE: "blue",
    GapStatus.BELOW: "bold red",
    GapStatus.ON_TARGET: "green",
    GapStatus.INCONCLUSIVE: "yellow",
    GapStatus.TOO_FEW: "dim",
    GapStatus.NO_DATA: "dim",
    GapStatus.NO_TARGET: "dim",
}
COLUMNS = (
    "touchpoint",
    "metric",
    "segment",
    "n",
    "experience",
    "target",
    "gap",
    "ci_low",
    "ci_high",
    "status",
    "margin",
    "p",
    "q",
    "change",
    "change_low",
    "change_high",
    "change_p",
    "change_q",
    "change_status",
    "previous",
)


def _round(value: float | None, digits: int = DECIMALS) -> float | None:
    if value is None:
        return None
    rounded = round(value, digits)
    return rounded + 0.0  # no "-0.0"


def _sig(value: float | None) -> float | None:
    """A p- or q-value to 4 significant digits (a tiny p stays visible, not 0)."""
    if value is None:
        return None
    return float(f"{value:.4g}")


def result_dict(result: GapResult) -> dict[str, Any]:
    """One result with the contract's keys, numbers rounded to 4 decimals (p, q: 4 digits)."""
    return {
        "touchpoint": result.touchpoint,
        "metric": result.metric,
        "segment": result.segment,
        "n": result.n,
        "experience": _round(result.experience),
        "target": result.target,
        "gap": _round(result.gap),
        "ci_low": _round(result.ci_low),
        "ci_high": _round(result.ci_high),
        "status": result.status.value,
        "margin": _round(result.margin),
        "p": _sig(result.p),
        "q": _sig(result.q),
        "change": _round(result.change),
        "change_low": _round(result.change_low),
        "change_high": _round(result.change_high),
        "change_p": _sig(result.change_p),
        "change_q": _sig(result.change_q),
        "change_status": result.change_status.value if result.change_status else None,
        "previous": result.previous,
    }


def format_json(table: GapTable) -> str:
    """The JSON document of cli.md: map, rows_read, rows_skipped, results, unmapped, warnings."""
    doc = {
        "map": table.map_id,
        "rows_read": table.rows_read,
        "rows_skipped": table.rows_skipped,
        "responses_used": table.responses_used,
        "excluded": table.excluded,
        "cells_skipped": table.cells_skipped,
        "results": [result_dict(r) for r in table.results],
        "unmapped": table.unmapped,
        "warnings": table.warnings,
        "files": [
            {
                "path": f.path,
                "layout": f.layout,
                "rows_read": f.rows_read,
                "responses_used": f.responses_used,
                "excluded": f.excluded,
                "cells_skipped": f.cells_skipped,
            }
            for f in table.files
        ],
    }
    return strict_json(doc) + "\n"


def format_csv(table: GapTable) -> str:
    """One row per result, the JSON keys as header (warnings go to stderr, not here)."""
    rows = [result_dict(result) for result in table.results]
    return csv_text(
        [COLUMNS, *(["" if row[k] is None else row[k] for k in COLUMNS] for row in rows)]
    )


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def _gap(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"


def worst_first(table: GapTable) -> list[GapResult]:
    """The rows in the one ranking of ``cxmap.gaps.rank.worst_first``."""
    from cxmap.gaps.rank import worst_first as ranked

    return ranked(table.results)


def _status(result: GapResult) -> str:
    return f"{SYMBOLS[result.status]} {result.status.value}"


def _interval(result: GapResult) -> str:
    if result.ci_low is None or result.ci_high is None:
        return "-"
    return f"{result.ci_low:.2f}..{result.ci_high:.2f}"


def _change(result: GapResult) -> str:
    from cxmap.gaps.compare import TREND_ARROWS

    if result.change is None or result.change_status is None:
        return "-"
    arrow = TREND_ARROWS[result.change_status]
    return f"{result.change:+.2f} {arrow} {result.change_status.value}"


def _change_interval(result: GapResult) -> str:
    if result.change_low is None or result.change_high is None:
        return "-"
    return f"{result.change_low:+.2f}..{result.change_high:+.2f}"


def _level_header(table: GapTable) -> str:
    return f"{100 * (1 - table.alpha):g}% interval"


def _summary(table: GapTable) -> str:
    return (
        f"map '{table.map_id}': {table.rows_read} rows read, {table.rows_skipped} skipped, "
        f"{len(table.results)} results"
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {reason}" for reason, n in counts.items()) or "none"


def accounting(table: GapTable) -> list[str]:
    """Where every row went: responses used, excluded and cells skipped by reason, per file."""
    lines = [
        f"responses used: {table.responses_used}; excluded: {_counts(table.excluded)}; "
        f"cells skipped: {_counts(table.cells_skipped)}"
    ]
    if len(table.files) > 1:
        for f in table.files:
            lines.append(
                f"  {f.path} ({f.layout}): {f.rows_read} rows read, {f.responses_used} used; "
                f"excluded: {_counts(f.excluded)}; cells skipped: {_counts(f.cells_skipped)}"
            )
    return lines


def format_text(table: GapTable, *, color: bool = False, width: int = 120) -> str:
    """A rich table, worst gap first; each status has a symbol so it reads without colour."""
    from rich.console import Console
    from rich.table import Table

    grouped = any(r.segment is not None for r in table.results)
    changed = any(r.change is not None for r in table.results)
    grid = Table(title=None, show_edge=False, header_style="bold")
    headers = ["touchpoint", "metric"]
    if grouped:
        headers.append("group")
    headers += ["n", "experience", "target", "gap", _level_header(table), "status"]
    if changed:
        headers += ["change", "change interval"]
    for name in headers:
        numeric = name in ("n", "experience", "target", "gap")
        grid.add_column(name, justify="right" if numeric else "left", no_wrap=True)
    for r in worst_first(table):
        cells = [r.touchpoint, r.metric]
        if grouped:
            cells.append(r.segment or "(all)")
        cells += [str(r.n), _num(r.experience), _num(r.target), _gap(r.gap), _interval(r)]
        status = f"[{COLOURS[r.status]}]{_esc(_status(r))}[/]" if color else _esc(_status(r))
        extra = [_esc(_change(r)), _esc(_change_interval(r))] if changed else []
        grid.add_row(*(_esc(cell) for cell in cells), status, *extra)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
    )
    console.print(_esc(_summary(table)))
    for line in accounting(table):
        console.print(_esc(line))
    console.print(grid)
    if table.unmapped:
        console.print(_esc("unmapped (not in the map; revise it?): " + ", ".join(table.unmapped)))
    for warning in table.warnings:
        console.print(_esc(f"warning: {warning}"))
    return buffer.getvalue()


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(visible(text))


_md = markdown_text


def format_markdown(table: GapTable) -> str:
    """A Markdown table for pull-request comments, worst gap first."""
    grouped = any(r.segment is not None for r in table.results)
    changed = any(r.change is not None for r in table.results)
    head = ["touchpoint", "metric", *(["group"] if grouped else []), "n", "experience", "target"]
    head += ["gap", _level_header(table), "status"]
    if changed:
        head += ["change", "change interval"]
    lines = [f"### Gaps of {markdown_code(table.map_id)}", "", _md(_summary(table)), ""]
    lines += [*(_md(line.strip()) + "  " for line in accounting(table)), ""]
    lines.append("| " + " | ".join(head) + " |")
    lines.append(
        "|"
        + "|".join("---:" if h in ("n", "experience", "target", "gap") else "---" for h in head)
        + "|"
    )
    for r in worst_first(table):
        cells = [
            markdown_code(r.touchpoint),
            _md(r.metric),
            *([_md(r.segment or "(all)")] if grouped else []),
        ]
        cells += [
            str(r.n),
            _num(r.experience),
            _num(r.target),
            _gap(r.gap),
            _interval(r),
            _status(r),
        ]
        if changed:
            cells += [_change(r), _change_interval(r)]
        lines.append("| " + " | ".join(cells) + " |")
    if table.unmapped:
        lines += [
            "",
            "**Unmapped** (not in the map; revise it?): "
            + ", ".join(markdown_code(u) for u in table.unmapped),
        ]
    if table.warnings:
        lines += ["", "<details><summary>warnings</summary>", ""]
        lines += [f"- {_md(w)}" for w in table.warnings]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
