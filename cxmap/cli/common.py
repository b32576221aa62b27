"""What every subcommand shares: the app, output, errors into exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from cxmap.errors import CxmapError

if TYPE_CHECKING:
    from cxmap.findings import Finding
    from cxmap.model import Journey

app = typer.Typer(
    name="cxmap",
    help="Customer journey maps as code: validate, lint, measure gaps, render.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2

PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Map files or folders (a folder means every map below it).", show_default=False
    ),
]
AllowOutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-include-outside",
        help="Read included catalogues outside the map's repository (nearest .git, else "
        "the map's folder) too.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write the result to this file (atomically).", dir_okay=False
    ),
]


def finite(value: float | None) -> float | None:
    """Typer callback: refuse ``nan`` and ``inf`` for a numeric option (exit 2)."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"'{value}' is not a finite number")
    return value


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``cxmap: message`` on stderr (controls in it made visible) and exit."""
    from cxmap.escape import visible

    typer.echo(f"cxmap: {visible(message)}", err=True)
    raise typer.Exit(code)


@contextmanager
def input_errors() -> Iterator[None]:
    """Turn the tool's own input errors (``CxmapError``) into exit 2 with one line."""
    try:
        yield
    except CxmapError as exc:
        fail(str(exc))


def fail_invalid_map(path: Path, findings: Sequence[Finding]) -> NoReturn:
    """Print an invalid map's findings on stderr and exit 1."""
    from cxmap.formats.findings import format_plain

    typer.echo(format_plain(findings, 1), err=True, nl=False)
    fail(f"'{path}' is not a valid map; fix the problems above first", EXIT_FAIL)


def load_valid_map(
    path: Path, *, allow_include_outside: bool = False, output: Path | None = None
) -> Journey:
    """The typed map at ``path``; an invalid one prints its findings and exits 1.

    Call it inside ``input_errors()``: an unreadable file is an ``InputError``,
    and so is an ``output`` that names the map or one of its catalogues.
    """
    from cxmap.validate import validate_path

    result = validate_path(path, allow_include_outside=allow_include_outside)
    catalogues = sorted({Path(file) for file in result.document.source.origins.values()})
    refuse_overwriting(output, path, catalogues)
    if result.journey is None:
        fail_invalid_map(path, result.findings)
    return result.journey


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def refuse_overwriting(output: Path | None, *inputs: Path | str | Sequence[Path]) -> None:
    """Exit 2 (through ``InputError``) when ``-o`` names one of the command's inputs."""
    if output is None:
        return
    from cxmap.output import refuse_overwriting as check

    flat: list[Path | str] = []
    for item in inputs:
        if isinstance(item, Path | str):
            flat.append(item)
        else:
            flat.extend(item)
    check(output, flat)


def emit(text: str | bytes, output: Path | None) -> None:
    """Write the result to ``output`` atomically, or to stdout.

    Raises ``InputError`` (exit 2) when stdout is closed, or the write fails
    (a full disk, a closed pipe).
    """
    from cxmap.errors import InputError

    if output is not None:
        from cxmap.output import write_atomic

        write_atomic(output, text)
        return
    if sys.stdout is None:
        raise InputError("cannot write the result: stdout is closed; use -o FILE")
    try:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            typer.echo(text, nl=False)
            sys.stdout.flush()
    except OSError as exc:
        silence_stdout()
        raise InputError(f"cannot write the result to stdout ({exc.strerror or exc})") from exc


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is left
    (to a full disk or a closed pipe) fails no second time."""
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"cxmap {version('cxmap')}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="On an internal error (exit 3), show the traceback instead of one line.",
        ),
    ] = False,
) -> None:
    """Customer journey maps as code: validate, lint, measure gaps, render."""
    # --debug is acted on by cxmap.cli.main before typer runs; it is declared here for --help
