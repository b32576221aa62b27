"""Reading survey exports right, or refusing out loud (issue 10).

Every expected figure is computed in the test from the rows it writes, with
plain Python (``statistics``) or pandas, never by cxmap.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from pathlib import Path

import pytest

from cxmap.errors import InputError, UsageError
from cxmap.gaps import GapOptions, GapResult, GapTable, compute_gaps
from cxmap.model import Journey
from cxmap.survey.sniff import sniff
from cxmap.validate import load_map

REAL = Path(__file__).parent / "fixtures" / "surveys" / "real"


def journey(tmp_path: Path, questions: str, extra: str = "") -> Journey:
    """A one-touchpoint map whose touchpoint 'tp' has ``questions`` (YAML flow text)."""
    text = f"""\
cxmap: 1
id: reading
title: Reading
segments: [new, returning]
phases:
  - id: buy
    name: Buy
channels:
  - id: web
    name: Web
    type: online
{extra}
touchpoints:
  - id: tp
    name: Touchpoint
    phase: buy
    channel: web
    targets: {{csat: 4.0}}
    questions: {questions}
"""
    path = tmp_path / "map.cxmap.yaml"
    path.write_text(text, encoding="utf-8")
    return load_map(path)


def write(tmp_path: Path, name: str, header: str, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / name
    path.write_text(header + buffer.getvalue(), encoding="utf-8")
    return path


def result(table: GapTable, segment: str | None = None, metric: str = "csat") -> GapResult:
    found = [r for r in table.results if r.metric == metric and r.segment == segment]
    assert len(found) == 1, table.results
    return found[0]


def opts(**kwargs: object) -> GapOptions:
    return GapOptions(min_n=1, **kwargs)  # type: ignore[arg-type]


# ------------------------------------------------------------------ label tables


def test_poor_to_excellent_is_scored_1_to_5(tmp_path: Path) -> None:
    answers = ["Poor", "Fair", "Good", "Very good", "Excellent", "Good", "Excellent"]
    score = {"Poor": 1, "Fair": 2, "Good": 3, "Very good": 4, "Excellent": 5}
    path = write(tmp_path, "s.csv", "Q1\n", [[a] for a in answers])
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())
    assert result(table).experience == pytest.approx(statistics.mean(score[a] for a in answers))
    assert any("'quality-poor-excellent'" in w for w in table.warnings)


def test_very_poor_to_very_good_is_scored_1_to_5(tmp_path: Path) -> None:
    answers = ["Very poor", "Poor", "Fair", "Good", "Very good", "Very good"]
    score = {"Very poor": 1, "Poor": 2, "Fair": 3, "Good": 4, "Very good": 5}
    path = write(tmp_path, "s.csv", "Q1\n", [[a] for a in answers])
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())
    assert result(table).experience == pytest.approx(statistics.mean(score[a] for a in answers))


def test_a_column_that_fits_two_tables_differently_is_refused(tmp_path: Path) -> None:
    # Poor is 1 on Poor..Excellent and 2 on Very poor..Very good: no guess
    path = write(tmp_path, "s.csv", "Q1\n", [["Poor"], ["Good"], ["Very good"]])
    with pytest.raises(InputError, match=r"quality-poor-excellent.*quality-very-poor-very-good"):
        compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())


def test_declared_labels_settle_it(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "Q1\n", [["Poor"], ["Good"], ["Very good"], ["Top"]])
    labels = "{Q1: {metric: csat, labels: {Poor: 2, Good: 4, Very good: 5, Top: 5}}}"
    table = compute_gaps(journey(tmp_path, labels), [path], opts())
    assert result(table).experience == pytest.approx((2 + 4 + 5 + 5) / 4)


def test_dutch_tables_and_missing_tokens(tmp_path: Path) -> None:
    answers = ["Zeer tevreden", "Tevreden", "Neutraal", "Ontevreden", "Weet niet", "n.v.t.", "-"]
    score = {"Zeer tevreden": 5, "Tevreden": 4, "Neutraal": 3, "Ontevreden": 2}
    path = write(tmp_path, "s.csv", "Q1\n", [[a] for a in answers])
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())
    assert result(table).n == 4
    assert result(table).experience == pytest.approx(statistics.mean(score.values()))
    assert table.cells_skipped == {"missing": 3}


def test_unknown_labels_are_counted_and_named(tmp_path: Path) -> None:
    answers = ["Satisfied", "Very satisfied", "Meh", "Meh", "Whatever"]
    path = write(tmp_path, "s.csv", "Q1\n", [[a] for a in answers])
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())
    assert result(table).experience == pytest.approx((4 + 5) / 2)
    assert table.cells_skipped == {"unknown-label": 3}
    named = [w for w in table.warnings if "is not a known csat answer label" in w]
    assert len(named) == 3  # few: one warning per cell, each with its line
    assert {w.split("value ")[1].split(" ")[0] for w in named} == {"'Meh'", "'Whatever'"}


def test_map_declared_missing_tokens(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "Q1\n", [["4"], ["Skipped"], ["5"]])
    table = compute_gaps(
        journey(tmp_path, "{Q1: {metric: csat, missing: [Skipped]}}"), [path], opts()
    )
    assert (result(table).n, table.cells_skipped) == (2, {"missing": 1})


def test_stars_and_fractions(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "Q1\n", [["★★★★☆"], ["★★☆☆☆"], ["4/5"], ["5/5"]])
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())
    assert result(table).experience == pytest.approx((4 + 2 + 4 + 5) / 4)


def test_seven_point_labels_on_a_five_point_metric_are_refused(tmp_path: Path) -> None:
    rows = [["Moderately satisfied"], ["Slightly satisfied"], ["Extremely satisfied"]]
    path = write(tmp_path, "s.csv", "Q1\n", rows)
    with pytest.raises(InputError, match=r"7-point scale 'satisfaction-7'.*scale: \[1, 7\]"):
        compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())


# ------------------------------------------------------------------ scales


def test_another_scale_is_refused_not_truncated(tmp_path: Path) -> None:
    values = [(i * 7) % 10 + 1 for i in range(200)]  # 1..10
    path = write(tmp_path, "s.csv", "Q1\n", [[str(v)] for v in values])
    inside = sum(v <= 5 for v in values)
    with pytest.raises(InputError, match=f"{200 - inside} of 200 answers lie outside"):
        compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())


def test_a_declared_scale_is_rescaled_linearly(tmp_path: Path) -> None:
    values = [(i * 7) % 10 + 1 for i in range(200)]
    path = write(tmp_path, "s.csv", "Q1\n", [[str(v)] for v in values])
    table = compute_gaps(journey(tmp_path, "{Q1: {metric: csat, scale: [1, 10]}}"), [path], opts())
    expected = statistics.mean(1 + (v - 1) * 4 / 9 for v in values)
    assert result(table).experience == pytest.approx(expected)
    assert any(
        "answers on 1..10 rescaled linearly onto csat's scale 1..5" in w for w in table.warnings
    )


def test_a_stray_value_is_a_skipped_cell_not_a_refusal(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "Q1\n", [["4"], ["5"], ["7"], ["3"]])
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())
    assert (result(table).n, table.cells_skipped) == (3, {"out-of-scale": 1})


# ------------------------------------------------------------------ dates and waves


def test_us_dates_are_read_month_first_over_the_whole_column(tmp_path: Path) -> None:
    rows = [["9/4/2019 10:00:00", "4"], ["8/21/2019 11:00:00", "5"], ["9/30/2019 9:00:00", "3"]]
    path = write(tmp_path, "s.csv", "Timestamp,Q1\n", rows)
    table = compute_gaps(
        journey(tmp_path, "{Q1: csat}"), [path], opts(by="wave", date_column="Timestamp")
    )
    assert result(table, "2019-09").n == 2  # 9/4 is September, not April
    assert result(table, "2019-08").n == 1  # 8/21 is read, not dropped


def test_two_digit_years_and_day_first_columns(tmp_path: Path) -> None:
    rows = [["9/8/18 15:29", "4"], ["25/8/18 10:00", "5"]]
    path = write(tmp_path, "s.csv", "Timestamp,Q1\n", rows)
    table = compute_gaps(
        journey(tmp_path, "{Q1: csat}"), [path], opts(by="wave", date_column="Timestamp")
    )
    assert (result(table, "2018-08").n, result(table, "2018-08").experience) == (2, 4.5)


def test_ambiguous_dates_are_refused_with_an_example(tmp_path: Path) -> None:
    rows = [["9/4/2019", "4"], ["3/5/2019", "5"]]
    path = write(tmp_path, "s.csv", "Timestamp,Q1\n", rows)
    with pytest.raises(InputError, match=r"'3/5/2019'.*--date-format"):
        compute_gaps(
            journey(tmp_path, "{Q1: csat}"), [path], opts(by="wave", date_column="Timestamp")
        )


def test_date_format_settles_ambiguous_dates(tmp_path: Path) -> None:
    rows = [["9/4/2019", "4"], ["3/5/2019", "5"]]
    path = write(tmp_path, "s.csv", "Timestamp,Q1\n", rows)
    table = compute_gaps(
        journey(tmp_path, "{Q1: csat}"),
        [path],
        opts(by="wave", date_column="Timestamp", date_format="%d/%m/%Y"),
    )
    assert [r.segment for r in table.results] == [None, "2019-04", "2019-05"]


@pytest.mark.parametrize("period", ["month", "quarter", "week"])
def test_waves_by_month_quarter_and_week(tmp_path: Path, period: str) -> None:
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=11 * i) for i in range(20)]
    values = [(i % 5) + 1 for i in range(20)]
    path = write(
        tmp_path,
        "s.csv",
        "date,Q1\n",
        [[d.isoformat(), str(v)] for d, v in zip(days, values, strict=True)],
    )
    table = compute_gaps(
        journey(tmp_path, "{Q1: csat}"), [path], opts(by="wave", date_column="date", wave=period)
    )

    def wave(day: dt.date) -> str:  # independent of cxmap
        if period == "month":
            return day.strftime("%Y-%m")
        if period == "quarter":
            return f"{day.year}-Q{(day.month + 2) // 3}"
        return f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}"

    expected: dict[str, list[int]] = {}
    for day, value in zip(days, values, strict=True):
        expected.setdefault(wave(day), []).append(value)
    got = {r.segment: (r.n, r.experience) for r in table.results if r.segment}
    assert got == {k: (len(v), pytest.approx(statistics.mean(v))) for k, v in expected.items()}


def test_a_wave_column(tmp_path: Path) -> None:
    rows = [["spring", "4"], ["autumn", "2"], ["spring", "5"]]
    path = write(tmp_path, "s.csv", "wave,Q1\n", rows)
    table = compute_gaps(
        journey(tmp_path, "{Q1: csat}"), [path], opts(by="wave", wave_column="wave")
    )
    assert result(table, "spring").experience == 4.5 and result(table, "autumn").n == 1


def test_bad_date_format_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "Q1\n", [["4"]])
    with pytest.raises(UsageError, match="--date-format"):
        compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts(date_format="dd-mm-yyyy"))


# ------------------------------------------------------------------ groups never vanish


def test_a_file_without_the_segment_column_goes_under_none(tmp_path: Path) -> None:
    one = write(tmp_path, "a.csv", "segment,Q1\n", [["new", "4"], ["returning", "2"]])
    two = write(tmp_path, "b.csv", "Q1\n", [["5"], ["3"], ["4"]])
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [one, two], opts(by="segment"))
    groups = {r.segment: r.n for r in table.results}
    assert groups == {None: 5, "new": 1, "returning": 1, "(none)": 3}
    assert sum(n for g, n in groups.items() if g) == groups[None]  # nothing vanishes
    assert any("b.csv: no 'segment' column" in w for w in table.warnings)


def test_undeclared_segments_are_warned_with_a_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "segment,Q1\n", [["new", "4"], ["retruning", "2"]])
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts(by="segment"))
    assert any(
        "'retruning' is not declared" in w and "did you mean 'returning'" in w
        for w in table.warnings
    )


# ------------------------------------------------------------------ header matching


def test_header_matching_folds_case_nfc_and_no_break_spaces(tmp_path: Path) -> None:
    header = (
        "How\u00a0satisfied  are you with the cafe\u0301?\n"  # NBSP, double space, e + combining
    )
    path = write(tmp_path, "s.csv", header, [["4"], ["5"]])
    table = compute_gaps(
        journey(tmp_path, "{'how satisfied are you with the café?': csat}"), [path], opts()
    )
    assert result(table).n == 2


def test_repeated_names_are_addressed_by_header_n_or_position(tmp_path: Path) -> None:
    path = write(
        tmp_path, "s.csv", "#,Other,Other,Q1\n", [["a", "1", "5", "3"], ["b", "2", "4", "3"]]
    )
    with pytest.raises(InputError, match=r"'Other#1' \.\. 'Other#2'"):
        compute_gaps(journey(tmp_path, "{Other: csat}"), [path], opts())
    second = compute_gaps(journey(tmp_path, "{'Other#2': csat}"), [path], opts())
    assert result(second).experience == 4.5
    third = compute_gaps(journey(tmp_path, "{'#2': csat}"), [path], opts())
    assert result(third).experience == 1.5


def test_drift_gives_no_answers_from_that_file(tmp_path: Path) -> None:
    one = write(tmp_path, "a.csv", "Q1,Q2\n", [["4", "5"]])
    two = write(tmp_path, "b.csv", "Q1\n", [["2"]])
    table = compute_gaps(journey(tmp_path, "{Q1: csat, Q2: csat}"), [one, two], opts())
    assert result(table).n == 3
    assert any("b.csv: no column for question 'Q2'" in w for w in table.warnings)


# ------------------------------------------------------------------ duplicates


def test_the_same_file_twice_is_warned_and_counted_once_under_dedupe(tmp_path: Path) -> None:
    one = write(tmp_path, "a.csv", "Q1\n", [["4"], ["2"]])
    two = tmp_path / "copy.csv"
    two.write_bytes(one.read_bytes())
    plain = compute_gaps(journey(tmp_path, "{Q1: csat}"), [one, two], opts())
    assert result(plain).n == 4
    assert any("copy.csv: the same content as" in w for w in plain.warnings)
    once = compute_gaps(journey(tmp_path, "{Q1: csat}"), [one, two], opts(dedupe=True))
    assert (result(once).n, result(once).experience) == (2, 3.0)
    assert once.excluded == {"duplicate": 2}
    assert [f.responses_used for f in once.files] == [0, 2]  # the one given last is kept


def test_repeated_respondents_are_warned_and_dedupe_keeps_the_latest(tmp_path: Path) -> None:
    one = write(tmp_path, "a.csv", "respondent,Q1\n", [["r1", "1"], ["r2", "2"]])
    two = write(tmp_path, "b.csv", "respondent,Q1\n", [["r1", "5"], ["r3", "4"]])
    plain = compute_gaps(journey(tmp_path, "{Q1: csat}"), [one, two], opts())
    assert result(plain).n == 4
    assert any(
        "1 respondent id occur in more than one survey file (e.g. 'r1')" in w
        for w in plain.warnings
    )
    once = compute_gaps(journey(tmp_path, "{Q1: csat}"), [one, two], opts(dedupe=True))
    # r1 counts once, with the later file's 5
    assert result(once).experience == pytest.approx(statistics.mean([2, 5, 4]))
    assert once.excluded == {"duplicate": 1}


# ------------------------------------------------------------------ accounting


def test_every_row_is_accounted_for_in_the_long_layout(tmp_path: Path) -> None:
    rows = [["tp", "csat", str(v)] for v in [4, 5, 3] * 10]
    rows += (
        [["tp", "csat", "4.5.1"]] * 4
        + [["tp", "csat", "-3"], ["tp", "csat", "25"]]
        + [["tp", "csat", ""]] * 3
    )
    rows += [["elsewhere", "csat", "4"]] * 5
    path = write(tmp_path, "l.csv", "touchpoint,metric,value\n", rows)
    table = compute_gaps(journey(tmp_path, "{}"), [path], opts())
    assert table.rows_read == len(rows)
    assert table.responses_used == 30
    assert table.cells_skipped == {
        "missing": 3,
        "not-a-number": 4,
        "out-of-scale": 2,
        "unmapped": 5,
    }
    assert table.rows_skipped == len(rows) - 30
    assert table.responses_used + table.rows_skipped == table.rows_read


def test_a_leading_blank_line_does_not_make_the_header_a_row(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("\n\ntouchpoint,metric,value\ntp,csat,4\ntp,csat,5\n", encoding="utf-8")
    table = compute_gaps(journey(tmp_path, "{}"), [path], opts())
    assert (table.rows_read, table.rows_skipped, result(table).n) == (2, 0, 2)


# ------------------------------------------------------------------ layouts
# (headers written as the tools document them; the real ones are in test_survey_real)

SM_OLD = (
    "RespondentID,CollectorID,StartDate,EndDate,IP Address,Email Address,First Name,LastName,"
    "Custom Data,How satisfied were you with each step?,,,How likely are you to recommend us?\n"
    ",,,,,,,,,Online search,Store advice,Checkout,Response\n"
)


def test_surveymonkey_old_matrix_rows_are_addressable(tmp_path: Path) -> None:
    data = [
        [
            str(100 + i),
            "1",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            str(1 + i % 5),
            str(1 + (i * 2) % 5),
            "4",
            str(i % 11),
        ]
        for i in range(14)
    ]
    path = write(tmp_path, "sm.csv", SM_OLD, data)
    found = sniff(path)
    assert (found.tool.value, found.header_rows) == ("surveymonkey-old", 2)
    for key in ("Store advice", "How satisfied were you with each step? / Store advice"):
        table = compute_gaps(journey(tmp_path, f"{{'{key}': csat}}"), [path], opts())
        assert table.rows_read == 14
        expected = statistics.mean(1 + (i * 2) % 5 for i in range(14))
        assert result(table).experience == pytest.approx(expected)


def test_surveymonkey_current_response_row(tmp_path: Path) -> None:
    header = (
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,"
        "Last Name,Custom Data 1,How satisfied were you?\n,,,,,,,,,Response\n"
    )
    path = write(tmp_path, "sm.csv", header, [["1", "2", "", "", "", "", "", "", "", "Satisfied"]])
    assert sniff(path).tool.value == "surveymonkey"
    table = compute_gaps(journey(tmp_path, "{'How satisfied were you?': csat}"), [path], opts())
    assert (table.rows_read, result(table).experience) == (1, 4)


@pytest.mark.parametrize("stamp", ["Timestamp", "Marca temporal", "Horodateur", "Zeitstempel"])
def test_google_forms_in_any_locale(tmp_path: Path, stamp: str) -> None:
    path = write(tmp_path, "g.csv", f"{stamp},Q1\n", [["2026-02-01 10:00:00", "4"]])
    assert sniff(path).tool.value == "google-forms"
    table = compute_gaps(journey(tmp_path, "{Q1: csat}"), [path], opts())
    assert table.unmapped == []  # the timestamp column is not a question


def test_typeform_meta_columns_and_partial_responses(tmp_path: Path) -> None:
    header = (
        "#,How satisfied were you?,Other,Other,Response Type,"
        "Start Date (UTC),Submit Date (UTC),Network ID\n"
    )
    rows = [
        ["a1", "5", "", "", "completed", "", "", "n"],
        ["a2", "2", "", "", "partial", "", "", "n"],
    ]
    path = write(tmp_path, "t.csv", header, rows)
    assert sniff(path).tool.value == "typeform"
    key = "{'How satisfied were you?': csat}"
    assert result(compute_gaps(journey(tmp_path, key), [path], opts())).n == 2
    done = compute_gaps(journey(tmp_path, key), [path], opts(finished_only=True))
    assert (result(done).n, done.excluded) == (1, {"partial": 1})
