"""``cxmap render``: Graphviz diagrams (and Mermaid) of a map, coloured by measured gaps."""

from __future__ import annotations

from dataclasses import dataclass
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
from cxmap.cli.survey_options import SuppressBelowOpt, SurveyOpt, reading_options, survey_gaps
from cxmap.cli.view_options import LangOpt, PersonaOpt
from cxmap.render.options import Detail, RankDir, View
from cxmap.render.style import ThemeName

if TYPE_CHECKING:
    from cxmap.gaps import GapOptions, GapTable
    from cxmap.model import Journey, Lang


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
@reading_options
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
        typer.Option(
            help="journey (flow by phase), channels (swimlanes), emotion (curve) or canvas "
            "(the journey map: phases as columns, lanes as rows)."
        ),
    ] = View.JOURNEY,
    lanes: Annotated[
        str | None,
        typer.Option(
            "--lanes",
            help="Canvas lanes to draw, in this order, comma-separated (default: touchpoints,"
            "doing,needs,emotion,pain,ideas,actions,experience).",
            show_default=False,
        ),
    ] = None,
    persona: PersonaOpt = None,
    lang: LangOpt = None,
    suppress_below: SuppressBelowOpt = None,
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
        RankDir | None,
        typer.Option(
            help="Journey view left to right (LR) or top to bottom (TB) (default: the one "
            "that keeps the picture at most about 2.5 times as wide as high).",
            show_default=False,
        ),
    ] = None,
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
    allow_include_outside: AllowOutsideOpt = False,
    *,
    reading: GapOptions,
) -> None:
    """Draw a map with Graphviz (or as Mermaid); with --survey, colour it by the gaps."""
    fmt = _pick_format(output_format, output, check)
    if output is not None and check is not None:
        fail("use either -o/--output or --check, not both")
    if fmt in BINARY and output is None and check is None:
        fail(f"{fmt} is binary and cannot go to the terminal; add -o FILE.{fmt}")
    if view is View.CANVAS and fmt is RenderFormat.DOT:
        fail("the canvas is drawn as SVG, not DOT; use --format svg, png or pdf")
    with input_errors():
        from cxmap.render.words import pick_lang

        lane_list = _parse_lanes(lanes)
        refuse_overwriting(output, map_path, survey)
        journey = load_valid_map(
            map_path, allow_include_outside=allow_include_outside, output=output
        )
        gaps = survey_gaps(journey, survey, reading, suppress_below=suppress_below)
        look = _Look(theme, rankdir, pick_lang(journey, lang), persona, lane_list)
        if persona is not None:
            from cxmap.render.persona import for_persona

            journey = for_persona(journey, persona)
        data = _draw(journey, fmt, view, detail, look, gaps, timeout)
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


@dataclass(frozen=True)
class _Look:
    theme: ThemeName
    rankdir: RankDir | None
    lang: Lang
    persona: str | None
    lanes: tuple[str, ...] | None


def _parse_lanes(text: str | None) -> tuple[str, ...] | None:
    """``--lanes a,b``: known lane names, in the order given."""
    if text is None:
        return None
    from cxmap.errors import UsageError
    from cxmap.render.canvas import Lane

    names = [part.strip() for part in text.split(",") if part.strip()]
    known = [lane.value for lane in Lane]
    for name in names:
        if name not in known:
            raise UsageError(f"--lanes: unknown lane '{name}'; use some of: {', '.join(known)}")
    if not names:
        raise UsageError(f"--lanes is empty; use some of: {', '.join(known)}")
    return tuple(dict.fromkeys(names))


def _draw(
    journey: Journey,
    fmt: RenderFormat,
    view: View,
    detail: Detail,
    look: _Look,
    gaps: GapTable | None,
    timeout: float,
) -> str | bytes:
    if fmt is RenderFormat.MERMAID:
        from cxmap.render.mermaid import build_mermaid

        return build_mermaid(journey, look.lang)
    from cxmap.render.svg import clean_pdf, clean_svg

    if view is View.CANVAS:
        from cxmap.output import convert_svg
        from cxmap.render.canvas import DEFAULT_LANES, CanvasOptions, Lane, build_canvas
        from cxmap.render.persona import persona_name
        from cxmap.render.words import Words

        options = CanvasOptions(
            lanes=tuple(Lane(x) for x in look.lanes) if look.lanes else DEFAULT_LANES,
            theme=look.theme,
            lang=look.lang,
            subtitle=(
                f"{Words(look.lang)('report.persona')}: {persona_name(journey, look.persona)}"
                if look.persona
                else None
            ),
        )
        svg = build_canvas(journey, gaps, options)
        if fmt is RenderFormat.SVG:
            return svg
        picture = convert_svg(svg, fmt.value)
        return clean_pdf(picture) if fmt is RenderFormat.PDF else picture
    from cxmap.render.graph import build_graph

    graph = build_graph(
        journey,
        view=view,
        detail=detail,
        theme=look.theme,
        rankdir=look.rankdir,
        gaps=gaps,
        lang=look.lang,
    )
    source: str = graph.source
    if fmt is RenderFormat.DOT:
        return source
    from cxmap.output import run_dot

    engine = "neato" if view is View.EMOTION else "dot"
    data = run_dot(source, fmt.value, timeout=timeout, engine=engine)
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
