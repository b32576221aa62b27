"""``cxmap report``: one self-contained HTML report of a map."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    SuppressBelowOpt,
    SurveyOpt,
    how_to_read,
    reading_options,
    survey_gaps,
)
from cxmap.cli.view_options import LangOpt, PersonaOpt

if TYPE_CHECKING:
    from cxmap.gaps import GapOptions, GapTable


class ReportBy(StrEnum):
    """Extra rows per group in the report's gap table."""

    SEGMENT = "segment"


@app.command()
@reading_options
def report(
    map_path: Annotated[
        Path, typer.Argument(metavar="MAP", help="The map to report on.", show_default=False)
    ],
    output: OutputOpt = None,
    survey: SurveyOpt = [],  # noqa: B006 (typer reads the default; never mutated)
    timeout: Annotated[
        float,
        typer.Option(
            min=1,
            callback=finite,
            help="Give up when dot takes longer than this (seconds).",
        ),
    ] = 120,
    persona: PersonaOpt = None,
    lang: LangOpt = None,
    by: Annotated[
        ReportBy | None,
        typer.Option("--by", help="Add a row per segment to the gap table."),
    ] = None,
    suppress_below: SuppressBelowOpt = None,
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
    *,
    reading: GapOptions,
) -> None:
    """One self-contained HTML page: what to fix first, the journey map, figures, lint summary.

    Nothing in it loads from the network, so it can be mailed, archived or
    printed. With --survey, it opens with the touchpoints to fix first, and the
    canvas, diagram and tables show the gaps between measured experience and the
    targets. Without Graphviz the journey diagram is left out (with a note);
    everything else is there.
    """
    from cxmap.lint.engine import Overrides, lint_files
    from cxmap.output import dot_available, run_dot
    from cxmap.render.canvas import CanvasOptions, build_canvas
    from cxmap.render.graph import build_graph
    from cxmap.render.options import RankDir, View
    from cxmap.render.svg import clean_svg
    from cxmap.render.words import pick_lang
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
        words_lang = pick_lang(journey, lang)
        gaps = survey_gaps(
            journey, survey, reading, by=by.value if by else None, suppress_below=suppress_below
        )
        comments = None
        if survey:
            from cxmap.survey.comments import read_comments

            read = gaps.surveys if gaps is not None else ()
            comments = read_comments(journey, survey, **how_to_read(reading), read=read)
        if persona is not None:
            from cxmap.render.persona import for_persona

            journey = for_persona(journey, persona)
            gaps = _only(gaps, {tp.id for tp in journey.touchpoints})

        canvas = build_canvas(journey, gaps, CanvasOptions(lang=words_lang))
        diagram = None
        if dot_available():
            # top to bottom: a page is read downwards, and it fits a screen or an A4
            graph = build_graph(
                journey, view=View.JOURNEY, rankdir=RankDir.TB, gaps=gaps, lang=words_lang
            )
            diagram = clean_svg(run_dot(graph.source, "svg", timeout=timeout)).decode("utf-8")
        else:
            typer.echo(
                "cxmap: Graphviz's 'dot' is not installed: the report leaves the journey "
                "diagram out (install the 'graphviz' package to include it)",
                err=True,
            )

        page = build_report(
            ReportInput(
                journey=journey,
                source=str(map_path),
                diagram_svg=diagram,
                findings=linted.findings,
                gaps=gaps,
                surveys=[str(s) for s in survey],
                canvas_svg=canvas,
                lang=words_lang,
                persona=persona,
                comments=comments,
                suppress_below=suppress_below,
            )
        )
        emit(page, output)
    if output is not None:
        from cxmap.escape import visible

        typer.echo(f"wrote {visible(str(output))}", err=True)


def _only(gaps: GapTable | None, touchpoints: set[str]) -> GapTable | None:
    """The gap table of the touchpoints one persona passes."""
    if gaps is None:
        return None
    from dataclasses import replace

    return replace(gaps, results=[r for r in gaps.results if r.touchpoint in touchpoints])
