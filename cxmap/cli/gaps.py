"""``cxmap gaps``: measured experience against targets, from survey exports."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cxmap.cli.common import (
    EXIT_FAIL,
    AllowOutsideOpt,
    OutputOpt,
    app,
    emit,
    fail,
    finite,
    input_errors,
    load_valid_map,
    refuse_overwriting,
    use_color,
)
from cxmap.cli.survey_options import (
    DateColumnOpt,
    DateFormatOpt,
    DedupeOpt,
    DelimiterOpt,
    EncodingOpt,
    FinishedOnlyOpt,
    LayoutOpt,
    MinNOpt,
    SegmentColumnOpt,
    SheetOpt,
    SurveyOpt,
    Wave,
    WaveColumnOpt,
    WaveOpt,
    gap_options,
)

PROGRESS_BYTES = 8 * 1024 * 1024


class GapsFormat(StrEnum):
    """Output formats of ``cxmap gaps``."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class By(StrEnum):
    """Extra rows per group."""

    SEGMENT = "segment"
    CHANNEL = "channel"
    PHASE = "phase"
    WAVE = "wave"


@contextmanager
def _progress(paths: list[Path]) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on a terminal for large files; none when piped or in CI."""
    total = 0
    for path in paths:
        with suppress(OSError):
            total += path.stat().st_size
    if total < PROGRESS_BYTES or not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("reading surveys", total=total)
        yield lambda done: bar.advance(task, done)


@app.command()
def gaps(
    map_path: Annotated[Path, typer.Argument(metavar="MAP", help="The map file.")],
    survey: SurveyOpt,
    output_format: Annotated[
        GapsFormat, typer.Option("--format", "-f", help="How to print the gaps.")
    ] = GapsFormat.TEXT,
    output: OutputOpt = None,
    by: Annotated[
        By | None,
        typer.Option("--by", help="Add a row per segment, channel, phase or wave (file/month)."),
    ] = None,
    fail_below: Annotated[
        float | None,
        typer.Option(
            "--fail-below",
            callback=finite,
            help="Exit 1 when a gap with status below is under this (in the metric's units).",
        ),
    ] = None,
    layout: LayoutOpt = None,
    delimiter: DelimiterOpt = None,
    encoding: EncodingOpt = None,
    segment_column: SegmentColumnOpt = "segment",
    date_column: DateColumnOpt = None,
    date_format: DateFormatOpt = None,
    wave: WaveOpt = Wave.MONTH,
    wave_column: WaveColumnOpt = None,
    finished_only: FinishedOnlyOpt = False,
    dedupe: DedupeOpt = False,
    sheet: SheetOpt = None,
    min_n: MinNOpt = 30,
    allow_include_outside: AllowOutsideOpt = False,
) -> None:
    """Experience per touchpoint and metric from survey files, set against the targets."""
    from cxmap.formats import gaps as fmt
    from cxmap.gaps import GapStatus, compute_gaps

    options = gap_options(
        layout,
        delimiter,
        encoding,
        segment_column,
        date_column,
        min_n,
        by.value if by else None,
        date_format=date_format,
        wave=wave,
        wave_column=wave_column,
        finished_only=finished_only,
        dedupe=dedupe,
        sheet=sheet,
    )
    with input_errors():
        refuse_overwriting(output, map_path, survey)
        journey = load_valid_map(map_path, allow_include_outside=allow_include_outside)
        with _progress(survey) as progress:
            table = compute_gaps(journey, survey, options, progress=progress)
        if output_format is GapsFormat.JSON:
            text = fmt.format_json(table)
        elif output_format is GapsFormat.CSV:
            text = fmt.format_csv(table)
        elif output_format is GapsFormat.MARKDOWN:
            text = fmt.format_markdown(table)
        else:
            text = fmt.format_text(table, color=use_color() and output is None)
        emit(text, output)
    if output_format is GapsFormat.CSV:
        from cxmap.escape import visible

        for warning in table.warnings:
            typer.echo(f"warning: {visible(warning)}", err=True)
    if fail_below is not None:
        failing = [
            r
            for r in table.results
            if r.status is GapStatus.BELOW and r.gap is not None and r.gap < fail_below
        ]
        if failing:
            worst = min(failing, key=lambda r: r.gap if r.gap is not None else 0.0)
            fail(
                f"{len(failing)} gap{'s' if len(failing) != 1 else ''} below "
                f"{fail_below:g} (worst: '{worst.touchpoint}' {worst.metric} {worst.gap:+.2f})",
                EXIT_FAIL,
            )
