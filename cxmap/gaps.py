"""Measured experience against targets: the gap per touchpoint and metric.

``compute_gaps`` reads survey exports (see ``cxmap.survey``), aggregates the
answers per touchpoint and metric through mergeable sufficient statistics
(``cxmap.stats``) and sets the experience against the map's targets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cxmap.model import Journey


class GapStatus(StrEnum):
    """Where a touchpoint's experience stands against its target (positive is good)."""

    ABOVE = "above"
    BELOW = "below"
    INCONCLUSIVE = "inconclusive"
    TOO_FEW = "too-few"
    NO_DATA = "no-data"
    NO_TARGET = "no-target"


@dataclass(frozen=True)
class GapResult:
    """One touchpoint-metric pair (optionally of one group): experience, target, gap."""

    touchpoint: str
    metric: str
    segment: str | None
    n: int
    experience: float | None
    target: float | None
    gap: float | None
    ci_low: float | None
    ci_high: float | None
    status: GapStatus


@dataclass(frozen=True)
class GapTable:
    """Every gap of one map, with what was read, skipped, unmapped and warned about."""

    map_id: str
    rows_read: int
    rows_skipped: int
    results: list[GapResult]
    unmapped: list[str]
    warnings: list[str]


@dataclass(frozen=True)
class GapOptions:
    """How to read the survey files and group the results."""

    layout: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    segment_column: str = "segment"
    date_column: str | None = None
    min_n: int = 30
    by: str | None = None


def compute_gaps(
    journey: Journey,
    surveys: Sequence[Path],
    options: GapOptions = GapOptions(),
    *,
    progress: Callable[[int], None] | None = None,
) -> GapTable:
    """Read ``surveys`` and set the measured experience against ``journey``'s targets.

    Work in progress: not implemented yet.
    """
    raise NotImplementedError("compute_gaps is not implemented yet")
