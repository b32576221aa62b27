"""What to fix first: the touchpoints with the most important significant gaps.

A gap is significant when its status is ``below`` (the whole 95% interval is
under the target). Gaps of different metrics are compared as a share of the
range their figure can take (a CSAT gap of -0.5 on 1-5 weighs -0.125; an NPS
gap of -10 on -100..100 weighs -0.05), largest share first. Each touchpoint
appears once, with its worst metric. Nothing insignificant is padded in: a
map with two significant gaps shows two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cxmap.model import Action, Journey, Touchpoint

if TYPE_CHECKING:
    from cxmap.gaps import GapResult, GapTable

#: How many touchpoints "fix first" names at most.
MOST = 5


@dataclass(frozen=True)
class Priority:
    """One touchpoint to fix first: its worst significant gap and what is being done."""

    touchpoint: Touchpoint
    result: GapResult
    weight: float
    actions: Sequence[Action]


def gap_share(result: GapResult, journey: Journey) -> float | None:
    """The gap as a share of the range its metric's figure can take (None without a gap)."""
    metric = journey.metric(result.metric)
    if result.gap is None or metric is None:
        return None
    low, high = metric.target_range
    return result.gap / (high - low)


def fix_first(journey: Journey, gaps: GapTable, most: int = MOST) -> list[Priority]:
    """The touchpoints with the largest significant gaps below target, largest first.

    Only overall results count (segment rows rank within their own table).
    Ties keep map order, so the list is the same on every run.
    """
    from cxmap.gaps import GapStatus

    order = {tp.id: i for i, tp in enumerate(journey.touchpoints)}
    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    worst: dict[str, tuple[float, GapResult]] = {}
    for result in gaps.results:
        if result.segment is not None or result.status is not GapStatus.BELOW:
            continue
        share = gap_share(result, journey)
        if share is None or result.touchpoint not in touchpoints:
            continue
        known = worst.get(result.touchpoint)
        if known is None or share < known[0]:
            worst[result.touchpoint] = (share, result)
    ranked = sorted(worst.items(), key=lambda kv: (kv[1][0], order[kv[0]], kv[1][1].metric))
    actions: dict[str, list[Action]] = {}
    for action in journey.actions:
        actions.setdefault(action.touchpoint, []).append(action)
    return [
        Priority(touchpoints[tp_id], result, share, actions.get(tp_id, []))
        for tp_id, (share, result) in ranked[:most]
    ]
