"""CLI tests of ``cxmap validate`` and ``cxmap schema``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, cli


def test_examples_validate_unchanged() -> None:
    maps = sorted(EXAMPLES.glob("*.cxmap.yaml"))
    assert len(maps) >= 3
    run = cli("validate", EXAMPLES)
    assert run.exit_code == 0, run.stdout
    assert f"no problems in {len(maps)} files" in run.stdout


def test_invalid_map_exits_1_with_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cxmap.yaml"
    bad.write_text("cxmap: 1\nid: x\ntitle: X\nphases:\n  - {id: a, name: A, stage: nope}\n")
    run = cli("validate", bad)
    assert run.exit_code == 1
    assert f"{bad}:5:29: phase 'a': 'stage' is 'nope'; use one of:" in run.stdout


def test_missing_file_exits_2(tmp_path: Path) -> None:
    run = cli("validate", tmp_path / "missing.yaml")
    assert run.exit_code == 2
    assert "no such file or folder" in run.stderr


def test_json_output_keys(tmp_path: Path) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text("cxmap: 1\nid: x\ntitle: X\nphases: []\nsurprise: 1\n")
    run = cli("validate", "--format", "json", bad)
    assert run.exit_code == 1
    doc = json.loads(run.stdout)
    assert doc["files"] == 1
    assert [(f["line"], f["column"], f["code"]) for f in doc["findings"]] == [
        (4, 9, "CX010"),
        (5, 1, "CX011"),
    ]
    assert set(doc["findings"][0]) == {
        "file",
        "line",
        "column",
        "code",
        "name",
        "severity",
        "message",
    }


def test_github_annotations_escape(tmp_path: Path) -> None:
    bad = tmp_path / "a,b:c.yaml"
    bad.write_text("cxmap: 1\nid: x\ntitle: X\nphases: []\n")
    run = cli("validate", "--format", "github", bad)
    first = run.stdout.splitlines()[0]
    assert first.startswith("::error file=")
    assert "a%2Cb%3Ac.yaml,line=4,col=9," in first
    assert run.stdout.splitlines()[-1].startswith("cxmap: 1 error in 1 of 1 file")


def test_output_file_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    run = cli("validate", "--format", "json", "-o", out, EXAMPLES)
    assert run.exit_code == 0
    assert json.loads(out.read_text())["findings"] == []
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_schema_is_2020_12_with_descriptions() -> None:
    run = cli("schema")
    schema = json.loads(run.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    touchpoint = schema["$defs"]["Touchpoint"]["properties"]
    assert all("description" in prop for prop in touchpoint.values())


def test_installed_entry_point_runs() -> None:
    exe = shutil.which("cxmap", path=str(Path(sys.executable).parent))
    assert exe is not None, "the cxmap entry point is not installed in this environment"
    done = subprocess.run(
        [exe, "validate", str(EXAMPLES)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    module = subprocess.run(
        [sys.executable, "-m", "cxmap", "validate", str(EXAMPLES / "nope.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert module.returncode == 2
    assert "Traceback" not in module.stderr


def test_version() -> None:
    run = cli("--version")
    assert run.exit_code == 0
    assert run.stdout.startswith("cxmap ")


def test_colour_only_changes_the_look() -> None:
    import re

    from cxmap.formats.findings import format_plain
    from cxmap.validate import validate_path
    from tests.helpers import FIXTURES

    findings = validate_path(FIXTURES / "maps" / "invalid" / "values.cxmap.yaml").findings
    coloured = format_plain(findings, 1, color=True)
    assert "\x1b[1m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == format_plain(findings, 1)


def test_no_colour_when_piped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cxmap.yaml"
    bad.write_text("cxmap: 1\nid: x\ntitle: X\nphases: []\n")
    assert "\x1b[" not in cli("validate", bad).stdout


@pytest.mark.parametrize("command", ["gaps", "render", "report"])
def test_commands_on_an_invalid_map_show_its_findings_and_exit_1(
    command: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.cxmap.yaml"
    bad.write_text("cxmap: 1\nid: x\ntitle: X\nphases: []\n")
    survey = tmp_path / "s.csv"
    survey.write_text("touchpoint,metric,value\n")
    out = tmp_path / ("out.svg" if command == "render" else "out.html")
    args = {"gaps": ["--survey", survey], "render": ["-o", out], "report": ["-o", out]}[command]
    run = cli(command, bad, *args)
    assert run.exit_code == 1
    assert f"{bad}:4:9: 'phases' is empty" in run.stderr
    assert "is not a valid map; fix the problems above first" in run.stderr
    assert not out.exists()
