"""Statuses against target ± margin: p-values per row, BH per family, then the verdict.

A row's question is "does the experience lie outside target ± margin, and on
which side?". Its p-value is the two-sided test of H0: |experience - target|
<= margin, p = min(1, 2 min(p_good, p_bad)), where p_good tests "beyond
target + margin on the good side" and p_bad "beyond target - margin on the
bad side" with the row's own interval method (``Estimate.p_greater`` /
``p_less``), so p <= alpha exactly when the 1 - alpha interval lies entirely
outside the margin band.

- ``above`` / ``below``: significant (q <= alpha after Benjamini-Hochberg over
  the row's family; p <= alpha with ``adjust=False``), on the good / bad side;
- ``on-target``: the whole interval lies within target ± margin;
- ``inconclusive``: anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from cxmap.gaps.adjust import benjamini_hochberg

if TYPE_CHECKING:
    from cxmap.gaps.compute import GapResult, GapStatus
    from cxmap.gaps.estimate import Estimate


def gap_p_value(est: Estimate, target: float, margin: float, up: bool) -> tuple[float, bool]:
    """The p-value against target ± margin and whether the evidence is on the good side."""
    if up:
        good, bad = est.p_greater(target + margin), est.p_less(target - margin)
    else:
        good, bad = est.p_less(target - margin), est.p_greater(target + margin)
    return min(1.0, 2 * min(good, bad)), good <= bad


def within(low: float | None, high: float | None, centre: float, margin: float) -> bool:
    """True when the interval low..high lies inside centre ± margin."""
    if low is None or high is None:
        return False
    tolerance = 1e-12 * max(1.0, abs(centre))
    return low >= centre - margin - tolerance and high <= centre + margin + tolerance


def adjust_families(
    rows: Sequence[GapResult],
    family: Callable[[GapResult], str],
    p_of: Callable[[GapResult], float | None],
) -> list[float | None]:
    """The BH q-value of each row within its family (None for rows without a p-value)."""
    members: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if p_of(row) is not None:
            members.setdefault(family(row), []).append(i)
    out: list[float | None] = [None] * len(rows)
    for indices in members.values():
        qs = benjamini_hochberg([p_of(rows[i]) or 0.0 for i in indices])
        for i, q in zip(indices, qs, strict=True):
            out[i] = q
    return out


def row_family(row: GapResult) -> str:
    """Overall rows (touchpoints and journey) form one family; groups and roll-ups another."""
    return "overall" if row.segment is None and row.scope in ("touchpoint", "journey") else "groups"


def judge(rows: Sequence[GapResult], alpha: float, adjust: bool) -> list[GapResult]:
    """Set q and the status of every row that has a p-value."""
    from cxmap.gaps.compute import GapStatus

    qs = adjust_families(rows, row_family, lambda r: r.p)
    out: list[GapResult] = []
    for row, q in zip(rows, qs, strict=True):
        if row.p is None or row.target is None or row.margin is None:
            out.append(row)
            continue
        decisive = q if adjust else row.p
        status: GapStatus
        if decisive is not None and decisive <= alpha and row.estimate is not None:
            up = (
                row.gap is None
                or row.experience is None
                or ((row.gap > 0) == (row.experience > row.target))
            )
            _, good = gap_p_value(row.estimate, row.target, row.margin, up)
            status = GapStatus.ABOVE if good else GapStatus.BELOW
        elif within(row.ci_low, row.ci_high, row.target, row.margin):
            status = GapStatus.ON_TARGET
        else:
            status = GapStatus.INCONCLUSIVE
        out.append(replace(row, q=q if adjust else None, status=status))
    return out
