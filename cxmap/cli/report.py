"""``cxmap report``: one self-contained HTML report of a map."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from cxmap.cli.common import (
    AllowOutsideOpt,
    OutputOpt,
    app,
    emit,
    fail_invalid_map,
    finite,
    input_errors,
    refuse_overwriting,
)
from cxmap.cli.survey_options import (
    DateColumnOpt,
    DelimiterOpt,
    EncodingOpt,
    LayoutOpt,
    MinNOpt,
    SegmentColumnOpt,
    SurveyOpt,
    survey_gaps,
)


@app.command()
def report(
    map_path: Annotated[
        Path, typer.Argument(metavar="MAP", help="The map to report on.", show_default=False)
    ],
    output: OutputOpt = None,
    survey: SurveyOpt = [],  # noqa: B006 (typer reads the default; never mutated)
    layout: LayoutOpt = None,
    delimiter: DelimiterOpt = None,
    encoding: EncodingOpt = None,
    segment_column: SegmentColumnOpt = "segment",
    date_column: DateColumnOpt = None,
    min_n: MinNOpt = 30,
    timeout: Annotated[
        float,
        typer.Option(
            min=1,
            callback=finite,
            help="Give up when dot takes longer than this (seconds).",
        ),
    ] = 120,
    today: Annotated[
        dt.datetime | None,
        typer.Option(
            "--today",
            formats=["%Y-%m-%d"],
            metavar="DATE",
            help="The date the lint judges review dates by (YYYY-MM-DD; default: today), "
            "for a report that is the same whenever it is made.",
            show_default=False,
        ),
    ] = None,
    allow_include_outside: AllowOutsideOpt = False,
) -> None:
    """One self-contained HTML page: diagram, emotion curve, touchpoints and gaps, lint summary.

    Nothing in it loads from the network, so it can be mailed, archived or
    printed. With --survey, the diagram is coloured and the table filled by the
    gaps between measured experience and the targets.
    """
    from cxmap.lint.engine import Overrides, lint_files
    from cxmap.output import run_dot
    from cxmap.render.graph import build_graph
    from cxmap.render.options import RankDir, View
    from cxmap.render.svg import clean_svg
    from cxmap.report import ReportInput, build_report

    with input_errors():
        refuse_overwriting(output, map_path, survey)
        overrides = Overrides(
            today=today.date() if today else None, allow_include_outside=allow_include_outside
        )
        (linted,) = lint_files([map_path], overrides)
        journey = linted.journey  # validated once, by the lint run
        if journey is None:
            fail_invalid_map(map_path, linted.findings)
        gaps = survey_gaps(
            journey, survey, layout, delimiter, encoding, segment_column, date_column, min_n
        )

        # top to bottom: a page is read downwards, and it fits the width of a screen or an A4
        graph = build_graph(journey, view=View.JOURNEY, rankdir=RankDir.TB, gaps=gaps)
        diagram = clean_svg(run_dot(graph.source, "svg", timeout=timeout)).decode("utf-8")

        page = build_report(
            ReportInput(
                journey=journey,
                source=str(map_path),
                diagram_svg=diagram,
                findings=linted.findings,
                gaps=gaps,
                surveys=[str(s) for s in survey],
            )
        )
        emit(page, output)
    if output is not None:
        from cxmap.escape import visible

        typer.echo(f"wrote {visible(str(output))}", err=True)
