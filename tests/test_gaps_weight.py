"""Post-stratified weighting against per-respondent weights written out (Kish effective n)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy import stats as sps

from cxmap.errors import UsageError
from cxmap.gaps import GapOptions, GapResult, GapTable, compute_gaps
from cxmap.validate import load_map
from tests.helpers import cli

MAP = """\
cxmap: 1
id: shop
title: Shop
phases: [{id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}]
weights: {segment: {new: 0.5, returning: 0.5}}
touchpoints:
  - {id: a, name: A, phase: buy, channel: web, targets: {csat: 4.0, nps: 20}}
"""
NEW = [5, 4, 5, 5, 4] * 8  # 40 answers
RETURNING = [3, 4, 2, 3] * 30  # 120 answers: over-represented
NPS_NEW = [10, 9, 8] * 10
NPS_RETURNING = [6, 9, 3, 8] * 20


def write(tmp_path: Path, extra: list[tuple[str, str, int]] = ()) -> tuple[Path, Path]:  # type: ignore[assignment]
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    rows = [("a", "csat", v, "new") for v in NEW] + [
        ("a", "csat", v, "returning") for v in RETURNING
    ]
    rows += [("a", "nps", v, "new") for v in NPS_NEW]
    rows += [("a", "nps", v, "returning") for v in NPS_RETURNING]
    rows += [(t, m, v, "churned") for t, m, v in extra]
    survey = tmp_path / "s.csv"
    survey.write_text(
        "touchpoint,metric,value,segment\n" + "".join(f"{t},{m},{v},{s}\n" for t, m, v, s in rows),
        encoding="utf-8",
    )
    return path, survey


def table(tmp_path: Path, extra: list[tuple[str, str, int]] = (), **options: object) -> GapTable:  # type: ignore[assignment]
    path, survey = write(tmp_path, extra)
    return compute_gaps(load_map(path), [survey], GapOptions(**options))  # type: ignore[arg-type]


def row(t: GapTable, metric: str, segment: str | None = None) -> GapResult:
    (r,) = [r for r in t.results if (r.metric, r.segment) == (metric, segment)]
    return r


def kish(values: list[float], weights: list[float]) -> tuple[float, float, float, float]:
    """Weighted mean, Kish n_eff and the t interval, from per-respondent weights."""
    total = sum(weights)
    mean = sum(w * x for w, x in zip(weights, values, strict=True)) / total
    n_eff = total**2 / sum(w * w for w in weights)
    spread = sum(w * (x - mean) ** 2 for w, x in zip(weights, values, strict=True)) / total
    s2 = spread * n_eff / (n_eff - 1)
    half = sps.t.ppf(0.975, n_eff - 1) * math.sqrt(s2 / n_eff)
    return mean, n_eff, mean - half, mean + half


def test_weighted_mean_matches_per_respondent_weights(tmp_path: Path) -> None:
    r = row(table(tmp_path), "csat")
    weights = [0.5 / len(NEW)] * len(NEW) + [0.5 / len(RETURNING)] * len(RETURNING)
    mean, n_eff, low, high = kish([*NEW, *RETURNING], weights)
    assert r.weighted and r.n == 160
    assert r.experience == pytest.approx(mean)
    assert r.n_eff == pytest.approx(n_eff)
    assert n_eff == pytest.approx(1 / (0.25 / 40 + 0.25 / 120))  # 120: less than 160
    assert (r.ci_low, r.ci_high) == (pytest.approx(low), pytest.approx(high))


def test_weighted_nps_uses_the_weighted_shares_and_n_eff(tmp_path: Path) -> None:
    r = row(table(tmp_path), "nps")
    p = 0.5 * sum(v >= 9 for v in NPS_NEW) / 30 + 0.5 * sum(v >= 9 for v in NPS_RETURNING) / 80
    d = 0.5 * sum(v <= 6 for v in NPS_NEW) / 30 + 0.5 * sum(v <= 6 for v in NPS_RETURNING) / 80
    n_eff = 1 / (0.25 / 30 + 0.25 / 80)
    assert r.experience == pytest.approx(100 * (p - d))
    n_adj = n_eff + 3
    pa, da = (p * n_eff + 0.75) / n_adj, (d * n_eff + 0.75) / n_adj
    se = 100 * math.sqrt((pa + da - (pa - da) ** 2) / n_adj)
    assert r.ci_low == pytest.approx(100 * (pa - da) - 1.959964 * se, abs=1e-4)


def test_unweighted_when_asked_and_group_rows_stay_unweighted(tmp_path: Path) -> None:
    plain = row(table(tmp_path, weight_by="none"), "csat")
    assert not plain.weighted and plain.experience == pytest.approx(sum(NEW + RETURNING) / 160)
    grouped = table(tmp_path, by="segment")
    assert row(grouped, "csat").weighted
    assert not row(grouped, "csat", "new").weighted
    assert row(grouped, "csat", "new").experience == pytest.approx(sum(NEW) / 40)
    assert [r.segment for r in table(tmp_path).results] == [None, None]  # no group rows


def test_segments_without_a_share_are_left_out_and_counted(tmp_path: Path) -> None:
    t = table(tmp_path, extra=[("a", "csat", 1)] * 5)
    r = row(t, "csat")
    assert r.n == 160  # the five churned answers are not in the weighted figure
    assert any("5 answers in segments without a weight share ('churned')" in w for w in t.warnings)


def test_shares_on_the_command_line_and_refusals(tmp_path: Path) -> None:
    t = table(tmp_path, weights=(("new", 1.0), ("returning", 3.0)))
    assert row(t, "csat").experience == pytest.approx(sum(NEW + RETURNING) / 160)  # = sample mix
    with pytest.raises(UsageError, match="--by"):
        table(tmp_path, by="wave")
    path, survey = write(tmp_path)
    run = cli("gaps", path, "-s", survey, "--weight-share", "new", "-f", "json")
    assert run.exit_code == 2 and "VALUE=SHARE" in run.stderr
    run = cli("gaps", path, "-s", survey)
    assert run.exit_code == 0 and "w (n_eff 120.0)" in run.stdout
    assert "weighted by segment" in run.stdout
