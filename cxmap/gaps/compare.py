"""Change between waves: the difference of two estimates, its interval, p-value and status.

One method per aggregate, each on the estimates' own centres and standard
errors (``cxmap.gaps.estimate``):

- means: Welch's unequal-variance t (Welch 1947, *Biometrika* 34), degrees
  of freedom by Welch-Satterthwaite;
- NPS: the difference of the two adjusted Wald scores (Rocks 2016), with the
  sum of their variances, normal;
- top-2-box shares: Agresti & Caffo (2000, *The American Statistician*
  54(4)): one hit and one miss added to each wave, the sum of the variances.

A mean without spread (its interval is the Markov bound) enters with the SE
that its interval's width implies, (high - low) / (2 z): conservative, never 0.

The change is in the sense of the gap: positive is better, also for a
lower-is-better metric. Its status, against the margin m of the metric (or
target): ``improved`` / ``declined`` when significant (q <= alpha after
Benjamini-Hochberg within its family, or p <= alpha with ``adjust=False``) on
the good / bad side; ``no-change`` when the whole interval lies within ± m;
else ``inconclusive``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING

from cxmap.gaps.estimate import Estimate, Method, critical, t_cdf

if TYPE_CHECKING:
    from cxmap.gaps.compute import GapResult
    from cxmap.model import Journey


class ChangeStatus(StrEnum):
    """How a touchpoint-metric moved since the previous wave (positive is better)."""

    IMPROVED = "improved"
    DECLINED = "declined"
    NO_CHANGE = "no-change"
    INCONCLUSIVE = "inconclusive"


#: The trend arrow of each change status, for diagrams and reports.
TREND_ARROWS: dict[ChangeStatus, str] = {
    ChangeStatus.IMPROVED: "↑",
    ChangeStatus.DECLINED: "↓",
    ChangeStatus.NO_CHANGE: "→",
    ChangeStatus.INCONCLUSIVE: "↕",
}


@dataclass(frozen=True)
class Change:
    """new - old in the sense of the gap, with its interval and p-value against ± margin."""

    value: float
    low: float
    high: float
    p: float
    centre: float
    se: float
    df: float | None


def _side(est: Estimate, confidence: float) -> tuple[float, float, float | None] | None:
    """(centre, SE, df or None) of one wave's estimate, for a difference."""
    if est.value is None or est.low is None or est.high is None:
        return None
    if est.method is Method.MARKOV:
        return est.value, (est.high - est.low) / (2 * critical(confidence)), None
    if est.centre is None or est.se is None:
        return None
    return est.centre, est.se, est.df if est.method is Method.T else None


def difference(
    new: Estimate, old: Estimate, up: bool, margin: float, confidence: float = 0.95
) -> Change | None:
    """The change from ``old`` to ``new`` (positive is better), or None without both figures."""
    a, b = _side(new, confidence), _side(old, confidence)
    if a is None or b is None or new.value is None or old.value is None:
        return None
    sign = 1.0 if up else -1.0
    centre = sign * (a[0] - b[0])
    var_a, var_b = a[1] ** 2, b[1] ** 2
    se = math.sqrt(var_a + var_b)
    df: float | None = None
    if a[2] is not None or b[2] is not None:
        denom = (var_a**2 / a[2] if a[2] else 0.0) + (var_b**2 / b[2] if b[2] else 0.0)
        df = (var_a + var_b) ** 2 / denom if denom > 0 else None
    half = critical(confidence, df) * se
    if se <= 0:
        p = 1.0 if abs(centre) <= margin else 0.0
    else:
        above, below = (centre - margin) / se, (centre + margin) / se
        if df is None:
            from statistics import NormalDist

            cdf = NormalDist().cdf
            p_good, p_bad = cdf(-above), cdf(below)
        else:
            p_good, p_bad = t_cdf(-above, df), t_cdf(below, df)
        p = min(1.0, 2 * min(p_good, p_bad))
    return Change(sign * (new.value - old.value), centre - half, centre + half, p, centre, se, df)


def change_status(change: Change, q: float | None, alpha: float, margin: float) -> ChangeStatus:
    """improved / declined when significant, no-change within ± margin, else inconclusive."""
    decisive = q if q is not None else change.p
    if decisive <= alpha:
        return ChangeStatus.IMPROVED if change.centre > 0 else ChangeStatus.DECLINED
    if change.low >= -margin and change.high <= margin:
        return ChangeStatus.NO_CHANGE
    return ChangeStatus.INCONCLUSIVE


def _margin(journey: Journey, row: GapResult) -> float:
    if row.margin is not None:
        return row.margin
    metric = journey.metric(row.metric)
    return metric.materiality if metric is not None else 0.0


def _with_change(
    journey: Journey, row: GapResult, old: GapResult, label: str | None, confidence: float
) -> GapResult:
    from cxmap.gaps.compute import direction_up

    metric = journey.metric(row.metric)
    if metric is None or row.estimate is None or old.estimate is None:
        return row
    if row.suppressed or old.suppressed:
        return row
    change = difference(
        row.estimate, old.estimate, direction_up(metric), _margin(journey, row), confidence
    )
    if change is None:
        return row
    return replace(
        row,
        change=change.value,
        change_low=change.low,
        change_high=change.high,
        change_p=change.p,
        previous=label,
    )


def wave_changes(journey: Journey, rows: Sequence[GapResult], confidence: float) -> list[GapResult]:
    """With ``--by wave``: each wave row against the previous wave of its touchpoint-metric;
    the overall row carries the change of the last wave against the one before."""
    out = list(rows)
    waves: dict[tuple[str, str, str], list[int]] = {}
    overall: dict[tuple[str, str, str], int] = {}
    for i, row in enumerate(rows):
        key = (row.scope, row.touchpoint, row.metric)
        if row.segment is None:
            overall[key] = i
        elif row.n > 0:
            waves.setdefault(key, []).append(i)
    for key, indices in waves.items():
        for before, after in pairwise(indices):
            out[after] = _with_change(
                journey, rows[after], rows[before], rows[before].segment, confidence
            )
        if len(indices) >= 2 and key in overall:
            last, prior = rows[indices[-1]], rows[indices[-2]]
            changed = _with_change(journey, last, prior, prior.segment, confidence)
            o = overall[key]
            out[o] = replace(
                out[o],
                change=changed.change,
                change_low=changed.change_low,
                change_high=changed.change_high,
                change_p=changed.change_p,
                previous=f"{prior.segment} → {last.segment}"
                if changed.change is not None
                else None,
            )
    return out


def compare_tables(
    journey: Journey,
    rows: Sequence[GapResult],
    old: Sequence[GapResult],
    label: str,
    confidence: float,
) -> list[GapResult]:
    """With ``--compare OLD``: each row against the same row of the older survey."""
    previous = {(r.scope, r.touchpoint, r.metric, r.segment): r for r in old}
    out: list[GapResult] = []
    for row in rows:
        match = previous.get((row.scope, row.touchpoint, row.metric, row.segment))
        out.append(row if match is None else _with_change(journey, row, match, label, confidence))
    return out


def judge_changes(
    journey: Journey, rows: Sequence[GapResult], alpha: float, adjust: bool
) -> list[GapResult]:
    """BH over the change p-values (overall rows one family, group rows another), then statuses."""
    from cxmap.gaps.status import adjust_families, row_family

    qs = adjust_families(rows, row_family, lambda r: r.change_p)
    out: list[GapResult] = []
    for row, q in zip(rows, qs, strict=True):
        if row.change is None or row.change_low is None or row.change_high is None:
            out.append(row)
            continue
        assert row.change_p is not None
        margin = _margin(journey, row)
        centre = (row.change_low + row.change_high) / 2
        change = Change(
            row.change, row.change_low, row.change_high, row.change_p, centre, 0.0, None
        )
        status = change_status(change, q if adjust else None, alpha, margin)
        out.append(replace(row, change_q=q if adjust else None, change_status=status))
    return out
