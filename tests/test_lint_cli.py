"""CLI tests of ``cxmap lint`` and ``cxmap rules``: selection, config, suppression, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import ROOT, cli

TODAY = "2026-11-01"
GYM = """\
cxmap: 1
id: gym
title: Joining a gym
owner: cx-team
reviewed: 2026-09-01
review_every_days: 120
start: Wants to get fit
end: Trains every week
phases:
  - {id: aware, name: Aware, stage: awareness}
  - {id: compare, name: Compare, stage: consideration}
  - {id: join, name: Join, stage: purchase}
  - {id: train, name: Train, stage: usage}
  - {id: empty-phase, name: Empty}
channels:
  - {id: web, name: Website, type: online, purpose: awareness}
  - {id: desk, name: Front desk, type: offline, purpose: sales-support}
touchpoints:
  - {id: ad, name: Sees an ad, phase: aware, channel: web, emotion: 1, needs: [Motivation], \
owner: marketing, targets: {csat: 4.0}, questions: {Q1: csat}}
  - {id: tour, name: Gets a tour, phase: compare, channel: desk, emotion: 1, needs: [Clean gym], \
owner: club, targets: {csat: 4.2}, questions: {Q2: csat}}
  - {id: sign-up, name: Signs up, phase: join, channel: desk, emotion: 0, activities: [Signs], \
owner: club}
  - {id: first-class, name: First class, phase: train, channel: desk, emotion: 2, \
activities: [Trains], owner: club, targets: {csat: 4.5}, questions: {Q4: csat}}
"""
CX102 = (
    "CX102 [warning] phase 'empty-phase' has no touchpoints; add the touchpoints of this phase "
    "or remove it"
)
CX208 = (
    "CX208 [info] phase 'empty-phase' has no stage; add one of: awareness, consideration, "
    "purchase, onboarding, usage, service, retention, advocacy"
)
CX301 = (
    "CX301 [warning] touchpoint 'sign-up' has no target; say what success is here, "
    "e.g. targets: {csat: 4.0}"
)


@pytest.fixture
def gym(tmp_path: Path) -> Path:
    """The gym map in its own folder (no config above it in tmp)."""
    path = tmp_path / "maps" / "gym.cxmap.yaml"
    path.parent.mkdir()
    path.write_text(GYM, encoding="utf-8")
    return path


def codes(stdout: str) -> list[str]:
    """Codes of a JSON lint output, in order."""
    return [f["code"] for f in json.loads(stdout)["findings"]]


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize("folder", [ROOT / "examples"])
def test_examples_lint_without_errors(folder: Path) -> None:
    run = cli("lint", "--format", "json", "--today", TODAY, folder)
    assert run.exit_code == 0, run.stdout
    doc = json.loads(run.stdout)
    assert doc["files"] >= 1
    assert [f for f in doc["findings"] if f["severity"] == "error"] == []


# ---------------------------------------------------------------- formats


def test_concise_output_is_exact(gym: Path) -> None:
    run = cli("lint", "--format", "concise", "--today", TODAY, gym)
    assert run.exit_code == 0
    assert run.stdout == (
        f"{gym}:14:5: {CX102}\n{gym}:14:5: {CX208}\n{gym}:21:5: {CX301}\n"
        "2 warnings, 1 info in 1 of 1 file\n"
    )


def test_json_output_has_the_contract_keys(gym: Path) -> None:
    run = cli("lint", "-f", "json", "--today", TODAY, gym)
    doc = json.loads(run.stdout)
    assert doc["files"] == 1
    assert doc["findings"][0] == {
        "file": str(gym),
        "line": 14,
        "column": 5,
        "code": "CX102",
        "name": "phase-without-touchpoints",
        "severity": "warning",
        "message": "phase 'empty-phase' has no touchpoints; add the touchpoints of this phase "
        "or remove it",
    }


def test_github_annotations(gym: Path) -> None:
    run = cli("lint", "-f", "github", "--today", TODAY, gym)
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"::warning file={gym},line=14,col=5,")
    assert "title=CX102 phase-without-touchpoints::phase 'empty-phase'" in lines[0]
    assert lines[1].startswith("::notice ")
    assert lines[-1] == "cxmap: 2 warnings, 1 info in 1 of 1 file"


def test_text_output_groups_by_file_with_excerpt_and_caret(gym: Path) -> None:
    run = cli("lint", "--today", TODAY, "--select", "CX301", gym)
    lines = run.stdout.splitlines()
    assert lines[0] == str(gym)
    assert lines[1].startswith("  21:5  warning  CX301  touchpoint 'sign-up' has no target")
    assert lines[1].endswith("[touchpoint-without-target]")
    assert lines[2] == "    21 |   - {id: sign-up, name: Signs up, phase: join, channel: desk, " + (
        "emotion: 0, activities: [Signs], owner: club}"
    )
    assert lines[3] == "       |     ^"
    assert "\x1b[" not in run.stdout  # not a terminal: no colour


def test_text_colour_only_when_asked() -> None:
    from cxmap.findings import Finding, Severity, Span
    from cxmap.formats.findings import format_text

    finding = Finding(
        "CX301", "touchpoint-without-target", Severity.WARNING, "m", "f", Span(1, 1, 1, 2)
    )
    assert "\x1b[" in format_text([finding], 1, {"f": "x: 1\n"}, color=True)
    assert "\x1b[" not in format_text([finding], 1, {"f": "x: 1\n"}, color=False)


def test_output_file_is_written(gym: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "lint.json"
    target.parent.mkdir()
    run = cli("lint", "-f", "json", "-o", target, "--today", TODAY, gym)
    assert run.exit_code == 0
    assert run.stdout == ""
    assert codes(target.read_text()) == ["CX102", "CX208", "CX301"]


# ---------------------------------------------------------------- selection, exit codes


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "CX102"], ["CX102"]),
        (["--select", "CX1,CX3"], ["CX102", "CX301"]),
        (["--select", "CX1", "--select", "touchpoint-without-target"], ["CX102", "CX301"]),
        (["--ignore", "CX2"], ["CX102", "CX301"]),
        (["--ignore", "phase-without-stage,cx102"], ["CX301"]),
        (["--select", "ALL", "--ignore", "CX3"], ["CX102", "CX208"]),
        (["--select", "CX301", "--ignore", "CX3"], ["CX301"]),
        (["--select", "CX3", "--ignore", "CX"], ["CX301"]),
        (["--select", "CX", "--ignore", "CX3"], ["CX102", "CX208"]),
    ],
)
def test_select_and_ignore(gym: Path, args: list[str], expected: list[str]) -> None:
    run = cli("lint", "-f", "json", "--today", TODAY, *args, gym)
    assert run.exit_code == 0
    assert codes(run.stdout) == expected


def test_more_specific_selector_wins(gym: Path) -> None:
    run = cli("lint", "-f", "json", "--select", "CX301", "--ignore", "CX3", gym)
    assert codes(run.stdout) == ["CX301"]
    run = cli("lint", "-f", "json", "--select", "CX3", "--ignore", "CX30", "--today", TODAY, gym)
    assert codes(run.stdout) == []


def test_unknown_selector_is_a_usage_error(gym: Path) -> None:
    run = cli("lint", "--select", "CX777", gym)
    assert run.exit_code == 2
    assert "'CX777' names no rule" in run.stderr


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on(gym: Path, fail_on: str, code: int) -> None:
    run = cli("lint", "-f", "json", "--fail-on", fail_on, "--today", TODAY, gym)
    assert run.exit_code == code


def test_fail_on_info_counts_infos(gym: Path) -> None:
    run = cli("lint", "--select", "CX208", "--fail-on", "warning", "--today", TODAY, gym)
    assert run.exit_code == 0
    run = cli("lint", "--select", "CX208", "--fail-on", "info", "--today", TODAY, gym)
    assert run.exit_code == 1


def test_an_error_finding_exits_1(gym: Path) -> None:
    gym.write_text(GYM.replace("start: Wants to get fit\n", ""))
    run = cli("lint", "-f", "concise", "--select", "CX101", gym)
    assert run.exit_code == 1
    assert f"{gym}:1:1: CX101 [error] journey 'gym' has no 'start' point" in run.stdout


def test_invalid_map_reports_validation_and_no_rule(gym: Path) -> None:
    gym.write_text(GYM.replace("stage: usage}", "stage: usag}"))
    run = cli("lint", "-f", "json", gym)
    assert run.exit_code == 1
    doc = json.loads(run.stdout)
    assert [(f["line"], f["column"], f["code"]) for f in doc["findings"]] == [(13, 37, "CX010")]


def test_today_makes_review_rule_reproducible(gym: Path) -> None:
    late = cli("lint", "-f", "json", "--select", "CX502", "--today", "2027-01-01", gym)
    assert [(f["line"], f["column"]) for f in json.loads(late.stdout)["findings"]] == [(5, 11)]
    assert "122 days ago" in late.stdout
    early = cli("lint", "-f", "json", "--select", "CX502", "--today", "2026-12-30", gym)
    assert codes(early.stdout) == []


def test_bad_today_is_a_usage_error(gym: Path) -> None:
    run = cli("lint", "--today", "yesterday", gym)
    assert run.exit_code == 2
    assert "--today: 'yesterday' is not a date" in run.stderr


def test_missing_map_exits_2(tmp_path: Path) -> None:
    run = cli("lint", tmp_path / "nope.yaml")
    assert run.exit_code == 2
    assert "no such file or folder" in run.stderr


# ---------------------------------------------------------------- suppression


def test_inline_suppression_and_unused_suppression(gym: Path) -> None:
    text = GYM.replace("owner: club}\n", "owner: club}  # cxmap: ignore[CX301]\n").replace(
        "  - {id: empty-phase, name: Empty}\n",
        "  - {id: empty-phase, name: Empty}  # cxmap: ignore[phase-without-stage, CX505]\n",
    )
    gym.write_text(text)
    run = cli("lint", "-f", "concise", "--today", TODAY, gym)
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        f"{gym}:14:5: {CX102}",
        f"{gym}:14:74: CX901 [warning] the suppression of 'CX505' (map-without-owner) "
        "suppresses nothing on this line; remove it",
        "2 warnings in 1 of 1 file",
    ]


def test_unused_suppression_can_be_ignored(gym: Path) -> None:
    gym.write_text(
        GYM.replace("title: Joining a gym", "title: Joining a gym  # cxmap: ignore[CX1]")
    )
    run = cli("lint", "-f", "json", "--ignore", "CX2,CX3,CX102", gym, "--today", TODAY)
    assert codes(run.stdout) == ["CX901"]
    assert "names no rule" in json.loads(run.stdout)["findings"][0]["message"]
    run = cli("lint", "-f", "json", "--ignore", "CX2,CX3,CX102,unused-suppression", gym)
    assert codes(run.stdout) == []


# ---------------------------------------------------------------- config


def write_config(folder: Path, text: str, name: str = ".cxmap.toml") -> Path:
    """Write a config file and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_config_is_found_by_walking_up(gym: Path, tmp_path: Path) -> None:
    write_config(
        tmp_path,
        'select = ["CX1", "CX3"]\nignore = ["CX102"]\nfail-on = "warning"\n'
        '[severity]\ntouchpoint-without-target = "info"\n',
    )
    run = cli("lint", "-f", "concise", "--today", TODAY, gym)
    assert run.stdout.splitlines()[0] == f"{gym}:21:5: " + CX301.replace("[warning]", "[info]")
    assert run.exit_code == 0  # the only finding became info; fail-on warning
    run = cli("lint", "-f", "json", "--select", "CX2", "--today", TODAY, gym)
    assert codes(run.stdout) == ["CX208"]  # --select replaces the config's select
    run = cli("lint", "-f", "json", "--fail-on", "info", "--today", TODAY, gym)
    assert run.exit_code == 1


def test_config_fail_on(gym: Path, tmp_path: Path) -> None:
    write_config(tmp_path / "maps", 'fail-on = "warning"\n')
    assert cli("lint", "--today", TODAY, gym).exit_code == 1


def test_pyproject_tool_section_and_cxmap_toml_wins(gym: Path, tmp_path: Path) -> None:
    write_config(
        tmp_path, '[project]\nname = "x"\n\n[tool.cxmap]\nselect = ["CX102"]\n', "pyproject.toml"
    )
    assert codes(cli("lint", "-f", "json", gym).stdout) == ["CX102"]
    write_config(tmp_path, 'select = ["CX301"]\n')
    assert codes(cli("lint", "-f", "json", gym).stdout) == ["CX301"]


def test_pyproject_without_tool_section_is_passed_by(gym: Path, tmp_path: Path) -> None:
    write_config(tmp_path / "maps", '[project]\nname = "x"\n', "pyproject.toml")
    write_config(tmp_path, 'select = ["CX102"]\n')
    assert codes(cli("lint", "-f", "json", gym).stdout) == ["CX102"]


def test_per_file_ignores_and_rule_options(gym: Path, tmp_path: Path) -> None:
    write_config(
        tmp_path,
        'select = ["CX1", "CX3", "CX504"]\n'
        '[per-file-ignores]\n"maps/gym*.yaml" = ["CX102"]\n"other/*.yaml" = ["CX3"]\n'
        "[rules.too-many-touchpoints-in-phase]\nmax = 0\n",
    )
    run = cli("lint", "-f", "json", gym)
    assert codes(run.stdout) == ["CX504", "CX504", "CX504", "CX504", "CX301"]


def test_explicit_config_option(gym: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path, 'select = ["CX208"]\n', "lint.toml")
    assert codes(cli("lint", "-f", "json", "--config", config, gym).stdout) == ["CX208"]
    run = cli("lint", "--config", tmp_path / "missing.toml", gym)
    assert run.exit_code == 2
    assert "no such config file" in run.stderr


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('select = ["CX1"]\nignor = ["CX2"]\n', "2:1", "unknown config key 'ignor'"),
        ('select = ["CX1",\n  "CX77"]\n', "2:3", "'CX77' in 'select' names no rule"),
        ('select = "CX1"\n', "1:1", "'select' must be a list"),
        ("select = [\n", "2:1", "the config is not valid TOML"),
        ('fail-on = "never"\n', "1:1", "'fail-on' is 'never'; use one of: info, warning, error"),
        ('[severity]\nCX301 = "fatal"\n', "2:1", "severity of 'CX301' is 'fatal'"),
        ('[severity]\nCX999 = "info"\n', "2:1", "'CX999' is not a rule code or name"),
        ("[rules.CX504]\nmaximum = 3\n", "2:1", "has no option 'maximum'; its options: max"),
        ('[rules.CX504]\nmax = "3"\n', "2:1", "must be a whole number"),
        ('[rules.missing-funnel-stage]\nstages = ["sales"]\n', "2:1", "list of funnel stages"),
        ('[per-file-ignores]\n"a/*.yaml" = ["nope"]\n', "2:15", "'nope' in 'a/*.yaml'"),
    ],
)
def test_config_mistakes_exit_2_with_position(
    gym: Path, tmp_path: Path, text: str, where: str, message: str
) -> None:
    config = write_config(tmp_path, text)
    run = cli("lint", gym)
    assert run.exit_code == 2, run.stdout
    assert run.stderr.startswith(f"cxmap: {config}:{where}: "), run.stderr
    assert message in run.stderr


def test_config_mistake_in_pyproject_has_position(gym: Path, tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        '[project]\nname = "x"\n\n[tool.cxmap]\nselect = ["ALL"]\nfail_on = "info"\n',
        "pyproject.toml",
    )
    run = cli("lint", gym)
    assert run.exit_code == 2
    assert f"{config}:6:1: unknown config key 'fail_on'" in run.stderr


# ---------------------------------------------------------------- cxmap rules


def test_rules_list_and_json() -> None:
    from cxmap.lint.rules import RULES

    run = cli("rules")
    assert run.exit_code == 0
    assert [line.split()[0] for line in run.stdout.splitlines()] == [r.code for r in RULES]
    doc = json.loads(cli("rules", "--format", "json").stdout)
    assert len(doc) == len(RULES) >= 20
    assert doc[0] == {
        "code": "CX101",
        "name": "journey-without-start-or-end",
        "severity": "error",
        "summary": "Journey without a start or an end point.",
    }


@pytest.mark.parametrize("ask", ["CX301", "cx301", "touchpoint-without-target"])
def test_rules_explains_one_rule(ask: str) -> None:
    run = cli("rules", ask)
    assert run.exit_code == 0
    assert run.stdout.startswith("CX301 touchpoint-without-target (warning, measurability)\n")
    for section in ("What it does:", "Why it matters:", "Example:", "Use instead:"):
        assert f"\n{section}\n" in run.stdout


def test_rules_shows_options() -> None:
    run = cli("rules", "CX504")
    assert "Options (in [rules.too-many-touchpoints-in-phase] of .cxmap.toml):" in run.stdout
    assert "    max = 15" in run.stdout


def test_rules_unknown_code() -> None:
    run = cli("rules", "CX3O1")
    assert run.exit_code == 2
    assert "'CX3O1' is not a rule; did you mean 'CX301'?" in run.stderr


def test_finding_in_an_included_catalogue_shows_its_line(gym: Path) -> None:
    catalogue = gym.parent / "shared.yaml"
    catalogue.write_text("channels:\n  - {id: phone, name: Phone, type: offline}\n")
    gym.write_text(GYM.replace("phases:\n", "include: [shared.yaml]\nphases:\n", 1))
    run = cli("lint", "--select", "CX207,CX204", "--today", TODAY, gym)
    lines = run.stdout.splitlines()
    assert lines[0].endswith("shared.yaml"), run.stdout
    assert lines[1].startswith("  2:5  warning  CX207  channel 'phone' has no purpose")
    assert lines[2] == "     2 |   - {id: phone, name: Phone, type: offline}"
    assert "CX204" not in run.stdout  # a catalogue offers more than one map uses


def test_real_process_smoke(gym: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "cxmap", "lint", "-f", "concise", "--today", TODAY, str(gym)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("2 warnings, 1 info in 1 of 1 file\n")
    assert done.stderr == ""


def test_config_mistake_in_an_inline_table_points_at_its_key(gym: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path, 'select = ["ALL"]\n[rules]\nCX504 = {max = "3"}\n')
    run = cli("lint", gym)
    assert run.exit_code == 2
    assert run.stderr.startswith(f"cxmap: {config}:3:1: option 'max' of 'too-many-touchpoints")
