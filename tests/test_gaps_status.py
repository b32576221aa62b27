"""Margins, p-values against target ± margin, Benjamini-Hochberg families and statuses.

Expected numbers come from scipy (one-sample t tests, t intervals) and
statsmodels (multipletests), never from cxmap.
"""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from cxmap.gaps import GapOptions, GapResult, GapStatus, GapTable, compute_gaps
from cxmap.gaps.adjust import benjamini_hochberg
from cxmap.model import BUILTIN_METRICS
from cxmap.validate import load_map

MAP = """\
cxmap: 1
id: shop
title: Shop
phases: [{id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}]
metrics:
  - {id: wait, name: Wait, scale: [0, 60], higher_is_better: false, margin: 2}
touchpoints:
  - {id: a, name: A, phase: buy, channel: web, targets: {csat: 4.6}}
  - {id: b, name: B, phase: buy, channel: web, targets: {csat: 4.0}, margins: {csat: 0.5}}
  - {id: c, name: C, phase: buy, channel: web, targets: {wait: 10, nps: 30}}
"""


def table(tmp_path: Path, rows: list[tuple[str, str, float | int]], **options: object) -> GapTable:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    survey = tmp_path / "s.csv"
    lines = ["touchpoint,metric,value,segment"]
    lines += [f"{tp},{m},{v},{'x' if i % 2 else 'y'}" for i, (tp, m, v) in enumerate(rows)]
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return compute_gaps(load_map(path), [survey], GapOptions(**options))  # type: ignore[arg-type]


def find(t: GapTable, tp: str, metric: str, segment: str | None = None) -> GapResult:
    (row,) = [r for r in t.results if (r.touchpoint, r.metric, r.segment) == (tp, metric, segment)]
    return row


def two_sided_margin_p(values: list[float], low: float, high: float) -> float:
    """p of H0 low <= mu <= high: twice the smaller one-sided t test p (scipy)."""
    above = sps.ttest_1samp(values, high, alternative="greater").pvalue
    below = sps.ttest_1samp(values, low, alternative="less").pvalue
    return min(1.0, 2 * min(above, below))


def test_default_margins_are_documented_shares_of_the_range() -> None:
    assert BUILTIN_METRICS["csat"].materiality == pytest.approx(0.1)
    assert BUILTIN_METRICS["ces"].materiality == pytest.approx(0.15)
    assert BUILTIN_METRICS["emotion"].materiality == pytest.approx(0.1)
    assert BUILTIN_METRICS["nps"].materiality == 5


def test_significant_but_immaterial_is_not_below(tmp_path: Path) -> None:
    # n = 460, mean about 4.53 against 4.6: significant without a margin, not with 0.1
    rng = random.Random(3)
    values = [5] * 280 + [4] * 150 + [3] * 20 + [2] * 10
    rng.shuffle(values)
    t = table(tmp_path, [("a", "csat", v) for v in values])
    row = find(t, "a", "csat")
    assert row.margin == pytest.approx(0.1)
    assert row.experience == pytest.approx(statistics.mean(values))
    assert row.p == pytest.approx(two_sided_margin_p(values, 4.5, 4.7), rel=1e-6)
    assert sps.ttest_1samp(values, 4.6).pvalue < 0.05  # a plain test would say "below"
    assert row.status is GapStatus.INCONCLUSIVE


def test_on_target_when_the_interval_lies_within_the_margin(tmp_path: Path) -> None:
    values = [5, 4] * 1000  # mean 4.5, tight interval, target 4.0 with margin 0.5 (b)
    t = table(tmp_path, [("b", "csat", v) for v in values])
    row = find(t, "b", "csat")
    low, high = sps.t.interval(0.95, len(values) - 1, loc=4.5, scale=sps.sem(values))
    assert row.margin == 0.5  # the target's own margin
    assert (row.ci_low, row.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert high > 4.5 - 1e-9  # the interval reaches over 4.5: not all within 3.5..4.5
    assert row.status is GapStatus.INCONCLUSIVE
    values = [5, 4, 4, 4] * 1000  # mean 4.25: the interval lies inside 3.5..4.5
    row = find(table(tmp_path, [("b", "csat", v) for v in values]), "b", "csat")
    assert row.ci_low >= 3.5 and row.ci_high <= 4.5  # type: ignore[operator]
    assert row.status is GapStatus.ON_TARGET


def test_above_and_below_need_the_interval_beyond_the_margin(tmp_path: Path) -> None:
    # wait, lower is better, target 10, the metric's margin 2: below means above 12 minutes
    rows = [("c", "wait", v) for v in [11, 13] * 50]  # mean 12, just inside the band
    row = find(table(tmp_path, rows), "c", "wait")
    assert row.margin == 2
    assert row.gap == pytest.approx(-2)
    assert row.status is GapStatus.INCONCLUSIVE
    rows = [("c", "wait", v) for v in [13, 15] * 50]  # mean 14: interval above 12
    row = find(table(tmp_path, rows), "c", "wait")
    assert row.p == pytest.approx(two_sided_margin_p([13, 15] * 50, 8, 12), rel=1e-6)
    assert row.status is GapStatus.BELOW


def test_nps_p_value_uses_the_adjusted_wald_se(tmp_path: Path) -> None:
    answers = [10] * 60 + [8] * 20 + [3] * 20  # NPS 40 against 30 with a 5-point margin
    row = find(table(tmp_path, [("c", "nps", v) for v in answers]), "c", "nps")
    n = 103
    p, d = 60.75 / n, 20.75 / n
    centre, se = 100 * (p - d), 100 * ((p + d - (p - d) ** 2) / n) ** 0.5
    expected = 2 * min(sps.norm.sf((centre - 35) / se), sps.norm.cdf((centre - 25) / se))
    assert row.p == pytest.approx(expected, rel=1e-9)


def test_benjamini_hochberg_matches_statsmodels() -> None:
    rng = random.Random(11)
    for m in (1, 2, 5, 40):
        ps = [rng.random() ** 3 for _ in range(m)]
        _, expected, _, _ = multipletests(ps, method="fdr_bh")
        assert benjamini_hochberg(ps) == pytest.approx(list(expected), rel=1e-12)
    assert benjamini_hochberg([]) == []
    assert benjamini_hochberg([0.01, 0.01, 0.01]) == pytest.approx([0.01] * 3)


def test_overall_and_group_rows_are_separate_families(tmp_path: Path) -> None:
    rng = random.Random(5)
    rows = [("a", "csat", rng.choice([3, 4, 5])) for _ in range(300)]
    rows += [("b", "csat", rng.choice([4, 5])) for _ in range(300)]
    rows += [("c", "wait", rng.randint(5, 20)) for _ in range(300)]
    t = table(tmp_path, rows, by="segment")
    overall = [r for r in t.results if r.segment is None and r.p is not None]
    groups = [r for r in t.results if r.segment is not None and r.p is not None]
    assert len(overall) == 3 and len(groups) == 6
    for family in (overall, groups):
        _, expected, _, _ = multipletests([r.p for r in family], method="fdr_bh")
        assert [r.q for r in family] == pytest.approx(list(expected), rel=1e-12)


def test_no_adjust_judges_each_row_on_its_p(tmp_path: Path) -> None:
    rows = [("c", "wait", v) for v in [13, 15] * 50]
    row = find(table(tmp_path, rows, adjust=False), "c", "wait")
    assert row.q is None and row.p is not None and row.p < 0.05
    assert row.status is GapStatus.BELOW


def test_alpha_sets_the_interval_level_and_the_threshold(tmp_path: Path) -> None:
    values = [5, 4, 3, 4, 5, 5, 4, 4, 3, 5] * 4
    row = find(table(tmp_path, [("a", "csat", v) for v in values], alpha=0.1), "a", "csat")
    low, high = sps.t.interval(
        0.90, len(values) - 1, loc=statistics.mean(values), scale=sps.sem(values)
    )
    assert (row.ci_low, row.ci_high) == (pytest.approx(low), pytest.approx(high))
    with pytest.raises(Exception, match="--alpha"):
        table(tmp_path, [("a", "csat", 4)], alpha=1.5)


def test_too_few_rows_are_not_tested(tmp_path: Path) -> None:
    row = find(table(tmp_path, [("a", "csat", 5)] * 5), "a", "csat")
    assert (row.status, row.p, row.q) == (GapStatus.TOO_FEW, None, None)
