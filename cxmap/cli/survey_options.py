"""Typer options shared by ``cxmap gaps`` and ``cxmap render --survey``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from cxmap.gaps import GapOptions, GapTable
    from cxmap.model import Journey


class Layout(StrEnum):
    """Survey layouts: one row per answer (long) or per respondent (wide)."""

    LONG = "long"
    WIDE = "wide"


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
        help="Count a respondent (or a file given twice) once: the file given last wins.",
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
    layout: Layout | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    segment_column: str = "segment",
    date_column: str | None = None,
    min_n: int = 30,
    *,
    by: str | None = None,
) -> GapTable | None:
    """The gaps of ``journey`` in ``surveys`` (overall rows), or None without surveys.

    For the commands that colour a diagram by the gaps (render, report).
    """
    if not surveys:
        return None
    from cxmap.gaps import compute_gaps

    options = gap_options(layout, delimiter, encoding, segment_column, date_column, min_n, by)
    return compute_gaps(journey, surveys, options)
