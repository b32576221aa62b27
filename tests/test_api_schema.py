"""The library API, the exported JSON Schema, and exit 3 for internal errors."""

from __future__ import annotations

import sys
from pathlib import Path

import jsonschema
import pytest

import cxmap
from cxmap.load import load_document
from cxmap.schema import build_schema
from tests.helpers import EXAMPLES, FIXTURES, ROOT, SHOES_EXAMPLE

VALID_MAPS = sorted(EXAMPLES.glob("*.cxmap.yaml")) + sorted(
    (FIXTURES / "maps" / "valid").glob("*.yaml")
)


def test_load_map_returns_the_typed_journey() -> None:
    journey = cxmap.load_map(SHOES_EXAMPLE)
    assert journey.id == "running-shoes"
    assert [p.id for p in journey.phases] == ["attention", "evaluation", "purchase", "first-use"]
    assert journey.touchpoints[2].targets == {"csat": 4.2, "wait-minutes": 10}


def test_load_map_raises_one_exception_type_with_findings() -> None:
    with pytest.raises(cxmap.MapInvalidError) as caught:
        cxmap.load_map(FIXTURES / "maps" / "invalid" / "references.cxmap.yaml")
    assert isinstance(caught.value, cxmap.CxmapError)
    assert len(caught.value.findings) == 6
    assert "references.cxmap.yaml:18:16" in str(caught.value)


@pytest.mark.parametrize("path", VALID_MAPS, ids=lambda p: p.name)
def test_schema_accepts_every_valid_map(path: Path) -> None:
    schema = build_schema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(load_document(path).data))
    assert errors == []


def test_schema_rejects_what_validate_rejects() -> None:
    schema = build_schema()
    validator = jsonschema.Draft202012Validator(schema)
    doc = load_document(FIXTURES / "maps" / "invalid" / "values.cxmap.yaml").data
    messages = [e.message for e in validator.iter_errors(doc)]
    assert any("'ownr'" in m for m in messages)  # unknown keys are errors in editors too
    doc["x-own"] = {"anything": 1}
    assert not any("x-own" in e.message for e in validator.iter_errors(doc))


def test_internal_error_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmap import cli, validate

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(validate, "validate_path", broken)
    monkeypatch.setattr(sys, "argv", ["cxmap", "validate", str(EXAMPLES)])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: RuntimeError: boom" in err and "--debug" in err

    monkeypatch.setattr(sys, "argv", ["cxmap", "--debug", "validate", str(EXAMPLES)])
    with pytest.raises(RuntimeError, match="boom"):
        cli.main()


def test_library_api_end_to_end(tmp_path: Path) -> None:
    from cxmap import Overrides, build_graph, build_mermaid, compute_gaps, lint_files

    journey = cxmap.load_map(SHOES_EXAMPLE)
    survey = tmp_path / "s.csv"
    # hand: Q1 answers 5, 4, 3 -> mean 4.0 (n 3); Q7 answers 4, 4 and a blank -> 4.0 (n 2)
    survey.write_text("Q1,Q3,Q3_wait,Q4,Q5,Q6,Q7\n5,,,,,,4\n4,,,,,,4\n3,,,,,,\n")
    table = compute_gaps(journey, [survey])
    by_key = {(r.touchpoint, r.metric): r for r in table.results}
    assert (by_key["search-online", "csat"].n, by_key["search-online", "csat"].experience) == (
        3,
        4.0,
    )
    assert (by_key["first-run", "csat"].n, by_key["first-run", "csat"].experience) == (2, 4.0)
    assert "Searches online for running shoes" in build_graph(journey, gaps=table).source
    assert "journey" in build_mermaid(journey)
    (result,) = lint_files([SHOES_EXAMPLE], Overrides())
    assert result.valid


def test_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using cxmap as a library", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    monkeypatch.chdir(ROOT)
    scope: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), scope)
    assert scope["worst"].gap < 0  # type: ignore[attr-defined]
