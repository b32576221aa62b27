"""``cxmap diff``: what changed between two versions of a map."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from cxmap.cli.common import EXIT_FAIL, OutputOpt, app, emit, fail, input_errors, use_color

if TYPE_CHECKING:
    from cxmap.model import Journey


class DiffFormat(StrEnum):
    """Output formats of ``cxmap diff``."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


#: ``git diff`` calls an external diff driver with 7 arguments (9 for a rename):
#: path old-file old-hex old-mode new-file new-hex new-mode [new-path rename-info].
_GIT_DRIVER_ARGS = (7, 9)


@app.command()
def diff(
    versions: Annotated[
        list[str],
        typer.Argument(
            metavar="OLD NEW",
            help="Two versions of a map: file paths or git 'REV:PATH' "
            "(e.g. HEAD~1:maps/shoes.yaml). Also works as git's external diff driver.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text, json, or markdown (for a pull request)."),
    ] = DiffFormat.TEXT,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit with 1 when anything changed.")
    ] = False,
    output: OutputOpt = None,
) -> None:
    """Semantic diff of two versions of a map: phases, channels, personas, touchpoints,
    targets, questions, flow and actions, matched by id.
    """
    from cxmap.diff import diff_journeys
    from cxmap.formats import diff as fmt

    if len(versions) == 2:
        old_spec, new_spec = versions
        old_name, new_name = versions
    elif len(versions) in _GIT_DRIVER_ARGS:
        old_spec, new_spec = versions[1], versions[4]
        old_name = new_name = versions[0]
        if len(versions) == 9:
            new_name = versions[7]
    else:
        fail(f"give two versions of a map (OLD NEW), not {len(versions)} arguments")

    with input_errors():
        (old, old_ok), (new, new_ok) = _read(old_spec, old_name), _read(new_spec, new_name)
        if not (old_ok and new_ok):
            bad = " and ".join(n for n, ok in ((old_name, old_ok), (new_name, new_ok)) if not ok)
            fail(f"{bad}: not a valid map; fix it (cxmap validate) before diffing", EXIT_FAIL)
        result = diff_journeys(old, new)
        if output_format is DiffFormat.JSON:
            text = fmt.format_json(result, old_name, new_name)
        elif output_format is DiffFormat.MARKDOWN:
            text = fmt.format_markdown(result, old_name, new_name)
        else:
            color = output is None and use_color()
            text = fmt.format_text(result, old_name, new_name, color=color)
        emit(text, output)
    if exit_code and result.changed:
        raise typer.Exit(EXIT_FAIL)


def _read(spec: str, name: str) -> tuple[Journey | None, bool]:
    """The map version ``spec`` (shown as ``name``) and whether it is valid.

    The findings of an invalid version go to stderr; ``/dev/null`` is no map (valid).
    """
    from cxmap.formats.findings import format_plain
    from cxmap.gitread import read_map_version
    from cxmap.load import parse_bytes
    from cxmap.validate import validate_document

    raw = read_map_version(spec)
    if raw is None:
        return None, True
    validation = validate_document(parse_bytes(raw, name))
    if not validation.ok:
        typer.echo(format_plain(validation.findings, 1), err=True, nl=False)
    return validation.journey, validation.ok
