"""Roll-ups per phase and channel, and journey-level targets, against pooled data by hand."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from scipy import stats as sps

from cxmap.gaps import GapOptions, GapStatus, GapTable, compute_gaps
from cxmap.validate import load_map
from tests.helpers import cli

MAP = """\
cxmap: 1
id: shop
title: Shop
phases: [{id: look, name: Look}, {id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}, {id: store, name: Store, type: offline}]
targets: {nps: 20, csat: 4.0}
questions: {Q9: nps}
touchpoints:
  - {id: a, name: A, phase: look, channel: web, targets: {csat: 4.0}, questions: {Q1: csat}}
  - {id: b, name: B, phase: look, channel: store, targets: {csat: 3.0}, questions: {Q2: csat}}
  - {id: c, name: C, phase: buy, channel: web, questions: {Q3: csat}}
"""
Q1 = [5, 4, 4, 3, 5, 4] * 10
Q2 = [3, 2, 4, 3] * 10
Q3 = [4, 5] * 10
Q9 = [10, 9, 8, 3, 10, 6] * 10


def run(tmp_path: Path, **options: object) -> GapTable:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    survey = tmp_path / "wide.csv"
    rows = ["Q1,Q2,Q3,Q9"]
    for i in range(60):
        cells = [Q1[i], Q2[i] if i < 40 else "", Q3[i] if i < 20 else "", Q9[i]]
        rows.append(",".join(str(c) for c in cells))
    survey.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return compute_gaps(load_map(path), [survey], GapOptions(**options))  # type: ignore[arg-type]


def test_phase_roll_up_pools_the_answers_and_weights_the_targets(tmp_path: Path) -> None:
    table = run(tmp_path, by="phase")
    rows = {(r.touchpoint, r.metric): r for r in table.rollups}
    look = rows[("look", "csat")]
    pooled = Q1 + Q2
    low, high = sps.t.interval(
        0.95, len(pooled) - 1, loc=statistics.mean(pooled), scale=sps.sem(pooled)
    )
    assert (look.n, look.scope) == (100, "phase")
    assert look.experience == pytest.approx(statistics.mean(pooled))
    assert (look.ci_low, look.ci_high) == (pytest.approx(low), pytest.approx(high))
    # target: the touchpoints' targets weighted by their answers, (60 * 4.0 + 40 * 3.0) / 100
    assert look.target == pytest.approx(3.6)
    buy = rows[("buy", "csat")]
    assert buy.n == 20 and buy.target is None and buy.status is GapStatus.NO_TARGET
    assert [r.touchpoint for r in table.rollups] == ["look", "buy"]  # map order


def test_channel_roll_up_uses_the_map_channel_without_a_column(tmp_path: Path) -> None:
    table = run(tmp_path, by="channel")
    rows = {(r.touchpoint, r.metric): r for r in table.rollups}
    web = rows[("web", "csat")]
    assert web.n == 80 and web.experience == pytest.approx(statistics.mean(Q1 + Q3[:20]))
    assert web.target is None  # c has no csat target
    assert rows[("store", "csat")].n == 40 and rows[("store", "csat")].target == 3.0


def test_journey_level_targets_come_first(tmp_path: Path) -> None:
    table = run(tmp_path)
    (nps,) = [r for r in table.journey if r.metric == "nps"]
    promoters, detractors = sum(v >= 9 for v in Q9), sum(v <= 6 for v in Q9)
    assert nps.scope == "journey" and nps.touchpoint == "shop" and nps.n == 60
    assert nps.experience == pytest.approx(100 * (promoters - detractors) / 60)
    (csat,) = [r for r in table.journey if r.metric == "csat"]
    assert csat.status is GapStatus.NO_DATA  # a journey target nobody measured
    path = tmp_path / "m.cxmap.yaml"
    out = cli("gaps", path, "-s", tmp_path / "wide.csv", "--min-n", "5")
    lines = [line for line in out.stdout.splitlines() if "│" in line]
    assert lines[0].lstrip().startswith("journey: shop")


def test_long_layout_journey_rows_name_the_map(tmp_path: Path) -> None:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    survey = tmp_path / "long.csv"
    survey.write_text(
        "touchpoint,metric,value\nshop,nps,10\nshop,nps,3\na,csat,4\n", encoding="utf-8"
    )
    table = compute_gaps(load_map(path), [survey], GapOptions(min_n=1))
    (nps,) = [r for r in table.journey if r.metric == "nps"]
    assert nps.n == 2 and nps.experience == 0.0
    assert table.unmapped == []
