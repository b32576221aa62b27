"""Golden outputs of ``cxmap validate`` and ``cxmap lint``, compared exactly.

Regenerate with ``pytest --update-golden`` and review the diff: these files are
what users and CI tools (GitHub annotations, code scanning) read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ROOT, cli

GOLDEN = ROOT / "tests" / "golden" / "findings"
INVALID = "tests/fixtures/maps/invalid"
TODAY = "2026-11-24"

CASES = {
    "validate-invalid.txt": ("validate", INVALID),
    "validate-invalid.json": ("validate", "--format", "json", INVALID),
    "validate-invalid.github": ("validate", "--format", "github", INVALID),
    "lint-shoes.txt": ("lint", "--today", TODAY, "examples/running-shoes.cxmap.yaml"),
    "lint-shoes.concise": (
        "lint",
        "--today",
        TODAY,
        "--format",
        "concise",
        "examples/running-shoes.cxmap.yaml",
    ),
    "lint-shoes.json": (
        "lint",
        "--today",
        TODAY,
        "--format",
        "json",
        "examples/running-shoes.cxmap.yaml",
    ),
    "lint-shoes.sarif": (
        "lint",
        "--today",
        TODAY,
        "--format",
        "sarif",
        "examples/running-shoes.cxmap.yaml",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_findings_output_matches_golden(
    name: str, golden: Callable[[Path, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    run = cli(*CASES[name])
    assert run.exit_code in (0, 1), run.stderr
    golden(GOLDEN / name, run.stdout)


def test_same_inputs_give_byte_identical_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    first = cli(*CASES["lint-shoes.sarif"]).stdout
    assert first == cli(*CASES["lint-shoes.sarif"]).stdout


def test_sarif_paths_and_fingerprints_do_not_depend_on_where_cxmap_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    def first_result(*args: str) -> dict[str, object]:
        run = cli("lint", "--today", TODAY, "--format", "sarif", *args)
        result: dict[str, object] = json.loads(run.stdout)["runs"][0]["results"][0]
        return result

    monkeypatch.chdir(ROOT)
    from_root = first_result("examples/running-shoes.cxmap.yaml")
    monkeypatch.chdir(ROOT / "examples")
    from_folder = first_result(str(ROOT / "examples" / "running-shoes.cxmap.yaml"))
    assert from_root["locations"] == from_folder["locations"]
    assert from_root["partialFingerprints"] == from_folder["partialFingerprints"]
    location = from_root["locations"][0]["physicalLocation"]["artifactLocation"]  # type: ignore[index]
    assert location == {"uri": "examples/running-shoes.cxmap.yaml", "uriBaseId": "%SRCROOT%"}
