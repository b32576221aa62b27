"""``cxmap diff`` output: text (one line per change), JSON (stable keys), Markdown (PR comment).

JSON keys (the contract)::

    {"old": {"name": "HEAD~1:maps/shoes.yaml", "id": "running-shoes"},
     "new": {"name": "maps/shoes.yaml", "id": "running-shoes"},
     "changed": true,
     "counts": {"touchpoint": 2, "flow": 1},
     "changes": [{"kind": "touchpoint", "id": "try-on", "change": "moved",
                  "field": "phase", "old": "evaluation", "new": "purchase"}]}

``kind`` is map, persona, segment, phase, channel, metric, touchpoint, flow or
action; ``change`` is added, removed, renamed, moved, changed or reordered;
``field`` is null for a whole item, else a key (``name``) or a dotted key into
targets and questions (``targets.csat``, ``questions.Q3``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cxmap.diff import Change, Kind, MapDiff, Op

Quote = Callable[[str], str]

_DICT_LABEL = {"targets": "target", "questions": "question", "labels": "label"}
_MARK = {Op.ADDED: "+", Op.REMOVED: "-"}
_ANSI = {"+": "\x1b[32m", "-": "\x1b[31m", "~": "\x1b[33m"}
_RESET = "\x1b[0m"


def _text_quote(text: str) -> str:
    return "'" + " ".join(text.splitlines()) + "'"


def _markdown_quote(text: str) -> str:
    """User text as a code span that cannot break out of a table cell or render HTML."""
    flat = " ".join(text.splitlines()).replace("`", "'").replace("|", "\\|")
    return f"`{flat or ' '}`"


def _value(value: Any, quote: Quote) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, quote) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v, quote)}" for k, v in sorted(value.items())) + "}"
    return quote(str(value))


def describe(change: Change, quote: Quote = _text_quote) -> tuple[str, str]:
    """``(subject, what happened)`` of one change, user text quoted with ``quote``."""
    if change.kind is Kind.MAP:
        subject = "map"
    elif change.op is Op.REORDERED:
        subject = f"{change.kind.value}s"
    elif change.kind is Kind.FLOW:
        subject = "flow"
    else:
        subject = f"{change.kind.value} {quote(change.id)}"
    return subject, _what(change, quote)


def _what(change: Change, quote: Quote) -> str:
    old, new = change.old, change.new
    if change.kind is Kind.FLOW:
        edge = change.new if change.op is Op.ADDED else change.old
        return f"{change.op.value} {quote(edge[0])} -> {quote(edge[1])}"
    if change.op is Op.REORDERED:
        return f"reordered {_value(old, quote)} -> {_value(new, quote)}"
    if change.field is None:
        shown = new if change.op is Op.ADDED else old
        return change.op.value if shown is None else f"{change.op.value} {_value(shown, quote)}"
    if change.op is Op.RENAMED:
        return f"renamed {_value(old, quote)} -> {_value(new, quote)}"
    if change.op is Op.MOVED:
        return f"moved from phase {_value(old, quote)} to {_value(new, quote)}"
    name, dot, key = change.field.partition(".")
    label = change.field
    if dot:
        label = f"{_DICT_LABEL.get(name, name)} {quote(key) if name == 'questions' else key}"
    if change.op is Op.ADDED:
        return f"{label} added: {_value(new, quote)}"
    if change.op is Op.REMOVED:
        return f"{label} removed (was {_value(old, quote)})"
    return f"{label} {_value(old, quote)} -> {_value(new, quote)}"


def _map_name(diff: MapDiff) -> str:
    return diff.new_id or diff.old_id or "map"


def _count_line(diff: MapDiff) -> str:
    total = len(diff.changes)
    parts = ", ".join(f"{n} {kind}" for kind, n in diff.counts().items())
    return f"{total} change{'s' if total != 1 else ''} ({parts})"


def format_text(diff: MapDiff, old_name: str, new_name: str, *, color: bool = False) -> str:
    """One header line, then one line per change marked ``+`` added, ``-`` removed, ``~`` other."""
    if not diff.changed:
        return f"{_map_name(diff)}: no changes ({old_name} -> {new_name})\n"
    lines = [f"{_map_name(diff)}: {_count_line(diff)}, {old_name} -> {new_name}"]
    for change in diff.changes:
        mark = _MARK.get(change.op, "~")
        subject, what = describe(change)
        line = f"{mark} {subject}: {what}"
        lines.append(f"{_ANSI[mark]}{line}{_RESET}" if color else line)
    return "\n".join(lines) + "\n"


def format_json(diff: MapDiff, old_name: str, new_name: str) -> str:
    """The diff as stable JSON (keys in the module docstring)."""
    body = {
        "old": {"name": old_name, "id": diff.old_id},
        "new": {"name": new_name, "id": diff.new_id},
        "changed": diff.changed,
        "counts": diff.counts(),
        "changes": [
            {
                "kind": c.kind.value,
                "id": c.id,
                "change": c.op.value,
                "field": c.field,
                "old": c.old,
                "new": c.new,
            }
            for c in diff.changes
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def format_markdown(diff: MapDiff, old_name: str, new_name: str) -> str:
    """A pull-request comment: a heading, a count line and a table of the changes."""
    q = _markdown_quote
    lines = [f"### cxmap diff: {q(_map_name(diff))}", "", f"{q(old_name)} → {q(new_name)}: "]
    if not diff.changed:
        lines[-1] += "**no changes**"
        return "\n".join(lines) + "\n"
    lines[-1] += f"**{_count_line(diff)}**"
    lines += ["", "| | part | change |", "|---|---|---|"]
    for change in diff.changes:
        mark = {"+": "➕", "-": "➖"}.get(_MARK.get(change.op, "~"), "✏️")
        subject, what = describe(change, q)
        lines.append(f"| {mark} | {subject} | {what} |")
    return "\n".join(lines) + "\n"
