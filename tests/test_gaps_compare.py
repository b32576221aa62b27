"""Change between waves against scipy (Welch) and statsmodels (Agresti-Caffo), NPS by hand."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import confint_proportions_2indep

from cxmap.gaps import GapOptions, GapResult, GapTable, compute_gaps
from cxmap.gaps.compare import ChangeStatus, difference
from cxmap.gaps.estimate import MeanStats, nps_interval, wilson_interval
from cxmap.validate import load_map
from tests.helpers import cli

MAP = """\
cxmap: 1
id: shop
title: Shop
phases: [{id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}]
metrics:
  - {id: wait, name: Wait, scale: [0, 60], higher_is_better: false, margin: 1}
  - {id: happy, name: Happy, scale: [1, 5], aggregate: top2box}
touchpoints:
  - {id: a, name: A, phase: buy, channel: web, targets: {csat: 4.0, nps: 20, wait: 10}}
  - {id: b, name: B, phase: buy, channel: web, targets: {happy: 50}}
"""


def mean_stats(values: list[float]) -> MeanStats:
    stats = MeanStats()
    for v in values:
        stats.add(v)
    return stats


def test_welch_difference_matches_scipy() -> None:
    rng = random.Random(1)
    old = [rng.choice([2, 3, 4, 4, 5]) for _ in range(80)]
    new = [rng.choice([3, 4, 4, 5, 5]) for _ in range(55)]
    change = difference(mean_stats(new).estimate(), mean_stats(old).estimate(), True, 0.1)
    assert change is not None
    welch = sps.ttest_ind(new, old, equal_var=False)
    low, high = welch.confidence_interval(0.95)
    assert change.value == pytest.approx(sum(new) / 55 - sum(old) / 80)
    assert (change.low, change.high) == (pytest.approx(low), pytest.approx(high))
    assert change.df == pytest.approx(welch.df)
    # against the margin 0.1: H0 |delta| <= 0.1, twice the smaller one-sided p
    shifted_up = sps.ttest_ind([v - 0.1 for v in new], old, equal_var=False, alternative="greater")
    shifted_down = sps.ttest_ind([v + 0.1 for v in new], old, equal_var=False, alternative="less")
    assert change.p == pytest.approx(2 * min(shifted_up.pvalue, shifted_down.pvalue), rel=1e-7)


def test_lower_is_better_flips_the_sign() -> None:
    old, new = [10, 12, 14] * 10, [6, 8, 10] * 10
    change = difference(mean_stats(new).estimate(), mean_stats(old).estimate(), False, 1.0)
    assert change is not None and change.value == pytest.approx(4.0)  # 4 minutes shorter: better


def test_share_difference_matches_agresti_caffo() -> None:
    change = difference(wilson_interval(45, 90), wilson_interval(30, 100), True, 5.0)
    low, high = confint_proportions_2indep(45, 90, 30, 100, method="agresti-caffo")
    assert change is not None
    assert change.value == pytest.approx(100 * (45 / 90 - 30 / 100))
    assert (change.low, change.high) == (pytest.approx(100 * low), pytest.approx(100 * high))


def test_nps_difference_of_adjusted_wald_scores_by_hand() -> None:
    new, old = nps_interval(70, 40, 30), nps_interval(50, 45, 45)
    change = difference(new, old, True, 5.0)

    def adjusted(p: int, s: int, d: int) -> tuple[float, float]:
        n = p + s + d + 3
        pp, dd = (p + 0.75) / n, (d + 0.75) / n
        return 100 * (pp - dd), 100**2 * (pp + dd - (pp - dd) ** 2) / n

    (c1, v1), (c2, v2) = adjusted(70, 40, 30), adjusted(50, 45, 45)
    se = math.sqrt(v1 + v2)
    assert change is not None
    assert change.value == pytest.approx(100 * 40 / 140 - 100 * 5 / 140)
    assert change.low == pytest.approx(c1 - c2 - 1.959964 * se, abs=1e-4)
    expected_p = 2 * min(sps.norm.sf((c1 - c2 - 5) / se), sps.norm.cdf((c1 - c2 + 5) / se))
    assert change.p == pytest.approx(expected_p, rel=1e-9)


def test_a_side_without_spread_is_never_certain() -> None:
    change = difference(
        mean_stats([5.0] * 30).estimate((1, 5)), mean_stats([5.0] * 30).estimate((1, 5)), True, 0.1
    )
    assert change is not None and change.value == 0.0
    assert change.high - change.low > 0.1  # no zero-width "no change"


def write(tmp_path: Path, name: str, rows: list[tuple[str, str, int]]) -> Path:
    path = tmp_path / name
    path.write_text(
        "touchpoint,metric,value\n" + "".join(f"{t},{m},{v}\n" for t, m, v in rows),
        encoding="utf-8",
    )
    return path


def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def find(t: GapTable, tp: str, metric: str, segment: str | None = None) -> GapResult:
    (row,) = [r for r in t.results if (r.touchpoint, r.metric, r.segment) == (tp, metric, segment)]
    return row


WAVE1 = [("a", "nps", v) for v in [10] * 40 + [8] * 60 + [3] * 50] + [
    ("a", "csat", v) for v in [4, 5, 3] * 50
]
WAVE2 = [("a", "nps", v) for v in [10] * 70 + [8] * 50 + [3] * 30] + [
    ("a", "csat", v) for v in [4, 5, 3] * 50
]


def test_by_wave_gives_each_wave_and_the_overall_row_a_change(tmp_path: Path) -> None:
    one, two = write(tmp_path, "w1.csv", WAVE1), write(tmp_path, "w2.csv", WAVE2)
    journey = load_map(shop(tmp_path))
    table = compute_gaps(journey, [one, two], GapOptions(by="wave"))
    first, second = find(table, "a", "nps", "w1.csv"), find(table, "a", "nps", "w2.csv")
    overall = find(table, "a", "nps")
    assert first.change is None
    assert second.change == pytest.approx(100 * (70 - 30) / 150 - 100 * (40 - 50) / 150)
    assert second.previous == "w1.csv"
    assert second.change_status is ChangeStatus.IMPROVED
    assert overall.change == second.change and overall.previous == "w1.csv → w2.csv"
    assert overall.change_status is ChangeStatus.IMPROVED
    csat = find(table, "a", "csat")
    assert csat.change == 0.0 and csat.change_status is ChangeStatus.INCONCLUSIVE


def test_compare_sets_every_row_against_the_older_file(tmp_path: Path) -> None:
    one, two = write(tmp_path, "w1.csv", WAVE1), write(tmp_path, "w2.csv", WAVE2)
    table = compute_gaps(load_map(shop(tmp_path)), [two], GapOptions(compare=(one,)))
    row = find(table, "a", "nps")
    assert row.previous == "w1.csv" and row.change_status is ChangeStatus.IMPROVED
    assert row.change_q is not None and row.change_p is not None


def test_fail_on_decline_exits_1_and_shows_the_change(tmp_path: Path) -> None:
    one, two = write(tmp_path, "w1.csv", WAVE1), write(tmp_path, "w2.csv", WAVE2)
    run = cli("gaps", shop(tmp_path), "-s", one, "--compare", two, "--fail-on-decline")
    assert run.exit_code == 1
    assert "significant decline" in run.stderr and "since w2.csv" in run.stderr
    assert "↓ declined" in run.stdout
    run = cli("gaps", shop(tmp_path), "-s", two, "--compare", one, "--fail-on-decline")
    assert run.exit_code == 0, run.stderr
    assert "↑ improved" in run.stdout
