"""What to fix first: the touchpoints with the most important significant gaps.

A gap is significant when its status is ``below`` (clearly under the target,
by the gaps' own test). Gaps of different metrics are compared as a share of
the range their figure can take (a CSAT gap of -0.5 on 1-5 weighs -0.125; an NPS
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


def fix_first(journey: Journey, gaps: GapTable, most: int = MOST) -> list[Priority]:
    """The touchpoints with the largest significant gaps below target, largest first.

    The order is the gaps' own ranking (``cxmap.gaps.rank``: status ``below``,
    then the gap as a share of the metric's range); each touchpoint is named
    once, with its worst metric. Only overall touchpoint rows count.
    """
    from cxmap.gaps.rank import fix_first as clear_shortfalls

    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    actions: dict[str, list[Action]] = {}
    for action in journey.actions:
        actions.setdefault(action.touchpoint, []).append(action)
    out: list[Priority] = []
    for result in clear_shortfalls(gaps.results, limit=len(gaps.results)):
        tp = touchpoints.get(result.touchpoint)
        if tp is None or result.share is None or result.suppressed:
            continue
        if any(p.touchpoint is tp for p in out):
            continue
        out.append(Priority(tp, result, result.share, actions.get(tp.id, [])))
        if len(out) == most:
            break
    return out
