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
    GapStatus.SUPPRESSED: "⊘",
    GapStatus.NO_DATA: "∅",
    GapStatus.NO_TARGET: "·",
}
COLOURS = {
    GapStatus.ABOVE: "blue",
    GapStatus.BELOW: "bold red",
    GapStatus.ON_TARGET: "green",
    GapStatus.INCONCLUSIVE: "yellow",
    GapStatus.TOO_FEW: "dim",
    GapStatus.SUPPRESSED: "dim",
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
    "share",
    "scope",
    "weighted",
    "n_eff",
    "suppressed",
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
        "share": _round(result.share),
        "scope": result.scope,
        "weighted": result.weighted,
        "n_eff": _round(result.n_eff, 2),
        "suppressed": result.suppressed,
    }


def format_json(table: GapTable, comments: dict[str, int] | None = None) -> str:
    """The JSON document of cli.md: map, rows_read, rows_skipped, results, unmapped, warnings.

    With ``comments`` (touchpoint id -> number of open-text comments), a
    ``comments`` key too.
    """
    doc: dict[str, Any] = {
        "map": table.map_id,
        "rows_read": table.rows_read,
        "rows_skipped": table.rows_skipped,
        "responses_used": table.responses_used,
        "excluded": table.excluded,
        "cells_skipped": table.cells_skipped,
        "results": [result_dict(r) for r in table.results],
        "unmapped": table.unmapped,
        "warnings": table.warnings,
        "alpha": table.alpha,
        "adjusted": table.adjusted,
        "journey": [result_dict(r) for r in table.journey],
        "rollups": [result_dict(r) for r in table.rollups],
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
    if comments is not None:
        doc["comments"] = comments
    return strict_json(doc) + "\n"


#: the figures a suppressed row hides; CSV, text and Markdown print "suppressed" there
HIDDEN = ("n", "experience", "gap", "ci_low", "ci_high", "p", "q", "share")


def format_csv(table: GapTable) -> str:
    """One row per result, the JSON keys as header (warnings go to stderr, not here)."""
    rows = []
    for result in table.all_rows():
        row = result_dict(result)
        if result.suppressed:
            row.update(dict.fromkeys(HIDDEN, "suppressed"))
        rows.append(row)
    return csv_text(
        [COLUMNS, *(["" if row[k] is None else row[k] for k in COLUMNS] for row in rows)]
    )


def _figures(result: GapResult) -> list[str]:
    """experience, target, gap and interval cells ("suppressed" for a hidden row)."""
    if result.suppressed:
        return ["suppressed", _num(result.target), "suppressed", "suppressed"]
    return [_num(result.experience), _num(result.target), _gap(result.gap), _interval(result)]


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def _gap(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"


def worst_first(table: GapTable) -> list[GapResult]:
    """The rows in the one ranking of ``cxmap.gaps.rank.worst_first``."""
    from cxmap.gaps.rank import worst_first as ranked

    return ranked(table.all_rows())


def where(result: GapResult) -> str:
    """The row's place: a touchpoint id, or 'journey: id' / 'phase: id' / 'channel: id'."""
    if result.scope == "touchpoint":
        return result.touchpoint
    return f"{result.scope}: {result.touchpoint}"


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
    text = (
        f"map '{table.map_id}': {table.rows_read} rows read, {table.rows_skipped} skipped, "
        f"{len(table.all_rows())} results"
    )
    if any(r.weighted for r in table.all_rows()):
        text += (
            "; rows marked 'w' are weighted by segment (post-stratified; n is the answers, "
            "the interval uses the Kish effective n)"
        )
    return text


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


def _n(result: GapResult) -> str:
    if result.suppressed:
        return "suppressed"
    if result.weighted and result.n_eff is not None:
        return f"{result.n} w (n_eff {result.n_eff:.1f})"
    return str(result.n)


#: the columns that hold figures: never wrapped, never cut
_FIGURE_COLUMNS = ("n", "experience", "target", "gap", "change interval")

#: the console width when nothing may be cut (piped output, files): wide enough for any row
UNLIMITED = 1_000_000


def format_text(table: GapTable, *, color: bool = False, width: int | None = None) -> str:
    """A rich table, worst gap first; each status has a symbol so it reads without colour.

    With a ``width`` (a terminal's), text columns wrap to fit and figures never
    do; when even the figures do not fit, the table keeps its natural width
    (the terminal wraps the lines, nothing is cut). Without one (piped output,
    files), nothing is wrapped or cut.
    """
    from rich.console import Console
    from rich.table import Table

    body, headers, rows = _text_rows(table)
    widths = _column_widths(table, body, headers, width)
    grid = Table(title=None, show_edge=False, header_style="bold")
    for i, name in enumerate(headers):
        grid.add_column(
            name,
            justify="right" if name in ("n", "experience", "target", "gap") else "left",
            no_wrap=widths is None,
            overflow="fold",
            width=None if widths is None else widths[i],
        )
    status_at = headers.index("status")
    from rich.markup import escape

    for r, cells in zip(rows, body, strict=True):
        shown = [escape(cell) for cell in cells]  # already made visible in _text_rows
        if color:
            shown[status_at] = f"[{COLOURS[r.status]}]{shown[status_at]}[/]"
        grid.add_row(*shown)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width if widths is not None and width is not None else UNLIMITED,
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
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _column_widths(
    table: GapTable, body: list[list[str]], headers: list[str], width: int | None
) -> list[int] | None:
    """Column widths that fit ``width`` with every figure whole, or None for the natural
    layout (no width given, the natural table fits, or even the figures do not)."""
    if width is None:
        return None
    figures = {*_FIGURE_COLUMNS, _level_header(table)}
    cells = [max((len(row[i]) for row in body), default=0) for i in range(len(headers))]
    natural = [max(len(h), c) for h, c in zip(headers, cells, strict=True)]
    chrome = 3 * len(headers) - 1  # one space each side of a cell, one rule between cells
    if sum(natural) + chrome <= width:
        return None
    text = [i for i, h in enumerate(headers) if h not in figures]
    least = {i: min(natural[i], 7 if headers[i] == "status" else 5) for i in text}
    for figure_width in (natural, [max(c, 1) for c in cells]):
        fixed = sum(figure_width[i] for i in range(len(headers)) if i not in least)
        room = width - chrome - fixed
        if room < sum(least.values()):
            continue
        out = list(figure_width)
        for i in text:
            out[i] = least[i]
        spare = room - sum(least.values())
        want = {i: natural[i] - least[i] for i in text}
        total_want = sum(want.values())
        for i in text:
            if total_want:
                out[i] += min(want[i], spare * want[i] // total_want)
        return out
    return None


def _text_rows(table: GapTable) -> tuple[list[list[str]], list[str], list[GapResult]]:
    rows = worst_first(table)
    grouped = any(r.segment is not None for r in rows)
    changed = any(r.change is not None for r in rows)
    headers = ["touchpoint", "metric"]
    if grouped:
        headers.append("group")
    headers += ["n", "experience", "target", "gap", _level_header(table), "status"]
    if changed:
        headers += ["change", "change interval"]
    body: list[list[str]] = []
    for r in rows:
        cells = [where(r), r.metric]
        if grouped:
            cells.append(r.segment or "(all)")
        cells += [_n(r), *_figures(r), _status(r)]
        if changed:
            cells += [_change(r), _change_interval(r)]
        body.append([visible(cell) for cell in cells])
    return body, headers, rows


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(visible(text))


_md = markdown_text


def format_markdown(table: GapTable) -> str:
    """A Markdown table for pull-request comments, worst gap first."""
    rows = worst_first(table)
    grouped = any(r.segment is not None for r in rows)
    changed = any(r.change is not None for r in rows)
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
    for r in rows:
        cells = [
            markdown_code(where(r)),
            _md(r.metric),
            *([_md(r.segment or "(all)")] if grouped else []),
        ]
        cells += [
            _n(r),
            *_figures(r),
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
