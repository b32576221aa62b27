"""The journey view's default direction keeps maps of 10-40 touchpoints readable.

Readable: at most about 2.5 times as wide as high, and text of at least 10 px
when the picture is shown 1600 px wide. Measured on the SVG dot draws.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, cli

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")
NS = "{http://www.w3.org/2000/svg}"


def generated(path: Path, count: int) -> Path:
    """A map of ``count`` touchpoints over five phases, some with pain points and actions."""
    lines = [
        "cxmap: 1",
        f"id: gen-{count}",
        f"title: Generated journey of {count} touchpoints",
        "start: Needs a new phone plan",
        "end: Recommends the provider",
        "phases:",
        *(f"  - {{id: p{i}, name: Phase number {i}}}" for i in range(5)),
        "channels:",
        "  - {id: web, name: Website, type: online}",
        "  - {id: shop, name: Shop, type: offline}",
        "touchpoints:",
    ]
    for k in range(count):
        lines += [
            f"  - id: t{k}",
            f"    name: Does step {k} of the journey with some words",
            f"    phase: p{k * 5 // count}",
            f"    channel: {'web' if k % 3 else 'shop'}",
            f"    emotion: {k % 5 - 2}",
        ]
        if k % 4 == 0:
            lines.append(f"    pain_points: [Waits too long at step {k}]")
    lines.append("actions:")
    lines += [
        f"  - {{id: a{k}, touchpoint: t{k}, description: Shorten step {k}}}"
        for k in range(0, count, 8)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure(svg: str) -> tuple[float, float, float]:
    """Width and height (points) and the smallest font size of dot's SVG."""
    root = ET.fromstring(svg.encode("utf-8"))
    box = [float(v) for v in (root.get("viewBox") or "").split()]
    sizes = [float(t.get("font-size", "14")) for t in root.iter(f"{NS}text")]
    return box[2], box[3], min(sizes)


@needs_dot
@pytest.mark.parametrize("count", [10, 17, 25, 40])
def test_generated_maps_are_readable_by_default(tmp_path: Path, count: int) -> None:
    run = cli("render", generated(tmp_path / "m.cxmap.yaml", count), "-f", "svg")
    assert run.exit_code == 0, run.stderr
    width, height, smallest = measure(run.stdout)
    assert width / height <= 2.5, f"{width:.0f} x {height:.0f}"
    assert smallest * 1600 / width >= 10, f"text {smallest * 1600 / width:.1f} px at 1600 px"


@needs_dot
@pytest.mark.parametrize("name", ["hotel-stay", "saas-onboarding", "running-shoes"])
def test_examples_are_readable_by_default(name: str) -> None:
    run = cli("render", EXAMPLES / f"{name}.cxmap.yaml", "-f", "svg")
    assert run.exit_code == 0, run.stderr
    width, height, smallest = measure(run.stdout)
    assert width / height <= 2.5
    assert smallest * 1600 / width >= 10


def test_rankdir_still_overrides(tmp_path: Path) -> None:
    path = generated(tmp_path / "m.cxmap.yaml", 12)
    assert "rankdir=TB" in cli("render", path).stdout
    assert "rankdir=LR" in cli("render", path, "--rankdir", "LR").stdout
    small = generated(tmp_path / "s.cxmap.yaml", 3)
    assert "rankdir=LR" in cli("render", small).stdout
    assert re.search(r"rankdir=TB", cli("render", small, "--rankdir", "TB").stdout)
