"""Measured experience against targets: the gap per touchpoint and metric.

One room per idea:

- ``compute``: reads the survey tallies into statistics per touchpoint and
  metric (and group) and sets them against the targets (``compute_gaps``);
- ``estimate``: the mergeable sufficient statistics and their intervals.
"""

from cxmap.gaps.compute import (
    BY_CHOICES,
    GapOptions,
    GapResult,
    GapStatus,
    GapTable,
    compute_gaps,
    direction_up,
)

__all__ = [
    "BY_CHOICES",
    "GapOptions",
    "GapResult",
    "GapStatus",
    "GapTable",
    "compute_gaps",
    "direction_up",
]
