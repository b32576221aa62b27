"""``include:`` merges shared catalogues; findings point into the file where the problem is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxmap import includes
from cxmap.validate import validate_path
from tests.helpers import FIXTURES, cli

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


# ---------------------------------------------------------------- hostile includes

HOSTILE_MAP = """cxmap: 1
id: m
title: M
include: {include}
phases:
  - {{id: p, name: P}}
touchpoints:
  - {{id: t, name: T, phase: p, channel: web}}
"""
WEB = "channels:\n  - {id: web, name: Web, type: online}\n"


def repo(tmp_path: Path) -> Path:
    """A repository folder (with .git) holding maps/; returns maps/."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    maps = tmp_path / "repo" / "maps"
    maps.mkdir()
    return maps


def map_including(folder: Path, *includes: str) -> Path:
    path = folder / "m.cxmap.yaml"
    path.write_text(HOSTILE_MAP.format(include=json.dumps(list(includes))))
    return path


def include_messages(path: Path, **options: bool) -> list[str]:
    findings = validate_path(path, **options).findings
    assert {f.code for f in findings} <= {"CX017", "CX018"}, findings
    return [f.message for f in findings]


def test_diamond_reads_a_catalogue_once(tmp_path: Path) -> None:
    maps = repo(tmp_path)
    (maps / "web.yaml").write_text(WEB)
    (maps / "a.yaml").write_text("include: [web.yaml]\nsegments: [a]\n")
    (maps / "b.yaml").write_text("include: [./web.yaml]\nsegments: [b]\n")
    path = map_including(maps, "a.yaml", "b.yaml", "sub/../web.yaml")
    result = validate_path(path)
    assert result.findings == []
    assert result.journey is not None
    assert [c.id for c in result.journey.channels] == ["web"]
    assert result.journey.segments == ["a", "b"]


def test_one_catalogue_included_many_times_costs_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    maps = repo(tmp_path)
    (maps / "web.yaml").write_text(WEB)
    reads: list[Path] = []
    real = includes.read_map_bytes

    def counting(path: Path) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(includes, "read_map_bytes", counting)
    result = validate_path(map_including(maps, *["web.yaml"] * 64))
    assert result.ok
    assert len(reads) == 1


def test_bytes_are_counted_across_the_include_closure(tmp_path: Path) -> None:
    maps = repo(tmp_path)
    padding = "# padding\n" * (1024 * 1024 // 10)  # 1 MiB
    (maps / "one.yaml").write_text(padding + "segments: [a]\n")
    (maps / "two.yaml").write_text(padding + "segments: [b]\n")
    (maps / "web.yaml").write_text(WEB)
    messages = include_messages(map_including(maps, "web.yaml", "one.yaml", "two.yaml"))
    assert messages == [
        "the included catalogues are larger than 2 MiB together (at 'two.yaml'); a catalogue "
        "holds shared personas, segments, channels and metrics, include fewer or smaller ones"
    ]


def test_the_map_and_its_catalogues_share_the_map_size_limit(tmp_path: Path) -> None:
    maps = repo(tmp_path)
    (maps / "one.yaml").write_text("# padding\n" * (1024 * 1024 // 10) + "segments: [a]\n")
    (maps / "web.yaml").write_text(WEB)
    path = map_including(maps, "web.yaml", "one.yaml")
    path.write_text(path.read_text() + "# padding\n" * (9 * 1024 * 1024 // 10))  # 9 MiB
    assert include_messages(path) == [
        "the map and its included catalogues are larger than 10 MiB together (at 'one.yaml'); "
        "include fewer or smaller catalogues"
    ]


def test_nodes_are_counted_across_the_include_closure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    maps = repo(tmp_path)
    monkeypatch.setattr(includes, "MAX_NODES", 40)
    (maps / "web.yaml").write_text(WEB)
    for name in ("a", "b", "c"):
        (maps / f"{name}.yaml").write_text(f"segments: [{', '.join(name * 10)}]\n")
    messages = include_messages(map_including(maps, "web.yaml", "a.yaml", "b.yaml", "c.yaml"))
    assert len(messages) == 1
    assert "hold more than 40 keys and items together (at 'b.yaml')" in messages[0]


SECRET = "password: hunter2\nroot: x9$secret\n"


def outside_files(tmp_path: Path) -> Path:
    """Files outside the repository: a YAML file and a file that is no YAML at all."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "web.yaml").write_text(WEB)
    (outside / "secret.yaml").write_text(SECRET)
    (outside / "shadow").write_text("root:$6$hash:19000:0:99999:7:::\n")
    return outside


@pytest.mark.parametrize(
    "include",
    [
        "../../elsewhere/web.yaml",
        "{outside}/web.yaml",
        "link.yaml",  # a symlink in the repository to a file outside it
        "linked/web.yaml",  # a folder symlink
    ],
)
def test_includes_stay_inside_the_repository(tmp_path: Path, include: str) -> None:
    maps = repo(tmp_path)
    outside = outside_files(tmp_path)
    (maps / "link.yaml").symlink_to(outside / "web.yaml")
    (maps / "linked").symlink_to(outside)
    path = map_including(maps, include.format(outside=outside))
    (message,) = include_messages(path)
    assert "lies outside the repository" in message
    assert str(tmp_path / "repo") in message
    assert "--allow-include-outside" in message
    assert validate_path(path, allow_include_outside=True).ok


def test_without_git_the_maps_folder_is_the_boundary(tmp_path: Path) -> None:
    maps = tmp_path / "plain"
    maps.mkdir()
    (tmp_path / "web.yaml").write_text(WEB)
    (maps / "web.yaml").write_text(WEB)
    (message,) = include_messages(map_including(maps, "../web.yaml"))
    assert "lies outside the repository" in message
    assert validate_path(map_including(maps, "web.yaml")).ok


def test_a_file_that_is_no_catalogue_is_named_never_quoted(tmp_path: Path) -> None:
    maps = repo(tmp_path)
    outside = outside_files(tmp_path)
    for name, words in (("secret.yaml", "is not a catalogue"), ("shadow", "not a YAML catalogue")):
        path = map_including(maps, str(outside / name))
        for fmt in ("text", "concise", "json", "github", "sarif"):
            run = cli("lint", "--allow-include-outside", "-f", fmt, path)
            assert run.exit_code == 1
            assert words in run.stdout
            for secret in ("hunter2", "x9$", "$6$", "password", "19000"):
                assert secret not in run.stdout.replace(str(outside / name), ""), (fmt, secret)


def test_including_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    maps = repo(tmp_path)
    (maps / "shared").mkdir()
    (message,) = include_messages(map_including(maps, "shared"))
    assert "'shared' is a folder, not a catalogue file" in message


def test_cli_option_lifts_the_boundary(tmp_path: Path) -> None:
    maps = repo(tmp_path)
    outside = outside_files(tmp_path)
    path = map_including(maps, str(outside / "web.yaml"))
    for command in ("validate", "lint"):
        assert cli(command, path).exit_code == 1
        assert cli(command, "--allow-include-outside", path).exit_code in (0, 1)
    assert cli("validate", "--allow-include-outside", path).exit_code == 0
    assert cli("render", "--allow-include-outside", path).exit_code == 0
    assert cli("render", path).exit_code == 1
