"""Multiple comparisons: Benjamini-Hochberg q-values over one family of p-values."""

from __future__ import annotations

from collections.abc import Sequence


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """The BH-adjusted p-values (q-values), in the order given.

    Benjamini & Hochberg (1995), *JRSS B* 57(1): with m p-values sorted
    ascending, q_(i) = min over j >= i of m p_(j) / j, capped at 1. Rejecting
    every q <= alpha controls the false discovery rate at alpha for independent
    or positively dependent tests (PRDS; Benjamini & Yekutieli 2001), which
    covers touchpoints of one survey. An empty family gives an empty list.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, m * p_values[index] / rank)
        q[index] = min(1.0, running)
    return q
