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
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from cxmap.diff import Change, Kind, MapDiff, Op
from cxmap.escape import markdown_code, markdown_text, strict_json, visible

Quote = Callable[[str], str]

_DICT_LABEL = {"targets": "target", "questions": "question", "labels": "label"}
_MARK = {Op.ADDED: "+", Op.REMOVED: "-"}
_ANSI = {"+": "\x1b[32m", "-": "\x1b[31m", "~": "\x1b[33m"}
_RESET = "\x1b[0m"


@dataclass(frozen=True)
class Quoting:
    """How one output format shows user text: a quoted value, and a bare word (a key)."""

    quote: Quote
    bare: Quote


def _text_quote(text: str) -> str:
    return "'" + visible(text) + "'"


TEXT = Quoting(_text_quote, visible)
#: Values as code spans, keys escaped: nothing can break out of a table cell or render HTML.
MARKDOWN = Quoting(markdown_code, markdown_text)


def _value(value: Any, quote: Quoting) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, quote) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items())
        return "{" + ", ".join(f"{quote.bare(str(k))}: {_value(v, quote)}" for k, v in items) + "}"
    return quote.quote(str(value))


def describe(change: Change, quote: Quoting = TEXT) -> tuple[str, str]:
    """``(subject, what happened)`` of one change, user text quoted as ``quote`` says."""
    if change.kind is Kind.MAP:
        subject = "map"
    elif change.op is Op.REORDERED:
        subject = f"{change.kind.value}s"
    elif change.kind is Kind.FLOW:
        subject = "flow"
    else:
        subject = f"{change.kind.value} {quote.quote(change.id)}"
    return subject, _what(change, quote)


def _what(change: Change, quote: Quoting) -> str:
    old, new = change.old, change.new
    if change.kind is Kind.FLOW:
        edge = change.new if change.op is Op.ADDED else change.old
        return f"{change.op.value} {quote.quote(edge[0])} -> {quote.quote(edge[1])}"
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
    label = quote.bare(change.field)
    if dot:
        shown = quote.quote(key) if name == "questions" else quote.bare(key)
        label = f"{_DICT_LABEL.get(name, name)} {shown}"
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
    old_name, new_name = visible(old_name), visible(new_name)
    if not diff.changed:
        return f"{visible(_map_name(diff))}: no changes ({old_name} -> {new_name})\n"
    lines = [f"{visible(_map_name(diff))}: {_count_line(diff)}, {old_name} -> {new_name}"]
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
    return strict_json(body) + "\n"


def format_markdown(diff: MapDiff, old_name: str, new_name: str) -> str:
    """A pull-request comment: a heading, a count line and a table of the changes."""
    q = markdown_code
    lines = [f"### cxmap diff: {q(_map_name(diff))}", "", f"{q(old_name)} → {q(new_name)}: "]
    if not diff.changed:
        lines[-1] += "**no changes**"
        return "\n".join(lines) + "\n"
    lines[-1] += f"**{_count_line(diff)}**"
    lines += ["", "| | part | change |", "|---|---|---|"]
    for change in diff.changes:
        mark = {"+": "➕", "-": "➖"}.get(_MARK.get(change.op, "~"), "✏️")
        subject, what = describe(change, MARKDOWN)
        lines.append(f"| {mark} | {subject} | {what} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- textconv

#: The lists of items in a map, in the order the facts list them, with their kind.
_FACT_LISTS = (
    ("personas", "persona"),
    ("phases", "phase"),
    ("channels", "channel"),
    ("metrics", "metric"),
    ("touchpoints", "touchpoint"),
    ("actions", "action"),
)


def _fact_value(value: Any) -> str:
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\n", "\\n")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str, allow_nan=False)


def _facts_of(subject: str, mapping: dict[Any, Any], skip: tuple[str, ...] = ()) -> list[str]:
    """``subject: key: value`` per scalar, per list element, per dictionary entry."""
    lines = []
    for key, value in mapping.items():
        if key in skip:
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            lines += [f"{subject}: {key}: {_fact_value(v)}" for v in value]
        elif isinstance(value, dict) and all(
            not isinstance(v, list | dict) for v in value.values()
        ):
            lines += [f"{subject}: {key}.{k}: {_fact_value(v)}" for k, v in value.items()]
        else:
            lines.append(f"{subject}: {key}: {_fact_value(value)}")
    return lines


def _flow_facts(touchpoints: list[Any]) -> list[str]:
    items = [t for t in touchpoints if isinstance(t, dict)]
    ids = [str(t.get("id")) for t in items]
    if any(t.get("next") for t in items):
        edges = [
            (str(t.get("id")), str(n))
            for t in items
            if isinstance(t.get("next"), list)
            for n in t["next"]
        ]
    else:
        edges = list(pairwise(ids))
    return [f"flow: {a} -> {b}" for a, b in edges]


def format_facts(data: Any) -> str:
    """A map as one fact per line, for git's ``textconv``: git's line diff of two such
    listings is a semantic diff (a moved touchpoint changes one line, ``... phase: ...``).

    Works on the plain data of any map that parses, valid or not, and without
    resolving includes (git hands textconv a lone temporary copy of the file).
    """
    if not isinstance(data, dict):
        return _fact_value(data) + "\n"
    lists = {key for key, _ in _FACT_LISTS}
    lines = _facts_of("map", data, skip=(*lists, "segments", "include"))
    lines += [f"map: include: {_fact_value(i)}" for i in data.get("include") or []]
    lines += [f"segment: {_fact_value(s)}" for s in data.get("segments") or []]
    for key, kind in _FACT_LISTS:
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                lines.append(f"{kind} #{index + 1}: {_fact_value(item)}")
                continue
            subject = f"{kind} {item.get('id', f'#{index + 1}')}"
            lines += _facts_of(subject, item, skip=("id", "next"))
        if key == "touchpoints":
            lines += _flow_facts(items)
    return "\n".join(lines) + "\n"
