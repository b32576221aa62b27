"""``cxmap validate``: check maps against the format."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cxmap.cli.common import EXIT_FAIL, OutputOpt, PathsArg, app, emit, input_errors


class ValidateFormat(StrEnum):
    """Output formats of ``cxmap validate``."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


@app.command()
def validate(
    paths: PathsArg,
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="How to print the problems.")
    ] = ValidateFormat.TEXT,
    output: OutputOpt = None,
) -> None:
    """Check maps against the format; print every problem as file:line:col: message."""
    from cxmap.findings import sort_findings
    from cxmap.formats import findings as fmt
    from cxmap.load import discover_maps
    from cxmap.validate import validate_path

    with input_errors():
        files = discover_maps(paths)
        found = sort_findings([f for path in files for f in validate_path(path).findings])
        render = {
            ValidateFormat.TEXT: fmt.format_plain,
            ValidateFormat.JSON: fmt.format_json,
            ValidateFormat.GITHUB: fmt.format_github,
        }[output_format]
        emit(render(found, len(files)), output)
    if found:
        raise typer.Exit(EXIT_FAIL)
