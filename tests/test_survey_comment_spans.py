"""Comments of a long file read only where the gaps scan saw them (``GapTable.surveys``).

Every comment count, every verbatim kept and its line must be what a read of
the whole file finds: the expected comments come from ``csv.reader`` in the
test, and the kept verbatims from the whole-file pass (``read`` not given).
Blocks are shrunk to a few rows so that small files span many blocks; the
split cases lower the split size so that a helper process reads the second half.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import threading
from collections import Counter
from pathlib import Path

import pytest

from cxmap import load_map
from cxmap.errors import InputError
from cxmap.gaps import GapOptions, compute_gaps
from cxmap.model import Journey
from cxmap.survey import comments, scan
from cxmap.survey.comments import read_comments
from cxmap.survey.sniff import sniff
from tests.helpers import SHOES_EXAMPLE, cli
from tests.test_survey_split import split_all

HEADER = "respondent,touchpoint,metric,value,segment,comment\n"
TOUCHPOINTS = ["search-online", "store-advice", "purchase", "elsewhere"]


def body(count: int, seed: int, spaces: float = 0.01) -> list[str]:
    """``count`` rows without comments (a share of cells of bare spaces, which are none)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        tp = TOUCHPOINTS[i % len(TOUCHPOINTS)]
        note = " " if rng.random() < spaces else ""
        out.append(f"r{i},{tp},csat,{rng.randint(1, 5)},new,{note}\n")
    return out


def said(i: int, text: str, tp: str = "purchase", score: str = "2") -> str:
    return f"c{i},{tp},csat,{score},new,{text}\n"


def shoes() -> Journey:
    return load_map(SHOES_EXAMPLE)


def expected(path: Path, journey: Journey) -> Counter[str]:
    """Comments per touchpoint, read with ``csv.reader`` alone (as the docs define them)."""
    known = {tp.id for tp in journey.touchpoints}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))
    header = records[0]
    t, c = header.index("touchpoint"), header.index("comment")
    found: Counter[str] = Counter()
    for row in records[1:]:
        if len(row) > max(t, c) and row[t].strip() in known and row[c].strip():
            found[row[t].strip()] += 1
    return found


def lines_with_comments(path: Path) -> set[int]:
    """The lines whose comment cell is filled (csv's line numbers), read with ``csv.reader``."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        c = next(reader).index("comment")
        return {reader.line_num for row in reader if len(row) > c and row[c].strip()}


def check(path: Path, options: GapOptions | None = None) -> list[scan.Span] | None:
    """The spans of ``path``; the comments read from them are those of the whole file."""
    journey = shoes()
    table = compute_gaps(journey, [path], options or GapOptions())
    (read,) = table.surveys
    spans = read.spans
    found = read_comments(journey, [path], read=table.surveys)
    whole = read_comments(journey, [path])
    assert found == whole
    assert found.counts == dict(sorted(expected(path, journey).items()))
    assert sources(found) == sources(whole)
    every = read_comments(journey, [path], read=table.surveys, keep=1 << 20)
    every_whole = read_comments(journey, [path], keep=1 << 20)
    assert {tp: len(v) for tp, v in every.lowest.items()} == found.counts
    assert every == every_whole  # texts and scores (a verbatim's source is not compared)
    assert sources(every) == sources(every_whole)
    return spans


def spanned(path: Path, spans: list[scan.Span]) -> list[comments.SurveyRead]:
    """``path`` as read by a scan that saw comments in ``spans`` alone."""
    return [comments.SurveyRead(sniff(path), spans)]


def sources(found: comments.Comments) -> dict[str, list[str]]:
    return {tp: [v.source for v in kept] for tp, kept in found.lowest.items()}


def covered(spans: list[scan.Span], path: Path) -> set[int]:
    """The lines (1-based) the spans hold."""
    data = path.read_bytes()
    out: set[int] = set()
    for start, end, line in spans:
        count = data[start : len(data) if end is None else end].count(b"\n")
        if end is None and not data.endswith(b"\n"):
            count += 1
        out.update(range(line + 1, line + count + 1))
        assert data[:start].count(b"\n") == line  # each span starts at its line
    return out


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "FAST_BLOCK", 200)


def test_a_file_without_comments_is_not_read_again(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "".join(body(500, 1, spaces=0)))
    assert check(path) == []
    assert read_comments(shoes(), [path], read=spanned(path, [])).counts == {}


def test_spaces_are_no_comment_but_their_block_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = body(300, 2, spaces=0)
    rows[150] = said(1, "   ")
    path.write_text(HEADER + "".join(rows))
    spans = check(path)
    assert spans is not None and len(spans) == 1
    assert 152 in covered(spans, path)
    assert read_comments(shoes(), [path], read=spanned(path, spans)).counts == {}


def test_only_the_blocks_with_comments_are_noted(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = body(600, 3)
    for at in (20, 21, 300, 590):
        rows[at] = said(at, f"note {at}", score=str(1 + at % 5))
    path.write_text(HEADER + "".join(rows))
    spans = check(path)
    assert spans is not None
    lines = covered(spans, path)
    assert lines_with_comments(path) <= lines
    assert len(lines) < len(rows) // 3  # the rest of the file is not read again


def test_spans_of_adjacent_blocks_are_joined(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = body(400, 4, spaces=0)
    for at in range(100, 160):  # comments over several blocks of 200 bytes in a row
        rows[at] = said(at, "again")
    path.write_text(HEADER + "".join(rows))
    spans = check(path)
    assert spans is not None and len(spans) == 1
    assert set(range(102, 162)) <= covered(spans, path)


def test_from_the_first_quote_on_the_rest_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = body(500, 5)
    rows[100] = said(100, '"said ""no"", twice"')
    rows[101] = said(101, '"two\nlines"', tp="store-advice", score="1")
    rows[400] = said(400, "late, after the quote")
    path.write_text(HEADER + "".join(rows))
    spans = check(path)
    assert spans is not None and spans[-1][1] is None
    assert covered(spans, path) >= set(range(102, 503))
    found = read_comments(shoes(), [path], read=spanned(path, spans))
    assert [v.source for v in found.lowest["store-advice"]] == ["long.csv:104"]


def test_a_block_that_fails_the_width_check_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = body(400, 6)
    rows[200] = "r,purchase,csat\n"  # too few fields: the block is read row by row
    rows[202] = said(202, "beside a short row")
    rows[300] = "r,purchase,csat,3,new,one field more,\n"  # csv reads its comment
    path.write_text(HEADER + "".join(rows))
    spans = check(path)
    assert spans is not None
    assert {202, 204, 302} <= covered(spans, path)
    assert read_comments(shoes(), [path], read=spanned(path, spans)).counts == {"purchase": 2}


@pytest.mark.parametrize("where", ["first half", "second half", "both halves", "quote later"])
def test_comments_read_by_the_helper_process_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = tmp_path / "long.csv"
    rows = body(3000, 7, spaces=0)
    if where in ("first half", "both halves"):
        rows[10] = said(10, "early")
        rows[700] = said(700, "in the first half", tp="search-online", score="1")
    if where in ("second half", "both halves"):
        rows[2000] = said(2000, "read by the helper", tp="search-online", score="1")
        rows[2999] = said(2999, "the last row", score="5")
    if where == "quote later":
        rows[2500] = said(2500, '"quoted, in the second half"')
        rows[2600] = said(2600, "after it")
    path.write_text(HEADER + "".join(rows))
    used = split_all(monkeypatch)
    spans = check(path)
    assert used == [True]
    assert spans is not None
    assert lines_with_comments(path) <= covered(spans, path)
    if where == "first half":  # the helper found none in its half
        assert max(covered(spans, path)) < 1500


@pytest.mark.parametrize("name", ["crlf", "bom"])
def test_line_ends_and_byte_order_marks_keep_the_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    rows = body(2000, 8)
    for at in range(40, 2000, 37):  # some at a block's end, some at its start
        rows[at] = said(at, f"every 37th ({at})", tp="store-advice")
    rows[5] = said(5, "near the top")
    rows[1500] = said(1500, "near the end", score="1")
    text = HEADER + "".join(rows)
    crlf = text.replace("\n", "\r\n").encode()
    data = crlf if name == "crlf" else b"\xef\xbb\xbf" + text.encode()
    path = tmp_path / "long.csv"
    path.write_bytes(data)
    split_all(monkeypatch)
    spans = check(path)
    assert spans is not None
    found = read_comments(shoes(), [path], read=spanned(path, spans))
    assert [v.source for v in found.lowest["purchase"]] == ["long.csv:1502", "long.csv:7"]


def test_without_a_scan_the_whole_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = body(300, 9)
    rows[250] = said(250, "kept", score="3")
    path.write_text(HEADER + "".join(rows))
    assert check(path, GapOptions(dedupe=True)) is None  # --dedupe reads rows its own way
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(HEADER.replace("comment", '"comment"') + "".join(rows))
    assert check(quoted) is None  # a quoted header: csv from the start


def test_gaps_json_counts_the_comments_of_a_split_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = body(3000, 10)
    for at in (3, 1400, 2200, 2900):
        rows[at] = said(at, f"said {at}", tp=TOUCHPOINTS[at % 3])
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "".join(rows))
    used = split_all(monkeypatch)
    run = cli("gaps", SHOES_EXAMPLE, "--survey", path, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert used == [True]
    counts = json.loads(run.stdout)["comments"]
    assert counts == dict(sorted(expected(path, shoes()).items()))
    assert sum(counts.values()) == 4


def test_report_shows_the_same_verbatims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = body(3000, 11)
    rows[2500] = said(2500, "only the helper saw this", score="1")
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "".join(rows))
    split_all(monkeypatch)
    whole = comments.read_comments

    def page(name: str) -> str:
        out = tmp_path / name
        run = cli("report", SHOES_EXAMPLE, "--survey", path, "-o", out, "--today", "2026-01-01")
        assert run.exit_code == 0, run.stderr
        return out.read_text().replace(name, "")

    pages = [page("spans.html")]
    # the second report reads the whole file for its comments
    monkeypatch.setattr(comments, "read_comments", lambda *a, **k: whole(*a, **{**k, "read": ()}))
    pages.append(page("whole.html"))
    assert "only the helper saw this" in pages[0]
    assert pages[0] == pages[1]


def test_cp1252_past_the_head_is_read_as_gaps_reads_it(tmp_path: Path) -> None:
    # the head is ASCII, so the file is taken for UTF-8 until a comment says otherwise
    rows = body(8000, 12, spaces=0)
    rows[6000] = said(6000, "caf\xe9 closed", score="1")
    path = tmp_path / "long.csv"
    path.write_bytes((HEADER + "".join(rows)).encode("cp1252"))
    assert path.stat().st_size > 2 * 64 * 1024
    journey = shoes()
    table = compute_gaps(journey, [path], GapOptions())
    for read in (table.surveys, ()):
        found = read_comments(journey, [path], read=read)
        assert found.counts == {"purchase": 1}
        assert [(v.text, v.source) for v in found.lowest["purchase"]] == [
            ("caf\xe9 closed", "long.csv:6002")
        ]
    with pytest.raises(InputError, match="cannot decode the survey as utf-8"):
        read_comments(journey, [path], encoding="utf-8")
    run = cli("gaps", SHOES_EXAMPLE, "--survey", path, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["comments"] == {"purchase": 1}


def test_a_piped_survey_gives_its_comments_too(tmp_path: Path) -> None:
    # a pipe can be read once: the comments come from the bytes the gaps read kept
    rows = body(300, 13, spaces=0)
    rows[120] = said(120, "from the pipe")
    pipe = tmp_path / "survey.pipe"
    os.mkfifo(pipe)
    done = threading.Event()

    def feed() -> None:
        pipe.write_text(HEADER + "".join(rows))
        while not done.wait(0.01):  # a second read finds the pipe empty, as /dev/stdin's
            with contextlib.suppress(OSError):  # nobody reads
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        run = cli("gaps", SHOES_EXAMPLE, "--survey", pipe, "-f", "json")
    finally:
        done.set()
        writer.join()
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["comments"] == {"purchase": 1}


def test_a_workbook_is_loaded_once_for_its_gaps_and_comments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from cxmap.survey import workbook
    from tests.test_report_voice import SMALL

    map_path = tmp_path / "small.cxmap.yaml"
    map_path.write_text(SMALL, encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["respondent", "Q8_1", "Q8_text"])
    for r in range(40):
        sheet.append([f"r{r}", 1 + r % 5, "slow" if r % 4 == 0 else None])
    survey = tmp_path / "wave.xlsx"
    book.save(survey)
    loads: list[Path] = []
    load = workbook._open_sheet

    def counted(path: Path, name: str | None) -> object:
        loads.append(path)
        return load(path, name)

    monkeypatch.setattr(workbook, "_open_sheet", counted)
    run = cli("gaps", map_path, "--survey", survey, "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["comments"] == {"check-in": 10}
    assert loads == [survey]
