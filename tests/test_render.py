"""cxmap.render: golden DOT, each view's structure, escaping, overlay, Mermaid, SVG via dot."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cxmap.gaps import GapResult, GapStatus, GapTable
from cxmap.model import Journey
from cxmap.output import run_dot
from cxmap.render import Detail, RankDir, ThemeName, View, build_graph, build_mermaid
from cxmap.render.escape import html_text, mermaid_text
from cxmap.render.style import STATUS_STYLES, THEMES
from cxmap.render.svg import clean_pdf, clean_svg
from cxmap.validate import load_map
from tests.helpers import FIXTURES, SHOES_EXAMPLE

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
SHOES = SHOES_EXAMPLE
HOSTILE = FIXTURES / "hostile.cxmap.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")
SVG_NS = "{http://www.w3.org/2000/svg}"
#: The views drawn as a Graphviz graph (the canvas is SVG written directly).
GRAPH_VIEWS = [v for v in View if v is not View.CANVAS]


def engine(view: View) -> str:
    """The Graphviz program a view is laid out with (the emotion view holds its positions)."""
    return "neato" if view is View.EMOTION else "dot"


# Every id the renderer may generate; user text never becomes an id.
GENERATED_ID = re.compile(
    r"^(start|end|legend|grid|tp\d+|note\d+|p\d+_empty|(phase|e\d|eu)_\d+|cluster_p\d+|"
    r"column\d+|legend_rank|cxmap)$"
)


def shoes() -> Journey:
    return load_map(SHOES)


def hostile() -> Journey:
    return load_map(HOSTILE)


def result(tp: str, metric: str, status: GapStatus, **kw: float | int | None) -> GapResult:
    values: dict[str, float | int | None] = {
        "n": 120,
        "experience": None,
        "target": None,
        "gap": None,
        "ci_low": None,
        "ci_high": None,
    }
    values.update(kw)
    return GapResult(tp, metric, None, status=status, **values)  # type: ignore[arg-type]


def shoes_gaps() -> GapTable:
    """A hand-made gap table for the spec's running-shoes map (compute_gaps is not involved)."""
    return GapTable(
        map_id="running-shoes",
        rows_read=200,
        rows_skipped=0,
        results=[
            result("search-online", "csat", GapStatus.ABOVE, experience=4.31, target=4.0),
            result("store-advice", "csat", GapStatus.BELOW, experience=3.62, target=4.2),
            result("store-advice", "wait-minutes", GapStatus.ABOVE, experience=7.5, target=10),
            result("try-on", "ces", GapStatus.INCONCLUSIVE, experience=5.4, target=5.5),
            result("purchase", "csat", GapStatus.TOO_FEW, n=12, experience=4.5, target=4.3),
            result("purchase", "nps", GapStatus.NO_DATA, n=0, target=30),
            result("first-run", "csat", GapStatus.ABOVE, experience=4.7, target=4.5),
            # a segment row must not be drawn
            GapResult("first-run", "csat", "new", 40, 1.0, 4.5, -3.5, 0.8, 1.2, GapStatus.BELOW),
        ],
        unmapped=[],
        warnings=[],
    )


# ---------------------------------------------------------------- golden DOT

CASES: dict[str, Callable[[], str]] = {
    "shoes-journey": lambda: build_graph(shoes()).source,
    "shoes-journey-minimal-tb": lambda: (
        build_graph(shoes(), detail=Detail.MINIMAL, rankdir=RankDir.TB).source
    ),
    "shoes-journey-full-high-contrast": lambda: (
        build_graph(shoes(), detail=Detail.FULL, theme=ThemeName.HIGH_CONTRAST).source
    ),
    "shoes-journey-gaps": lambda: build_graph(shoes(), gaps=shoes_gaps()).source,
    "shoes-channels": lambda: build_graph(shoes(), view=View.CHANNELS).source,
    "shoes-channels-gaps": lambda: (
        build_graph(shoes(), view=View.CHANNELS, gaps=shoes_gaps()).source
    ),
    "shoes-emotion": lambda: build_graph(shoes(), view=View.EMOTION).source,
    "hostile-journey-full": lambda: build_graph(hostile(), detail=Detail.FULL).source,
    "hostile-channels": lambda: build_graph(hostile(), view=View.CHANNELS).source,
    "hostile-emotion": lambda: build_graph(hostile(), view=View.EMOTION).source,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_dot(name: str, golden: Callable[[Path, str], None]) -> None:
    golden(GOLDEN / f"{name}.dot", CASES[name]())


@pytest.mark.parametrize("name", ["shoes-mermaid", "hostile-mermaid"])
def test_golden_mermaid(name: str, golden: Callable[[Path, str], None]) -> None:
    journey = shoes() if name.startswith("shoes") else hostile()
    golden(GOLDEN / f"{name}.mmd", build_mermaid(journey))


@pytest.mark.parametrize("name", sorted(CASES))
def test_dot_is_deterministic(name: str) -> None:
    assert CASES[name]() == CASES[name]()


# ---------------------------------------------------------------- ids and escaping


def dot_ids(source: str) -> set[str]:
    """Every node id, edge end and (sub)graph name in a DOT source written by graphviz."""
    patterns = (
        r"^subgraph (\S+) \{$",
        r"^(?:di)?graph (\S+) \{$",
        r"^(?!graph |node |edge )([^\s\[]+) \[",
    )
    ids: set[str] = set()
    for line in source.splitlines():
        stripped = line.strip()
        if m := re.match(r"^(\S+) -> (\S+)(?: \[|$)", stripped):
            ids.update(m.groups())
            continue
        for pattern in patterns:
            if m := re.match(pattern, stripped):
                ids.add(m.group(1))
    return ids


@pytest.mark.parametrize("view", GRAPH_VIEWS)
@pytest.mark.parametrize("detail", list(Detail))
def test_node_ids_are_generated_never_user_text(view: View, detail: Detail) -> None:
    source = build_graph(hostile(), view=view, detail=detail).source
    ids = dot_ids(source)
    assert ids, "the DOT parser of this test found nothing"
    assert all(GENERATED_ID.match(i) for i in ids), sorted(ids)


def test_user_text_only_inside_html_labels() -> None:
    source = build_graph(hostile(), detail=Detail.FULL, gaps=None).source
    # every label that carries text is an HTML-like label: <...>
    for value in re.findall(r'label=("(?:[^"\\]|\\.)*")', source):
        assert value == '""', value
    # the attribute-injection attempts stay inside labels, escaped
    assert "label=x" not in source.replace("label=x (online)", "")
    assert "&quot;site&quot;; label=x" in source
    assert "<script>" not in source
    assert "&lt;script&gt;" in source


def test_html_text_escapes_markup_quotes_backslashes_newlines() -> None:
    assert html_text("a & b") == "a &amp; b"
    assert html_text("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert html_text('say "hi" it\'s') == "say &quot;hi&quot; it&#39;s"
    assert html_text("\\N and \\G") == "\\\\N and \\\\G"
    assert html_text("one\ntwo\r\nthree") == ('one<BR ALIGN="LEFT"/>two<BR ALIGN="LEFT"/>three')
    assert html_text("bell\x07 nul\x00") == "bell\ufffd nul\ufffd"
    assert html_text("🏃 {a|b}") == "🏃 {a|b}"


def test_mermaid_text_escapes_separators_and_keywords() -> None:
    assert mermaid_text("a: b, c; d") == "a#58; b#44; c#59; d"
    assert mermaid_text("100%% sure #1") == "100#37;#37; sure #35;1"
    assert mermaid_text('<i>x</i> & "y"') == "#lt;i#gt;x#lt;/i#gt; #amp; #quot;y#quot;"
    assert mermaid_text("section two") == "#115;ection two"
    assert mermaid_text("Title: x") == "#84;itle#58; x"
    assert mermaid_text("two\nlines") == "two lines"
    assert mermaid_text("   ") == "(unnamed)"


# ---------------------------------------------------------------- journey view


def node_attrs(source: str, node: str) -> str:
    m = re.search(rf"^\t+{node} \[(.*)\]$", source, re.MULTILINE)
    assert m, f"node {node} not found"
    return m.group(1)


def edges(source: str) -> list[tuple[str, str, str]]:
    return [
        (a, b, attrs or "")
        for a, b, attrs in re.findall(r"^\t+(\S+) -> (\S+)(?: \[(.*)\])?$", source, re.MULTILINE)
    ]


def test_journey_view_structure() -> None:
    journey = shoes()
    source = build_graph(journey).source
    ids = {tp.id: f"tp{i}" for i, tp in enumerate(journey.touchpoints, 1)}
    # phases are clusters in map order, each holding its touchpoints
    clusters = re.findall(r"subgraph (cluster_p\d+) \{(.*?)\n\t\}", source, re.DOTALL)
    assert [c for c, _ in clusters] == ["cluster_p1", "cluster_p2", "cluster_p3", "cluster_p4"]
    assert re.findall(r"\t(tp\d+) \[", clusters[1][1]) == ["tp3", "tp4"]
    assert "<B>Evaluation</B>" in clusters[1][1]
    # flow edges from next, plus start and end
    flow = {(a, b) for a, b, attrs in edges(source) if "style" not in attrs}
    expected = {(ids[a], ids[b]) for a, b in journey.flow()}
    assert flow == expected | {("start", "tp1"), ("tp6", "end")}
    assert "Decides to start running" in node_attrs(source, "start")
    assert "Goes for a first run in the new shoes" in node_attrs(source, "end")
    # online and offline look different (and say so)
    assert "dashed" not in node_attrs(source, "tp1")  # web: online
    assert 'style="filled,dashed"' in node_attrs(source, "tp2")  # friends: offline
    assert "(online)" in node_attrs(source, "tp1")
    assert "(offline)" in node_attrs(source, "tp2")
    # moment and emotion shown
    assert "before purchase" in node_attrs(source, "tp1")
    assert "emotion +2 very positive" in node_attrs(source, "tp2")
    assert "emotion 0 neutral" in node_attrs(source, "tp3")
    # pain point and action as an annotation of store-advice (tp3)
    note = node_attrs(source, "note3")
    assert "Pain: Long wait for a gait analysis" in note
    assert "Action: Let customers book a gait analysis slot online" in note
    assert ("tp3", "note3", "arrowhead=none style=dashed") in edges(source)


def test_detail_switches_annotations() -> None:
    minimal = build_graph(shoes(), detail=Detail.MINIMAL).source
    full = build_graph(shoes(), detail=Detail.FULL).source
    assert "note" not in minimal
    assert "Sports store" not in minimal  # names and emotion only
    assert "before purchase" not in minimal
    assert "emotion +2 very positive" in node_attrs(minimal, "tp2")
    assert "Does: Reads reviews" in node_attrs(full, "note1")
    assert "Needs: Trustworthy advice for beginners" in node_attrs(full, "note1")
    assert "Owner: retail-ops" in node_attrs(full, "note3")
    assert "Action: Let customers book a gait analysis slot online (planned, retail-ops)" in (
        node_attrs(full, "note3")
    )


def test_rankdir_and_themes() -> None:
    assert "rankdir=TB" in build_graph(shoes(), rankdir=RankDir.TB).source
    hc = build_graph(shoes(), theme=ThemeName.HIGH_CONTRAST, gaps=shoes_gaps()).source
    assert "penwidth=2" in hc
    assert THEMES[ThemeName.HIGH_CONTRAST].status_fill("below") == "#D55E00"
    assert 'fillcolor="#D55E00"' in node_attrs(hc, "tp3")


def test_empty_phase_and_unlinked_phases_keep_map_order() -> None:
    journey = hostile()
    source = build_graph(journey).source
    # the phase without touchpoints still shows, with a placeholder
    assert "no touchpoints" in node_attrs(source, "p2_empty")
    # no flow edge leads from phase 1 to phase 2, so an invisible edge keeps them in order
    assert ("tp3", "p2_empty", "style=invis") in edges(source)


def test_flow_in_file_order_without_next() -> None:
    data = shoes().model_dump()
    for tp in data["touchpoints"]:
        tp["next"] = []
    source = build_graph(Journey.model_validate(data)).source
    flow = [(a, b) for a, b, attrs in edges(source) if not attrs]
    assert flow == [
        ("start", "tp1"),
        ("tp1", "tp2"),
        ("tp2", "tp3"),
        ("tp3", "tp4"),
        ("tp4", "tp5"),
        ("tp5", "tp6"),
        ("tp6", "end"),
    ]


# ---------------------------------------------------------------- overlay


def test_overlay_colours_by_status_and_shows_experience_against_target() -> None:
    theme = THEMES[ThemeName.DEFAULT]
    source = build_graph(shoes(), gaps=shoes_gaps()).source
    tp3 = node_attrs(source, "tp3")
    # worst status of store-advice is below (csat), although wait-minutes is above
    assert f'fillcolor="{theme.status_fill("below")}"' in tp3
    assert "▼ CSAT 3.62 / 4.2" in tp3
    assert "▲ Waiting time in store 7.50 / 10" in tp3
    assert f'fillcolor="{theme.status_fill("above")}"' in node_attrs(source, "tp1")
    assert f'fillcolor="{theme.status_fill("inconclusive")}"' in node_attrs(source, "tp4")
    tp5 = node_attrs(source, "tp5")
    assert "… CSAT 4.50 / 4.3 (n=12)" in tp5
    assert "∅ NPS – / 30 (n=0)" in tp5
    assert f'fillcolor="{theme.status_fill("too-few")}"' in tp5
    # the segment row (status below) is not drawn: first-run stays above
    tp6 = node_attrs(source, "tp6")
    assert f'fillcolor="{theme.status_fill("above")}"' in tp6
    assert "1.00" not in tp6
    # unmeasured touchpoint: plain fill
    assert f'fillcolor="{theme.status_fill("above")}"' not in node_attrs(source, "tp2")
    # legend with every status as symbol and word
    legend = node_attrs(source, "legend")
    for status in ("above", "inconclusive", "below", "too-few", "no-data"):
        assert STATUS_STYLES[status].symbol in legend
        assert STATUS_STYLES[status].word in legend
    # without a survey the legend explains the borders only (shoes has offline channels)
    plain = node_attrs(build_graph(shoes()).source, "legend")
    assert "offline channel (dashed border)" in plain and "above target" not in plain
    assert "legend" not in build_graph(shoes(), view=View.CHANNELS).source


def test_status_symbols_and_colours_are_distinct() -> None:
    shown = ("above", "inconclusive", "below", "too-few", "no-data")
    assert len({STATUS_STYLES[s].symbol for s in shown}) == len(shown)
    for theme in THEMES.values():
        assert len({theme.status_fill(s) for s in shown}) == len(shown)
    assert set(STATUS_STYLES) == {s.value for s in GapStatus}


# ---------------------------------------------------------------- channels view


def grid_table(source: str) -> ET.Element:
    m = re.search(r"grid \[label=<(.*)> shape=plaintext", source)
    assert m
    return ET.fromstring(m.group(1))


def test_channels_view_is_a_channel_by_phase_grid() -> None:
    journey = shoes()
    # a line break reads as a space (names are wrapped to keep the columns narrow)
    table = grid_table(build_graph(journey, view=View.CHANNELS).source.replace("<BR/>", " "))
    rows = table.findall("TR")
    assert len(rows) == 1 + len(journey.channels)
    header = ["".join(td.itertext()) for td in rows[0].findall("TD")]
    assert header == ["channel / phase", "Attention", "Evaluation", "Purchase", "First use"]
    cells = {
        ("".join(row.findall("TD")[0].itertext()), header[c]): "".join(td.itertext())
        for row in rows[1:]
        for c, td in enumerate(row.findall("TD"))
        if c
    }
    assert cells[("Sports store offline", "Evaluation")] == (
        "3. Gets advice in a sports store4. Tries the shortlisted models"
    )
    assert cells[("Friends who run offline", "First use")] == (
        "6. Takes the shoes home and goes for a run"
    )
    assert cells[("Website and search online", "Purchase")].strip() == ""


# ---------------------------------------------------------------- emotion view


@needs_dot
def test_emotion_view_places_touchpoints_by_emotion() -> None:
    journey = shoes()
    source = build_graph(journey, view=View.EMOTION).source
    svg = clean_svg(run_dot(source, "svg", timeout=60, engine="neato"))
    root = ET.fromstring(svg)
    ys: dict[int, float] = {}
    xs: dict[int, float] = {}
    for g in root.iter(f"{SVG_NS}g"):
        title = g.find(f"{SVG_NS}title")
        if g.get("class") == "node" and title is not None and re.match(r"tp\d+$", title.text or ""):
            texts = g.findall(f"{SVG_NS}text")
            assert texts
            # the centre of the label: the mean of its lines
            ys[int(title.text[2:])] = sum(float(t.get("y", "nan")) for t in texts) / len(texts)  # type: ignore[index]
            xs[int(title.text[2:])] = float(texts[0].get("x", "nan"))  # type: ignore[index]
    assert sorted(ys) == list(range(1, len(journey.touchpoints) + 1))
    emotions = {k: tp.emotion for k, tp in enumerate(journey.touchpoints, 1)}
    # higher emotion -> higher on the page (smaller y); equal emotion -> same row
    for a in ys:
        for b in ys:
            ea, eb = emotions[a], emotions[b]
            assert ea is not None and eb is not None
            if ea > eb:
                assert ys[a] < ys[b]
            elif ea == eb:
                assert abs(ys[a] - ys[b]) < 8
    # journey order left to right
    assert [k for k, _ in sorted(xs.items(), key=lambda kv: kv[1])] == sorted(xs)


def test_emotion_curve_joins_touchpoints_in_order() -> None:
    source = build_graph(hostile(), view=View.EMOTION).source
    curve = [(a, b) for a, b, attrs in edges(source) if "penwidth=2.5" in attrs]
    assert curve == [("tp1", "tp2")]  # tp3 has no emotion: on the "not mapped" row
    # every node is pinned where cxmap put it (neato -n2 draws it without a search)
    nodes = re.findall(r"^\t(\w+) \[(.*)\]$", source, re.MULTILINE)
    nodes = [(n, a) for n, a in nodes if n not in ("graph", "node", "edge")]
    assert nodes and all('pos="' in attrs and '!"' in attrs for _, attrs in nodes)
    assert "not mapped" in source


# ---------------------------------------------------------------- mermaid


def test_mermaid_sections_tasks_and_scores() -> None:
    text = build_mermaid(shoes())
    lines = text.splitlines()
    assert lines[0] == "journey"
    assert lines[1] == "    title Buying running shoes"
    assert "    section Attention" in lines
    # emotion -2..+2 -> score 1..5: search-online +1 -> 4, store-advice 0 -> 3, ask-friends +2 -> 5
    assert "      Searches online for running shoes: 4: Website and search" in lines
    assert "      Gets advice in a sports store: 3: Sports store" in lines
    assert "      Asks friends who run: 5: Friends who run" in lines
    assert [ln.strip() for ln in lines if ln.strip().startswith("section")] == [
        "section Attention",
        "section Evaluation",
        "section Purchase",
        "section First use",
    ]


def test_mermaid_hostile_lines_stay_tasks() -> None:
    text = build_mermaid(hostile())
    tasks = [
        ln
        for ln in text.splitlines()
        if ln.startswith("      ") and not ln.lstrip().startswith("%%")
    ]
    # every task line has exactly task: score: actor
    for line in tasks:
        assert line.count(":") == 2, line
    assert "      #115;ection attention: 3: Store ]#59; node [shape=none" in tasks
    assert "<" not in text and ">" not in text.replace("->", "")


# ---------------------------------------------------------------- SVG with real dot


@needs_dot
def test_hostile_svg_is_well_formed_and_shows_the_text_as_typed() -> None:
    journey = hostile()
    svg = clean_svg(run_dot(build_graph(journey, detail=Detail.FULL).source, "svg", timeout=60))
    root = ET.fromstring(svg)  # parses: nothing broke out of a label
    tags = {el.tag.removeprefix(SVG_NS) for el in root.iter()}
    assert tags <= {"svg", "g", "title", "text", "polygon", "path", "ellipse", "polyline"}
    assert not [el for el in root.iter() if any(k.startswith("on") for k in el.attrib)]
    nodes = [
        g.findtext(f"{SVG_NS}title") for g in root.iter(f"{SVG_NS}g") if g.get("class") == "node"
    ]
    assert sorted(n for n in nodes if n and re.match(r"tp\d+$", n)) == ["tp1", "tp2", "tp3"]
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    assert journey.touchpoints[0].name in texts
    assert journey.touchpoints[1].name in texts
    assert journey.title in texts
    assert "<script>alert(1)</script> & friends" in texts
    assert "Pain: \\N\\E\\T\\L trailing backslash \\" in texts
    assert "Does: {record | label} |x|" in texts
    assert b"Generated by graphviz" not in svg


@needs_dot
def test_svg_is_byte_identical_across_runs() -> None:
    source = build_graph(shoes(), gaps=shoes_gaps()).source
    first = clean_svg(run_dot(source, "svg", timeout=60))
    second = clean_svg(run_dot(source, "svg", timeout=60))
    assert first == second
    assert b"<!-- Generated by" not in first
    assert first.startswith(b"<?xml")


def test_clean_svg_strips_only_the_generator_comment() -> None:
    raw = (
        b'<?xml version="1.0"?>\n<!-- Generated by graphviz version 2.43.0 (0)\n -->\n'
        b"<!-- Title: cxmap Pages: 1 -->\n<svg/>\n"
    )
    assert clean_svg(raw) == b'<?xml version="1.0"?>\n<!-- Title: cxmap Pages: 1 -->\n<svg/>\n'


def test_clean_pdf_fixes_the_creation_date_keeping_the_length() -> None:
    raw = b"<< /Producer (cairo 1.16.0)\n   /CreationDate (D:20261124031340Z)\n>>\nxref"
    cleaned = clean_pdf(raw)
    assert cleaned == b"<< /Producer (cairo 1.16.0)\n   /CreationDate (D:19700101000000Z)\n>>\nxref"
    assert len(cleaned) == len(raw)
    tz = b"/ModDate (D:20261124031340+01'00)"
    assert clean_pdf(tz) == b"/ModDate (D:19700101000000Z00000)"


# ---------------------------------------------------------------- property: any text is safe

# printable text with every character DOT, HTML-like labels or SVG give a meaning to
_NASTY = st.text(
    alphabet=st.sampled_from([*"ab:;,{}[]|<>&\"'\\/=#%NGETLlnr-", "🏃", "é", "\u200d"]),
    min_size=1,
    max_size=30,
)


@needs_dot
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_NASTY, phase=_NASTY, name=_NASTY, pain=_NASTY)
@example(title=":", phase=":", name="]", pain="]]")  # Graphviz 2.43 rejected a lone ']'
def test_any_text_renders_as_typed(title: str, phase: str, name: str, pain: str) -> None:
    data = shoes().model_dump()
    data["title"] = title
    data["phases"][0]["name"] = phase
    data["touchpoints"][0]["name"] = name
    data["touchpoints"][0]["pain_points"] = [pain]
    journey = Journey.model_validate(data)
    svg = run_dot(build_graph(journey, detail=Detail.FULL).source, "svg", timeout=60)
    root = ET.fromstring(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    for expected in (title, phase, name, f"Pain: {pain}"):
        assert expected.strip() in [t.strip() for t in texts], expected
    nodes = [
        g.findtext(f"{SVG_NS}title") for g in root.iter(f"{SVG_NS}g") if g.get("class") == "node"
    ]
    assert len([n for n in nodes if n and re.match(r"tp\d+$", n)]) == 6


@needs_dot
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(min_size=1, max_size=40), view=st.sampled_from(GRAPH_VIEWS))
def test_any_unicode_never_breaks_dot(name: str, view: View) -> None:
    # controls, surrogates, newlines...: dot must accept the graph and the SVG must parse
    data = shoes().model_dump()
    data["touchpoints"][2]["name"] = name
    data["phases"][1]["name"] = name
    data["channels"][0]["name"] = name
    source = build_graph(Journey.model_validate(data), view=view).source
    svg = run_dot(source, "svg", timeout=60, engine=engine(view))
    ET.fromstring(svg)


def test_emotion_view_says_it_draws_the_lowest_of_several_personas() -> None:
    from tests.helpers import EXAMPLES

    hotel = load_map(EXAMPLES / "hotel-stay.cxmap.yaml")  # emotion per persona on some cards
    assert any(tp.feelings() for tp in hotel.touchpoints)
    source = build_graph(hotel, view=View.EMOTION).source
    assert "the lowest is drawn" in source
    # the curve sits on the lowest: compare-rooms is 0 for one persona, -1 for the other
    number = next(k for k, tp in enumerate(hotel.touchpoints, 1) if tp.id == "compare-rooms")
    row = re.search(rf'\ttp{number} \[label=<[^\n]*pos="[\d.]+,(-\d+)!"', source)
    assert row is not None and row.group(1) == "-256"  # -1 negative: the fourth of 64-pt rows
    assert "the lowest is drawn" not in build_graph(shoes(), view=View.EMOTION).source
