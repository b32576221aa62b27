"""Roll-ups: one row per phase or channel, pooling the touchpoints' answers per metric.

Pooling merges the touchpoints' sufficient statistics, so every answer counts
once, as if the phase (or channel) were one touchpoint: a touchpoint with more
answers weighs more. The interval treats the answers as independent; a
respondent who answered several touchpoints of the phase counts for each, so
the interval is somewhat too narrow when one person's answers agree.

A phase has no target of its own: a roll-up's target is the touchpoints'
targets averaged with the same weights (their answer counts), which is the
pooled figure the phase would have if every touchpoint met its target
exactly. When a touchpoint with answers has no target for the metric, the
roll-up has no target. Its margin is the metric's.

``--by phase`` pools each touchpoint's answers into its map phase; ``--by
channel`` pools the answers per channel: the survey's ``channel`` column
where it has one, else the touchpoint's channel in the map.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxmap.gaps.compute import GapResult
    from cxmap.gaps.estimate import Stats
    from cxmap.model import Journey


def pooled(parts: list[Stats]) -> Stats:
    """A fresh statistic holding all ``parts`` (which must be of one kind)."""
    total = type(parts[0])()
    for part in parts:
        total.merge(part)  # type: ignore[arg-type]
    return total


def rollups(
    journey: Journey,
    stats: Mapping[tuple[str, str, str | None], Stats],
    by: str,
    min_n: int,
    confidence: float,
) -> list[GapResult]:
    """One row per phase (or channel) and metric, in map order, then metric."""
    from cxmap.gaps.compute import gap_result

    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    members: dict[tuple[str, str], list[tuple[str, Stats]]] = {}
    for (tp_id, metric_id, group), part in stats.items():
        tp = touchpoints.get(tp_id)
        if tp is None or part.n == 0:
            continue
        if by == "phase" and group is None:
            members.setdefault((tp.phase, metric_id), []).append((tp_id, part))
        elif by == "channel" and group is not None:
            members.setdefault((group, metric_id), []).append((tp_id, part))
    order = [p.id for p in journey.phases] if by == "phase" else [c.id for c in journey.channels]
    rank = {name: i for i, name in enumerate(order)}
    out: list[GapResult] = []
    for (name, metric_id), parts in sorted(
        members.items(), key=lambda kv: (rank.get(kv[0][0], len(rank)), kv[0][0], kv[0][1])
    ):
        metric = journey.metric(metric_id)
        if metric is None:
            continue
        targets = [touchpoints[tp_id].targets.get(metric_id) for tp_id, _ in parts]
        target: float | None = None
        if all(t is not None for t in targets):
            weights = [part.n for _, part in parts]
            target = sum(w * t for w, t in zip(weights, targets, strict=True) if t is not None)
            target /= sum(weights)
        total = pooled([part for _, part in sorted(parts, key=lambda p: p[0])])
        out.append(gap_result(name, metric, None, total, target, None, min_n, confidence, scope=by))
    return out
