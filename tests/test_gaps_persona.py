"""--by persona: a persona column, or segment values that name personas (id or name)."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from cxmap.errors import UsageError
from cxmap.gaps import GapOptions, GapTable, compute_gaps
from cxmap.validate import load_map

MAP = """\
cxmap: 1
id: shop
title: Shop
personas:
  - {id: new-runner, name: New runner}
  - {id: marathoner, name: Marathoner}
phases: [{id: buy, name: Buy}]
channels: [{id: web, name: Web, type: online}]
touchpoints:
  - {id: a, name: A, phase: buy, channel: web, targets: {csat: 4.0}, questions: {Q1: csat}}
"""


def run(tmp_path: Path, header: str, rows: list[str], text: str = MAP) -> GapTable:
    path = tmp_path / "m.cxmap.yaml"
    path.write_text(text, encoding="utf-8")
    survey = tmp_path / "s.csv"
    survey.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return compute_gaps(load_map(path), [survey], GapOptions(by="persona", min_n=1))


def groups(table: GapTable) -> dict[str | None, list[float]]:
    return {r.segment: [r.n, r.experience] for r in table.results}  # type: ignore[misc]


def test_a_persona_column_in_a_wide_export(tmp_path: Path) -> None:
    rows = ["5,new-runner", "4,New runner", "2,marathoner", "3,MARATHONER", "1,someone"]
    table = run(tmp_path, "Q1,persona", rows)
    got = groups(table)
    assert got["new-runner"] == [2, statistics.mean([5, 4])]
    assert got["marathoner"] == [2, statistics.mean([2, 3])]
    assert got[None] == [5, statistics.mean([5, 4, 2, 3, 1])]
    assert "someone" not in got
    assert any(
        "1 answer whose persona or segment value matches no persona ('someone')" in w
        for w in table.warnings
    )
    assert table.unmapped == []


def test_segment_values_that_name_personas_in_a_long_file(tmp_path: Path) -> None:
    rows = ["a,csat,5,Marathoner", "a,csat,3,marathoner", "a,csat,4,new-runner"]
    got = groups(run(tmp_path, "touchpoint,metric,value,segment", rows))
    assert got["marathoner"] == [2, 4.0] and got["new-runner"] == [1, 4.0]


def test_a_map_without_personas_is_refused(tmp_path: Path) -> None:
    text = MAP.replace(
        "  - {id: new-runner, name: New runner}\n  - {id: marathoner, name: Marathoner}\n", ""
    ).replace("personas:\n", "")
    with pytest.raises(UsageError, match="--by persona needs personas"):
        run(tmp_path, "Q1,persona", ["5,x"], text)
