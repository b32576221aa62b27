"""``cxmap gaps``: measured experience against targets, from survey exports."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
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
    use_color,
)

if TYPE_CHECKING:
    from cxmap.gaps import GapOptions, GapTable
    from cxmap.model import Journey

from cxmap.cli.survey_options import SuppressBelowOpt, SurveyOpt, how_to_read, reading_options

PROGRESS_BYTES = 8 * 1024 * 1024


def _fail_below_values(values: list[str] | None) -> list[str] | None:
    """Typer callback: refuse a --fail-below value that is no threshold (exit 2, before reading)."""
    from cxmap.errors import UsageError
    from cxmap.gaps.rank import parse_fail_below

    try:
        parse_fail_below(values or [])
    except UsageError as err:
        raise typer.BadParameter(str(err).removeprefix("--fail-below ")) from err
    return values


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
    PERSONA = "persona"


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


def _shares(values: list[str]) -> tuple[tuple[str, float], ...]:
    out = []
    for raw in values:
        name, sep, number = raw.rpartition("=")
        try:
            share = float(number)
        except ValueError:
            share = -1.0
        if not sep or not name or not share > 0 or share == float("inf"):
            raise typer.BadParameter(
                f"'{raw}' is not VALUE=SHARE with a positive share, e.g. new=0.3",
                param_hint="--weight-share",
            )
        out.append((name, share))
    return tuple(out)


@app.command()
@reading_options
def gaps(
    map_path: Annotated[Path, typer.Argument(metavar="MAP", help="The map file.")],
    survey: SurveyOpt,
    reading: GapOptions,
    output_format: Annotated[
        GapsFormat, typer.Option("--format", "-f", help="How to print the gaps.")
    ] = GapsFormat.TEXT,
    output: OutputOpt = None,
    by: Annotated[
        By | None,
        typer.Option(
            "--by",
            help="segment, wave (file/month) or persona: a row per group under each touchpoint; "
            "phase or channel: one roll-up row per phase or channel.",
        ),
    ] = None,
    fail_below: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-below",
            callback=_fail_below_values,
            help="Exit 1 when a row with status below has a gap under this: a share of the "
            "scale's range ('5%': worse than -5% of it) or a metric's own threshold "
            "('csat=-0.2', repeatable); overall rows only unless --fail-below-groups.",
            show_default=False,
        ),
    ] = None,
    fail_below_groups: Annotated[
        bool,
        typer.Option(
            "--fail-below-groups",
            help="--fail-below judges group rows (--by) and roll-ups too.",
        ),
    ] = False,
    allow_include_outside: AllowOutsideOpt = False,
    alpha: Annotated[
        float,
        typer.Option(
            "--alpha",
            callback=finite,
            help="False discovery rate of the above/below statuses; intervals are at 1 - alpha.",
        ),
    ] = 0.05,
    compare: Annotated[
        list[Path] | None,
        typer.Option(
            "--compare",
            help="An older survey export (repeatable): each row gets its change since then.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    fail_on_decline: Annotated[
        bool,
        typer.Option(
            "--fail-on-decline",
            help="Exit 1 when an overall row declined significantly since the previous wave "
            "(--by wave or --compare).",
        ),
    ] = False,
    weight_by: Annotated[
        str | None,
        typer.Option(
            "--weight-by",
            help="'segment': post-stratify the overall rows to the target shares of the map's "
            "'weights' (or --weight-share); 'none': unweighted even when the map has weights.",
            show_default=False,
        ),
    ] = None,
    weight_share: Annotated[
        list[str] | None,
        typer.Option(
            "--weight-share",
            help="A segment's target share, VALUE=SHARE (repeatable), e.g. new=0.3.",
            show_default=False,
        ),
    ] = None,
    suppress_below: SuppressBelowOpt = None,
    no_adjust: Annotated[
        bool,
        typer.Option(
            "--no-adjust",
            help="Judge each row on its own p-value (no Benjamini-Hochberg adjustment).",
        ),
    ] = False,
) -> None:
    """Experience per touchpoint and metric from survey files, set against the targets.

    Worst first: clear shortfalls (below) first, then unclear rows (inconclusive,
    too-few), then on-target, then above; within each, by the gap as a share of
    the metric's scale range. A status needs the interval beyond target ± margin,
    with the false discovery rate controlled over the report (--alpha).
    """
    from cxmap.formats import gaps as fmt
    from cxmap.gaps import compute_gaps
    from cxmap.gaps.compare import ChangeStatus
    from cxmap.gaps.rank import failing, parse_fail_below

    options = replace(
        reading,
        by=by.value if by else None,
        alpha=alpha,
        adjust=not no_adjust,
        compare=tuple(compare or ()),
        weight_by=weight_by if weight_by is None and not weight_share else weight_by or "segment",
        weights=_shares(weight_share or []),
        suppress_below=suppress_below,
    )
    with input_errors():
        thresholds = parse_fail_below(fail_below or [])
        refuse_overwriting(output, map_path, survey, list(compare or ()))
        journey = load_valid_map(
            map_path, allow_include_outside=allow_include_outside, output=output
        )
        with _progress(survey) as progress:
            table = compute_gaps(journey, survey, options, progress=progress)
        if output_format is GapsFormat.JSON:
            text = fmt.format_json(table, _comment_counts(journey, survey, options, table))
        elif output_format is GapsFormat.CSV:
            text = fmt.format_csv(table)
        elif output_format is GapsFormat.MARKDOWN:
            text = fmt.format_markdown(table)
        else:
            on_terminal = output is None and sys.stdout.isatty()
            width = shutil.get_terminal_size().columns if on_terminal else None
            text = fmt.format_text(table, color=use_color() and output is None, width=width)
        emit(text, output)
    if output_format is GapsFormat.CSV:
        from cxmap.escape import visible

        for warning in table.warnings:
            typer.echo(f"warning: {visible(warning)}", err=True)
    if fail_on_decline:
        declined = [
            r
            for r in table.results
            if r.segment is None and r.change_status is ChangeStatus.DECLINED
        ]
        if declined:
            worst = min(declined, key=lambda r: r.change if r.change is not None else 0.0)
            fail(
                f"{len(declined)} significant decline{'s' if len(declined) != 1 else ''} "
                f"(worst: '{worst.touchpoint}' {worst.metric} {worst.change:+.2f} since "
                f"{worst.previous})",
                EXIT_FAIL,
            )
    if fail_below:
        bad = failing(table.results, thresholds, groups=fail_below_groups)
        if bad:
            worst = bad[0]
            where = f" [{worst.segment}]" if worst.segment else ""
            fail(
                f"{len(bad)} gap{'s' if len(bad) != 1 else ''} below "
                f"{', '.join(fail_below)} (worst: '{worst.touchpoint}'{where} {worst.metric} "
                f"{worst.gap:+.2f}, {100 * (worst.share or 0.0):+.1f}% of the scale)",
                EXIT_FAIL,
            )
            raise typer.Exit(EXIT_FAIL)


def _comment_counts(
    journey: Journey, surveys: list[Path], options: GapOptions, table: GapTable
) -> dict[str, int] | None:
    """Comments per touchpoint, where the map or a long survey has comments (else None)."""
    from cxmap.survey.comments import has_comment_sources, read_comments
    from cxmap.survey.layouts import COMMENT_COLUMN

    files = [read.sniffed for read in table.surveys]
    if not has_comment_sources(journey) and not any(
        f.long and f.find(COMMENT_COLUMN) is not None for f in files
    ):
        return None
    found = read_comments(journey, surveys, **how_to_read(options), read=table.surveys)
    return found.counts
