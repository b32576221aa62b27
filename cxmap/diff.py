"""Semantic diff of two versions of a map: what changed for the journey, not for the text.

Items are matched by id. A touchpoint whose name changed but whose id stayed
is *renamed*; one whose phase changed is *moved*; every other field change is
*changed*, with dictionaries (targets, questions) compared key by key so a
review sees ``target csat 4.2 -> 4.5`` rather than two dictionaries. The flow
is compared as a set of edges (``Journey.flow()``), so a change in file order
shows up as a flow change exactly when it changes the flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cxmap.model import Journey

#: JSON-like values as they appear in a change (``model_dump(mode="json")``).
Value = Any


class Op(StrEnum):
    """What happened to an item."""

    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    MOVED = "moved"
    CHANGED = "changed"
    REORDERED = "reordered"


class Kind(StrEnum):
    """The part of the map a change is in, in the order changes are listed."""

    MAP = "map"
    PERSONA = "persona"
    SEGMENT = "segment"
    PHASE = "phase"
    CHANNEL = "channel"
    METRIC = "metric"
    TOUCHPOINT = "touchpoint"
    FLOW = "flow"
    ACTION = "action"


@dataclass(frozen=True)
class Change:
    """One change: which item (kind and id), what happened, which field, old and new value.

    ``field`` is ``None`` for a whole item added or removed, a key of the item
    (``name``, ``phase``) or a dotted key into a dictionary field
    (``targets.csat``, ``questions.Q3``). For a map-level change ``id`` is empty.
    """

    kind: Kind
    id: str
    op: Op
    field: str | None = None
    old: Value = None
    new: Value = None


@dataclass(frozen=True)
class MapDiff:
    """The changes between an old and a new version of one map, in a stable order."""

    old_id: str | None
    new_id: str | None
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything changed."""
        return bool(self.changes)

    def counts(self) -> dict[str, int]:
        """How many changes of each kind (only kinds with changes), in listing order."""
        out: dict[str, int] = {}
        for change in self.changes:
            out[change.kind.value] = out.get(change.kind.value, 0) + 1
        return out


#: Item fields compared as dictionaries, key by key.
_DICT_FIELDS = frozenset({"targets", "questions", "labels"})
#: Item fields not compared field by field: ``next`` shows up as flow changes.
_SKIPPED_FIELDS = frozenset({"id", "next"})
#: Map-level fields compared as plain values (lists of items are diffed by id).
_MAP_FIELDS = (
    "cxmap",
    "id",
    "title",
    "description",
    "owner",
    "reviewed",
    "review_every_days",
    "start",
    "end",
    "include",
)
#: The lists of items, in the order their changes are listed (flow before actions).
_ITEM_LISTS: tuple[tuple[Kind, str], ...] = (
    (Kind.PERSONA, "personas"),
    (Kind.SEGMENT, "segments"),
    (Kind.PHASE, "phases"),
    (Kind.CHANNEL, "channels"),
    (Kind.METRIC, "metrics"),
    (Kind.TOUCHPOINT, "touchpoints"),
    (Kind.FLOW, "flow"),
    (Kind.ACTION, "actions"),
)


def diff_journeys(old: Journey | None, new: Journey | None) -> MapDiff:
    """Compare two versions of a map; ``None`` stands for a map that does not exist (yet).

    With ``old=None`` everything in ``new`` is added, with ``new=None``
    everything in ``old`` is removed (a map created or deleted in a commit).
    """
    changes: list[Change] = []
    old_data = _dump(old)
    new_data = _dump(new)
    for name in _MAP_FIELDS:
        if old is not None and new is not None and old_data.get(name) != new_data.get(name):
            changes.append(Change(Kind.MAP, "", Op.CHANGED, name, old_data[name], new_data[name]))
    for kind, key in _ITEM_LISTS:
        if kind is Kind.SEGMENT:
            changes.extend(_diff_segments(old_data.get(key, []), new_data.get(key, [])))
        elif kind is Kind.FLOW:
            changes.extend(_diff_flow(old, new))
        else:
            changes.extend(_diff_items(kind, old_data.get(key, []), new_data.get(key, [])))
    return MapDiff(old.id if old else None, new.id if new else None, changes)


def _dump(journey: Journey | None) -> dict[str, Any]:
    return journey.model_dump(mode="json") if journey is not None else {}


def _by_id(items: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _diff_items(
    kind: Kind, old_items: Sequence[dict[str, Any]], new_items: Sequence[dict[str, Any]]
) -> list[Change]:
    """Added, removed and changed items of one kind, matched by id.

    Order: items in the new map's order (added or changed), then removed items
    in the old map's order, then a reordering of the common items if any.
    """
    old_by_id, new_by_id = _by_id(old_items), _by_id(new_items)
    changes: list[Change] = []
    for item_id, item in new_by_id.items():
        before = old_by_id.get(item_id)
        if before is None:
            changes.append(Change(kind, item_id, Op.ADDED, None, None, _summary(item)))
        else:
            changes.extend(_diff_fields(kind, item_id, before, item))
    changes.extend(
        Change(kind, item_id, Op.REMOVED, None, _summary(item), None)
        for item_id, item in old_by_id.items()
        if item_id not in new_by_id
    )
    if kind in (Kind.PHASE, Kind.PERSONA, Kind.CHANNEL):
        old_order = [i for i in old_by_id if i in new_by_id]
        new_order = [i for i in new_by_id if i in old_by_id]
        if old_order != new_order:
            changes.append(Change(kind, "", Op.REORDERED, None, old_order, new_order))
    return changes


def _summary(item: dict[str, Any]) -> str:
    """How an added or removed item is shown: its name, or its description (actions)."""
    return str(item.get("name") or item.get("description") or item["id"])


def _diff_fields(
    kind: Kind, item_id: str, before: dict[str, Any], after: dict[str, Any]
) -> list[Change]:
    changes: list[Change] = []
    for name in _ordered_keys(before, after):
        if name in _SKIPPED_FIELDS:
            continue
        old_value, new_value = before.get(name), after.get(name)
        if old_value == new_value:
            continue
        if name in _DICT_FIELDS:
            changes.extend(_diff_dict(kind, item_id, name, old_value or {}, new_value or {}))
        elif name == "name":
            changes.append(Change(kind, item_id, Op.RENAMED, name, old_value, new_value))
        elif name == "phase" and kind is Kind.TOUCHPOINT:
            changes.append(Change(kind, item_id, Op.MOVED, name, old_value, new_value))
        else:
            changes.append(Change(kind, item_id, Op.CHANGED, name, old_value, new_value))
    return changes


def _ordered_keys(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys([*after, *before]))


def _diff_dict(
    kind: Kind, item_id: str, name: str, before: dict[str, Any], after: dict[str, Any]
) -> list[Change]:
    """Key-by-key changes of a dictionary field; keys sorted so output is stable."""
    changes: list[Change] = []
    for key in sorted(set(before) | set(after)):
        old_value, new_value = before.get(key), after.get(key)
        if old_value == new_value:
            continue
        op = Op.ADDED if key not in before else Op.REMOVED if key not in after else Op.CHANGED
        changes.append(Change(kind, item_id, op, f"{name}.{key}", old_value, new_value))
    return changes


def _diff_segments(before: Sequence[str], after: Sequence[str]) -> list[Change]:
    added = [Change(Kind.SEGMENT, s, Op.ADDED) for s in after if s not in before]
    return added + [Change(Kind.SEGMENT, s, Op.REMOVED) for s in before if s not in after]


def _diff_flow(old: Journey | None, new: Journey | None) -> list[Change]:
    """Flow edges added and removed, in the order of each map's flow."""
    old_edges = old.flow() if old is not None else []
    new_edges = new.flow() if new is not None else []
    old_set, new_set = set(old_edges), set(new_edges)
    return [
        Change(Kind.FLOW, f"{a} -> {b}", Op.ADDED, None, None, [a, b])
        for a, b in new_edges
        if (a, b) not in old_set
    ] + [
        Change(Kind.FLOW, f"{a} -> {b}", Op.REMOVED, None, [a, b], None)
        for a, b in old_edges
        if (a, b) not in new_set
    ]
