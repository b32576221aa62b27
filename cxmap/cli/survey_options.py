"""Typer options shared by the commands that read surveys: gaps, render and report."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypedDict, TypeVar

import typer

if TYPE_CHECKING:
    from cxmap.gaps import GapOptions, GapTable
    from cxmap.model import Journey


class Layout(StrEnum):
    """Survey layouts: one row per answer (long) or per respondent (wide)."""

    LONG = "long"
    WIDE = "wide"


SuppressBelowOpt = Annotated[
    int | None,
    typer.Option(
        "--suppress-below",
        min=1,
        help="Privacy floor: hide every figure of a row with fewer respondents than this "
        "(5 for internal use, 10 when results leave the team); the report also hides the "
        "verbatims of a touchpoint with fewer comments.",
        show_default=False,
    ),
]
SurveyOpt = Annotated[
    list[Path],
    typer.Option(
        "--survey",
        "-s",
        help="A survey export (CSV, .xlsx or .ods); repeat for several files (waves, shards).",
        dir_okay=False,
        show_default=False,
    ),
]
LayoutOpt = Annotated[
    Layout | None,
    typer.Option("--layout", help="Force the survey layout instead of detecting it."),
]
DelimiterOpt = Annotated[
    str | None,
    typer.Option("--delimiter", help="Field delimiter (default: detected; e.g. ';' or 'tab')."),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option("--encoding", help="Text encoding (default: BOM, else UTF-8, else cp1252)."),
]
SegmentColumnOpt = Annotated[
    str, typer.Option("--segment-column", help="The survey column holding the segment.")
]
DateColumnOpt = Annotated[
    str | None,
    typer.Option("--date-column", help="The survey column holding the answer date (for waves)."),
]


class Wave(StrEnum):
    """How --by wave groups dates."""

    MONTH = "month"
    QUARTER = "quarter"
    WEEK = "week"


DateFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        help="How the date column is written (strftime, e.g. %m/%d/%Y); default: detected "
        "over the whole column, ambiguous dates refused.",
    ),
]
WaveOpt = Annotated[
    Wave,
    typer.Option("--wave", help="With --by wave and --date-column: month, quarter or week."),
]
WaveColumnOpt = Annotated[
    str | None,
    typer.Option("--wave-column", help="A survey column that names each answer's wave."),
]
FinishedOnlyOpt = Annotated[
    bool,
    typer.Option("--finished-only", help="Leave out unfinished (partial) responses."),
]
DedupeOpt = Annotated[
    bool,
    typer.Option(
        "--dedupe",
        help="Count a respondent (or a file given twice) once, with the latest response: the "
        "file given last wins, and within a file the later row.",
    ),
]
SheetOpt = Annotated[
    str | None,
    typer.Option("--sheet", help="The sheet of an .xlsx/.ods survey (default: the first)."),
]
MinNOpt = Annotated[
    int,
    typer.Option("--min-n", min=1, help="Fewer valid answers than this give status too-few."),
]


#: the survey-reading options every command that reads surveys takes, in --help order:
#: (parameter name, annotated type, default)
READING: tuple[tuple[str, object, object], ...] = (
    ("layout", LayoutOpt, None),
    ("delimiter", DelimiterOpt, None),
    ("encoding", EncodingOpt, None),
    ("sheet", SheetOpt, None),
    ("segment_column", SegmentColumnOpt, "segment"),
    ("date_column", DateColumnOpt, None),
    ("date_format", DateFormatOpt, None),
    ("wave", WaveOpt, Wave.MONTH),
    ("wave_column", WaveColumnOpt, None),
    ("finished_only", FinishedOnlyOpt, False),
    ("dedupe", DedupeOpt, False),
    ("min_n", MinNOpt, 30),
)

F = TypeVar("F", bound=Callable[..., Any])


def reading_options(command: F) -> F:
    """Give ``command`` the survey-reading options (READING), bundled as ``reading: GapOptions``.

    The one definition of those options for gaps, render and report: the command
    declares a keyword parameter ``reading`` and receives the options typer
    parsed as one ``GapOptions`` (``by`` and the gaps-only fields at their defaults).
    """
    signature = inspect.signature(command)
    own = [
        p.replace(annotation=eval(p.annotation, command.__globals__))  # as eval_str does
        if isinstance(p.annotation, str)
        else p
        for p in signature.parameters.values()
        if p.name != "reading"  # its type may be imported for type checking only
    ]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, kind, default in READING
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name, _, _ in READING}
        return command(*args, reading=gap_options(**values), **kwargs)

    parameters = [*own, *added]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper  # type: ignore[return-value]


def gap_options(
    layout: Layout | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    segment_column: str = "segment",
    date_column: str | None = None,
    min_n: int = 30,
    by: str | None = None,
    *,
    date_format: str | None = None,
    wave: Wave = Wave.MONTH,
    wave_column: str | None = None,
    finished_only: bool = False,
    dedupe: bool = False,
    sheet: str | None = None,
) -> GapOptions:
    """Bundle the shared survey options into ``GapOptions``."""
    from cxmap.gaps import GapOptions

    if delimiter is not None and delimiter.lower() in ("tab", "\\t"):
        delimiter = "\t"
    return GapOptions(
        layout=layout.value if layout is not None else None,
        delimiter=delimiter,
        encoding=encoding,
        segment_column=segment_column,
        date_column=date_column,
        min_n=min_n,
        by=by,
        date_format=date_format,
        wave=wave.value,
        wave_column=wave_column,
        finished_only=finished_only,
        dedupe=dedupe,
        sheet=sheet,
    )


def survey_gaps(
    journey: Journey,
    surveys: list[Path],
    reading: GapOptions,
    *,
    by: str | None = None,
    suppress_below: int | None = None,
) -> GapTable | None:
    """The gaps of ``journey`` in ``surveys`` read with ``reading``, or None without surveys.

    For the commands that colour a diagram by the gaps (render, report);
    ``suppress_below`` is the privacy floor of ``gaps --suppress-below``.
    """
    if not surveys:
        return None
    from dataclasses import replace

    from cxmap.gaps import compute_gaps

    return compute_gaps(journey, surveys, replace(reading, by=by, suppress_below=suppress_below))


class HowToRead(TypedDict):
    """The reading options that ``sniff`` and ``read_comments`` take."""

    encoding: str | None
    delimiter: str | None
    layout: str | None
    sheet: str | None


def how_to_read(options: GapOptions) -> HowToRead:
    """The reading options that ``sniff`` and ``read_comments`` take, from ``options``."""
    return {
        "encoding": options.encoding,
        "delimiter": options.delimiter,
        "layout": options.layout,
        "sheet": options.sheet,
    }
