"""Inert outputs: user text cannot forge lines, cells, links, formulas or terminal codes.

Unit tests of ``cxmap.escape``, then each output format fed hostile text and
checked against its own invariant, then the same invariants under hypothesis
(the fuzz target: random text through every output format).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxmap.diff import Change, Kind, MapDiff, Op
from cxmap.escape import (
    CSV_RISKY,
    clip,
    csv_cell,
    github_data,
    github_property,
    markdown_code,
    markdown_text,
    visible,
    window,
)
from cxmap.findings import Finding, Severity, Span
from cxmap.formats import diff as diff_fmt
from cxmap.formats import findings as findings_fmt
from cxmap.formats import gaps as gaps_fmt
from cxmap.gaps import GapResult, GapStatus, GapTable

#: what no human-facing output may contain outside the line breaks it writes itself
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
HOSTILE = [
    "a\nb",
    "x\r\n::error file=evil::forged",
    "\x1b]0;title\x07\x1b[31mred\x1b[0m",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "abc\u202edcba\u2066x\u2069",
    "\x85next\u2028line\u2029para",
    "| pipe | `tick` <b>html</b> [link](https://evil.example) ![img](x)",
    "\\|escaped\\\\|",
    '=HYPERLINK("https://evil.example")',
    "  +cmd|' /C calc'!A0",
    "\uff1dSUM(1)",
    "%0A%25 100%",
    "file:with,commas",
    "",
]


# ---------------------------------------------------------------- the functions


def test_visible_names_every_control() -> None:
    assert visible("a\nb\tc\rd") == "a\\nb\\tc\\rd"
    assert visible("\x1b[31m") == "\\x1b[31m"
    assert visible("\x85\x9b") == "\\x85\\x9b"
    assert visible("\u202eabc\u2066") == "\\u202eabc\\u2066"
    assert visible("\u2028") == "\\u2028"
    assert visible("café ☕ 日本") == "café ☕ 日本"


def test_github_escapes_per_the_workflow_command_rules() -> None:
    assert github_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert github_data("\x1b") == "\\x1b"


def test_markdown_text_escapes_what_markdown_reads() -> None:
    assert markdown_text("a|b") == "a\\|b"
    assert markdown_text("<script>") == "\\<script\\>"
    assert markdown_text("[x](y)") == "\\[x\\](y)"
    assert markdown_text("`c`") == "\\`c\\`"
    assert markdown_text("a\nb") == "a\\\\nb"  # the visible \n, its backslash escaped


def test_markdown_code_fences_around_backticks() -> None:
    assert markdown_code("x") == "`x`"
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("``") == "``` `` ```"
    assert markdown_code("a|b") == "`a\\|b`"
    # a backslash before a pipe would pair with the escape and free the pipe
    assert markdown_code("a\\|b") == "`a\\\\\\|b`"
    assert markdown_code("") == "` `"


@pytest.mark.parametrize("risky", sorted(CSV_RISKY))
def test_csv_guard_covers_every_risky_start(risky: str) -> None:
    assert csv_cell(f"{risky}1+1") == f"'{risky}1+1"
    assert csv_cell(f"  {risky}1+1") == f"'  {risky}1+1"
    assert csv_cell(f"\u3000{risky}x") == f"'\u3000{risky}x"


def test_csv_guard_leaves_plain_text_and_numbers() -> None:
    assert csv_cell("checkout") == "checkout"
    assert csv_cell("a=b") == "a=b"
    assert csv_cell(-1.5) == -1.5
    assert csv_cell("") == ""


def test_clip_and_window() -> None:
    assert clip("abcdef", 4) == "abc…"
    assert clip("abc", 4) == "abc"
    text = "".join(chr(97 + i % 26) for i in range(1000))
    excerpt, column = window(text, 500, 60)
    assert len(excerpt) <= 62 and excerpt[0] == excerpt[-1] == "…"
    assert excerpt[column - 1] == text[499]
    assert window("short", 3, 60) == ("short", 3)


# ---------------------------------------------------------------- invariants


def table_pipes(row: str) -> int:
    """Cell delimiters of a GFM table row, read as GitHub reads them (backslash pairs)."""
    count, index = 0, 0
    while index < len(row):
        if row[index] == "\\":
            index += 2
            continue
        count += row[index] == "|"
        index += 1
    return count


def unescaped(row: str, chars: str) -> list[str]:
    """Characters of ``chars`` in ``row`` outside code spans and not backslash-escaped."""
    found, index, fence = [], 0, ""
    while index < len(row):
        if not fence and row[index] == "\\":
            index += 2
            continue
        if row[index] == "`":
            run = re.match("`+", row[index:])
            assert run is not None
            ticks = run.group()
            fence = "" if fence == ticks else (fence or ticks)
            index += len(ticks)
            continue
        if not fence and row[index] in chars:
            found.append(row[index])
        index += 1
    return found


def check_lines(text: str, expected_lines: int) -> None:
    """A line format: exactly the lines it means to write, nothing invisible in them."""
    assert text.endswith("\n")
    assert FORBIDDEN.search(text) is None, repr(text)
    assert len(text.splitlines()) == expected_lines, text


OWN_MARKUP = frozenset({"<details><summary>warnings</summary>", "</details>"})


def check_markdown_rows(text: str, cells: int) -> None:
    for line in text.splitlines():
        assert FORBIDDEN.search(line) is None, repr(line)
        if line in OWN_MARKUP:
            continue
        if line.startswith("| "):
            assert table_pipes(line) == cells + 1, line
        assert not unescaped(line, "<["), line


def check_github(text: str, annotations: int) -> None:
    lines = text.splitlines()
    assert len(lines) == annotations + 1
    for line in lines[:-1]:
        assert line.startswith(("::error ", "::warning ", "::notice "))
        head, sep, message = line[2:].partition("::")
        assert sep and FORBIDDEN.search(line) is None
        _level, _, props = head.partition(" ")
        pairs = props.split(",")
        assert [p.split("=", 1)[0] for p in pairs] == [
            "file",
            "line",
            "col",
            "endLine",
            "endColumn",
            "title",
        ]
        assert all(":" not in p for p in pairs)
        assert "\n" not in message and "\r" not in message


def check_csv(text: str, columns: int) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows[1:]:
        assert len(row) == columns
        for cell in row:
            first = cell.lstrip()[:1]
            if cell[:1] in CSV_RISKY or first in CSV_RISKY:
                assert cell.startswith("'") or _number(cell), row


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- the formats


def findings_of(text: str) -> list[Finding]:
    return [
        Finding("CX301", "rule-name", Severity.ERROR, f"touchpoint '{text}' is bad", text or "f"),
        Finding("CX302", "other", Severity.WARNING, text, "map.yaml", Span(2, 3, 2, 5), ("a", 0)),
    ]


def gap_table_of(text: str) -> GapTable:
    result = GapResult(text, text, text, 40, 3.5, 4.0, -0.5, -0.9, -0.1, GapStatus.BELOW)
    overall = GapResult(text, text, None, 80, 3.5, 4.0, -0.5, -0.9, -0.1, GapStatus.BELOW)
    return GapTable(text, 80, 0, [overall, result], [text], [f"warning about {text}"])


def diff_of(text: str) -> MapDiff:
    return MapDiff(
        text,
        text,
        [
            Change(Kind.TOUCHPOINT, text, Op.RENAMED, "name", text, text + "x"),
            Change(Kind.METRIC, "m", Op.CHANGED, "labels", {text: 1.0}, {text: 2.0}),
            Change(Kind.TOUCHPOINT, "t", Op.CHANGED, f"targets.{text}", 1.0, 2.0),
            Change(Kind.TOUCHPOINT, "t", Op.ADDED, f"questions.{text}", None, text),
            Change(Kind.FLOW, "", Op.ADDED, None, None, [text, text]),
        ],
    )


def check_every_format(text: str) -> None:
    found = findings_of(text)
    check_lines(findings_fmt.format_plain(found, 1), 3)
    check_lines(findings_fmt.format_concise(found, 1), 3)
    source = f"a: 1\nb: {text}\n"
    check_lines(findings_fmt.format_text(found, 2, {"map.yaml": source}), 9)
    check_github(findings_fmt.format_github(found, 1), 2)

    table = gap_table_of(text)
    check_markdown_rows(gaps_fmt.format_markdown(table), 9)
    check_csv(gaps_fmt.format_csv(table), len(gaps_fmt.COLUMNS))
    assert FORBIDDEN.search(gaps_fmt.format_text(table, width=400)) is None

    changes = diff_of(text)
    check_markdown_rows(diff_fmt.format_markdown(changes, text, text), 3)
    check_lines(diff_fmt.format_text(changes, text, text), 1 + len(changes.changes))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_inert_in_every_format(text: str) -> None:
    check_every_format(text)


def test_github_file_names_are_escaped() -> None:
    (finding, _) = findings_of("x")
    hostile = Finding(finding.code, finding.name, finding.severity, "m", "a,b:c%\n.yaml")
    line = findings_fmt.format_github([hostile], 1).splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac%25%0A.yaml,line=1,")


def test_markdown_diff_label_keys_cannot_break_the_table() -> None:
    changes = diff_of("Very | good <img src=x onerror=alert(1)>")
    text = diff_fmt.format_markdown(changes, "old", "new")
    row = next(line for line in text.splitlines() if "label" in line)
    assert table_pipes(row) == 4
    assert "\\<img" in row


def test_text_excerpt_is_clipped_around_the_column() -> None:
    line = "x: [" + ", ".join(str(i) for i in range(20000)) + "]"
    found = [
        Finding("CX301", "r", Severity.ERROR, "m", "m.yaml", Span(1, col, 1, col + 3))
        for col in (5, 40000, len(line) - 2)
    ]
    text = findings_fmt.format_text(found, 1, {"m.yaml": line})
    assert len(text) < 3 * 400
    for f, (source, caret) in zip(found, _excerpts(text), strict=True):
        offset = caret.index("^")
        assert source[offset : offset + 3] == line[f.span.column - 1 : f.span.column + 2]


def _excerpts(text: str) -> list[tuple[str, str]]:
    lines = [line for line in text.splitlines() if " | " in line]
    return [
        (lines[i].split(" | ", 1)[1], lines[i + 1].split(" | ", 1)[1])
        for i in range(0, len(lines), 2)
    ]


def test_caret_moves_with_escapes_before_it() -> None:
    found = [Finding("CX301", "r", Severity.ERROR, "m", "m.yaml", Span(1, 6, 1, 7))]
    text = findings_fmt.format_text(found, 1, {"m.yaml": "a\x1b\x1bbcXd"})
    ((source, caret),) = _excerpts(text)
    assert source == "a\\x1b\\x1bbcXd"
    assert source[caret.index("^")] == "X"


# ---------------------------------------------------------------- fuzz target

HOSTILE_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Z", "Cc", "Cf"),
) | st.sampled_from(list("|`<>[]\\%:,=+-@;\t\r\n\x1b\x85\u202e\u2066\uff1d"))


@settings(max_examples=200, deadline=None)
@given(st.text(HOSTILE_CHARS, max_size=60))
def test_random_text_stays_inert_in_every_format(text: str) -> None:
    check_every_format(text)
