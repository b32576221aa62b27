"""Every theme keeps text at 4.5:1 (WCAG 2.1 AA) on every fill; legends explain every encoding.

The ratios are computed here from the WCAG formula written out (not with
cxmap's own ``contrast``), for every pair of text colour and fill the views
and the report use.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from cxmap.gaps import GapResult, GapStatus, GapTable
from cxmap.render.canvas import PERSONA_LOOKS, build_canvas
from cxmap.render.graph import build_graph
from cxmap.render.options import View
from cxmap.render.style import STATUS_STYLES, THEMES, ThemeName, contrast, readable
from cxmap.report.page import _CSS
from cxmap.validate import load_map
from tests.helpers import EXAMPLES, SHOES_EXAMPLE

AA = 4.5


def wcag(a: str, b: str) -> float:
    """Contrast ratio, WCAG 2.1: (L1 + 0.05) / (L2 + 0.05) of the relative luminances."""

    def lum(colour: str) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b_ = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b_)

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_our_contrast_agrees_with_the_formula() -> None:
    assert wcag("#000000", "#FFFFFF") == pytest.approx(21.0)
    for a, b in [("#0072B2", "#FFFFFF"), ("#D55E00", "#F2C2A0"), ("#555555", "#F3F5F7")]:
        assert contrast(a, b) == pytest.approx(wcag(a, b), rel=1e-3)


def theme_pairs(name: ThemeName) -> list[tuple[str, str, str]]:
    """(text colour, fill, where) for every text a view of this theme writes on a fill."""
    t = THEMES[name]
    fills = {
        "node": t.node_fill,
        "cluster": t.cluster_fill,
        "note": t.note_fill,
        "start": t.start_fill,
        "band": t.band_fill,
        "page": "#FFFFFF",
        **{f"status {s}": t.status_fill(s) for s in STATUS_STYLES},
    }
    pairs = [(t.text, fill, f"text on {where}") for where, fill in fills.items()]
    pairs += [(t.muted, fill, f"muted text on {where}") for where, fill in fills.items()]
    pairs.append((t.header_text, t.header_fill, "phase header"))
    # emotion words: their colour where it reads, the text colour elsewhere (graph.py)
    for where, fill in fills.items():
        for colour in (t.positive, t.negative):
            pairs.append((readable(colour, fill, t.text), fill, f"emotion on {where}"))
    # canvas bullets and persona lines' colours (the lines carry no text, the legend does)
    pairs += [("#B42318", t.band_fill, "pain bullet"), ("#00785A", t.band_fill, "idea bullet")]
    pairs += [(c, "#FFFFFF", "persona line") for c, _, _ in PERSONA_LOOKS]
    return pairs


@pytest.mark.parametrize("name", list(ThemeName))
def test_every_theme_pair_reads(name: ThemeName) -> None:
    weak = [(w, a, b, round(wcag(a, b), 2)) for a, b, w in theme_pairs(name) if wcag(a, b) < AA]
    assert weak == []


def css_pairs() -> list[tuple[str, str, str]]:
    """(colour, background, rule) of every report CSS rule that sets both, plus text on white."""
    variables = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6})", _CSS))
    out = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", _CSS):
        colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|var\(--\w+\))", body)
        back = re.search(r"background:\s*(#[0-9a-fA-F]{6}|var\(--\w+\))", body)
        if colour is None:
            continue

        def value(v: str) -> str:
            return variables[v[6:-1]] if v.startswith("var(") else v

        fill = value(back.group(1)) if back else "#ffffff"
        out.append((value(colour.group(1)), fill, selector.strip()))
        if back is None:  # text on the page, and on the soft and striped fills it sits on
            out.append((value(colour.group(1)), variables["soft"], selector.strip() + " (soft)"))
            out.append((value(colour.group(1)), "#fbfcfd", selector.strip() + " (striped)"))
    return out


def test_report_css_pairs_read() -> None:
    pairs = css_pairs()
    assert len(pairs) > 10
    weak = [(w, a, b, round(wcag(a, b), 2)) for a, b, w in pairs if wcag(a, b) < AA]
    assert weak == []


def _result(tp: str, metric: str, status: GapStatus) -> GapResult:
    return GapResult(tp, metric, None, 100, 4.0, 4.2, -0.2, 3.9, 4.1, status)


def every_status() -> GapTable:
    statuses = list(GapStatus)
    ids = ["search-online", "ask-friends", "store-advice", "try-on", "purchase", "first-run"]
    pairs = [(tp, "csat") for tp in ids] + [("purchase", "nps"), ("first-run", "nps")]
    results = [_result(tp, m, s) for (tp, m), s in zip(pairs, statuses, strict=True)]
    return GapTable("running-shoes", 100, 0, results, [], [])


def test_canvas_legend_explains_every_encoding() -> None:
    journey = load_map(SHOES_EXAMPLE)
    root = ET.fromstring(build_canvas(journey, every_status()).encode("utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    legend = next(g for g in root.iter(f"{ns}g") if g.get("class") == "legend")
    texts = " | ".join(t.text or "" for t in legend.iter(f"{ns}text"))
    for word in ("online channel", "offline channel", "emotion", "no target"):
        assert word in texts
    for status in ("above", "below", "inconclusive", "too-few", "no-data"):
        assert STATUS_STYLES[status].word in texts
    # hotel: a line per persona, each named
    hotel = ET.fromstring(build_canvas(load_map(EXAMPLES / "hotel-stay.cxmap.yaml")).encode())
    legend = next(g for g in hotel.iter(f"{ns}g") if g.get("class") == "legend")
    texts = " | ".join(t.text or "" for t in legend.iter(f"{ns}text"))
    assert "Weekend couple" in texts and "Business traveller" in texts


def test_graph_legend_explains_status_no_target_and_borders() -> None:
    source = build_graph(load_map(SHOES_EXAMPLE), gaps=every_status()).source
    legend = next(line for line in source.splitlines() if line.strip().startswith("legend"))
    for status in STATUS_STYLES:
        assert STATUS_STYLES[status].symbol in legend
    for words in ("no target", "online channel", "offline channel"):
        assert words in legend
    emotion = build_graph(load_map(SHOES_EXAMPLE), view=View.EMOTION, gaps=every_status()).source
    assert "below target" in emotion


@pytest.mark.parametrize("name", list(ThemeName))
def test_high_contrast_emotion_text_is_never_orange_on_orange(name: ThemeName) -> None:
    source = build_graph(load_map(SHOES_EXAMPLE), theme=name, gaps=every_status()).source
    checked = 0
    for line in source.splitlines():
        if not re.match(r"\t+tp\d+ \[", line):
            continue
        fill = re.search(r'> fillcolor="(#\w+)"', line)
        node_fill = fill.group(1) if fill else THEMES[name].node_fill
        for colour in re.findall(r'FONT COLOR="(#\w+)"', line):
            assert wcag(colour, node_fill) >= AA, (colour, node_fill)
            checked += 1
    assert checked == 6  # every touchpoint of the map has an emotion
