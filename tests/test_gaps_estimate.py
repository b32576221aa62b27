"""Statistics: t quantiles against published tables, intervals against scipy, statsmodels
and the formulas written out."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from cxmap.gaps.estimate import (
    MeanStats,
    Method,
    NpsStats,
    ShareStats,
    markov_interval,
    nps_interval,
    t_cdf,
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


def mean_stats(values: list[float]) -> MeanStats:
    stats = MeanStats()
    for v in values:
        stats.add(v)
    return stats


def test_mean_interval_against_scipy() -> None:
    values = [5, 4, 3, 4, 2, 5, 4, 5]
    est = mean_stats(values).estimate()
    low, high = sps.t.interval(
        0.95, len(values) - 1, loc=statistics.mean(values), scale=sps.sem(values)
    )
    assert est.n == 8 and est.method is Method.T
    assert est.value == pytest.approx(statistics.mean(values))
    assert est.low == pytest.approx(low, abs=1e-9)
    assert est.high == pytest.approx(high, abs=1e-9)


def test_mean_p_values_against_scipy_one_sample_t_test() -> None:
    values = [5, 4, 3, 4, 2, 5, 4, 5, 4, 4, 3, 5]
    est = mean_stats(values).estimate((1, 5))
    for bound in (3.0, 3.8, 4.2, 4.9):
        greater = sps.ttest_1samp(values, bound, alternative="greater").pvalue
        less = sps.ttest_1samp(values, bound, alternative="less").pvalue
        assert est.p_greater(bound) == pytest.approx(greater, rel=1e-9, abs=1e-12)
        assert est.p_less(bound) == pytest.approx(less, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("df", [1, 2, 5, 29, 200])
def test_t_cdf_against_scipy(df: int) -> None:
    for t in (-6.0, -1.5, 0.0, 0.3, 2.0, 8.0):
        assert t_cdf(t, df) == pytest.approx(sps.t.cdf(t, df), abs=1e-12)


def test_two_answers_give_the_t_interval_with_one_degree_of_freedom() -> None:
    est = mean_stats([3, 4]).estimate((1, 5))
    low, _ = sps.t.interval(0.95, 1, loc=3.5, scale=sps.sem([3, 4]))
    assert est.method is Method.T
    assert est.low == pytest.approx(max(1.0, low))  # clipped to the scale
    assert est.high == 5.0


@pytest.mark.parametrize(
    ("values", "scale"),
    [([4.0], (1, 5)), ([5.0] * 30, (1, 5)), ([3.0] * 12, (1, 5)), ([0.0] * 40, (0, 60))],
)
def test_no_spread_gives_the_markov_bound_never_zero_width(
    values: list[float], scale: tuple[float, float]
) -> None:
    n, v = len(values), values[0]
    low_s, high_s = scale
    est = mean_stats(values).estimate(scale)
    reach = 1 - 0.025 ** (1 / n)  # P(all n answers >= v | mean mu) <= ((mu - L)/(v - L))^n
    assert est.method is Method.MARKOV
    assert est.low == pytest.approx(v - reach * (v - low_s))
    assert est.high == pytest.approx(v + reach * (high_s - v))
    assert est.high > est.low
    # the p-value inverts the same bound: at the interval's end it is 2.5%
    if v > low_s:
        assert est.p_greater(est.low) == pytest.approx(0.025)
        bound = (v + low_s) / 2
        assert est.p_greater(bound) == pytest.approx(((bound - low_s) / (v - low_s)) ** n)


def test_thirty_fives_are_not_above_a_target_of_4_9() -> None:
    est = mean_stats([5.0] * 30).estimate((1, 5))
    assert est.low == pytest.approx(5 - 4 * (1 - 0.025 ** (1 / 30)))
    assert est.low < 4.9
    assert est.p_greater(4.9) == pytest.approx((3.9 / 4) ** 30)  # 0.47: no evidence


def test_one_answer_without_a_scale_has_no_interval() -> None:
    est = mean_stats([4.0]).estimate()
    assert (est.n, est.value, est.low, est.high) == (1, 4.0, None, None)


def test_chan_merge_is_stable_for_large_values() -> None:
    # amounts in cents around 1e9: the one-pass sum of squares cancels to nothing
    values = [1e9 + d for d in (1.0, 2.0, 3.0, 4.0)] * 250
    whole = mean_stats(values)
    left, right = mean_stats(values[:333]), mean_stats(values[333:])
    left.merge(right)
    expected = statistics.variance(values)
    assert whole.m2 / (whole.n - 1) == pytest.approx(expected, rel=1e-9)
    assert left.m2 / (left.n - 1) == pytest.approx(expected, rel=1e-7)
    # what the one-pass sum of squares gives: nowhere near (this is why M2 is kept)
    total, total_sq = sum(values), sum(v * v for v in values)
    one_pass = (total_sq - total * total / len(values)) / (len(values) - 1)
    assert one_pass != pytest.approx(expected, rel=1e-2)
    assert left.mean == pytest.approx(statistics.mean(values), rel=1e-15)


def test_wilson_against_statsmodels() -> None:
    for hits, n in ((8, 10), (0, 20), (20, 20), (1, 1), (0, 1), (37, 123)):
        est = wilson_interval(hits, n)
        low, high = proportion_confint(hits, n, alpha=0.05, method="wilson")
        assert est.value == pytest.approx(100 * hits / n)
        assert est.low == pytest.approx(100 * low, abs=1e-9)
        assert est.high == pytest.approx(100 * high, abs=1e-9)


def test_wilson_p_values_are_the_score_test() -> None:
    from statsmodels.stats.proportion import proportions_ztest

    est = wilson_interval(37, 123)
    for p0 in (0.2, 0.3, 0.45):
        _, greater = proportions_ztest(37, 123, p0, alternative="larger", prop_var=p0)
        _, less = proportions_ztest(37, 123, p0, alternative="smaller", prop_var=p0)
        assert est.p_greater(100 * p0) == pytest.approx(greater, rel=1e-9)
        assert est.p_less(100 * p0) == pytest.approx(less, rel=1e-9)


def adjusted_wald(prom: int, pas: int, det: int) -> tuple[float, float, float]:
    """Rocks (2016): 3/4 promoter and detractor added, 3 to n; the formula written out."""
    n = prom + pas + det + 3
    p, d = (prom + 0.75) / n, (det + 0.75) / n
    centre = p - d
    se = math.sqrt((p + d - (p - d) ** 2) / n)
    return 100 * centre, 100 * se, 100 * (prom - det) / (prom + pas + det)


def test_nps_adjusted_wald_by_hand() -> None:
    # 50 promoters, 30 passives, 20 detractors: n' = 103, p' = 50.75/103, d' = 20.75/103
    est = nps_interval(50, 30, 20)
    centre, se, score = adjusted_wald(50, 30, 20)
    assert est.method is Method.ADJUSTED_WALD
    assert est.value == pytest.approx(30.0) == pytest.approx(score)
    assert centre == pytest.approx(100 * 30 / 103)
    assert est.low == pytest.approx(centre - 1.959964 * se, abs=1e-4)
    assert est.high == pytest.approx(centre + 1.959964 * se, abs=1e-4)
    z = (centre - 20) / se
    assert est.p_greater(20) == pytest.approx(sps.norm.sf(z), rel=1e-9)


@pytest.mark.parametrize(
    ("prom", "pas", "det"), [(30, 0, 0), (0, 0, 30), (0, 30, 0), (1, 0, 0), (0, 1, 1), (2, 0, 0)]
)
def test_nps_edges_are_never_zero_width(prom: int, pas: int, det: int) -> None:
    est = nps_interval(prom, pas, det)
    centre, se, score = adjusted_wald(prom, pas, det)
    assert est.value == pytest.approx(score)
    assert est.low == pytest.approx(max(-100.0, centre - 1.959964 * se), abs=1e-4)
    assert est.high == pytest.approx(min(100.0, centre + 1.959964 * se), abs=1e-4)
    assert est.high - est.low > 10


def test_thirty_promoters_are_not_nps_100_100() -> None:
    est = nps_interval(30, 0, 0)
    assert est.high == 100.0
    assert est.low == pytest.approx(78.7, abs=0.1)


def test_markov_interval_n_one_spans_most_of_the_scale() -> None:
    est = markov_interval(1, 4.0, (1, 5))
    assert est.low == pytest.approx(4 - 0.975 * 3)
    assert est.high == pytest.approx(4 + 0.975 * 1)


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
    assert left.mean == pytest.approx(whole.mean, abs=1e-12)
    assert left.m2 == pytest.approx(whole.m2, abs=1e-9)
    assert left.m2 == pytest.approx(statistics.pvariance(values) * len(values), abs=1e-9)
    assert nps_left == nps_whole
    assert left.estimate().value == pytest.approx(statistics.mean(values))
    assert nps_whole.estimate().value == pytest.approx(
        100 * (sum(v >= 9 for v in values) - sum(v <= 6 for v in values)) / len(values)
    )
