"""``cxmap validate``: check maps against the format."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cxmap.cli.common import (
    EXIT_FAIL,
    AllowOutsideOpt,
    OutputOpt,
    PathsArg,
    app,
    emit,
    input_errors,
    refuse_overwriting,
    use_color,
)


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
    allow_include_outside: AllowOutsideOpt = False,
) -> None:
    """Check maps against the format; print every problem as file:line:col: message."""
    from cxmap.findings import sort_findings
    from cxmap.formats import findings as fmt
    from cxmap.load import discover_maps
    from cxmap.validate import validate_path

    with input_errors():
        files = discover_maps(paths)
        refuse_overwriting(output, files)
        found = sort_findings(
            [
                f
                for path in files
                for f in validate_path(path, allow_include_outside=allow_include_outside).findings
            ]
        )
        if output_format is ValidateFormat.JSON:
            text = fmt.format_json(found, len(files))
        elif output_format is ValidateFormat.GITHUB:
            text = fmt.format_github(found, len(files))
        else:
            text = fmt.format_plain(found, len(files), color=output is None and use_color())
        emit(text, output)
    if found:
        raise typer.Exit(EXIT_FAIL)
