"""``cxmap init``: a new map from a template."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cxmap.cli.common import app, emit, fail, input_errors
from cxmap.templates import TEMPLATES


class TemplateName(StrEnum):
    """The templates ``cxmap init`` offers (the keys of ``cxmap.templates.TEMPLATES``)."""

    RETAIL = "retail"
    HOTEL = "hotel"
    SAAS = "saas"


_TEMPLATE_HELP = "The template: " + "; ".join(f"{n} = {d}" for n, d in TEMPLATES.items()) + "."


@app.command()
def init(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="The new map file, a folder to create it in, or '-' for stdout "
            "(default: <template's map id>.cxmap.yaml here).",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        TemplateName,
        typer.Option("--template", "-t", help=_TEMPLATE_HELP),
    ] = TemplateName.RETAIL,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it already exists.")
    ] = False,
) -> None:
    """Create a new map from a template (retail, hotel or saas); never overwrites without --force.

    The map's id follows the file name, its review date is today, and its first
    line points editors at the JSON Schema (generate it with 'cxmap schema -o
    cxmap.schema.json').
    """
    import datetime as dt

    from cxmap.templates import id_from_filename, read_template, render_template, template_map_id

    with input_errors():
        text = read_template(str(template.value))
        if path is not None and str(path) == "-":
            emit(render_template(text, map_id=None, today=dt.date.today()), None)
            return
        target = _target(path, template_map_id(text))
        if target.exists() and not force:
            fail(f"{target} already exists; use --force to overwrite it, or name another file")
        if target.is_dir():
            fail(f"{target} is a folder; name a map file inside it")
        content = render_template(text, map_id=id_from_filename(target.name), today=dt.date.today())

        from cxmap.output import write_atomic

        write_atomic(target, content)
    from cxmap.escape import visible

    shown = visible(str(target))
    typer.echo(f"created {shown} from the '{template.value}' template; check it with:")
    typer.echo(f"  cxmap validate {shown}")


def _target(path: Path | None, map_id: str) -> Path:
    """Where the new map goes: the path, or a default file name (inside a folder)."""
    default = f"{map_id}.cxmap.yaml"
    if path is None:
        return Path(default)
    if path.is_dir():
        return path / default
    return path
