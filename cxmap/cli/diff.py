"""``cxmap diff``: what changed between two versions of a map."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxmap.cli.common import (
    EXIT_FAIL,
    AllowOutsideOpt,
    OutputOpt,
    app,
    emit,
    fail,
    input_errors,
    refuse_overwriting,
    use_color,
)

if TYPE_CHECKING:
    from cxmap.findings import Finding
    from cxmap.model import Journey
    from cxmap.validate import Validation


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
    textconv: Annotated[
        bool,
        typer.Option(
            "--textconv",
            help="Print one map (a single path) as one fact per line, for git's textconv: "
            "git's line diff of two such listings reads as a semantic diff.",
        ),
    ] = False,
    allow_include_outside: AllowOutsideOpt = False,
) -> None:
    """Semantic diff of two versions of a map: phases, channels, personas, touchpoints,
    targets, questions, flow and actions, matched by id.
    """
    from cxmap.diff import diff_journeys
    from cxmap.formats import diff as fmt

    if textconv:
        if len(versions) != 1:
            fail(f"--textconv takes one map file, not {len(versions)}")
        with input_errors():
            refuse_overwriting(output, versions[0])
            emit(_facts(versions[0]), output)
        return
    driver = len(versions) in _GIT_DRIVER_ARGS
    if len(versions) == 2:
        old_spec, new_spec = versions
        old_name, new_name = versions
    elif driver:
        # git runs the driver at the top of the work tree, so the paths name the map there
        old_spec, new_spec = versions[1], versions[4]
        old_name = new_name = versions[0]
        if len(versions) == 9:
            new_name = versions[7]
    else:
        fail(f"give two versions of a map (OLD NEW), not {len(versions)} arguments")

    with input_errors():
        refuse_overwriting(output, [Path(v) for v in versions if Path(v).exists()])
        outside = allow_include_outside
        (old, old_ok), (new, new_ok) = _read_both(
            (old_spec, old_name, old_name if driver else None, outside),
            (new_spec, new_name, new_name if driver else None, outside),
        )
        if not (old_ok and new_ok):
            bad = " and ".join(n for n, ok in ((old_name, old_ok), (new_name, new_ok)) if not ok)
            message = f"{bad}: not a valid map; fix it (cxmap validate) before diffing"
            if driver:  # a failing driver stops the whole 'git diff'; say it and go on
                from cxmap.escape import visible

                typer.echo(f"cxmap: {visible(message)}")
                return
            fail(message, EXIT_FAIL)
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


_ReadArgs = tuple[str, str, "str | None", bool]
#: maps smaller than this together are read one after the other (a fork costs more)
_FORK_BYTES = 256 * 1024


def _read_both(old: _ReadArgs, new: _ReadArgs) -> tuple[_Read, _Read]:
    """Both versions, as ``_read`` gives them; two large files are read on two cores.

    The findings of an invalid version go to stderr, the old version's first.
    """
    from cxmap.forked import Beside

    if _plain_files(old[0], new[0]):
        beside = Beside(lambda: _validate(*old))
        try:
            newer = _validate(*new)
        except BaseException:
            beside.result()  # the old version's error first, as read in order
            raise
        results = (beside.result(), newer)
    else:
        results = (_validate(*old), _validate(*new))
    for _journey, ok, findings in results:
        if not ok:
            from cxmap.formats.findings import format_plain

            typer.echo(format_plain(findings, 1), err=True, nl=False)
    return (results[0][0], results[0][1]), (results[1][0], results[1][1])


def _plain_files(*specs: str) -> bool:
    """Whether every spec is an ordinary file (no git revision, no /dev/null), and
    together they are large enough to be worth a second process."""
    import os

    from cxmap.gitread import split_revision

    size = 0
    for spec in specs:
        if spec == os.devnull or split_revision(spec) is not None or not Path(spec).is_file():
            return False
        size += Path(spec).stat().st_size
    return size >= _FORK_BYTES


_Read = tuple["Journey | None", bool]


def _validate(
    spec: str, name: str, include_base: str | None = None, outside: bool = False
) -> tuple[Journey | None, bool, list[Finding]]:
    """The map version ``spec`` (shown as ``name``), whether it is valid, its findings.

    ``spec`` is a file, ``REV:PATH`` (read from git with the catalogues it
    includes, as of that revision) or ``/dev/null`` (no map, which is valid).
    ``include_base`` is where the map's includes are resolved from when
    ``spec`` is a temporary copy (git's diff driver passes those); ``outside``
    lets them reach beyond the repository. Prints nothing (it may run in a child).
    """
    import os

    from cxmap.gitread import split_revision
    from cxmap.validate import validate_path, validate_revision

    validation: Validation
    if spec == os.devnull:
        return None, True, []
    revision = split_revision(spec)
    if revision is not None:
        validation = validate_revision(*revision, display=spec)
    elif not Path(spec).exists():
        fail(f"{spec}: no such file, and not a git 'REV:PATH' either")
    elif include_base is not None:
        validation = validate_path(
            spec, display=name, include_base=include_base, allow_include_outside=outside
        )
    else:
        validation = validate_path(spec, allow_include_outside=outside)
    return validation.journey, validation.ok, list(validation.findings)


def _facts(path: str) -> str:
    """The map at ``path`` as facts; its text as it is when it is not YAML that cxmap reads."""
    from cxmap.formats.diff import format_facts
    from cxmap.load import load_document

    document = load_document(path)
    if not document.ok:
        problem = document.findings[0].message if document.findings else "unreadable"
        return f"# cxmap: not read as a map ({problem}); the text as it is:\n{document.text}"
    return format_facts(document.data)
