"""The report's "fix first", the customer's words, personas, language, and no Graphviz."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from cxmap.gaps import GapResult, GapStatus, GapTable
from cxmap.report import ReportInput, build_report
from cxmap.report.fixfirst import fix_first
from cxmap.survey.comments import read_comments
from cxmap.validate import load_map
from tests.helpers import EXAMPLES, cli

HOTEL = EXAMPLES / "hotel-stay.cxmap.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


#: The range of each metric's figure, written out: CSAT 1..5, CES 1..7, NPS -100..100.
RANGE = {"csat": 4.0, "ces": 6.0, "nps": 200.0}


def below(tp: str, metric: str, gap: float, target: float, span: float | None = None) -> GapResult:
    exp = target + gap
    share = gap / (span if span is not None else RANGE[metric])
    return GapResult(
        tp, metric, None, 100, exp, target, gap, exp - 0.1, exp + 0.1, GapStatus.BELOW, share=share
    )


def test_fix_first_ranks_by_gap_as_a_share_of_the_scale() -> None:
    journey = load_map(HOTEL)
    results = [
        below("check-in", "csat", -0.5, 4.3),  # CSAT 1..5: -0.5 / 4 = -0.125
        below("post-stay-survey", "nps", -20, 40),  # NPS -100..100: -20 / 200 = -0.10
        below("compare-rooms", "ces", -0.9, 5.5),  # CES 1..7: -0.9 / 6 = -0.15
        below("check-in", "checkin-wait", -1.0, 5, span=90.0),  # 0..90 minutes: check-in keeps csat
        GapResult("breakfast", "csat", None, 100, 3.0, 4.4, -1.4, 2.9, 4.5, GapStatus.INCONCLUSIVE),
        GapResult("check-out", "csat", "new", 40, 2.0, 4.2, -2.2, 1.9, 2.1, GapStatus.BELOW),
    ]
    table = GapTable(journey.id, 100, 0, results, [], [])
    ranked = fix_first(journey, table)
    share_wait = -1.0 / 90.0
    expected = sorted(
        [
            ("compare-rooms", -0.15),
            ("check-in", min(-0.125, share_wait)),
            ("post-stay-survey", -0.10),
        ],
        key=lambda kv: kv[1],
    )
    assert [p.touchpoint.id for p in ranked] == [tp for tp, _ in expected]
    assert [round(p.weight, 6) for p in ranked] == [round(w, 6) for _, w in expected]
    # not significant (inconclusive) and segment rows are never "fix first"
    assert "breakfast" not in {p.touchpoint.id for p in ranked}
    assert "check-out" not in {p.touchpoint.id for p in ranked}


def test_fix_first_opens_the_report_with_owner_action_and_no_action_yet() -> None:
    journey = load_map(HOTEL)
    table = GapTable(
        journey.id,
        100,
        0,
        [below("compare-rooms", "ces", -0.9, 5.5), below("first-look-room", "csat", -0.3, 4.4)],
        [],
        [],
    )
    page = build_report(ReportInput(journey=journey, source="m", diagram_svg=None, gaps=table))
    sections = re.findall(r'<section id="([a-z-]+)"', page)
    assert sections[0] == "fix-first"
    assert page.index("</header>") < page.index('<section id="fix-first"')
    first = re.search(
        r'<li class="priority" id="fix-compare-rooms">.*?</li>\s*</?', page, re.DOTALL
    )
    assert first is not None
    assert "e-commerce" in first.group(0)  # the touchpoint's owner
    assert "Show the total price including city tax on the room list" in first.group(0)
    assert "doing" in first.group(0)
    second = page[page.index('id="fix-first-look-room"') :]
    assert "no action yet" in second[: second.index("</li>")]
    assert "−0.90" in first.group(0)
    # the diagram is missing: a visible note says so, everything else is there
    assert "Graphviz&#x27;s dot program is not installed" in page
    assert '<section id="canvas"' not in page  # no canvas given to this page


SMALL = """\
cxmap: 1
id: small
title: Small hotel
phases: [{id: stay, name: Stay}]
channels: [{id: desk, name: Front desk, type: offline}]
touchpoints:
  - id: check-in
    name: Checks in
    phase: stay
    channel: desk
    owner: front-office
    targets: {csat: 4.3}
    questions: {Q8_1: csat}
    comments: [Q8_text]
"""


def wide_with_comments(tmp_path: Path) -> tuple[Path, Path]:
    map_path = tmp_path / "small.cxmap.yaml"
    map_path.write_text(SMALL, encoding="utf-8")
    rows = ["respondent,Q8_1,Q8_text"]
    words = {1: "Waited <b>forever</b> & then some", 2: "Slow", 4: "", 5: "Lovely staff"}
    for r in range(40):
        score = 1 + r % 5
        comment = words.get(score, "Fine") if r < 10 else ""
        rows.append(f'r{r},{score},"{comment}"')
    survey = tmp_path / "wave.csv"
    survey.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return map_path, survey


def test_comments_lowest_scores_first(tmp_path: Path) -> None:
    map_path, survey = wide_with_comments(tmp_path)
    found = read_comments(load_map(map_path), [survey])
    # rows 0..9 have scores 1,2,3,4,5,1,2,3,4,5; score 4 has no comment: 8 comments
    assert found.counts == {"check-in": 8}
    assert [(v.score, v.text) for v in found.lowest["check-in"]] == [
        (1.0, "Waited <b>forever</b> & then some"),
        (1.0, "Waited <b>forever</b> & then some"),
        (2.0, "Slow"),
    ]
    assert found.lowest["check-in"][0].source == "wave.csv:2"


def test_long_comment_column(tmp_path: Path) -> None:
    survey = tmp_path / "long.csv"
    survey.write_text(
        "touchpoint,metric,value,comment\ncheck-in,csat,5,great\ncheck-in,csat,1,awful\n"
        "nowhere,csat,1,not in the map\nbooking,csat,3,\n",
        encoding="utf-8",
    )
    found = read_comments(load_map(HOTEL), [survey])
    assert found.counts == {"check-in": 2}
    assert [v.text for v in found.lowest["check-in"]] == ["awful", "great"]


@needs_dot
def test_report_shows_escaped_verbatims_and_suppresses_small_groups(tmp_path: Path) -> None:
    map_path, survey = wide_with_comments(tmp_path)
    out = tmp_path / "r.html"
    assert cli("report", map_path, "-s", survey, "-o", out, "--min-n", "5").exit_code == 0
    page = out.read_text(encoding="utf-8")
    block = page[page.index('id="say-check-in"') :]
    assert "Waited &lt;b&gt;forever&lt;/b&gt; &amp; then some" in block
    assert "<b>forever" not in page
    assert "8 comments" in block
    run = cli("report", map_path, "-s", survey, "-o", out, "--suppress-below", "10")
    assert run.exit_code == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert "forever" not in page
    assert "fewer than 10" in page
    # the comment column is the customer's words, not a question the map forgot
    doc = json.loads(cli("gaps", map_path, "-s", survey, "-f", "json").stdout)
    assert "Q8_text" not in doc["unmapped"]
    assert doc["comments"] == {"check-in": 8}


def test_gaps_json_without_comment_sources_has_no_comments_key(tmp_path: Path) -> None:
    survey = tmp_path / "long.csv"
    survey.write_text("touchpoint,metric,value\ncheck-in,csat,5\n", encoding="utf-8")
    doc = json.loads(cli("gaps", HOTEL, "-s", survey, "-f", "json").stdout)
    assert "comments" not in doc


def without_dot(tmp_path: Path) -> dict[str, str]:
    """A PATH with every folder of the current one except those holding dot."""
    folders = [
        f
        for f in os.environ.get("PATH", "").split(os.pathsep)
        if f and not (Path(f) / "dot").exists()
    ]
    return {"PATH": os.pathsep.join(folders)}


def test_report_without_dot_exits_0_with_a_note_and_the_canvas(tmp_path: Path) -> None:
    env = without_dot(tmp_path)
    out = tmp_path / "r.html"
    saved = os.environ["PATH"]
    os.environ["PATH"] = env["PATH"]
    try:
        assert shutil.which("dot") is None
        run = cli("report", HOTEL, "-o", out)
    finally:
        os.environ["PATH"] = saved
    assert run.exit_code == 0, run.stderr
    assert "leaves the journey diagram out" in run.stderr
    page = out.read_text(encoding="utf-8")
    assert 'class="missing"' in page and "not installed" in page
    assert '<section id="canvas"' in page and 'class="cxmap-canvas"' in page
    for section in ("fix-first", "summary", "emotion", "touchpoints", "gaps", "lint"):
        assert f'id="{section}"' in page


@needs_dot
def test_report_persona_lang_and_by_segment(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    survey = EXAMPLES / "surveys" / "hotel-stay.csv"
    run = cli("report", HOTEL, "-s", survey, "--persona", "business-traveller", "-o", out)
    assert run.exit_code == 0, run.stderr
    page = out.read_text(encoding="utf-8")
    assert "<dt>persona</dt><dd><strong>Business traveller</strong>" in page
    journey = load_map(HOTEL)
    couple_only = [tp for tp in journey.touchpoints if tp.personas == ["weekend-couple"]]
    assert couple_only and all(f'id="tp-{tp.id}"' not in page for tp in couple_only)
    run = cli("report", HOTEL, "-s", survey, "--lang", "nl", "-o", out)
    assert run.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="nl">' in page and "Eerst aanpakken" in page and "Legenda" in page
    run = cli("report", HOTEL, "-s", survey, "--by", "segment", "-o", out)
    assert run.exit_code == 0
    page = out.read_text(encoding="utf-8")
    gap_table = page[page.index('<table id="gap-table">') :]
    assert "<td>returning</td>" in gap_table and "<td>all</td>" in gap_table
