"""``cxmap render``: Graphviz diagrams (and Mermaid) of a map, coloured by measured gaps."""

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
    finite,
    input_errors,
    load_valid_map,
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
from cxmap.render.options import Detail, RankDir, View
from cxmap.render.style import ThemeName

if TYPE_CHECKING:
    from cxmap.gaps import GapTable
    from cxmap.model import Journey


class RenderFormat(StrEnum):
    """What ``cxmap render`` writes."""

    DOT = "dot"
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    MERMAID = "mermaid"


SUFFIXES = {
    ".dot": RenderFormat.DOT,
    ".gv": RenderFormat.DOT,
    ".svg": RenderFormat.SVG,
    ".png": RenderFormat.PNG,
    ".pdf": RenderFormat.PDF,
    ".mmd": RenderFormat.MERMAID,
    ".mermaid": RenderFormat.MERMAID,
    ".md": RenderFormat.MERMAID,  # fenced, to paste into Markdown
}
BINARY = (RenderFormat.PNG, RenderFormat.PDF)


@app.command()
def render(
    map_path: Annotated[
        Path, typer.Argument(metavar="MAP", help="The map file to draw.", show_default=False)
    ],
    output: OutputOpt = None,
    output_format: Annotated[
        RenderFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="dot, svg, png, pdf or mermaid (default: from the -o or --check file's "
            "extension, else dot).",
            show_default=False,
        ),
    ] = None,
    view: Annotated[
        View,
        typer.Option(help="journey (flow by phase), channels (swimlanes) or emotion (curve)."),
    ] = View.JOURNEY,
    detail: Annotated[
        Detail,
        typer.Option(
            help="minimal (name, emotion), normal (+ channel, moment, pain points, actions) "
            "or full (+ activities, needs, ideas, owners)."
        ),
    ] = Detail.NORMAL,
    theme: Annotated[ThemeName, typer.Option(help="default or high-contrast.")] = (
        ThemeName.DEFAULT
    ),
    rankdir: Annotated[
        RankDir, typer.Option(help="Journey view left to right (LR) or top to bottom (TB).")
    ] = RankDir.LR,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check",
            help="Do not write; exit 1 when this committed diagram differs from a fresh render.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            min=1,
            callback=finite,
            help="Give up when dot takes longer than this (seconds).",
        ),
    ] = 120,
    survey: SurveyOpt = [],  # noqa: B006 (typer reads the default; never mutated)
    layout: LayoutOpt = None,
    delimiter: DelimiterOpt = None,
    encoding: EncodingOpt = None,
    segment_column: SegmentColumnOpt = "segment",
    date_column: DateColumnOpt = None,
    min_n: MinNOpt = 30,
    allow_include_outside: AllowOutsideOpt = False,
) -> None:
    """Draw a map with Graphviz (or as Mermaid); with --survey, colour it by the gaps."""
    fmt = _pick_format(output_format, output, check)
    if output is not None and check is not None:
        fail("use either -o/--output or --check, not both")
    if fmt in BINARY and output is None and check is None:
        fail(f"{fmt} is binary and cannot go to the terminal; add -o FILE.{fmt}")
    with input_errors():
        refuse_overwriting(output, map_path, survey)
        journey = load_valid_map(
            map_path, allow_include_outside=allow_include_outside, output=output
        )
        gaps = survey_gaps(
            journey, survey, layout, delimiter, encoding, segment_column, date_column, min_n
        )
        data = _draw(journey, fmt, view, detail, theme, rankdir, gaps, timeout)
        target = output if output is not None else check
        if fmt is RenderFormat.MERMAID and target is not None and target.suffix.lower() == ".md":
            data = f"```mermaid\n{data!s}```\n"
        if check is not None:
            _check(check, data, fmt)
            return
        emit(data, output)


def _pick_format(
    given: RenderFormat | None, output: Path | None, check: Path | None
) -> RenderFormat:
    if given is not None:
        return given
    target = output if output is not None else check
    if target is None:
        return RenderFormat.DOT
    found = SUFFIXES.get(target.suffix.lower())
    if found is None:
        known = ", ".join(sorted(SUFFIXES))
        fail(
            f"cannot tell the format from '{target.name}' (known extensions: {known}); "
            "add --format dot|svg|png|pdf|mermaid"
        )
    return found


def _draw(
    journey: Journey,
    fmt: RenderFormat,
    view: View,
    detail: Detail,
    theme: ThemeName,
    rankdir: RankDir,
    gaps: GapTable | None,
    timeout: float,
) -> str | bytes:
    if fmt is RenderFormat.MERMAID:
        from cxmap.render.mermaid import build_mermaid

        return build_mermaid(journey)
    from cxmap.render.graph import build_graph

    graph = build_graph(journey, view=view, detail=detail, theme=theme, rankdir=rankdir, gaps=gaps)
    source: str = graph.source
    if fmt is RenderFormat.DOT:
        return source
    from cxmap.output import run_dot
    from cxmap.render.svg import clean_pdf, clean_svg

    data = run_dot(source, fmt.value, timeout=timeout)
    if fmt is RenderFormat.SVG:
        return clean_svg(data)
    return clean_pdf(data) if fmt is RenderFormat.PDF else data


def _check(path: Path, fresh: str | bytes, fmt: RenderFormat) -> None:
    from cxmap.output import same_as_file

    same = same_as_file(path, fresh)
    if same is None:
        fail(f"'{path}' does not exist; create it with cxmap render ... -o {path}", EXIT_FAIL)
    if not same:
        fail(
            f"'{path}' is stale: it differs from a fresh {fmt} render of the map; "
            f"regenerate it with the same options and -o {path}",
            EXIT_FAIL,
        )
