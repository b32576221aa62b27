"""Properties of lint over generated maps: never a crash, positions inside the file,
and a suppression on every reported line silences every finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmap.lint.config import LintConfig
from cxmap.lint.engine import lint
from cxmap.lint.rules import BY_CODE
from cxmap.load import parse_text
from cxmap.validate import validate_document

STAGES = [None, "awareness", "consideration", "purchase", "service", "retention"]
CONFIG = LintConfig(today=dt.date(2026, 11, 1))


@st.composite
def maps(draw: Any) -> str:
    """The text of a valid map with random phases, channels, touchpoints, flow and actions."""
    phases = draw(st.integers(1, 4))
    channels = draw(st.integers(1, 3))
    count = draw(st.integers(0, 10))
    lines = ["cxmap: 1", "id: generated", "title: Generated"]
    for key, value in (("owner", "cx"), ("reviewed", "2026-01-01"), ("start", "s"), ("end", "e")):
        if draw(st.booleans()):
            lines.append(f"{key}: {value}")
    lines.append("phases:")
    for p in range(phases):
        stage = draw(st.sampled_from(STAGES))
        lines.append(f"  - {{id: p{p}, name: Phase {p}" + (f", stage: {stage}}}" if stage else "}"))
    lines.append("channels:")
    for c in range(channels):
        kind = draw(st.sampled_from(["online", "offline"]))
        purpose = ", purpose: service" if draw(st.booleans()) else ""
        lines.append(f"  - {{id: c{c}, name: Channel {c}, type: {kind}{purpose}}}")
    explicit = draw(st.booleans())
    names = draw(st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=count, max_size=count))
    if count:
        lines.append("touchpoints:")
    for t in range(count):
        fields = [
            f"id: t{t}",
            f"name: {names[t]}{t if draw(st.booleans()) else ''}",
            f"phase: p{draw(st.integers(0, phases - 1))}",
            f"channel: c{draw(st.integers(0, channels - 1))}",
        ]
        if draw(st.booleans()):
            fields.append(f"emotion: {draw(st.integers(-2, 2))}")
        if draw(st.booleans()):
            fields.append("pain_points: [Slow]")
        if draw(st.booleans()):
            fields.append("needs: [Help]")
        if draw(st.booleans()):
            fields.append("owner: team")
        targets = draw(st.sets(st.sampled_from(["csat", "nps"])))
        if targets:
            fields.append("targets: {" + ", ".join(f"{m}: 4" for m in sorted(targets)) + "}")
        measured = draw(st.sets(st.sampled_from(["csat", "ces"])))
        if measured:
            fields.append(
                "questions: {" + ", ".join(f"Q{t}{m}: {m}" for m in sorted(measured)) + "}"
            )
        if explicit:
            nexts = draw(st.sets(st.integers(0, count - 1), max_size=3)) - {t}  # no self-loop
            fields.append("next: [" + ", ".join(f"t{n}" for n in sorted(nexts)) + "]")
        lines.append("  - {" + ", ".join(fields) + "}")
    actions = draw(st.lists(st.integers(0, count - 1), max_size=3)) if count else []
    if actions:
        lines.append("actions:")
        for a, target in enumerate(actions):
            status = ", status: planned" if draw(st.booleans()) else ""
            lines.append(f"  - {{id: a{a}, touchpoint: t{target}, description: Fix{status}}}")
    return "\n".join(lines) + "\n"


def _lint(text: str) -> list[Any]:
    validation = validate_document(parse_text(text, "generated.yaml"))
    assert validation.journey is not None, [f.message for f in validation.findings]
    return lint(validation.journey, validation.document, CONFIG)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_findings_point_inside_the_file(text: str) -> None:
    lines = text.splitlines()
    for finding in _lint(text):
        assert finding.code in BY_CODE
        assert 1 <= finding.span.line <= len(lines)
        assert 1 <= finding.span.column <= len(lines[finding.span.line - 1]) + 1
        assert finding.message and finding.message[0].islower()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_suppressing_every_reported_line_silences_everything(text: str) -> None:
    found = _lint(text)
    by_line: dict[int, set[str]] = {}
    for finding in found:
        by_line.setdefault(finding.span.line, set()).add(finding.code)
    lines = text.splitlines()
    for line, found_codes in by_line.items():
        lines[line - 1] += f"  # cxmap: ignore[{', '.join(sorted(found_codes))}]"
    assert _lint("\n".join(lines) + "\n") == []


@settings(max_examples=100, deadline=None)
@given(maps())
def test_the_first_touchpoint_is_always_reachable(text: str) -> None:
    unreachable = [f.path for f in _lint(text) if f.code == "CX103"]
    assert ("touchpoints", 0) not in unreachable
