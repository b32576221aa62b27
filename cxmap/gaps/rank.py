"""One ranking of gaps, worst first, and the thresholds of ``--fail-below``.

The order, in plain words: statistically clear shortfalls (status ``below``)
first, then the unclear rows (``inconclusive``, ``too-few``), then the rows
on target, then the clear surpluses (``above``), and last the rows without a
gap (``no-data``, ``no-target``). Within each tier the gap counts as a share
of the metric's range (``GapResult.share``: gap / (high - low) of the scale; 200
points for NPS, 100 for a top-2-box share), most negative first, so CSAT on
1..5, NPS and waiting minutes compare in one unit. Group rows stay under their
overall row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cxmap.errors import UsageError

if TYPE_CHECKING:
    from cxmap.gaps.compute import GapResult

_TIERS = {"below": 0, "inconclusive": 1, "too-few": 1, "on-target": 2, "above": 3}


def rank_key(result: GapResult) -> tuple[int, float]:
    """(tier, share of the range): smaller is worse."""
    if result.share is None or result.suppressed:
        return (4, 0.0)
    return (_TIERS.get(result.status.value, 4), result.share)


def worst_first(results: Sequence[GapResult]) -> list[GapResult]:
    """The rows worst first (see the module docstring), journey-level rows before touchpoints,
    roll-ups after them; group rows right under their overall row, in their own order."""
    scope_order = {"journey": 0, "touchpoint": 1}
    overall: dict[tuple[str, str, str], tuple[int, float]] = {}
    for result in results:
        if result.segment is None:
            overall[(result.scope, result.touchpoint, result.metric)] = rank_key(result)
    position = {id(r): i for i, r in enumerate(results)}

    def key(result: GapResult) -> tuple[int, tuple[int, float], int]:
        pair = overall.get((result.scope, result.touchpoint, result.metric), rank_key(result))
        return (scope_order.get(result.scope, 2), pair, position[id(result)])

    return sorted(results, key=key)


def fix_first(results: Sequence[GapResult], limit: int = 5) -> list[GapResult]:
    """The overall touchpoint rows that are clearly below target, worst first (at most
    ``limit``): what a report's "fix first" section lists."""
    below = [
        r
        for r in results
        if r.segment is None and r.scope == "touchpoint" and r.status.value == "below"
    ]
    return worst_first(below)[:limit]


@dataclass(frozen=True)
class FailBelow:
    """``--fail-below`` thresholds: a share of the range, per-metric values, or one value."""

    share: float | None = None
    per_metric: dict[str, float] = field(default_factory=dict)
    value: float | None = None

    def threshold(self, result: GapResult) -> tuple[float, float] | None:
        """(the row's compared figure, its threshold), or None when nothing applies."""
        if result.gap is None:
            return None
        if result.metric in self.per_metric:
            return result.gap, self.per_metric[result.metric]
        if self.share is not None and result.share is not None:
            return result.share, self.share
        if self.value is not None:
            return result.gap, self.value
        return None


def parse_fail_below(values: Sequence[str]) -> FailBelow:
    """Read ``--fail-below`` values: ``5%`` (a share of the scale: gaps worse than -5% of the
    range), ``csat=-0.2`` (per metric, repeatable), or one number in every metric's units."""
    share: float | None = None
    per_metric: dict[str, float] = {}
    value: float | None = None
    for raw in values:
        text = raw.strip()
        try:
            if text.endswith("%"):
                number = float(text[:-1])
                if not math.isfinite(number):
                    raise ValueError
                share = -abs(number) / 100
            elif "=" in text:
                metric, _, number_text = text.partition("=")
                number = float(number_text)
                if not metric.strip() or not math.isfinite(number):
                    raise ValueError
                per_metric[metric.strip()] = number
            else:
                value = float(text)
                if not math.isfinite(value):
                    raise ValueError
        except ValueError:
            raise UsageError(
                f"--fail-below takes a share of the scale ('5%'), a metric's threshold "
                f"('csat=-0.2') or a number, not '{raw}'"
            ) from None
    return FailBelow(share, per_metric, value)


def failing(
    results: Sequence[GapResult], thresholds: FailBelow, *, groups: bool = False
) -> list[GapResult]:
    """Rows with status ``below`` whose gap (or share) is under its threshold, worst first.

    Overall rows (touchpoints and journey-level targets) only, unless ``groups``
    (then group and roll-up rows too). Suppressed rows never fail a build.
    """
    out = []
    for r in results:
        if r.status.value != "below" or r.suppressed:
            continue
        if not groups and (r.segment is not None or r.scope not in ("touchpoint", "journey")):
            continue
        pair = thresholds.threshold(r)
        if pair is not None and pair[0] < pair[1]:
            out.append(r)
    return sorted(out, key=rank_key)
