"""``include:`` merges shared catalogues; findings point into the file where the problem is."""

from __future__ import annotations

from cxmap.validate import validate_path
from tests.helpers import FIXTURES

HERE = FIXTURES / "includes"


def test_catalogue_items_are_merged_recursively() -> None:
    result = validate_path(HERE / "hotel.cxmap.yaml")
    assert result.findings == []
    journey = result.journey
    assert journey is not None
    assert [c.id for c in journey.channels] == ["app", "web", "desk"]
    assert [p.id for p in journey.personas] == ["regular"]
    assert journey.segments == ["business", "leisure"]
    assert [m.id for m in journey.metrics] == ["wait-minutes"]


def test_errors_in_a_catalogue_point_into_the_catalogue() -> None:
    findings = validate_path(HERE / "uses-bad.cxmap.yaml").findings
    got = sorted(
        (f.file.split("includes/")[-1], f.span.line, f.span.column, f.code) for f in findings
    )
    # hand-counted: 'onlien' is on line 2 of the catalogue at column 36; 'phases' on line 3;
    # the missing file is the second item of 'include' on line 4, column 38 of the map
    assert got == [
        ("shared/bad-catalogue.yaml", 2, 36, "CX018"),
        ("shared/bad-catalogue.yaml", 3, 1, "CX018"),
        ("uses-bad.cxmap.yaml", 4, 38, "CX017"),
    ]
    assert any("'phases' cannot be shared through an include" in f.message for f in findings)


def test_include_cycle_is_reported_at_the_include() -> None:
    (finding,) = validate_path(HERE / "loop.cxmap.yaml").findings
    assert finding.code == "CX017"
    assert finding.file.endswith("shared/loop-b.yaml")
    assert (finding.span.line, finding.span.column) == (1, 11)
    assert "loop.cxmap.yaml -> loop-a.yaml -> loop-b.yaml -> loop-a.yaml" in finding.message


def test_reference_and_duplicate_findings_locate_in_their_own_files() -> None:
    findings = validate_path(HERE / "dangling.cxmap.yaml").findings
    got = sorted(
        (f.file.split("includes/")[-1], f.span.line, f.span.column, f.code) for f in findings
    )
    # duplicate 'desk': the catalogue's item comes after the map's own, line 8 col 10 there;
    # channel 'wbe': line 9 of the map, column 41
    assert got == [
        ("dangling.cxmap.yaml", 9, 41, "CX013"),
        ("shared/catalogue.yaml", 8, 10, "CX014"),
    ]


def test_lint_does_not_call_shared_catalogue_items_unused() -> None:
    from tests.helpers import cli

    run = cli("lint", "--format", "concise", "--select", "CX204,CX207", HERE / "hotel.cxmap.yaml")
    lines = run.stdout.splitlines()
    # the map's own unused channel 'app' is reported; the catalogue's unused 'web' is not
    assert any("CX204" in line and "'app'" in line for line in lines)
    assert not any("'web'" in line for line in lines)
