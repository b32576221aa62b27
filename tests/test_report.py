"""``cxmap report``: one self-contained, escaped, deterministic HTML page."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cxmap.report import emotion_curve, inline_svg
from cxmap.validate import load_map
from tests.helpers import ROOT, cli

EXAMPLES = sorted((ROOT / "examples").glob("*.cxmap.yaml"))
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


class Rows(HTMLParser):
    """Counts the body rows of each table, by table id; collects tags and URL attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, int] = {}
        self.tags: set[str] = set()
        self.urls: list[str] = []
        self._table: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action")]
        if tag == "table":
            self._table.append(values.get("id") or "")
            self.rows.setdefault(self._table[-1], 0)
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body and self._table:
            self.rows[self._table[-1]] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table:
            self._table.pop()
        elif tag == "tbody":
            self._in_body = False


def parse(page: str) -> Rows:
    """The page, parsed."""
    rows = Rows()
    rows.feed(page)
    return rows


def make_report(tmp_path: Path, map_path: Path, *extra: str | Path) -> str:
    """Run cxmap report into a file and return the page."""
    out = tmp_path / "report.html"
    run = cli("report", map_path, "-o", out, *extra)
    assert run.exit_code == 0, run.stderr
    return out.read_text(encoding="utf-8")


@needs_dot
@pytest.mark.parametrize("map_path", EXAMPLES, ids=lambda p: p.name)
def test_the_table_lists_every_touchpoint(tmp_path: Path, map_path: Path) -> None:
    page = make_report(tmp_path, map_path)
    journey = load_map(map_path)
    found = parse(page)
    assert found.rows["touchpoint-table"] == len(journey.touchpoints)
    for tp in journey.touchpoints:
        assert f'<tr id="tp-{tp.id}">' in page
    assert page.count("<svg") == 3  # the canvas, the diagram and the emotion curve, inline


@needs_dot
def test_nothing_loads_from_the_network(tmp_path: Path) -> None:
    page = make_report(tmp_path, ROOT / "examples" / "saas-onboarding.cxmap.yaml")
    found = parse(page)
    assert not found.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert all(url.startswith("#") for url in found.urls), found.urls
    assert "@import" not in page and "url(http" not in page
    assert "default-src 'none'" in page  # and the browser is told so


@needs_dot
def test_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    hotel = ROOT / "examples" / "hotel-stay.cxmap.yaml"
    first = make_report(tmp_path, hotel)
    assert make_report(tmp_path, hotel) == first


@needs_dot
def test_user_text_is_escaped(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "hotel-stay.cxmap.yaml").read_text(encoding="utf-8")
    hostile = text.replace(
        "name: Checks in at the front desk",
        "name: '<script>alert(1)</script> & \"quotes\" <img src=x onerror=alert(2)>'",
    ).replace("owner: guest-experience\n", "owner: '<b>team</b>'\n", 1)
    map_path = tmp_path / "hostile.cxmap.yaml"
    map_path.write_text(hostile, encoding="utf-8")
    page = make_report(tmp_path, map_path)
    assert "<script" not in page and "<img" not in page and "<b>team" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in page
    assert "&lt;b&gt;team&lt;/b&gt;" in page


@needs_dot
def test_survey_fills_the_gaps(tmp_path: Path) -> None:
    # 10 answers of 4 and 30 of 5: mean 4.75 against the target 4.3, gap +0.45;
    # sd = sqrt(40 * 0.1875 / 39) = 0.4385, t(0.975, 39) = 2.0227, so the 95% interval is
    # 4.75 +- 0.140 = 4.61 .. 4.89: entirely above the target + the csat margin 0.1.
    survey = tmp_path / "hotel.csv"
    lines = ["touchpoint,metric,value"] + [f"check-in,csat,{4 if i < 10 else 5}" for i in range(40)]
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = make_report(tmp_path, ROOT / "examples" / "hotel-stay.cxmap.yaml", "--survey", survey)
    row = re.search(r'<tr id="tp-check-in">.*?</tr>', page, re.DOTALL)
    assert row is not None
    assert "target ≥ 4.3 · measured 4.75" in row.group(0)
    assert "gap +0.45" in row.group(0)
    assert "above target" in row.group(0)
    gaps = re.search(r'<table id="gap-table">.*?</table>', page, re.DOTALL)
    assert gaps is not None
    assert "<td>4.61 – 4.89</td>" in gaps.group(0)
    assert "40 survey rows read, 0 skipped" in page


def test_invalid_map_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cxmap.yaml"
    text = (ROOT / "examples" / "hotel-stay.cxmap.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("phase: booking", "phase: boking", 1), encoding="utf-8")
    out = tmp_path / "report.html"
    run = cli("report", broken, "-o", out)
    assert run.exit_code == 1
    assert "boking" in run.stderr
    assert not out.exists()


def test_missing_survey_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    run = cli("report", EXAMPLES[0], "--survey", tmp_path / "none.csv", "-o", out)
    assert run.exit_code == 2
    assert not out.exists()


def test_inline_svg_prefixes_ids_and_drops_the_prolog() -> None:
    svg = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n "http://www.w3.org/Graphics/SVG/1.1/'
        'DTD/svg11.dtd">\n<!-- Title: cxmap -->\n<svg width="80pt" height="40pt" '
        'viewBox="0 0 80 40"><g id="graph0"><linearGradient id="l_1"/>'
        '<path fill="url(#l_1)"/><use href="#graph0"/></g></svg>\n'
    )
    assert inline_svg(svg, "journey", 'A "map"') == (
        '<svg role="img" aria-label="A &quot;map&quot;" width="80pt" height="40pt" '
        'viewBox="0 0 80 40"><g id="journey-graph0"><linearGradient id="journey-l_1"/>'
        '<path fill="url(#journey-l_1)"/><use href="#journey-graph0"/></g></svg>'
    )


def test_emotion_curve_points() -> None:
    journey = load_map(ROOT / "examples" / "running-shoes.cxmap.yaml")
    curve = emotion_curve(journey)
    # six touchpoints, emotions 1, 2, 0, 1, 1, 2; x = 120 + 64 * i + 32, y = 50 + 42 * (2 - e)
    assert re.findall(r'<circle cx="(\d+)" cy="(\d+)"', curve) == [
        ("152", "92"),
        ("216", "50"),
        ("280", "134"),
        ("344", "92"),
        ("408", "92"),
        ("472", "50"),
    ]
    assert '<polyline points="152,92 216,50 280,134 344,92 408,92 472,50"' in curve
    # one band per phase; "First use" has one touchpoint: 64 wide, room for 18 characters
    assert "<title>First use</title>First use</text>" in curve
    assert "<title>3. Gets advice in a sports store (0)</title>" in curve


@needs_dot
def test_lint_summary_judges_review_dates_by_today_option(tmp_path: Path) -> None:
    hotel = ROOT / "examples" / "hotel-stay.cxmap.yaml"  # reviewed 2026-11-02, every 120 days
    fresh = make_report(tmp_path, hotel, "--today", "2026-11-10")
    assert "No findings: the map follows every lint rule." in fresh
    late = make_report(tmp_path, hotel, "--today", "2027-06-01")
    assert parse(late).rows["lint-table"] == 1
    # 2026-11-02 -> 2027-06-01: 28 + 31 + 31 + 28 + 31 + 30 + 31 + 1 = 211 days
    assert "reviewed 211 days ago (2026-11-02), more than every 120 days" in late
    assert "<code>CX502</code>" in late
