"""Under --lang nl, the words cxmap writes itself are Dutch in every view, the Mermaid
comments and the report; the map's own text stays as written (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

from cxmap.model import Lang
from cxmap.render.canvas import CanvasOptions, build_canvas
from cxmap.render.graph import build_graph
from cxmap.render.mermaid import build_mermaid
from cxmap.render.options import Detail
from cxmap.report import ReportInput, build_report
from cxmap.validate import load_map
from tests.helpers import EXAMPLES, SHOES_EXAMPLE, cli

HOTEL = EXAMPLES / "hotel-stay.cxmap.yaml"
HOTEL_SURVEY = EXAMPLES / "surveys" / "hotel-stay.csv"


def test_funnel_stages_in_the_canvas_headers() -> None:
    journey = load_map(SHOES_EXAMPLE)  # stages: awareness, consideration, purchase, retention
    dutch = build_canvas(journey, None, CanvasOptions(lang=Lang.NL))
    english = build_canvas(journey, None, CanvasOptions(lang=Lang.EN))
    for word in ("BEWUSTWORDING", "OVERWEGING", "AANKOOP", "BEHOUD"):
        assert f">{word}</text>" in dutch
    assert ">AWARENESS</text>" in english and ">AWARENESS</text>" not in dutch


def test_journey_view_notes_and_moments(tmp_path: Path) -> None:
    journey = load_map(SHOES_EXAMPLE)
    dutch = build_graph(journey, detail=Detail.FULL, lang=Lang.NL).source
    english = build_graph(journey, detail=Detail.FULL).source
    assert "voor de aankoop" in dutch and "before purchase" not in dutch
    assert "Pijnpunt: Long wait for a gait analysis" in dutch
    assert "Actie: " in dutch and "Action: " not in dutch
    assert "Pain: Long wait for a gait analysis" in english


def test_mermaid_comment_lines(tmp_path: Path) -> None:
    path = tmp_path / "m.cxmap.yaml"
    text = SHOES_EXAMPLE.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n    emotion: [^\n]*", "", text, count=1), encoding="utf-8")
    journey = load_map(path)
    comments = [line for line in build_mermaid(journey, Lang.NL).splitlines() if "%%" in line]
    assert any(line.endswith(": emotie niet ingevuld, getekend als 3") for line in comments)
    assert "emotion not mapped, drawn as 3" in build_mermaid(journey)
    run = cli("render", path, "-f", "mermaid", "--lang", "nl")
    assert run.exit_code == 0 and "getekend als 3" in run.stdout


def _visible(page: str) -> str:
    """The report's text as a reader sees it (no CSS, no markup)."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_report_in_dutch() -> None:
    journey = load_map(HOTEL)
    page = build_report(ReportInput(journey=journey, source="m", diagram_svg=None, lang=Lang.NL))
    text = _visible(page)
    assert "Hoe de klant zich voelt bij elk contactmoment" in text
    assert "How the customer feels" not in text
    for heading in ("Fase", "Contactmoment", "Kanaal", "Doelen en gemeten beleving"):
        assert f"<th>{heading}</th>" in page
    for english in ("Phase", "Touchpoint", "Channel", "Made with cxmap", "No survey given"):
        assert english not in text, english
    # the curve's levels and the table's emotion words
    assert "zeer negatief" in page and "very negative" not in page
    assert "Gemaakt met cxmap uit" in text


def test_report_in_dutch_with_a_survey(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    run = cli("report", HOTEL, "-s", HOTEL_SURVEY, "--lang", "nl", "-o", out)
    assert run.exit_code == 0, run.stderr
    text = _visible(out.read_text(encoding="utf-8"))
    assert "enquêterijen gelezen" in text and "survey rows read" not in text
    assert "gemeten, 95%-interval" in text and "measured, 95% interval" not in text
    assert "contactmomenten" in text and "in 6 fasen" in text
    for english in (" target ", " measured ", "below target", "inconclusive"):
        assert english not in text, english
