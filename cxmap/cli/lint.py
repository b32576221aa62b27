"""``cxmap lint``: journey-mapping practice as rules, with config and suppression."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxmap.cli.common import (
    EXIT_FAIL,
    AllowOutsideOpt,
    OutputOpt,
    PathsArg,
    app,
    emit,
    fail,
    input_errors,
    refuse_overwriting,
    use_color,
)

if TYPE_CHECKING:
    import datetime as dt

    from cxmap.findings import Finding
    from cxmap.formats.findings import RuleInfo


class LintFormat(StrEnum):
    """Output formats of ``cxmap lint``."""

    TEXT = "text"
    CONCISE = "concise"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


class FailOn(StrEnum):
    """The lowest severity that makes ``cxmap lint`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SelectorsOpt = list[str] | None


@app.command()
def lint(
    paths: PathsArg,
    output_format: Annotated[
        LintFormat, typer.Option("--format", "-f", help="How to print the findings.")
    ] = LintFormat.TEXT,
    output: OutputOpt = None,
    select: Annotated[
        SelectorsOpt,
        typer.Option(
            "--select",
            help="Rules to run: codes, prefixes (CX3), names or ALL; comma-separated or "
            "repeated. Replaces the config's select.",
            metavar="CODES",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        SelectorsOpt,
        typer.Option(
            "--ignore",
            help="Rules to skip (codes, prefixes, names); added to the config's ignore.",
            metavar="CODES",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding has this severity or worse (default: error, "
            "or the config's fail-on).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Use this config file instead of looking for .cxmap.toml / pyproject.toml.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="The date to judge review dates by (YYYY-MM-DD; default: today).",
            metavar="DATE",
            show_default=False,
        ),
    ] = None,
    allow_include_outside: AllowOutsideOpt = False,
) -> None:
    """Validate maps, then check them against journey-mapping practice (see 'cxmap rules')."""
    from cxmap.findings import Severity, sort_findings
    from cxmap.formats import findings as fmt
    from cxmap.lint.config import check_selectors, split_selectors
    from cxmap.lint.engine import Overrides, lint_files, source_texts
    from cxmap.load import discover_maps

    with input_errors():
        chosen = split_selectors(select) if select is not None else None
        dropped = split_selectors(ignore or [])
        check_selectors(chosen or (), "--select")
        check_selectors(dropped, "--ignore")
        overrides = Overrides(
            select=chosen,
            extend_ignore=dropped,
            fail_on=Severity(fail_on.value) if fail_on else None,
            today=_parse_date(today) if today else None,
            config=config,
            allow_include_outside=allow_include_outside,
        )
        files = discover_maps(paths)
        refuse_overwriting(output, files, [config] if config else [])
        results = lint_files(files, overrides)
        if len(results) == 1 and results[0].valid:
            found = results[0].findings  # lint returns them in output order
        else:
            found = sort_findings([f for result in results for f in result.findings])
        if output_format is LintFormat.TEXT:
            sources = source_texts(results)
            text = fmt.format_text(found, len(files), sources, color=use_color() and not output)
        elif output_format is LintFormat.SARIF:
            from cxmap.load import repository_root

            text = fmt.format_sarif(found, _rule_infos(found), repository_root())
        else:
            render = {
                LintFormat.CONCISE: fmt.format_concise,
                LintFormat.JSON: fmt.format_json,
                LintFormat.GITHUB: fmt.format_github,
            }[output_format]
            text = render(found, len(files))
        emit(text, output)
    if any(result.failed for result in results):
        raise typer.Exit(EXIT_FAIL)


def _parse_date(text: str) -> dt.date:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--today: '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01")


def _rule_infos(found: list[Finding]) -> list[RuleInfo]:
    """Every lint rule, plus the validation codes that occur in the findings."""
    from cxmap.formats.findings import RuleInfo
    from cxmap.lint.rules import BY_CODE, RULES

    infos = [
        RuleInfo(
            rule.code,
            rule.name,
            rule.severity,
            rule.summary,
            rule.sections().get("What it does", rule.summary),
            rule.doc,
            rule.group,
        )
        for rule in RULES
    ]
    seen: dict[str, Finding] = {}
    for f in found:
        if f.code not in BY_CODE:
            seen.setdefault(f.code, f)
    for code, f in sorted(seen.items()):
        title = f.name.replace("-", " ")
        infos.append(
            RuleInfo(
                code,
                f.name,
                f.severity,
                f"The map does not validate: {title}.",
                f"The map breaks the cxmap format ({title}), so no lint rule ran on it.",
                "Fix the map so that 'cxmap validate' passes; each message says what to do.",
            )
        )
    return infos
