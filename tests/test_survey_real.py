"""Real export headers (tests/fixtures/surveys/real, see SOURCES) with synthetic rows.

The expected figures are computed here from the rows the test writes, with
plain Python; header rows must never be counted as data.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from pathlib import Path
from typing import Any

import pytest

from cxmap.gaps import GapOptions, compute_gaps
from cxmap.survey.sniff import Tool, sniff
from tests.helpers import cli
from tests.test_survey_reading import journey, result

REAL = Path(__file__).parent / "fixtures" / "surveys" / "real"


def with_rows(tmp_path: Path, header: str, rows: list[list[str]]) -> Path:
    """The real header file ``header`` followed by synthetic ``rows``."""
    text = (REAL / header).read_text(encoding="utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / header.replace(".header", "")
    path.write_text(text + buffer.getvalue(), encoding="utf-8")
    return path


# Qualtrics response types (Status) with whether they count
STATUSES = [("0", True), ("1", False), ("2", False), ("8", False), ("4", True), ("16", True)]


def qualtrics_current_rows(n: int) -> list[tuple[str, str, int]]:
    """(status, finished, Q1) per synthetic respondent."""
    return [
        (STATUSES[i % len(STATUSES)][0], "0" if i % 7 == 3 else "1", (i * 3) % 5 + 1)
        for i in range(n)
    ]


def test_qualtrics_current_response_types_and_finished(tmp_path: Path) -> None:
    data = qualtrics_current_rows(60)
    rows = [
        [
            *("2024-03-01 10:00:00", "2024-03-01 10:05:00", status, "", "100", "300", finished),
            *("2024-03-01 10:05:00", f"R_{i:04d}", "", "", "", "", "", "", "anonymous", "DE"),
            *(str(q1), "", ""),
        ]
        for i, (status, finished, q1) in enumerate(data)
    ]
    path = with_rows(tmp_path, "qualtrics_current_de.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.QUALTRICS, 3)
    counts = {s for s, keep in STATUSES if keep}
    kept = [q for s, _, q in data if s in counts]
    for key in ("QID1", "Q1", "This is a multiple choice question."):
        table = compute_gaps(journey(tmp_path, f"{{'{key}': csat}}"), [path], GapOptions(min_n=1))
        assert table.rows_read == 60  # the three header rows are not data
        assert result(table).n == len(kept)
        assert result(table).experience == pytest.approx(statistics.mean(kept))
        expected = {
            "preview": sum(s == "1" for s, _, _ in data),
            "test": sum(s == "2" for s, _, _ in data),
            "spam": sum(s == "8" for s, _, _ in data),
        }
        assert table.excluded == expected
        assert table.responses_used == 60 - sum(expected.values())
    finished = compute_gaps(
        journey(tmp_path, "{QID1: csat}"), [path], GapOptions(min_n=1, finished_only=True)
    )
    done = [q for s, f, q in data if s in counts and f == "1"]
    assert result(finished).n == len(done)
    assert finished.excluded["partial"] == sum(s in counts and f == "0" for s, f, _ in data)


def test_qualtrics_legacy_two_header_rows(tmp_path: Path) -> None:
    values = [(i * 2) % 5 + 1 for i in range(12)]
    statuses = ["0" if i % 4 else "1" for i in range(12)]  # every fourth a preview
    rows = [
        [
            *(f"R_{i}", "Default Response Set", "Anonym", "", "", "", statuses[i]),
            *("2017-07-18 08:28:09", "2017-07-18 08:28:48", "1", str(v), "Hello", "", "", "", ""),
        ]
        for i, v in enumerate(values)
    ]
    path = with_rows(tmp_path, "qualtrics_legacy.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.QUALTRICS_LEGACY, 2)
    kept = [v for v, s in zip(values, statuses, strict=True) if s == "0"]
    for key in ("Q1", "This is a multiple choice question."):
        table = compute_gaps(journey(tmp_path, f"{{'{key}': csat}}"), [path], GapOptions(min_n=1))
        assert table.rows_read == 12
        assert (result(table).n, result(table).experience) == (
            len(kept),
            pytest.approx(statistics.mean(kept)),
        )
        assert table.excluded == {"preview": 3}


def test_qualtrics_2016_import_ids_and_repeated_texts(tmp_path: Path) -> None:
    width = 49
    q1 = [(i % 5) + 1 for i in range(15)]
    first_squash = [((i + 2) % 5) + 1 for i in range(15)]  # Q3_1
    second_squash = [((i + 4) % 5) + 1 for i in range(15)]  # Q4_1
    rows = []
    for i in range(15):
        row = [""] * width
        row[0], row[1], row[9] = f"R_{i}", "Default Response Set", "1"
        row[10] = "2" if i == 14 else "0"  # the last one a Survey Test
        row[11], row[17], row[21] = str(q1[i]), str(first_squash[i]), str(second_squash[i])
        rows.append(row)
    path = with_rows(tmp_path, "qualtrics_2016_insights.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.QUALTRICS_2016, 3)
    table = compute_gaps(journey(tmp_path, "{QID1: csat}"), [path], GapOptions(min_n=1))
    assert table.rows_read == 15 and table.excluded == {"test": 1}
    assert result(table).experience == pytest.approx(statistics.mean(q1[:14]))
    text = "Indicate how you feel about the following vegetables-Squash"
    second = compute_gaps(journey(tmp_path, f"{{'{text}#2': csat}}"), [path], GapOptions(min_n=1))
    assert result(second).experience == pytest.approx(statistics.mean(second_squash[:14]))
    by_id = compute_gaps(journey(tmp_path, "{QID3-1: csat}"), [path], GapOptions(min_n=1))
    assert result(by_id).experience == pytest.approx(statistics.mean(first_squash[:14]))


# ---------------------------------------------------------------- through `cxmap gaps`


def gaps_json(tmp_path: Path, questions: str, *surveys: Path, args: tuple[str, ...] = ()) -> Any:
    """``cxmap gaps --format json`` on the one-touchpoint map of test_survey_reading."""
    journey(tmp_path, questions)
    run = cli(
        "gaps", tmp_path / "map.cxmap.yaml", *(a for s in surveys for a in ("-s", s)),
        "--format", "json", "--min-n", "1", *args,
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def overall(doc: Any) -> Any:
    (row,) = [r for r in doc["results"] if r["segment"] is None and r["metric"] == "csat"]
    return row


STARWARS_RANK = (
    "Please rank the Star Wars films in order of preference with 1 being your favorite film"
    " in the franchise and 6 being your least favorite film."
)
STARWARS_FILMS = [
    "Star Wars: Episode I \u00e4\u00f3\u00f1 The Phantom Menace",
    "Star Wars: Episode II \u00e4\u00f3\u00f1 Attack of the Clones",
    "Star Wars: Episode III \u00e4\u00f3\u00f1 Revenge of the Sith",
    "Star Wars: Episode IV \u00e4\u00f3\u00f1 A New Hope",
    "Star Wars: Episode V \u00e4\u00f3\u00f1The Empire Strikes Back",
    "Star Wars: Episode Vi \u00e4\u00f3\u00f1Return of the Jedi",
]


def test_surveymonkey_old_matrix_rows_through_gaps(tmp_path: Path) -> None:
    """The old layout: a matrix's text only over its first column, row labels in row 2."""
    header = next(csv.reader((REAL / "surveymonkey_old_starwars.header.csv").open()))
    assert header[0] == "RespondentID" and len(header) == 38
    ranks = [[(i + k) % 6 + 1 for k in range(6)] for i in range(40)]
    rows = []
    for i, rank in enumerate(ranks):
        row = [str(3292000000 + i), "Yes", "Yes", *STARWARS_FILMS, *map(str, rank)]
        row += ["Very favorably"] * 14 + ["Han", "No", "", "No", "", "18-29", "", "", ""]
        if i % 9 == 4:
            row[9 + 3] = ""  # no rank for Episode IV
        rows.append(row)
    path = with_rows(tmp_path, "surveymonkey_old_starwars.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.SURVEYMONKEY_OLD, 2)
    # the 4th row of the ranking matrix (Episode IV): the 10th column is the matrix's first
    key = f"{STARWARS_RANK} / {STARWARS_FILMS[3]}"
    doc = gaps_json(tmp_path, f"{{{json.dumps(key)}: {{metric: csat, scale: [1, 6]}}}}", path)
    kept = [rank[3] for i, rank in enumerate(ranks) if i % 9 != 4]
    rescaled = [1 + (v - 1) * (5 - 1) / (6 - 1) for v in kept]
    assert doc["rows_read"] == 40  # the two header rows are not data
    assert doc["responses_used"] == 40
    assert doc["cells_skipped"] == {"missing": sum(i % 9 == 4 for i in range(40))}
    assert overall(doc)["n"] == len(kept)
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(rescaled), abs=1e-4)
    # the row label alone names two columns (seen, ranked): refused, both named
    journey(tmp_path, f"{{{json.dumps(STARWARS_FILMS[3])}: csat}}")
    run = cli("gaps", tmp_path / "map.cxmap.yaml", "-s", path)
    assert run.exit_code == 2
    assert "#5" in run.stderr or "#2" in run.stderr, run.stderr


def test_google_forms_us_timestamps_through_gaps(tmp_path: Path) -> None:
    """A US Google Forms export: month-first timestamps, waves by month."""
    answers = [(i * 2) % 5 + 1 for i in range(30)]
    months = [9 if i < 12 else 10 for i in range(30)]
    rows = [
        [f"{m}/{i % 28 + 1}/2025 {i % 24}:0{i % 10}:15", "Yes", "4th", str(a)]
        for i, (m, a) in enumerate(zip(months, answers, strict=True))
    ]
    path = with_rows(tmp_path, "google_forms_en_us.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.GOOGLE_FORMS, 1)
    key = "Do you believe a hotdog is a sandwich?"
    doc = gaps_json(
        tmp_path, f'{{"{key}": csat}}', path, args=("--date-column", "Timestamp", "--by", "wave")
    )
    assert doc["rows_read"] == 30
    assert overall(doc)["n"] == 30
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(answers), abs=1e-4)
    waves = {r["segment"]: r for r in doc["results"] if r["segment"] is not None}
    for month, name in ((9, "2025-09"), (10, "2025-10")):
        mine = [a for a, m in zip(answers, months, strict=True) if m == month]
        assert waves[name]["n"] == len(mine)
        assert waves[name]["experience"] == pytest.approx(statistics.mean(mine), abs=1e-4)


TYPEFORM_EASE = (
    "Si vous deviez noter votre aisance personnelle avec l'informatique,"
    " combien vous donneriez vous ?"
)


def test_typeform_fr_scale_and_repeated_other_through_gaps(tmp_path: Path) -> None:
    """A French Typeform export: 0..10 answers rescaled, the second 'Other' by Other#2."""
    header = next(csv.reader((REAL / "typeform_fr.header.csv").open(encoding="utf-8")))
    assert (header[0], header[-3:]) == (
        "#",
        ["Start Date (UTC)", "Submit Date (UTC)", "Network ID"],
    )
    others = [i for i, h in enumerate(header) if h == "Other"]
    ease = [(i * 7) % 11 for i in range(25)]  # 0..10
    second_other = [(i % 5) + 1 for i in range(25)]
    rows = []
    for i in range(25):
        row = [""] * len(header)
        row[0] = f"tok{i:04d}"
        row[header.index(TYPEFORM_EASE)] = str(ease[i])
        row[others[1]] = str(second_other[i]) if i % 6 else ""
        row[-3:] = ["2021-04-09 17:42:20", "2021-04-09 18:00:29", f"n{i:04d}"]
        rows.append(row)
    path = with_rows(tmp_path, "typeform_fr.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.TYPEFORM, 1)
    doc = gaps_json(
        tmp_path, f"{{{json.dumps(TYPEFORM_EASE)}: {{metric: csat, scale: [0, 10]}}}}", path
    )
    assert doc["rows_read"] == 25
    rescaled = [1 + v * (5 - 1) / 10 for v in ease]
    assert overall(doc)["n"] == 25
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(rescaled), abs=1e-4)
    doc = gaps_json(tmp_path, "{'Other#2': csat}", path)
    kept = [v for i, v in enumerate(second_other) if i % 6]
    assert overall(doc)["n"] == len(kept)
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(kept), abs=1e-4)
    journey(tmp_path, "{Other: csat}")  # the export has eight columns called Other
    run = cli("gaps", tmp_path / "map.cxmap.yaml", "-s", path)
    assert len(others) == 8
    assert run.exit_code == 2 and "matches 8 columns" in run.stderr, run.stderr
    assert "'Other#1' .. 'Other#8'" in run.stderr


SM_EQUIPPED = (
    'To what extent do you agree with the following statement: "I feel more equipped to lead'
    ' in my context as a result of my learning through this module."'
)
AGREEMENT = {
    "Strongly disagree": 1,
    "Disagree": 2,
    "Neither agree nor disagree": 3,
    "Agree": 4,
    "Strongly agree": 5,
}


def test_surveymonkey_current_labels_us_dates_and_waves_through_gaps(tmp_path: Path) -> None:
    """The current layout: `Response` under each question, US 12-hour dates."""
    header = list(csv.reader((REAL / "surveymonkey_current.header.csv").open(encoding="utf-8")))
    assert [len(r) for r in header] == [20, 20] and header[1][10] == "Response"
    labels = list(AGREEMENT)
    answers = [labels[(i * 3) % 5] for i in range(24)]
    months = [7 if i % 3 else 8 for i in range(24)]
    rows = []
    for i, (label, month) in enumerate(zip(answers, months, strict=True)):
        stamp = f"{month:02d}/{i % 28 + 1:02d}/2023 0{i % 9 + 1}:21:36 {'AM' if i % 2 else 'PM'}"
        row = [str(19085864000 + i), "414754235", stamp, stamp, *[""] * 5]
        row += ["", "Most of it", label, "Yes", "Yes", "Not really", "", "Agree", "", "", ""]
        rows.append(row)
    path = with_rows(tmp_path, "surveymonkey_current.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.SURVEYMONKEY, 2)
    args = ("--date-column", "Start Date", "--by", "wave")
    doc = gaps_json(tmp_path, f"{{{json.dumps(SM_EQUIPPED)}: csat}}", path, args=args)
    scores = [AGREEMENT[a] for a in answers]
    assert doc["rows_read"] == 24  # the Response row is not data
    assert overall(doc)["n"] == 24
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(scores), abs=1e-4)
    waves = {r["segment"]: r for r in doc["results"] if r["segment"] is not None}
    assert set(waves) == {"2023-07", "2023-08"}
    for month in (7, 8):
        mine = [s for s, m in zip(scores, months, strict=True) if m == month]
        assert waves[f"2023-{month:02d}"]["n"] == len(mine)
        assert waves[f"2023-{month:02d}"]["experience"] == pytest.approx(
            statistics.mean(mine), abs=1e-4
        )


def test_microsoft_forms_workbook_through_gaps(tmp_path: Path) -> None:
    """Microsoft Forms exports .xlsx only: the real header in a workbook, typed dates."""
    pytest.importorskip("openpyxl")
    import datetime as dt

    from tests.test_survey_workbook import workbook

    header = next(csv.reader((REAL / "microsoft_forms.header.csv").open(encoding="utf-8")))
    assert header[:5] == ["ID", "Start time", "Completion time", "Email", "Name"]
    question = "What is your subject?"  # asked as text; the synthetic rows answer 1..5
    answers = [(i * 2) % 5 + 1 for i in range(20)]
    when = [dt.datetime(2024, 1 if i < 8 else 2, i % 27 + 1, 12, 0) for i in range(20)]
    rows: list[list[object]] = [
        [i + 1, t, t, "anonymous", "", t, "", a, ""]
        for i, (a, t) in enumerate(zip(answers, when, strict=True))
    ]
    book = workbook(tmp_path / "forms.xlsx", {"Sheet1": [header, *rows]})
    assert sniff(book).tool is Tool.MICROSOFT_FORMS
    args = ("--date-column", "Completion time", "--by", "wave")
    doc = gaps_json(tmp_path, f"{{'{question}': csat}}", book, args=args)
    assert doc["rows_read"] == 20
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(answers), abs=1e-4)
    waves = {r["segment"]: r["n"] for r in doc["results"] if r["segment"] is not None}
    assert waves == {"2024-01": 8, "2024-02": 12}
    # the tool's own columns (id, times, e-mail, name) are never taken for questions
    assert sorted(doc["unmapped"]) == sorted(c for c in header[6:] if c != question)


GF_FR_INTEREST = (
    "Trouvez vous intéressant de pouvoir visualiser rapidement les résultats de votre test"
    " pour comprendre la performance que vous avez réalisé ?"
)
INTEREST = {
    "Pas du tout intéressant": 1,
    "Peu intéressant": 2,
    "Indifférent": 3,
    "Plutôt intéressant": 4,
    "Très intéressant": 5,
}


def test_google_forms_fr_day_first_dates_and_own_labels_through_gaps(tmp_path: Path) -> None:
    """`Horodateur` first; dates that never say day or month first are refused, never guessed."""
    labels = list(INTEREST)
    answers = [labels[(i * 2) % 5] for i in range(18)]
    days = [10 + i % 3 for i in range(18)]  # 10..12 March: readable both ways
    rows = [
        [f"{d:02d}/03/2024 {9 + i % 8:02d}:45:34", a, "Oui", "Plutôt confiant.e", "", ""]
        for i, (a, d) in enumerate(zip(answers, days, strict=True))
    ]
    path = with_rows(tmp_path, "google_forms_fr.header.csv", rows)
    assert (sniff(path).tool, sniff(path).header_rows) == (Tool.GOOGLE_FORMS, 1)
    question = f"{{{json.dumps(GF_FR_INTEREST)}: {{metric: csat, labels: {json.dumps(INTEREST)}}}}}"
    journey(tmp_path, question)
    wave = ("--date-column", "Horodateur", "--by", "wave")
    refused = cli("gaps", tmp_path / "map.cxmap.yaml", "-s", path, *wave)
    assert refused.exit_code == 2 and "--date-format" in refused.stderr, refused.stderr
    doc = gaps_json(tmp_path, question, path, args=(*wave, "--date-format", "%d/%m/%Y %H:%M:%S"))
    scores = [INTEREST[a] for a in answers]
    assert doc["rows_read"] == 18
    assert overall(doc)["experience"] == pytest.approx(statistics.mean(scores), abs=1e-4)
    waves = {r["segment"]: r["n"] for r in doc["results"] if r["segment"] is not None}
    assert waves == {"2024-03": 18}  # read month-first, these would be three months
    # one date past the 12th settles the column: day first, no --date-format needed
    later = with_rows(
        tmp_path,
        "google_forms_fr.header.csv",
        [*rows, ["25/03/2024 10:00:00", labels[0], "", "", "", ""]],
    )
    settled = gaps_json(tmp_path, question, later, args=wave)
    assert {r["segment"]: r["n"] for r in settled["results"] if r["segment"]} == {"2024-03": 19}
