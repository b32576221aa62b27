"""Lint rules as data: one case file per rule in tests/rules/, run by one test.

Each case file holds passing and failing maps with the expected ``[line, column]``
of every finding, written by hand (or found by searching the map text).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from cxmap.lint.config import LintConfig
from cxmap.lint.engine import lint
from cxmap.lint.rules import BY_CODE, DOC_SECTIONS, GROUPS, RETIRED_CODES, RULES
from cxmap.load import parse_text
from cxmap.validate import validate_document

CASES_DIR = Path(__file__).resolve().parent / "rules"
DEFAULT_TODAY = dt.date(2026, 11, 1)


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("CX*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{path.stem}-{case['name']}"))
    return params


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    validation = validate_document(parse_text(case["map"], "case.yaml"))
    assert validation.journey is not None, [f.message for f in validation.findings]
    options = {code: case["options"]} if "options" in case else {}
    config = LintConfig(
        select=(code, *case.get("select", [])),
        today=dt.date.fromisoformat(case.get("today", DEFAULT_TODAY.isoformat())),
        options=options,
    )
    found = lint(validation.journey, validation.document, config)
    got = sorted([f.span.line, f.span.column] for f in found)
    assert got == sorted(case["expect"]), [f"{f.code} {f.message}" for f in found]
    for finding in found:
        assert finding.message == finding.message.strip()
        assert finding.message[:1].islower(), finding.message


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert codes == sorted(codes)
    for rule in RULES:
        assert re.fullmatch(r"CX[1-9]\d\d", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert rule.code[2] in GROUPS


def test_enough_rules_in_every_family() -> None:
    assert len(RULES) >= 20
    families = {rule.group for rule in RULES}
    assert families == set(GROUPS.values())


def test_every_rule_has_four_doc_sections() -> None:
    for rule in RULES:
        sections = rule.sections()
        assert list(sections) == list(DOC_SECTIONS), rule.code
        assert all(text.strip() for text in sections.values()), rule.code
        assert rule.summary.endswith("."), rule.code


def test_every_rule_has_a_case_file_with_passing_and_failing_maps() -> None:
    files = {path.stem for path in CASES_DIR.glob("CX*.yaml")}
    assert files == set(BY_CODE)
    for code in sorted(files):
        data = yaml.safe_load((CASES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
        assert data["rule"] == code
        assert data["name"] == BY_CODE[code].name
        expects = [case["expect"] for case in data["cases"]]
        assert any(not e for e in expects), f"{code}: no passing map"
        assert any(e for e in expects), f"{code}: no failing map"


def test_validation_and_retired_codes_are_not_reused() -> None:
    from cxmap.load import LOAD_CODES
    from cxmap.validate import VALIDATE_CODES

    taken = set(LOAD_CODES.values()) | set(VALIDATE_CODES.values()) | RETIRED_CODES
    assert all(code < "CX100" for code in set(LOAD_CODES.values()) | set(VALIDATE_CODES.values()))
    assert not taken & set(BY_CODE)
