"""The journey-map canvas: golden structure per example, the parsed SVG, lanes, personas."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from cxmap.gaps import GapResult, GapStatus, GapTable
from cxmap.model import Journey, Lang
from cxmap.render.canvas import DEFAULT_LANES, CanvasOptions, Lane, build_canvas
from cxmap.render.persona import for_persona
from cxmap.validate import load_map
from tests.helpers import EXAMPLES, FIXTURES, SHOES_EXAMPLE, cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
NS = "{http://www.w3.org/2000/svg}"
MAPS = sorted(EXAMPLES.glob("*.cxmap.yaml"))
HOTEL = EXAMPLES / "hotel-stay.cxmap.yaml"
_TRANSLATE = re.compile(r"translate\(([-\d.]+),([-\d.]+)\)")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def text_of(element: ET.Element) -> str:
    return " | ".join(t.text or "" for t in element.iter(f"{NS}text"))


def cards(root: ET.Element) -> list[tuple[int, float]]:
    """(touchpoint number, x of its cell) for every touchpoint card, in document order."""
    out = []
    for cell in root.iter(f"{NS}g"):
        match = _TRANSLATE.fullmatch(cell.get("transform", ""))
        if not match:
            continue
        for child in cell:
            if child.get("class") == "touchpoint":
                out.append((int(child.get("data-tp", "0")), float(match.group(1))))
    return out


def structure(svg: str) -> str:
    """What the canvas shows, as reviewable lines (the golden form of a canvas)."""
    root = parse(svg)
    lines = [f"size {root.get('width')} x {root.get('height')}"]
    for phase in root.iter(f"{NS}g"):
        if phase.get("class") == "phase":
            lines.append(f"phase {phase.get('data-phase')}: {text_of(phase)}")
    for lane in root.iter(f"{NS}g"):
        if lane.get("class") != "lane":
            continue
        lines.append(f"lane {lane.get('data-lane')}")
        for tp in lane.iter(f"{NS}g"):
            if tp.get("class") == "touchpoint":
                lines.append(f"  card {tp.get('data-tp')}: {text_of(tp)}")
            if tp.get("class") == "measure":
                lines.append(f"  measure {tp.get('data-status')}: {text_of(tp)}")
            if tp.get("class") == "emotion-line":
                points = [p.get("data-tp") for p in tp.iter(f"{NS}g") if p.get("data-tp")]
                who = tp.get("data-persona") or "all"
                lines.append(f"  line {who}: {' '.join(p or '' for p in points)}")
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    lines += [f"legend {t.text}" for t in legend.iter(f"{NS}text") if t.text]
    return "\n".join(lines) + "\n"


def gaps_for(journey: Journey) -> GapTable:
    """A hand-made gap table: every target of the map, statuses in turn (no survey read)."""
    statuses = [GapStatus.BELOW, GapStatus.ABOVE, GapStatus.INCONCLUSIVE, GapStatus.TOO_FEW]
    results = []
    pairs = [(tp.id, m, t) for tp in journey.touchpoints for m, t in tp.targets.items()]
    for i, (tp_id, metric, target) in enumerate(pairs):
        status = statuses[i % len(statuses)]
        results.append(
            GapResult(tp_id, metric, None, 100, target + 0.25, target, 0.25, 0.1, 0.4, status)
        )
    return GapTable(journey.id, 100, 0, results, [], [])


@pytest.mark.parametrize("path", MAPS, ids=[p.name.split(".")[0] for p in MAPS])
def test_golden_structure_of_every_example(path: Path, golden: Callable[[Path, str], None]) -> None:
    journey = load_map(path)
    name = path.name.split(".")[0]
    golden(GOLDEN / f"canvas-{name}.txt", structure(build_canvas(journey)))
    golden(GOLDEN / f"canvas-{name}-gaps.txt", structure(build_canvas(journey, gaps_for(journey))))


@pytest.mark.parametrize("path", MAPS, ids=[p.name.split(".")[0] for p in MAPS])
def test_every_phase_a_column_every_touchpoint_once_in_it_curve_left_to_right(
    path: Path,
) -> None:
    journey = load_map(path)
    root = parse(build_canvas(journey))
    headers = {
        int(g.get("data-phase", "0")): (float(g.get("data-x0", "0")), float(g.get("data-x1", "0")))
        for g in root.iter(f"{NS}g")
        if g.get("class") == "phase"
    }
    assert sorted(headers) == list(range(1, len(journey.phases) + 1))
    for p, phase in enumerate(journey.phases, 1):
        header = next(
            g
            for g in root.iter(f"{NS}g")
            if g.get("class") == "phase" and g.get("data-phase") == str(p)
        )
        assert phase.name in (header.findtext(f"{NS}title") or "")
    # columns left to right in phase order, without overlap
    spans = [headers[p] for p in sorted(headers)]
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    found = cards(root)
    assert sorted(n for n, _ in found) == list(range(1, len(journey.touchpoints) + 1))
    phase_index = {ph.id: i for i, ph in enumerate(journey.phases, 1)}
    for number, x in found:
        x0, x1 = headers[phase_index[journey.touchpoints[number - 1].phase]]
        assert x0 <= x < x1, f"touchpoint {number} is outside its phase's column"
    # one curve (no emotion per persona in this view of the map?) -> one point per touchpoint
    lines = [g for g in root.iter(f"{NS}g") if g.get("class") == "emotion-line"]
    mapped_single = all(not tp.feelings() for tp in journey.touchpoints)
    if mapped_single:
        assert len(lines) == 1
        points = [p for p in lines[0].iter(f"{NS}g") if p.get("class") == "emotion-point"]
        expected = [n for n, tp in enumerate(journey.touchpoints, 1) if tp.emotion is not None]
        assert [int(p.get("data-tp", "0")) for p in points] == expected
        xs = [float(p.get("data-x", "0")) for p in points]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
        # each point's height is its emotion: +2 highest (smallest y) .. -2 lowest
        ys = {int(p.get("data-tp", "0")): float(p.get("data-y", "0")) for p in points}
        levels = {n: journey.touchpoints[n - 1].emotion for n in ys}
        for a in ys:
            for b in ys:
                if levels[a] is not None and levels[b] is not None and levels[a] > levels[b]:  # type: ignore[operator]
                    assert ys[a] < ys[b]


def test_one_line_per_persona_when_emotion_differs() -> None:
    journey = load_map(HOTEL)
    root = parse(build_canvas(journey))
    lines = [g for g in root.iter(f"{NS}g") if g.get("class") == "emotion-line"]
    assert [g.get("data-persona") for g in lines] == ["weekend-couple", "business-traveller"]
    # the business traveller's line skips touchpoints only the couple passes
    couple_only = [
        n for n, tp in enumerate(journey.touchpoints, 1) if tp.personas == ["weekend-couple"]
    ]
    traveller = [int(p.get("data-tp", "0")) for p in lines[1].iter(f"{NS}g") if p.get("data-tp")]
    assert couple_only and not set(couple_only) & set(traveller)
    # the legend names both personas
    legend = text_of(next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend"))
    assert "Weekend couple" in legend and "Business traveller" in legend


def test_persona_view_has_its_touchpoints_and_emotion() -> None:
    journey = load_map(HOTEL)
    mine = for_persona(journey, "business-traveller")
    assert all(not tp.personas or "business-traveller" in tp.personas for tp in mine.touchpoints)
    assert len(mine.touchpoints) < len(journey.touchpoints)
    check_in = next(tp for tp in mine.touchpoints if tp.id == "check-in")
    assert check_in.emotion == -1  # from {weekend-couple: -2, business-traveller: -1}
    # the flow stays connected through the touchpoints left out
    ids = {tp.id for tp in mine.touchpoints}
    assert all(b in ids for _, b in mine.flow())


def test_lanes_pick_and_order() -> None:
    journey = load_map(SHOES_EXAMPLE)
    options = CanvasOptions(lanes=(Lane.EMOTION, Lane.TOUCHPOINTS))
    root = parse(build_canvas(journey, None, options))
    lanes = [g.get("data-lane") for g in root.iter(f"{NS}g") if g.get("class") == "lane"]
    assert lanes == ["emotion", "touchpoints"]
    root = parse(build_canvas(journey))
    lanes = [g.get("data-lane") for g in root.iter(f"{NS}g") if g.get("class") == "lane"]
    assert lanes == [lane.value for lane in DEFAULT_LANES]


def test_experience_lane_empty_without_survey_filled_with_one() -> None:
    journey = load_map(SHOES_EXAMPLE)
    bare = parse(build_canvas(journey))
    assert not [g for g in bare.iter(f"{NS}g") if g.get("class") == "measure"]
    assert "no survey given" in text_of(bare)
    measured = parse(build_canvas(journey, gaps_for(journey)))
    shown = [g for g in measured.iter(f"{NS}g") if g.get("class") == "measure"]
    assert len(shown) == sum(len(tp.targets) for tp in journey.touchpoints)
    assert {g.get("data-status") for g in shown} >= {"below", "above"}
    below = next(g for g in shown if g.get("data-status") == "below")
    assert "▼" in text_of(below) and "below target" in text_of(below)


def test_dutch_words() -> None:
    journey = load_map(SHOES_EXAMPLE)
    svg = build_canvas(journey, gaps_for(journey), CanvasOptions(lang=Lang.NL))
    for word in ("Contactmomenten", "Emotie", "Legenda", "onder doel", "Begin:"):
        assert word in svg
    assert "Touchpoints" not in svg


def test_user_text_is_escaped_and_the_svg_parses() -> None:
    journey = load_map(FIXTURES / "hostile.cxmap.yaml")
    svg = build_canvas(journey)
    parse(svg)  # well-formed XML despite quotes, ampersands, markup and controls
    root = parse(svg)
    assert not [e for e in root.iter() if e.tag.lower().endswith("script")]
    # no attribute comes from user text: every attribute name is one the canvas writes
    written = {
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "d", "width", "height",
        "viewBox", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap",
        "font-size", "font-weight", "font-style", "font-family", "text-anchor",
        "letter-spacing", "transform", "class", "lang", "data-phase", "data-x0", "data-x1",
        "data-lane", "data-tp", "data-channel-type", "data-status", "data-persona", "data-x",
        "data-y",
    }  # fmt: skip
    assert {a for e in root.iter() for a in e.attrib} <= written


def test_deterministic() -> None:
    journey = load_map(HOTEL)
    assert build_canvas(journey) == build_canvas(load_map(HOTEL))


@pytest.mark.parametrize(
    ("suffix", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")]
)
def test_cli_formats_deterministic(tmp_path: Path, suffix: str, magic: bytes) -> None:
    first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    for target in (first, second):
        run = cli("render", HOTEL, "--view", "canvas", "-o", target)
        assert run.exit_code == 0, run.stderr
    assert first.read_bytes().startswith(magic)
    assert first.read_bytes() == second.read_bytes()
    assert cli("render", HOTEL, "--view", "canvas", "--check", first).exit_code == 0


def test_cli_options_and_refusals(tmp_path: Path) -> None:
    run = cli("render", HOTEL, "--view", "canvas", "--lanes", "emotion,actions", "-f", "svg")
    assert run.exit_code == 0, run.stderr
    lanes = re.findall(r'data-lane="([a-z]+)"', run.stdout)
    assert lanes == ["emotion", "actions"]
    run = cli("render", HOTEL, "--view", "canvas", "--persona", "business-traveller", "-f", "svg")
    assert run.exit_code == 0 and "Persona: Business traveller" in run.stdout
    run = cli("render", HOTEL, "--view", "canvas", "--lanes", "emotion,feelings", "-f", "svg")
    assert run.exit_code == 2 and "unknown lane 'feelings'" in run.stderr
    run = cli("render", HOTEL, "--view", "canvas", "--persona", "nobody", "-f", "svg")
    assert run.exit_code == 2 and "no persona 'nobody'" in run.stderr
    run = cli("render", HOTEL, "--view", "canvas")
    assert run.exit_code == 2 and "not DOT" in run.stderr
    assert (
        cli("render", HOTEL, "--view", "canvas", "-f", "svg", "--lang", "nl").stdout.count(
            "Legenda"
        )
        == 1
    )
