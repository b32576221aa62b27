"""Privacy floor: rows with fewer than K respondents show no figure at all.

A segment of one person prints that person's answer. With ``--suppress-below
K`` every row (overall, group, roll-up, journey) with 0 < n < K keeps only its
place (touchpoint, metric, group, target) and says ``suppressed``: n, the
experience, gap, interval, p and q, and any change are removed before they
reach a formatter, and no change is computed against such a row. Common
practice is K = 5 for internal dashboards and K = 10 where results leave the
team (the UK ONS and many survey vendors use 10).

This is primary suppression only: a suppressed segment's figure can still be
worked out from the overall row and the other segments when only one is
hidden. Where that matters, also hide a second segment (complementary
suppression is not done automatically).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxmap.gaps.compute import GapResult


def suppress(rows: Sequence[GapResult], below: int | None) -> list[GapResult]:
    """Every row with 0 < n < ``below`` emptied of its figures and marked suppressed."""
    from cxmap.gaps.compute import GapStatus

    if not below:
        return list(rows)
    out = []
    for row in rows:
        if 0 < row.n < below:
            row = replace(
                row,
                n=0,
                experience=None,
                gap=None,
                ci_low=None,
                ci_high=None,
                status=GapStatus.SUPPRESSED,
                p=None,
                q=None,
                share=None,
                estimate=None,
                n_eff=None,
                suppressed=True,
            )
        out.append(row)
    return out
