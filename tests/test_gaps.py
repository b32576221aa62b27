"""compute_gaps against figures computed by hand (statistics module + a printed t table)."""

from __future__ import annotations

import math
import statistics
from dataclasses import replace
from pathlib import Path

import pytest

from cxmap.errors import InputError
from cxmap.gaps import GapOptions, GapResult, GapStatus, GapTable, compute_gaps
from cxmap.model import Journey
from cxmap.validate import load_map
from tests.helpers import FIXTURES

SURVEYS = FIXTURES / "surveys"
# two-sided 95% critical values of Student's t, from a printed table
T975 = {1: 12.706205, 2: 4.302653, 3: 3.182446, 4: 2.776445, 5: 2.570582, 6: 2.446912, 7: 2.364624}
Z = 1.959964


def by_hand(values: list[float]) -> tuple[int, float, float, float]:
    """n, mean and the 95% t interval, computed independently of cxmap."""
    n, mean = len(values), statistics.mean(values)
    half = T975[n - 1] * statistics.stdev(values) / math.sqrt(n)
    return n, mean, mean - half, mean + half


def nps_by_hand(values: list[int]) -> tuple[int, float, float, float]:
    """n, NPS and the clipped adjusted Wald interval (Rocks 2016), computed independently."""
    n = len(values)
    promoters, detractors = sum(v >= 9 for v in values), sum(v <= 6 for v in values)
    score = 100 * (promoters - detractors) / n
    p, d = (promoters + 0.75) / (n + 3), (detractors + 0.75) / (n + 3)
    centre = 100 * (p - d)
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / (n + 3))
    return n, score, max(-100.0, centre - Z * se), min(100.0, centre + Z * se)


def find(table: GapTable, tp: str, metric: str, segment: str | None = None) -> GapResult:
    matches = [
        r for r in table.results if (r.touchpoint, r.metric, r.segment) == (tp, metric, segment)
    ]
    assert len(matches) == 1, f"{tp} {metric} {segment}: {matches}"
    return matches[0]


# the scales of the mean metrics, from the spec (and wait-minutes from the fixture map):
# a mean's interval is clipped to its scale
MEAN_SCALES = {"csat": (1, 5), "ces": (1, 7), "emotion": (-2, 2), "wait-minutes": (0, 60)}


def check(result: GapResult, expected: tuple[int, float, float, float], target: float) -> None:
    n, value, low, high = expected
    if result.metric in MEAN_SCALES:
        bottom, top = MEAN_SCALES[result.metric]
        low, high = max(low, bottom), min(high, top)
        if low == high:
            # no spread: the Markov bound, P(all n answers >= v) <= ((mu - L) / (v - L))^n
            reach = 1 - 0.025 ** (1 / n)
            low, high = value - reach * (value - bottom), value + reach * (top - value)
    assert result.n == n
    assert result.experience == pytest.approx(value, abs=1e-6)
    assert result.ci_low == pytest.approx(low, abs=1e-5)
    assert result.ci_high == pytest.approx(high, abs=1e-5)
    assert result.target == target


def gaps(map_name: str, *surveys: str, **options: object) -> GapTable:
    journey = load_map(SURVEYS / map_name)
    return compute_gaps(journey, [SURVEYS / s for s in surveys], GapOptions(**options))  # type: ignore[arg-type]


# ------------------------------------------------------------------ Qualtrics

Q1 = [5, 4, 3, 4, 2, 5, 4, 5]
Q3 = [4, 5, 2, 4, 3, 5, 3, 4]
WAIT = [12, 8, 25, 5, 30, 3, 15, 10]
Q4 = [6, 7, 4, 5, 3, 6, 5, 6]
Q5 = [5, 4, 3, 4, 2, 5, 4, 5]
Q6 = [10, 9, 6, 8, 10, 7, 9]  # respondent 5 stopped before Q6 (partial, still counted)
Q7 = [5, 4, 5, 4, 4, 5]  # respondent 3 answered -99 (seen, not answered)


def test_qualtrics_numeric_by_hand() -> None:
    table = gaps("qualtrics.cxmap.yaml", "qualtrics_numeric.csv", min_n=5)
    assert table.map_id == "shoes-qualtrics"
    assert (table.rows_read, table.rows_skipped) == (9, 1)  # the preview is skipped
    assert table.unmapped == ["Q9"]  # Q6_NPS_GROUP is derived, never listed or counted
    check(find(table, "search-online", "csat"), by_hand(Q1), 4.0)
    check(find(table, "store-advice", "csat"), by_hand(Q3), 4.2)
    check(find(table, "store-advice", "wait-minutes"), by_hand(WAIT), 10)
    check(find(table, "try-on", "ces"), by_hand(Q4), 5.5)
    check(find(table, "purchase", "csat"), by_hand(Q5), 4.3)
    check(find(table, "purchase", "nps"), nps_by_hand(Q6), 30)
    check(find(table, "first-run", "csat"), by_hand(Q7), 4.5)
    # lower is better for waiting: the gap's sign flips (10 - 13.5)
    assert find(table, "store-advice", "wait-minutes").gap == pytest.approx(-3.5)
    assert find(table, "store-advice", "csat").gap == pytest.approx(3.75 - 4.2)
    assert all(r.status is GapStatus.INCONCLUSIVE for r in table.results)


def test_qualtrics_numeric_and_choice_text_give_the_same_table() -> None:
    numeric = gaps("qualtrics.cxmap.yaml", "qualtrics_numeric.csv")
    text = gaps("qualtrics.cxmap.yaml", "qualtrics_choice_text.csv")
    assert numeric.results == text.results
    assert (numeric.rows_read, numeric.rows_skipped, numeric.unmapped) == (
        text.rows_read,
        text.rows_skipped,
        text.unmapped,
    )
    assert all(r.status is GapStatus.TOO_FEW for r in numeric.results)  # n < 30


def test_qualtrics_by_segment() -> None:
    table = gaps("qualtrics.cxmap.yaml", "qualtrics_numeric.csv", min_n=2, by="segment")
    # new: R_1, R_3, R_5, R_7; returning: R_2, R_6, R_8; churned: R_4
    check(find(table, "search-online", "csat", "new"), by_hand([5, 3, 2, 4]), 4.0)
    check(find(table, "search-online", "csat", "returning"), by_hand([4, 5, 5]), 4.0)
    churned = find(table, "search-online", "csat", "churned")
    assert (churned.n, churned.experience, churned.status) == (1, 4.0, GapStatus.TOO_FEW)
    check(find(table, "purchase", "nps", "new"), nps_by_hand([10, 6, 7]), 30)
    segments = [r.segment for r in table.results if r.touchpoint == "search-online"]
    assert segments == [None, "churned", "new", "returning"]


# ------------------------------------------------------------------ other tools


def test_surveymonkey_text_answers_matrix_and_segment() -> None:
    table = gaps(
        "surveymonkey.cxmap.yaml",
        "surveymonkey.csv",
        min_n=2,
        by="segment",
        segment_column="Custom Data 1",
    )
    check(find(table, "search-online", "csat"), by_hand([5, 4, 3, 1, 4]), 4.0)
    check(find(table, "search-online", "csat", "new"), by_hand([5, 3, 4]), 4.0)
    check(find(table, "search-online", "csat", "returning"), by_hand([4, 1]), 4.0)
    check(find(table, "store-advice", "csat"), by_hand([4, 2, 5, 4, 3]), 4.2)
    check(find(table, "purchase", "csat"), by_hand([5, 4, 4, 2, 5]), 4.3)
    check(find(table, "purchase", "nps"), nps_by_hand([10, 8, 6, 9, 3, 10]), 30)
    no_data = find(table, "first-run", "csat")
    assert (no_data.n, no_data.experience, no_data.status) == (0, None, GapStatus.NO_DATA)
    assert table.unmapped == ["Anything else?"]


def test_google_forms_dutch_answers_and_waves_by_month() -> None:
    table = gaps(
        "google_forms.cxmap.yaml",
        "google_forms_nl.csv",
        min_n=2,
        by="wave",
        date_column="Tijdstempel",
    )
    check(find(table, "search-online", "csat"), by_hand([5, 4, 3, 4]), 4.0)
    check(find(table, "search-online", "csat", "2026-02"), by_hand([5, 4]), 4.0)
    check(find(table, "search-online", "csat", "2026-03"), by_hand([3, 4]), 4.0)
    check(find(table, "store-advice", "csat"), by_hand([4, 2, 5, 4]), 4.2)
    check(find(table, "purchase", "nps"), nps_by_hand([9, 7, 5, 10]), 30)
    months = [r.segment for r in table.results if r.touchpoint == "search-online"]
    assert months == [None, "2026-02", "2026-03"]


EXCEL_WAIT = [12.5, 8, 25.25, 5, 30]


@pytest.mark.parametrize("name", ["excel_nl_bom.csv", "excel_nl_cp1252.csv"])
def test_excel_dutch_locale(name: str) -> None:
    table = gaps("shoes.cxmap.yaml", name, min_n=2, by="segment")
    assert (table.rows_read, table.rows_skipped) == (5, 0)  # the ';;;;' rows are not rows
    check(find(table, "store-advice", "wait-minutes"), by_hand(EXCEL_WAIT), 10)
    check(find(table, "store-advice", "csat"), by_hand([4, 2, 4, 3]), 4.2)  # the 7 is skipped
    check(find(table, "first-run", "csat"), by_hand([5, 4, 5]), 4.5)  # n.v.t. is missing
    check(find(table, "search-online", "csat", "klant <€100"), by_hand([5, 3, 2]), 4.0)
    check(find(table, "search-online", "csat", "klant €100+"), by_hand([4, 4]), 4.0)
    assert table.unmapped == ["Budget (€)"]
    # the map declares no "klant ..." segments: each value is warned about, once
    undeclared = [w for w in table.warnings if "is not declared under segments" in w]
    assert len(undeclared) == 2
    table = replace(table, warnings=[w for w in table.warnings if w not in undeclared])
    assert len(table.warnings) == 1
    assert table.warnings[0].endswith(
        f"{name}:3: Q3 value '7' outside csat scale 1..5; cell skipped"
    )


def test_excel_bom_and_cp1252_agree() -> None:
    bom = gaps("shoes.cxmap.yaml", "excel_nl_bom.csv", by="segment")
    cp = gaps("shoes.cxmap.yaml", "excel_nl_cp1252.csv", by="segment")
    assert bom.results == cp.results


# ------------------------------------------------------------------ long format


def test_long_format_by_hand() -> None:
    table = gaps("shoes.cxmap.yaml", "long.csv", min_n=2)
    check(find(table, "search-online", "csat"), by_hand([5, 4, 2]), 4.0)
    check(find(table, "store-advice", "wait-minutes"), by_hand([12.5, 4]), 10)  # 61 skipped
    check(find(table, "purchase", "nps"), nps_by_hand([10, 9, 7, 3]), 30)
    emotion = find(table, "purchase", "emotion")
    assert (emotion.n, emotion.target, emotion.gap, emotion.status) == (
        1,
        None,
        None,
        GapStatus.NO_TARGET,
    )
    assert table.unmapped == ["checkout-app"]
    assert [w.split(": ", 1)[1] for w in table.warnings] == [
        "'store-advice' wait-minutes value '61' outside wait-minutes scale 0..60; cell skipped"
    ]
    assert table.warnings[0].split(": ")[0].endswith("long.csv:8")


def test_long_quoted_and_plain_agree_and_waves_by_month() -> None:
    quoted = gaps("shoes.cxmap.yaml", "long.csv", by="wave", date_column="date")
    plain = gaps("shoes.cxmap.yaml", "long_plain.csv", by="wave", date_column="date")
    assert quoted.results == plain.results
    check(find(quoted, "purchase", "nps", "2026-01"), nps_by_hand([10, 9]), 30)
    check(find(quoted, "purchase", "nps", "2026-02"), nps_by_hand([7, 3]), 30)


def test_wave_per_file_and_files_combine_exactly() -> None:
    table = gaps("shoes.cxmap.yaml", "long.csv", "long_plain.csv", by="wave", min_n=2)
    both = [5, 4, 2, 5, 4, 2]
    check(find(table, "search-online", "csat"), by_hand(both), 4.0)
    check(find(table, "search-online", "csat", "long.csv"), by_hand([5, 4, 2]), 4.0)
    check(find(table, "search-online", "csat", "long_plain.csv"), by_hand([5, 4, 2]), 4.0)
    waves = [r.segment for r in table.results if r.touchpoint == "search-online"]
    assert waves == [None, "long.csv", "long_plain.csv"]


def test_by_channel_uses_the_channel_column_and_phase_the_map() -> None:
    table = gaps("shoes.cxmap.yaml", "long.csv", by="channel", min_n=1)
    assert find(table, "purchase", "nps", "store").n == 2
    assert find(table, "purchase", "nps", "web").n == 2
    table = gaps("shoes.cxmap.yaml", "excel_nl_bom.csv", by="channel", min_n=1)
    assert find(table, "try-on", "ces", "store").n == 5
    table = gaps("shoes.cxmap.yaml", "long.csv", by="phase", min_n=1)
    # --by phase rolls up instead of repeating each touchpoint's row under its phase
    assert not [r for r in table.results if r.segment is not None]
    phases = {(r.touchpoint, r.metric): r for r in table.rollups}
    assert phases[("purchase", "nps")].n == 4 and phases[("purchase", "nps")].scope == "phase"
    assert phases[("attention", "csat")].n == 3


# ------------------------------------------------------------------ statuses and metrics

SHOP = """\
cxmap: 1
id: shop
title: Shop
phases: [{id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}]
metrics:
  - {id: wait, name: Wait, scale: [0, 60], higher_is_better: false}
  - {id: happy, name: Happy, scale: [1, 5], aggregate: top2box, labels: {Blij: 5, Boos: 1}}
touchpoints:
  - {id: good, name: Good, phase: buy, channel: web, targets: {csat: 4.0, wait: 10}}
  - {id: bad, name: Bad, phase: buy, channel: web, targets: {csat: 4.0, happy: 80}}
  - {id: quiet, name: Quiet, phase: buy, channel: web, targets: {nps: 0}}
"""


def shop(tmp_path: Path) -> Journey:
    path = tmp_path / "shop.cxmap.yaml"
    path.write_text(SHOP, encoding="utf-8")
    return load_map(path)


def write_long(tmp_path: Path, rows: list[tuple[str, str, str]], name: str = "s.csv") -> Path:
    path = tmp_path / name
    lines = ["touchpoint,metric,value"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_statuses_follow_the_interval_in_the_sense_of_the_gap(tmp_path: Path) -> None:
    good_csat = [5, 4] * 20  # mean 4.5, interval well above 4.0
    good_wait = [4, 6] * 20  # mean 5 minutes, well under the target 10: good
    bad_csat = [3, 4] * 20  # mean 3.5, interval under 4.0
    happy = ["Blij", "4", "3", "Boos", "2"] * 8  # two best points: Blij(5) and 4 -> 40%
    rows = [("good", "csat", str(v)) for v in good_csat]
    rows += [("good", "wait", str(v)) for v in good_wait]
    rows += [("bad", "csat", str(v)) for v in bad_csat]
    rows += [("bad", "happy", v) for v in happy]
    table = compute_gaps(shop(tmp_path), [write_long(tmp_path, rows)])
    check(find(table, "good", "csat"), _t(good_csat), 4.0)
    assert find(table, "good", "csat").status is GapStatus.ABOVE
    wait = find(table, "good", "wait")
    check(wait, _t(good_wait), 10)
    assert wait.gap == pytest.approx(10 - 5)
    assert wait.status is GapStatus.ABOVE
    assert find(table, "bad", "csat").status is GapStatus.BELOW
    share = find(table, "bad", "happy")
    n, k = 40, 16
    p = k / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    assert (share.n, share.experience) == (40, pytest.approx(40.0))
    assert share.ci_low == pytest.approx(100 * (centre - half), abs=1e-4)
    assert share.ci_high == pytest.approx(100 * (centre + half), abs=1e-4)
    assert share.gap == pytest.approx(-40.0)
    assert share.status is GapStatus.BELOW
    quiet = find(table, "quiet", "nps")
    assert (quiet.n, quiet.status, quiet.experience) == (0, GapStatus.NO_DATA, None)


def _t(values: list[int]) -> tuple[int, float, float, float]:
    n, mean = len(values), statistics.mean(values)
    half = 2.022691 * statistics.stdev(values) / math.sqrt(n)  # t(0.975, 39)
    return n, mean, mean - half, mean + half


def test_lower_is_better_below(tmp_path: Path) -> None:
    rows = [("good", "wait", str(v)) for v in [20, 30] * 20]
    result = find(compute_gaps(shop(tmp_path), [write_long(tmp_path, rows)]), "good", "wait")
    assert result.gap == pytest.approx(10 - 25)
    assert result.status is GapStatus.BELOW


def test_min_n(tmp_path: Path) -> None:
    rows = [("good", "csat", "5")] * 5
    path = write_long(tmp_path, rows)
    assert find(compute_gaps(shop(tmp_path), [path]), "good", "csat").status is GapStatus.TOO_FEW
    table = compute_gaps(shop(tmp_path), [path], GapOptions(min_n=5))
    # five answers all 5: no spread is no proof; the Markov bound reaches down to 2.91
    assert find(table, "good", "csat").status is GapStatus.INCONCLUSIVE
    assert find(table, "good", "csat").ci_low == pytest.approx(5 - (1 - 0.025**0.2) * 4)


@pytest.mark.parametrize("value", ["٤", "NaN", "inf", "1e1", "four", "0x4"])
def test_strict_numbers_in_files(tmp_path: Path, value: str) -> None:
    rows = [("good", "csat", "4"), ("good", "csat", value), ("good", "csat", "5")]
    table = compute_gaps(shop(tmp_path), [write_long(tmp_path, rows)])
    result = find(table, "good", "csat")
    assert (result.n, result.experience) == (2, 4.5)
    assert len(table.warnings) == 1
    expected = "is not a known csat answer label" if value == "four" else "is not a number"
    assert expected in table.warnings[0]


def test_many_bad_cells_are_summed_per_column(tmp_path: Path) -> None:
    rows = [("good", "csat", "x9")] * 7 + [("good", "csat", "4")]
    table = compute_gaps(shop(tmp_path), [write_long(tmp_path, rows)])
    assert len(table.warnings) == 1
    assert table.warnings[0].endswith(
        "'good' csat: 7 values are not numbers or known csat answers (e.g. 'x9' on line 2); "
        "cells skipped"
    )
    assert table.cells_skipped == {"not-a-number": 7}


# ------------------------------------------------------------------ the long fast path


def test_fast_path_blocks_agree_with_the_csv_path_and_by_hand(tmp_path: Path) -> None:
    values = [(i * 7) % 5 + 1 for i in range(30_000)]
    rows = [f"good,csat,{v},r{i},note {i}" for i, v in enumerate(values)]
    rows[12_000] = "good,csat,3,r12000,too,many"  # wrong width, inside a fast block
    rows[20_000] = 'good,csat,4,r20000,"a quoted, note"'  # from here on: the csv path
    header = "touchpoint,metric,value,respondent,comment"
    path = tmp_path / "big.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    expected = [v for i, v in enumerate(values) if i != 12_000]
    expected[19_999] = 4
    table = compute_gaps(shop(tmp_path), [path])
    result = find(table, "good", "csat")
    assert result.n == len(expected)
    assert result.experience == pytest.approx(statistics.mean(expected), abs=1e-9)
    assert (table.rows_read, table.rows_skipped) == (30_000, 1)
    assert table.warnings[0].endswith(
        "big.csv:12002: the row's number of fields differs from the header's 5; row skipped"
    )


def test_crlf_long_file(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"touchpoint,metric,value\r\ngood,csat,4\r\ngood,csat,5\r\n")
    assert find(compute_gaps(shop(tmp_path), [path], GapOptions(min_n=1)), "good", "csat").n == 2


# ------------------------------------------------------------------ hostile and broken input


def test_nul_bytes_and_huge_fields_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    huge = "x" * (200 * 1024)
    path.write_text(
        f"Q1,Q3,Q3_wait,Q4,Q5,Q6,Q7\n4,\x00,1,1,1,1,1\n5,{huge},1,1,1,1,1\n3,1,1,1,1,1,1\n",
        encoding="utf-8",
    )
    table = compute_gaps(load_map(SURVEYS / "shoes.cxmap.yaml"), [path], GapOptions(min_n=1))
    # the 200 KiB field is read whole (its row counts, its cell is not a csat answer)
    assert find(table, "search-online", "csat").n == 3
    assert any("Q3 value 'xxxx" in w and "not a known csat" in w for w in table.warnings)
    assert any("'\\x00' is not a number" in w for w in table.warnings)


def test_rows_with_the_wrong_number_of_fields_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("Q1,Q3,Q3_wait,Q4,Q5,Q6,Q7\n4,1,1,1,1,1,1\n5,1\n", encoding="utf-8")
    table = compute_gaps(load_map(SURVEYS / "shoes.cxmap.yaml"), [path], GapOptions(min_n=1))
    assert find(table, "search-online", "csat").n == 1
    assert (table.rows_read, table.rows_skipped) == (2, 1)
    assert table.warnings[0].endswith(
        "w.csv:3: the row's number of fields differs from the header's 7; row skipped"
    )


def test_a_question_without_a_column_is_drift_with_the_closest_columns(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("Q1,Q3,Q3wait,Q4,Q5,Q6,Q7\n4,1,1,1,1,1,1\n", encoding="utf-8")
    table = compute_gaps(load_map(SURVEYS / "shoes.cxmap.yaml"), [path], GapOptions(min_n=1))
    assert find(table, "store-advice", "wait-minutes").status is GapStatus.NO_DATA
    assert find(table, "search-online", "csat").n == 1
    drift = [w for w in table.warnings if "no column for question 'Q3_wait'" in w]
    assert len(drift) == 1 and "closest columns: 'Q3wait'" in drift[0]


def test_a_file_that_matches_no_key_at_all_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("A,B\n4,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"none of the map's 7 question keys matches"):
        compute_gaps(load_map(SURVEYS / "shoes.cxmap.yaml"), [path])


def test_a_question_matching_two_columns_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("Q1,Q3,Q3_wait,Q4,Q5,Q6,Q7,Q1\n4,1,1,1,1,1,1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"question 'Q1' .* matches 2 columns"):
        compute_gaps(load_map(SURVEYS / "shoes.cxmap.yaml"), [path])


def test_undecodable_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes(b"Q1,Q3\n\x81\x8d,4\n")
    with pytest.raises(InputError, match="cannot decode"):
        compute_gaps(load_map(SURVEYS / "shoes.cxmap.yaml"), [path], GapOptions(encoding="cp1252"))


def test_results_are_deterministic() -> None:
    one = gaps("shoes.cxmap.yaml", "long.csv", "excel_nl_bom.csv", by="segment")
    two = gaps("shoes.cxmap.yaml", "long.csv", "excel_nl_bom.csv", by="segment")
    assert one == two
    assert replace(one, warnings=[]) == replace(two, warnings=[])


def test_utf16_and_late_cp1252_files(tmp_path: Path) -> None:
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes("touchpoint\tmetric\tvalue\ngood\tcsat\t4\ngood\tcsat\t5\n".encode("utf-16"))
    table = compute_gaps(shop(tmp_path), [utf16], GapOptions(min_n=1))
    assert find(table, "good", "csat").experience == 4.5
    # the head is plain ASCII; the first cp1252 byte comes after the sniffed 64 KiB
    late = tmp_path / "late.csv"
    body = "good,csat,4,x\n" * 6000 + 'good,csat,5,"café, fine"\n'
    late.write_bytes(("touchpoint,metric,value,comment\n" + body).encode("cp1252"))
    result = find(compute_gaps(shop(tmp_path), [late]), "good", "csat")
    assert result.n == 6001
    assert result.experience == pytest.approx((6000 * 4 + 5) / 6001)


def test_unreadable_dates_are_counted_not_guessed(tmp_path: Path) -> None:
    rows = "touchpoint,metric,value,date\ngood,csat,4,2026-01-03\ngood,csat,5,yesterday\n"
    path = tmp_path / "d.csv"
    path.write_text(rows, encoding="utf-8")
    table = compute_gaps(shop(tmp_path), [path], GapOptions(by="wave", date_column="date"))
    assert find(table, "good", "csat").n == 2
    assert find(table, "good", "csat", "2026-01").n == 1
    assert find(table, "good", "csat", "(none)").n == 1  # shown, not dropped
    assert len(table.warnings) == 1 and "1 distinct 'date' value not a date" in table.warnings[0]


def test_a_pipe_is_read_once(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    data = b"touchpoint,metric,value\n" + b"good,csat,4\ngood,csat,5\n" * 3

    def feed() -> None:
        with open(fifo, "wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=feed)
    writer.start()
    table = compute_gaps(shop(tmp_path), [fifo], GapOptions(min_n=1))
    writer.join()
    assert find(table, "good", "csat").n == 6


def test_a_folder_is_not_a_survey(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        compute_gaps(shop(tmp_path), [tmp_path])
