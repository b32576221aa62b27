"""The shortcuts lint takes on big maps give what the plain way gives.

Each fast path (one test of all texts before escaping each, one JSON encoder call
per finding, ``str.split`` for the source lines, one substring test of all question
keys, the facts the rules share) is checked against the plain formulation written
out here or against the standard library, on random input.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmap.escape import github_data, github_property, visible
from cxmap.findings import Finding, Severity, Span, source_lines
from cxmap.formats import findings as fmt
from cxmap.lint.config import LintConfig
from cxmap.lint.engine import lint
from cxmap.lint.rules import _ANY_WORDING, Context, _maybe_worded
from cxmap.load import parse_text
from cxmap.validate import validate_document
from tests.test_lint_properties import maps

#: controls, separators, bidi overrides, quotes, backslashes and plain letters
TRICKY = st.text(
    alphabet=st.sampled_from(
        list("aZ09 :,%\"\\'#\t\n\r\x00\x1b\x7f\x85\x9f\u00e9\u017f\u0130\u2028\u2029\u202e\u2066")
    ),
    max_size=12,
)


@st.composite
def findings(draw: Any) -> list[Finding]:
    """Findings with hostile files, names and messages (as a catalogue or a map may hold)."""
    count = draw(st.integers(0, 6))
    return [
        Finding(
            draw(st.sampled_from(["CX101", "CX304", "CX901"])),
            draw(TRICKY),
            draw(st.sampled_from(list(Severity))),
            draw(TRICKY),
            draw(st.sampled_from(["map.yaml", "a b/ü.yaml", "x\n::error ::y.yaml", ""])),
            Span(
                draw(st.integers(1, 40)),
                draw(st.integers(1, 40)),
                draw(st.integers(1, 40)),
                draw(st.integers(1, 40)),
            ),
        )
        for _ in range(count)
    ]


def test_ascii_that_is_printable_is_exactly_what_visible_leaves_alone() -> None:
    for code in range(128):
        char = chr(code)
        assert (visible(char) == char) == char.isprintable(), repr(char)


@given(st.lists(TRICKY, max_size=8))
def test_shown_is_visible_of_each(texts: list[str]) -> None:
    assert fmt.shown(texts) == [visible(text) for text in texts]


@given(
    st.text(alphabet=st.sampled_from(list("ab \t\n\r\x0c\x0b\x1c\x85\u2028\u2029")), max_size=30)
)
def test_source_lines_by_split_match_the_parser_s_lines(text: str) -> None:
    assert fmt._source_lines(text) == source_lines(text)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(findings(), st.integers(0, 3))
def test_json_is_the_standard_indented_encoding(found: list[Finding], files: int) -> None:
    doc = {
        "files": files,
        "findings": [
            {
                "file": f.file,
                "line": f.span.line,
                "column": f.span.column,
                "code": f.code,
                "name": f.name,
                "severity": f.severity.value,
                "message": f.message,
            }
            for f in found
        ],
    }
    expected = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    assert fmt.format_json(found, files) == expected


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(findings())
def test_github_lines_are_the_properties_escaped_one_by_one(found: list[Finding]) -> None:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    expected = []
    for f in found:
        props = ",".join(
            f"{key}={github_property(str(value))}"
            for key, value in (
                ("file", f.file),
                ("line", f.span.line),
                ("col", f.span.column),
                ("endLine", f.span.end_line),
                ("endColumn", f.span.end_column),
                ("title", f"{f.code} {f.name}"),
            )
        )
        expected.append(f"::{level[f.severity]} {props}::{github_data(f.message)}")
    lines = fmt.format_github(found, 1).split("\n")
    assert lines[: len(found)] == expected


@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("EASYeasyfortdiculhn \n_\u017f\u0130\u0131\u212a")),
            max_size=14,
        )
        | st.sampled_from(["How easy", "eaſy", "İnspanning", "hard to", "Q5", "noeffort"]),
        max_size=5,
    )
)
def test_the_wording_pretest_never_misses_a_worded_key(keys: list[str]) -> None:
    text = "\n".join(keys)
    if any(_ANY_WORDING.search(key) for key in keys):
        assert _maybe_worded(text)


def test_a_key_worded_with_a_non_ascii_letter_is_still_read() -> None:
    # U+017F (long s) matches 's' when case is ignored: the pretest must not skip it
    assert _ANY_WORDING.search("Was it ea\u017fy?") is not None
    assert _maybe_worded("Q1\nWas it ea\u017fy?")
    assert not _maybe_worded("Q1\nQ2_nps")


CONFIG = LintConfig(today=dt.date(2026, 11, 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_rules_find_the_same_with_shared_facts_as_each_on_its_own(text: str) -> None:
    validation = validate_document(parse_text(text, "generated.yaml"))
    journey = validation.journey
    assert journey is not None
    shared = {(f.code, f.path, f.message) for f in lint(journey, validation.document, CONFIG)}
    alone = {
        (rule.code, path, message)
        for rule in CONFIG.rules
        for path, message in rule.check(journey, Context(CONFIG.today, CONFIG.options_of(rule)))
    }
    assert shared == alone
