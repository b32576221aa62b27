"""One ranking (gap as a share of the scale, clear before unclear) and --fail-below."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmap.errors import UsageError
from cxmap.gaps import GapOptions, GapResult, GapStatus, compute_gaps
from cxmap.gaps.rank import failing, fix_first, parse_fail_below, worst_first
from cxmap.validate import load_map
from tests.helpers import cli

MAP = """\
cxmap: 1
id: shop
title: Shop
phases: [{id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}]
touchpoints:
  - {id: a, name: A, phase: buy, channel: web, targets: {csat: 4.5}}
  - {id: b, name: B, phase: buy, channel: web, targets: {nps: 40}}
  - {id: c, name: C, phase: buy, channel: web, targets: {csat: 3.0}}
  - {id: d, name: D, phase: buy, channel: web, targets: {csat: 4.0}}
"""
# a: csat mean 3.5 over 200 answers: gap -1.0, clearly below; share -1/4 = -25%
# b: nps of 30 answers 10 promoters, 10 passives, 10 detractors: 0, gap -40, share -20%,
#    adjusted Wald interval about -31..31 (inconclusive against 40 - 5 = 35? no: below 35)
# c: csat mean 4.5 over 200: gap +1.5, clearly above
# d: csat 4 and 5 alternating over 8 answers: too few (min-n 30)


def survey(tmp_path: Path) -> Path:
    rows = [("a", "csat", v) for v in [3, 4] * 100]
    rows += [("b", "nps", v) for v in [10] * 3 + [8] * 3 + [3] * 3]
    rows += [("c", "csat", v) for v in [4, 5] * 100]
    rows += [("d", "csat", v) for v in [4, 5] * 4]
    path = tmp_path / "s.csv"
    path.write_text(
        "touchpoint,metric,value,segment\n"
        + "".join(f"{t},{m},{v},{'x' if i % 2 else 'y'}\n" for i, (t, m, v) in enumerate(rows)),
        encoding="utf-8",
    )
    return path


def results(tmp_path: Path, **options: object) -> list[GapResult]:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    table = compute_gaps(load_map(path), [survey(tmp_path)], GapOptions(**options))  # type: ignore[arg-type]
    return table.results


def test_share_is_the_gap_over_the_scale_range(tmp_path: Path) -> None:
    rows = {r.touchpoint: r for r in results(tmp_path) if r.segment is None}
    assert rows["a"].share == pytest.approx(-1.0 / 4)  # csat 1..5
    assert rows["b"].share == pytest.approx(-40 / 200)  # nps -100..100
    assert rows["c"].share == pytest.approx(1.5 / 4)


def test_clear_shortfalls_first_then_unclear_then_on_target_then_above(tmp_path: Path) -> None:
    rows = [r for r in results(tmp_path) if r.segment is None]
    statuses = {r.touchpoint: r.status for r in rows}
    assert statuses == {
        "a": GapStatus.BELOW,
        "b": GapStatus.TOO_FEW,
        "c": GapStatus.ABOVE,
        "d": GapStatus.TOO_FEW,
    }
    # b (-20%, unclear) ranks after a (-25%, clear) and d (+0%..) after b
    assert [r.touchpoint for r in worst_first(rows)] == ["a", "b", "d", "c"]
    assert [r.touchpoint for r in fix_first(rows)] == ["a"]


def test_an_unclear_large_gap_ranks_after_a_clear_smaller_one(tmp_path: Path) -> None:
    rows = [r for r in results(tmp_path, min_n=5) if r.segment is None]
    b = next(r for r in rows if r.touchpoint == "b")
    assert b.status is GapStatus.INCONCLUSIVE or b.status is GapStatus.BELOW
    order = [r.touchpoint for r in worst_first(rows)]
    if b.status is GapStatus.INCONCLUSIVE:
        assert order.index("a") < order.index("b")


def test_group_rows_stay_under_their_overall_row(tmp_path: Path) -> None:
    order = [(r.touchpoint, r.segment) for r in worst_first(results(tmp_path, by="segment"))]
    assert order[:3] == [("a", None), ("a", "x"), ("a", "y")]


@pytest.mark.parametrize(
    ("values", "share", "per_metric", "value"),
    [
        (["5%"], -0.05, {}, None),
        (["-5%"], -0.05, {}, None),
        (["csat=-0.2", "nps=-5"], None, {"csat": -0.2, "nps": -5.0}, None),
        (["0"], None, {}, 0.0),
    ],
)
def test_fail_below_syntax(
    values: list[str], share: float | None, per_metric: dict[str, float], value: float | None
) -> None:
    parsed = parse_fail_below(values)
    assert (parsed.share, parsed.per_metric, parsed.value) == (share, per_metric, value)


@pytest.mark.parametrize("bad", ["five", "%", "=3", "csat=", "nan", "inf%"])
def test_fail_below_refuses_what_it_cannot_read(bad: str) -> None:
    with pytest.raises(UsageError, match="--fail-below"):
        parse_fail_below([bad])


def test_failing_judges_overall_rows_unless_groups(tmp_path: Path) -> None:
    rows = results(tmp_path, by="segment")
    assert [r.touchpoint for r in failing(rows, parse_fail_below(["20%"]))] == ["a"]
    assert failing(rows, parse_fail_below(["30%"])) == []
    assert failing(rows, parse_fail_below(["csat=-1.1"])) == []
    assert [r.touchpoint for r in failing(rows, parse_fail_below(["csat=-0.9"]))] == ["a"]
    grouped = failing(rows, parse_fail_below(["20%"]), groups=True)
    # segment y holds a's 3s (share -2/4 = -50%), x its 4s (-0.5 / 4 = -12.5%: under 20%)
    assert [(r.touchpoint, r.segment) for r in grouped] == [("a", "y"), ("a", None)]


def test_cli_fail_below(tmp_path: Path) -> None:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(MAP, encoding="utf-8")
    s = survey(tmp_path)
    run = cli("gaps", path, "-s", s, "--fail-below", "20%")
    assert run.exit_code == 1
    assert "worst: 'a' csat -1.00, -25.0% of the scale" in run.stderr
    assert cli("gaps", path, "-s", s, "--fail-below", "30%").exit_code == 0
    assert cli("gaps", path, "-s", s, "--fail-below", "csat=-0.5").exit_code == 1
    assert cli("gaps", path, "-s", s, "--fail-below", "nps=-5").exit_code == 0
    run = cli("gaps", path, "-s", s, "--fail-below", "lots")
    assert run.exit_code == 2 and "'--fail-below': takes a share of the scale" in run.stderr
