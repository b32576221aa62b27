"""Statistics: t quantiles against published tables, intervals against hand formulas."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxmap.gaps.estimate import (
    MeanStats,
    NpsStats,
    ShareStats,
    nps_interval,
    t_quantile,
    wilson_interval,
)

# Two-sided 95% (p = 0.975) and 90% (p = 0.95) critical values from a printed t table.
T_TABLE = [
    (0.975, 1, 12.7062),
    (0.975, 2, 4.3027),
    (0.975, 3, 3.1824),
    (0.975, 4, 2.7764),
    (0.975, 5, 2.5706),
    (0.975, 7, 2.3646),
    (0.975, 10, 2.2281),
    (0.975, 20, 2.0860),
    (0.975, 29, 2.0452),
    (0.975, 30, 2.0423),
    (0.975, 60, 2.0003),
    (0.975, 120, 1.9799),
    (0.95, 1, 6.3138),
    (0.95, 10, 1.8125),
    (0.995, 3, 5.8409),
    (0.995, 30, 2.7500),
]


@pytest.mark.parametrize(("p", "df", "expected"), T_TABLE)
def test_t_quantile_matches_the_printed_table(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-4)


def test_t_quantile_is_symmetric_and_tends_to_the_normal() -> None:
    assert t_quantile(0.025, 7) == pytest.approx(-2.3646, abs=1e-4)
    assert t_quantile(0.975, 1_000_000) == pytest.approx(1.95996, abs=1e-4)


def test_t_quantile_rejects_impossible_arguments() -> None:
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)
    with pytest.raises(ValueError):
        t_quantile(0.9, 0)


def test_mean_interval_by_hand() -> None:
    values = [5, 4, 3, 4, 2, 5, 4, 5]
    stats = MeanStats()
    for v in values:
        stats.add(v)
    est = stats.estimate()
    mean = statistics.mean(values)
    half = 2.364624 * statistics.stdev(values) / math.sqrt(len(values))
    assert est.n == 8
    assert est.value == pytest.approx(mean)
    assert est.low == pytest.approx(mean - half, abs=1e-5)
    assert est.high == pytest.approx(mean + half, abs=1e-5)


def test_one_answer_has_no_interval() -> None:
    stats = MeanStats()
    stats.add(4.0)
    est = stats.estimate()
    assert (est.n, est.value, est.low, est.high) == (1, 4.0, None, None)


def test_wilson_by_hand() -> None:
    # 8 hits of 10: the textbook Wilson 95% interval is 0.4902 .. 0.9433
    est = wilson_interval(8, 10)
    assert est.value == pytest.approx(80.0)
    assert est.low == pytest.approx(49.02, abs=0.01)
    assert est.high == pytest.approx(94.33, abs=0.01)


def test_wilson_at_zero_stays_inside_0_100() -> None:
    est = wilson_interval(0, 20)
    assert est.value == 0.0
    assert est.low == 0.0
    assert est.high == pytest.approx(16.11, abs=0.01)


def test_nps_wald_by_hand() -> None:
    # 50 promoters, 30 passives, 20 detractors: NPS 30,
    # SE = 100 * sqrt((0.5 + 0.2 - 0.3^2) / 100) = 100 * sqrt(0.0061) = 7.8102
    est = nps_interval(50, 30, 20)
    se = 100 * math.sqrt(0.0061)
    assert est.value == pytest.approx(30.0)
    assert est.low == pytest.approx(30 - 1.959964 * se, abs=1e-4)
    assert est.high == pytest.approx(30 + 1.959964 * se, abs=1e-4)


def test_nps_interval_is_clipped_to_the_score_range() -> None:
    est = nps_interval(1, 0, 1)
    assert est.value == 0.0
    assert est.low == -100.0 and est.high == 100.0


def test_empty_statistics_have_no_value() -> None:
    assert MeanStats().estimate().value is None
    assert ShareStats().estimate().value is None
    assert NpsStats().estimate().value is None


@given(
    st.lists(st.integers(min_value=0, max_value=10), min_size=2, max_size=60),
    st.integers(min_value=0, max_value=60),
)
def test_merged_shards_equal_the_whole(values: list[int], cut: int) -> None:
    cut = min(cut, len(values))
    whole, left, right = MeanStats(), MeanStats(), MeanStats()
    nps_whole, nps_left, nps_right = NpsStats(), NpsStats(), NpsStats()
    for i, v in enumerate(values):
        whole.add(v)
        (left if i < cut else right).add(v)
        target = nps_left if i < cut else nps_right
        for bucket in (nps_whole, target):
            if v >= 9:
                bucket.add_promoters()
            elif v >= 7:
                bucket.add_passives()
            else:
                bucket.add_detractors()
    left.merge(right)
    nps_left.merge(nps_right)
    assert left.n == whole.n == len(values)
    assert left.total == whole.total
    assert left.total_sq == whole.total_sq
    assert nps_left == nps_whole
    assert left.estimate().value == pytest.approx(statistics.mean(values))
    assert nps_whole.estimate().value == pytest.approx(
        100 * (sum(v >= 9 for v in values) - sum(v <= 6 for v in values)) / len(values)
    )
