"""``cxmap lint --format sarif``: valid SARIF 2.1.0 with what GitHub code scanning needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import validator_for

from cxmap.lint.rules import RULES
from tests.helpers import cli
from tests.test_lint_cli import GYM, TODAY

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def schema_errors(doc: Any) -> list[str]:
    """Messages of every violation of the official SARIF 2.1.0 schema."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.fixture
def sarif_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Lint the gym map (plus an invalid one) from its repository root, as CI would."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "gym map.cxmap.yaml").write_text(GYM, encoding="utf-8")
    (tmp_path / "maps" / "broken.cxmap.yaml").write_text("cxmap: 1\nid: x\ntitle: X\nphases: []\n")
    run = cli("lint", "--format", "sarif", "--today", TODAY, "maps")
    assert run.exit_code == 1  # the broken map
    doc: dict[str, Any] = json.loads(run.stdout)
    return doc


def test_sarif_is_valid_against_the_official_schema(sarif_run: dict[str, Any]) -> None:
    assert schema_errors(sarif_run) == []
    assert sarif_run["version"] == "2.1.0"


def test_schema_check_can_fail() -> None:
    assert schema_errors({"version": "2.1.0", "runs": [{"tool": {}}]}) != []


def test_driver_rules_carry_their_documentation(sarif_run: dict[str, Any]) -> None:
    driver = sarif_run["runs"][0]["tool"]["driver"]
    assert driver["name"] == "cxmap"
    assert "version" not in driver and "semanticVersion" not in driver
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) >= {rule.code for rule in RULES} | {"CX010"}
    cx301 = rules["CX301"]
    assert cx301["name"] == "touchpoint-without-target"
    assert cx301["shortDescription"]["text"] == "Touchpoint without any target."
    assert cx301["fullDescription"]["text"] == "Reports a touchpoint whose `targets` is empty."
    assert "Why it matters:" in cx301["help"]["text"]
    assert cx301["defaultConfiguration"]["level"] == "warning"
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]


def test_results_have_regions_fingerprints_and_relative_uris(sarif_run: dict[str, Any]) -> None:
    run = sarif_run["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("CX010", "error"),
        ("CX102", "warning"),
        ("CX208", "note"),
        ("CX301", "warning"),
    ]
    for result in results:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = location["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert (region["endLine"], region["endColumn"]) > (
            region["startLine"],
            region["startColumn"],
        )
        assert len(result["partialFingerprints"]["cxmapFinding/v1"]) == 32
    gym = results[3]["locations"][0]["physicalLocation"]
    assert gym["artifactLocation"]["uri"] == "maps/gym%20map.cxmap.yaml"
    assert (gym["region"]["startLine"], gym["region"]["startColumn"]) == (21, 5)


def test_fingerprints_survive_unrelated_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("gym.cxmap.yaml")

    def prints() -> list[tuple[str, int, str]]:
        run = cli("lint", "-f", "sarif", "--today", TODAY, path)
        return [
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["cxmapFinding/v1"],
            )
            for r in json.loads(run.stdout)["runs"][0]["results"]
        ]

    path.write_text(GYM)
    before = prints()
    path.write_text(GYM.replace("end: Trains every week\n", "end: Trains every week\n# a note\n"))
    after = prints()
    assert [(code, line + 1, mark) for code, line, mark in before] == after
    assert len({mark for _code, _line, mark in before}) == len(before)


def test_sarif_output_is_deterministic(sarif_run: dict[str, Any], tmp_path: Path) -> None:
    again = cli("lint", "--format", "sarif", "--today", TODAY, "maps")
    assert json.loads(again.stdout) == sarif_run
    assert "T0" not in again.stdout  # no timestamps
