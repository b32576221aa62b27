"""``cxmap init``: templates that validate, carry the schema modeline, never clobber a file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cxmap.cli import COMMANDS
from cxmap.cli.init import TemplateName
from cxmap.templates import SCHEMA_MODELINE, TEMPLATES, id_from_filename
from cxmap.validate import validate_path
from tests.helpers import ROOT, cli

#: Templates that are an example map plus the modeline. The retail template is the
#: spec's running-shoes map filled in (owners, needs, a service phase), since the
#: spec's example must stay unchanged and draws lint warnings.
EXAMPLE_OF = {
    "hotel": "hotel-stay.cxmap.yaml",
    "saas": "saas-onboarding.cxmap.yaml",
}
ALL = sorted(TEMPLATES)


def test_the_cli_choices_are_the_shipped_templates() -> None:
    assert {t.value for t in TemplateName} == set(TEMPLATES) == {"retail", "hotel", "saas"}


def test_help_names_every_template() -> None:
    run = cli("init", "--help")
    assert run.exit_code == 0
    for name in ("retail", "hotel", "saas"):
        assert name in run.stdout


@pytest.mark.parametrize("name", sorted(EXAMPLE_OF))
def test_template_is_the_example_map_with_a_modeline(name: str) -> None:
    shipped = (ROOT / "cxmap" / "templates" / f"{name}.yaml").read_text(encoding="utf-8")
    example = (ROOT / "examples" / EXAMPLE_OF[name]).read_text(encoding="utf-8")
    first, rest = shipped.split("\n", 1)
    assert first == SCHEMA_MODELINE
    assert rest == example


@pytest.mark.parametrize("name", ALL)
def test_init_writes_a_valid_map(tmp_path: Path, name: str) -> None:
    target = tmp_path / "gym-visit.cxmap.yaml"
    run = cli("init", target, "--template", name)
    assert run.exit_code == 0, run.stderr
    assert "created" in run.stdout
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=cxmap.schema.json"
    validation = validate_path(target)
    assert validation.findings == []
    assert validation.journey is not None
    assert validation.journey.id == "gym-visit"
    assert validation.journey.reviewed == dt.date.today()
    assert not list(tmp_path.glob(".*.tmp")), "no temp file is left behind"


@pytest.mark.parametrize("name", ALL)
def test_init_template_lints_clean(tmp_path: Path, name: str) -> None:
    """Not even an info finding: a template shows good practice."""
    assert "lint" in COMMANDS
    target = tmp_path / f"{name}.cxmap.yaml"
    assert cli("init", target, "--template", name).exit_code == 0
    run = cli("lint", "--format", "json", "--fail-on", "info", target)
    assert json.loads(run.stdout)["findings"] == []
    assert run.exit_code == 0


def test_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.cxmap.yaml"
    target.write_text("my own work\n", encoding="utf-8")
    run = cli("init", target, "--template", "hotel")
    assert run.exit_code == 2
    assert "already exists" in run.stderr and "--force" in run.stderr
    assert target.read_text(encoding="utf-8") == "my own work\n"

    forced = cli("init", target, "--template", "hotel", "--force")
    assert forced.exit_code == 0
    assert "id: mine\n" in target.read_text(encoding="utf-8")


def test_default_file_name_is_the_template_map_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--template", "saas").exit_code == 0
    assert validate_path(tmp_path / "saas-onboarding.cxmap.yaml").ok


def test_a_folder_gets_the_default_file_name(tmp_path: Path) -> None:
    assert cli("init", tmp_path).exit_code == 0
    assert validate_path(tmp_path / "running-shoes.cxmap.yaml").ok


def test_dash_prints_the_map(tmp_path: Path) -> None:
    run = cli("init", "-", "--template", "hotel")
    assert run.exit_code == 0
    assert run.stdout.startswith(SCHEMA_MODELINE + "\ncxmap: 1\nid: hotel-stay\n")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    run = cli("init", tmp_path / "nope" / "map.cxmap.yaml")
    assert run.exit_code == 2
    assert "does not exist" in run.stderr


def test_unknown_template_is_a_usage_error() -> None:
    run = cli("init", "-", "--template", "bank")
    assert run.exit_code == 2


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("gym.cxmap.yaml", "gym"),
        ("Gym-Visit.yml", "gym-visit"),
        ("my map.yaml", None),
        ("notes.txt", None),
    ],
)
def test_id_from_filename(filename: str, expected: str | None) -> None:
    assert id_from_filename(filename) == expected


def test_template_names_load_without_pydantic() -> None:
    """Every command's --help imports the template names; pydantic costs ~90 ms to import."""
    import subprocess
    import sys

    code = "import sys, cxmap.templates; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
