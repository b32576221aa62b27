"""``cxmap rules``: list the lint rules, or explain one."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cxmap.cli.common import app, emit, fail


class RulesFormat(StrEnum):
    """Output formats of ``cxmap rules``."""

    TEXT = "text"
    JSON = "json"


@app.command()
def rules(
    code: Annotated[
        str | None,
        typer.Argument(help="A rule code (CX301) or name; without it, list every rule."),
    ] = None,
    output_format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="How to print the rules.")
    ] = RulesFormat.TEXT,
) -> None:
    """List the lint rules, or print one rule's documentation."""
    from cxmap.escape import strict_json
    from cxmap.lint.rules import RULES, find_rule

    if code is None:
        if output_format is RulesFormat.JSON:
            listing = [
                {
                    "code": r.code,
                    "name": r.name,
                    "severity": r.severity.value,
                    "summary": r.summary,
                }
                for r in RULES
            ]
            emit(strict_json(listing) + "\n", None)
        else:
            width = max(len(r.name) for r in RULES)
            emit(
                "".join(
                    f"{r.code}  {r.severity.value:<7}  {r.name:<{width}}  {r.summary}\n"
                    for r in RULES
                ),
                None,
            )
        return
    rule = find_rule(code)
    if rule is None:
        import difflib

        names = [r.code for r in RULES] + [r.name for r in RULES]
        close = difflib.get_close_matches(code, names, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        fail(f"'{code}' is not a rule; {hint}'cxmap rules' lists them all")
    if output_format is RulesFormat.JSON:
        doc = {
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity.value,
            "group": rule.group,
            "summary": rule.summary,
            "options": dict(rule.options),
            **{title.lower().replace(" ", "_"): text for title, text in rule.sections().items()},
        }
        emit(strict_json(doc) + "\n", None)
        return
    options = "".join(f"    {key} = {value!r}\n" for key, value in rule.options.items())
    head = f"{rule.code} {rule.name} ({rule.severity.value}, {rule.group})\n\n"
    tail = f"\nOptions (in [rules.{rule.name}] of .cxmap.toml):\n{options}" if options else ""
    emit(head + rule.doc + "\n" + tail, None)
