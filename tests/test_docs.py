"""The references in docs/ cannot drift from the code: every key and every command is there."""

from __future__ import annotations

import re
import typing

import pytest
import typer
from pydantic import BaseModel

from cxmap.cli import app
from cxmap.model import Catalogue, Journey
from tests.helpers import ROOT

FORMAT = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
CLI = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """``model`` and every model reachable through its fields' annotations."""
    if model in seen:
        return seen
    seen.add(model)

    def walk(annotation: object) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _models(annotation, seen)
        for arg in typing.get_args(annotation):
            walk(arg)

    for field in model.model_fields.values():
        walk(field.annotation)
    return seen


MODEL_KEYS = sorted(
    {
        (model.__name__, name)
        for root in (Journey, Catalogue)
        for model in _models(root, set())
        for name in model.model_fields
    }
)


def test_the_walk_finds_the_nested_models() -> None:
    names = {model for model, _ in MODEL_KEYS}
    assert {"Journey", "Touchpoint", "Metric", "Action", "Phase", "Channel"} <= names


@pytest.mark.parametrize(("model", "key"), MODEL_KEYS)
def test_every_model_key_is_in_the_format_reference(model: str, key: str) -> None:
    assert f"`{key}`" in FORMAT, f"docs/format.md does not document {model}.{key}"


def _commands() -> list[tuple[str, typing.Any]]:
    """The subcommands as (name, command); typer vendors Click, so its classes are not imported."""
    group: typing.Any = typer.main.get_command(app)
    ctx = group.make_context("cxmap", ["--help"], resilient_parsing=True)
    return [(name, group.get_command(ctx, name)) for name in group.list_commands(ctx)]


COMMANDS = _commands()
OPTIONS = sorted(
    {
        (name, opt)
        for name, command in COMMANDS
        for param in command.params
        if param.param_type_name == "option"
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--") and opt != "--help"
    }
)


def test_the_command_list_is_not_empty() -> None:
    assert {"validate", "lint", "gaps", "render", "report", "diff", "init", "schema"} <= {
        name for name, _ in COMMANDS
    }


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_every_command_has_a_section_in_the_cli_reference(name: str) -> None:
    assert re.search(rf"^## `cxmap {name}`", CLI, re.MULTILINE), f"docs/cli.md has no '{name}'"


def _section(name: str) -> str:
    """The text of docs/cli.md's section on ``cxmap name`` (up to the next command)."""
    found = re.search(rf"^## `cxmap {name}`.*?(?=^## |\Z)", CLI, re.MULTILINE | re.DOTALL)
    return found.group(0) if found else ""


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_every_option_is_in_the_cli_reference(command: str, option: str) -> None:
    assert f"`{option}`" in _section(command), (
        f"docs/cli.md's section on cxmap {command} does not document {option}"
    )


def test_the_readme_links_to_both_references() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/format.md" in readme
    assert "docs/cli.md" in readme
