"""Weighting: post-stratified estimates by segment, intervals on the Kish effective n.

When the sample's mix of segments differs from the customer base, each
segment g gets the weight W_g of its target share (normalised over the
segments that have answers) and every answer in it the weight W_g / n_g.
Then (Kish 1965, *Survey Sampling*; Lohr, *Sampling: Design and Analysis*):

- the weighted mean is sum W_g mean_g, its variance
  s^2 = sum W_g (M2_g / n_g + (mean_g - mean)^2) * n_eff / (n_eff - 1);
- a share or the promoter and detractor shares are sum W_g share_g;
- the effective sample size is n_eff = (sum w)^2 / sum w^2 = 1 / sum W_g^2 / n_g;
- the interval is the unweighted method's (t, Wilson, adjusted Wald, Markov
  bound) with n_eff in place of n.

Answers of segments without a share cannot be weighted: they are left out of
the weighted row and counted in a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from cxmap.gaps.estimate import (
    CONFIDENCE,
    Estimate,
    MeanStats,
    NpsStats,
    ShareStats,
    Stats,
    nps_interval,
    t_interval,
    wilson_interval,
)

if TYPE_CHECKING:
    from cxmap.gaps.compute import GapResult
    from cxmap.model import Journey


def post_stratified(
    parts: Mapping[str, Stats],
    shares: Mapping[str, float],
    scale: tuple[float, float] | None = None,
    confidence: float = CONFIDENCE,
) -> Estimate | None:
    """The post-stratified estimate of one metric from its per-segment statistics.

    None when no segment with answers has a share.
    """
    present = {g: s for g, s in parts.items() if s.n > 0 and shares.get(g, 0) > 0}
    if not present:
        return None
    total_share = sum(shares[g] for g in present)
    w = {g: shares[g] / total_share for g in present}
    count = sum(s.n for s in present.values())
    n_eff = 1.0 / sum(w[g] ** 2 / s.n for g, s in present.items())
    first = next(iter(present.values()))
    if isinstance(first, MeanStats):
        means = {g: s.mean for g, s in present.items() if isinstance(s, MeanStats)}
        m2s = {g: s.m2 for g, s in present.items() if isinstance(s, MeanStats)}
        mean = sum(w[g] * means[g] for g in present)
        spread = sum(w[g] * (m2s[g] / present[g].n + (means[g] - mean) ** 2) for g in present)
        # M2 of an equivalent sample of n_eff answers with variance spread * n_eff / (n_eff - 1)
        m2 = spread * n_eff
        return t_interval(n_eff, mean, m2, scale, confidence, count=count)
    if isinstance(first, ShareStats):
        share = sum(w[g] * s.hits / s.n for g, s in present.items() if isinstance(s, ShareStats))
        return wilson_interval(share * n_eff, n_eff, confidence, count=count)
    assert isinstance(first, NpsStats)
    promoters = sum(w[g] * s.promoters / s.n for g, s in present.items() if isinstance(s, NpsStats))
    detractors = sum(
        w[g] * s.detractors / s.n for g, s in present.items() if isinstance(s, NpsStats)
    )
    passives = max(0.0, 1 - promoters - detractors)
    return nps_interval(
        promoters * n_eff, passives * n_eff, detractors * n_eff, confidence, count=count
    )


def weighted(
    journey: Journey,
    stats: Mapping[tuple[str, str, str | None], Stats],
    rows: Sequence[GapResult],
    shares: Mapping[str, float],
    min_n: int,
    confidence: float,
) -> tuple[list[GapResult], list[str]]:
    """The overall rows post-stratified by segment (marked ``weighted``), and a warning per
    touchpoint-metric whose answers include segments without a share."""
    from cxmap.gaps.compute import gap_result, journey_touchpoint

    per_row: dict[tuple[str, str], dict[str, Stats]] = {}
    for (tp_id, metric_id, group), part in stats.items():
        if group is not None:
            per_row.setdefault((tp_id, metric_id), {})[group] = part
    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    whole = journey_touchpoint(journey)
    out: list[GapResult] = []
    warnings: list[str] = []
    for row in rows:
        parts = per_row.get((row.touchpoint, row.metric))
        metric = journey.metric(row.metric)
        if row.segment is not None or not parts or metric is None:
            out.append(row)
            continue
        tp = whole if row.scope == "journey" else touchpoints[row.touchpoint]
        unweighted = sorted(g for g, s in parts.items() if s.n > 0 and g not in shares)
        if unweighted:
            left = sum(parts[g].n for g in unweighted)
            warnings.append(
                f"'{row.touchpoint}' {row.metric}: {left} answer{'s' if left != 1 else ''} in "
                f"segments without a weight share ({', '.join(repr(g) for g in unweighted)}) "
                "left out of the weighted figure"
            )
        estimate = post_stratified(parts, shares, metric.scale, confidence)
        if estimate is None:
            out.append(row)
            continue
        result = gap_result(
            row.touchpoint,
            metric,
            None,
            estimate,
            tp.targets.get(metric.id),
            tp.margins.get(metric.id),
            min_n,
            confidence,
            scope=row.scope,
        )
        out.append(replace(result, weighted=True, n_eff=estimate.n_eff))
    return out, warnings
