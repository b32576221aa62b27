"""Hostile input through the commands: bounded output, clear exit 2, inputs never harmed.

Every fixture is built here, in the test, from a small valid map.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import cli

TODAY = "2026-01-01"
MAP = """cxmap: 1
id: m
title: "M"
description: "x"
phases:
  - {id: p, name: P, stage: awareness}
channels:
  - {id: web, name: Web, type: online}
touchpoints:
  - {id: t, name: T, phase: p, channel: web}
"""


def write(tmp_path: Path, text: str, name: str = "m.cxmap.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def findings(run_stdout: str) -> list[tuple[int, str]]:
    return [(f["line"], f["code"]) for f in json.loads(run_stdout)["findings"]]


# ---------------------------------------------------------------- line counting


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_suppression_counts_lines_as_yaml_does(tmp_path: Path, newline: str) -> None:
    # a NEL inside a quoted scalar is a line break for YAML (and for the findings' lines)
    text = MAP.replace('description: "x"', 'description: "x\x85y"').replace(
        "channel: web}", "channel: web}  # cxmap: ignore[CX503]"
    )
    path = write(tmp_path, text.replace("\n", newline))
    run = cli("lint", "-f", "json", "--today", TODAY, path)
    found = findings(run.stdout)
    assert (11, "CX301") in found  # the touchpoint's line, counted after the NEL
    assert (11, "CX503") not in found
    assert "CX901" not in {code for _, code in found}


def test_text_excerpt_shows_the_line_yaml_counts(tmp_path: Path) -> None:
    text = MAP.replace('description: "x"', 'description: "x\u2028y"')
    path = write(tmp_path, text.replace("\n", "\r"))
    run = cli("lint", "--today", TODAY, "--select", "CX503", path)
    assert "    11 |   - {id: t, name: T, phase: p, channel: web}" in run.stdout


# ---------------------------------------------------------------- bounded output


def test_lint_text_of_a_long_one_line_map_is_bounded(tmp_path: Path) -> None:
    flow = ", ".join(f"{{id: t{i}, name: T, phase: p, channel: web}}" for i in range(1000))
    text = (
        "{cxmap: 1, id: m, title: M, phases: [{id: p, name: P}], "
        f"channels: [{{id: web, name: Web, type: online}}], touchpoints: [{flow}]}}\n"
    )
    path = write(tmp_path, text)
    assert len(text) > 40_000
    run = cli("lint", "--today", TODAY, path)
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert len(lines) > 4000  # thousands of findings, each with its excerpt...
    assert max(len(line) for line in lines) < 400  # ...clipped to a window
    assert len(run.stdout) < 2_000_000
