"""``.pre-commit-hooks.yaml``: the hooks parse, select map files, and their entries work."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
EXAMPLES = sorted((ROOT / "examples").glob("*.cxmap.yaml"))


def hooks() -> dict[str, dict[str, Any]]:
    """The hooks by id."""
    data = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return {hook["id"]: hook for hook in data}


def cxmap_program() -> str:
    """The installed ``cxmap`` entry point of this interpreter's environment."""
    beside = Path(sys.executable).parent / "cxmap"
    found = str(beside) if beside.exists() else shutil.which("cxmap")
    if found is None:
        pytest.skip("the cxmap entry point is not installed (pip install -e .)")
    return found


def run_entry(hook: dict[str, Any], files: list[Path]) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry as pre-commit does: the entry's words, then the file names."""
    words = shlex.split(hook["entry"])
    assert words[0] == "cxmap"
    return subprocess.run(
        [cxmap_program(), *words[1:], *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def selected(hook: dict[str, Any], names: list[str]) -> list[str]:
    """The names the hook's ``files`` pattern selects (pre-commit uses re.search)."""
    return [n for n in names if re.search(hook["files"], n)]


def test_the_two_hooks_with_the_keys_pre_commit_needs() -> None:
    found = hooks()
    assert set(found) == {"cxmap-validate", "cxmap-lint"}
    for hook in found.values():
        assert {"id", "name", "entry", "language", "files"} <= set(hook)
        assert hook["language"] == "python"  # pre-commit installs this repository with pip


def test_files_pattern_selects_maps_only() -> None:
    names = [
        "maps/shoes.cxmap.yaml",
        "gym.cxmap.yml",
        ".github/workflows/ci.yml",
        "examples/ci/github-actions.yml",
        "catalogue.yaml",
        "shoes.cxmap.yaml.bak",
    ]
    for hook in hooks().values():
        assert selected(hook, names) == ["maps/shoes.cxmap.yaml", "gym.cxmap.yml"]


@pytest.mark.parametrize("hook_id", ["cxmap-validate", "cxmap-lint"])
def test_entry_passes_on_the_example_maps(hook_id: str) -> None:
    hook = hooks()[hook_id]
    files = [p for p in EXAMPLES if selected(hook, [p.relative_to(ROOT).as_posix()])]
    assert len(files) == len(EXAMPLES) >= 3
    done = run_entry(hook, files)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("hook_id", ["cxmap-validate", "cxmap-lint"])
def test_entry_fails_on_a_broken_map_with_its_position(hook_id: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.cxmap.yaml"
    text = (ROOT / "examples" / "hotel-stay.cxmap.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("phase: booking", "phase: boking", 1), encoding="utf-8")
    done = run_entry(hooks()[hook_id], [EXAMPLES[0], broken])
    assert done.returncode == 1
    line = next(i for i, t in enumerate(broken.read_text().splitlines(), 1) if "boking" in t)
    assert f"{broken}:{line}:" in done.stdout
    assert "boking" in done.stdout
