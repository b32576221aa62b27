"""Run the lint rules on a validated journey and shape the findings.

The engine runs the rules the configuration enables, locates every hit
through the document's side table of positions, applies severity overrides,
then inline suppressions (``# cxmap: ignore[CX301, pain-without-action]`` on
the offending line), and reports suppressions that suppressed nothing.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from cxmap.findings import Finding, Severity, Span, line_starts, sort_findings
from cxmap.lint.config import ConfigCache, LintConfig
from cxmap.lint.rules import BY_CODE, UNUSED_SUPPRESSION, Context, Facts, find_rule
from cxmap.load import Document
from cxmap.model import Journey

_SUPPRESSION = re.compile("#[ \t]*cxmap:[ \t]*ignore\\[([^\\]\r\n\x85\u2028\u2029]*)\\]")


@dataclass
class Suppression:
    """One code or name inside a ``# cxmap: ignore[...]`` comment."""

    line: int
    column: int
    selector: str
    used: bool = False


def find_suppressions(text: str) -> dict[int, list[Suppression]]:
    """Every suppression in the text, by line (1-based).

    Lines are counted as the YAML parser counts them (``line_starts``), so a
    map saved with CR or CR LF line ends suppresses on the line its findings name.
    """
    found: dict[int, list[Suppression]] = {}
    starts: list[int] | None = None
    for match in _SUPPRESSION.finditer(text):
        if match.start() and not text[match.start() - 1].isspace():
            continue  # a '#' inside a word is no comment
        if starts is None:
            starts = line_starts(text)
        line = bisect.bisect_right(starts, match.start())
        line_start = starts[line - 1]
        inside = match.start(1)
        for part in match.group(1).split(","):
            selector = part.strip()
            if selector:
                column = inside + part.index(selector) - line_start + 1
                found.setdefault(line, []).append(Suppression(line, column, selector))
            inside += len(part) + 1
    return found


def lint(journey: Journey, document: Document, config: LintConfig) -> list[Finding]:
    """Run the enabled rules on one journey; return its findings in output order."""
    collecting = gc.isenabled()
    gc.disable()  # only acyclic data is made here; collections over a big map's heap cost more
    try:
        return _lint(journey, document, config)
    finally:
        if collecting:
            gc.enable()


def _lint(journey: Journey, document: Document, config: LintConfig) -> list[Finding]:
    findings: list[Finding] = []
    facts = Facts(journey)  # derived once, shared by the rules
    own, locate = document.file, document.source.locate
    included = bool(document.source.origins)  # else every finding lies in the map itself
    for rule in config.rules:
        code, name, severity = rule.code, rule.name, config.severity_of(rule)
        context = Context(config.today, config.options_of(rule), facts)
        if not included:
            findings += [
                Finding(code, name, severity, message, own, locate(path), path)
                for path, message in rule.check(journey, context)
            ]
            continue
        for path, message in rule.check(journey, context):
            file, span = document.locate(path)  # an included catalogue's, where it lies there
            if file != own and name in _UNUSED_RULES:
                continue  # a shared catalogue offers more than any one map uses
            findings.append(Finding(code, name, severity, message, file, span, path))
    return sort_findings(_apply_suppressions(findings, document, config))


#: "declared and never used" rules, which do not apply to items from shared catalogues
_UNUSED_RULES = frozenset({"unused-channel", "unused-persona", "unused-metric"})


def _apply_suppressions(
    findings: list[Finding], document: Document, config: LintConfig
) -> list[Finding]:
    suppressions = find_suppressions(document.text)
    if not suppressions:
        return findings
    kept: list[Finding] = []
    for finding in findings:
        hit = False
        own_line = finding.file == document.file  # comments are read from the map itself
        for suppression in suppressions.get(finding.span.line, ()) if own_line else ():
            rule = find_rule(suppression.selector)
            if rule is not None and rule.code == finding.code:
                suppression.used = hit = True
        if not hit:
            kept.append(finding)
    unused = BY_CODE[UNUSED_SUPPRESSION]
    if unused in config.rules:
        severity = config.severity_of(unused)
        kept.extend(
            Finding(
                unused.code,
                unused.name,
                severity,
                _unused_message(s.selector, config),
                document.file,
                Span(s.line, s.column, s.line, s.column + len(s.selector)),
            )
            for line in suppressions.values()
            for s in line
            if not s.used
        )
    return kept


def _unused_message(selector: str, config: LintConfig) -> str:
    rule = find_rule(selector)
    if rule is None:
        return f"the suppression '{selector}' names no rule; fix the code or remove it"
    if rule not in config.rules:
        return (
            f"the suppression of '{rule.code}' ({rule.name}) suppresses nothing: the rule is "
            "not enabled here; remove it"
        )
    return (
        f"the suppression of '{rule.code}' ({rule.name}) suppresses nothing on this line; remove it"
    )


# ---------------------------------------------------------------- whole runs


@dataclass
class FileResult:
    """The outcome of linting one map file."""

    file: str
    findings: list[Finding]
    fail_on: Severity
    text: str = ""
    journey: Journey | None = None  # the validated map; None when it is invalid

    @property
    def valid(self) -> bool:
        """True when the map validated (and the rules ran on it)."""
        return self.journey is not None

    @property
    def failed(self) -> bool:
        """True when the map is invalid or a finding is at or above ``fail_on``."""
        return not self.valid or any(f.severity.rank >= self.fail_on.rank for f in self.findings)


@dataclass(frozen=True)
class Overrides:
    """Settings from the command line, which win over the config file."""

    select: tuple[str, ...] | None = None
    extend_ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    today: dt.date | None = None
    config: Path | None = None
    #: read included catalogues outside the map's repository too
    allow_include_outside: bool = False

    def apply(self, config: LintConfig) -> LintConfig:
        """The config with these overrides on top."""
        return replace(
            config,
            select=config.select if self.select is None else self.select,
            ignore=(*config.ignore, *self.extend_ignore),
            fail_on=self.fail_on or config.fail_on,
            today=self.today or config.today,
        )


def lint_files(paths: Iterable[Path], overrides: Overrides) -> list[FileResult]:
    """Validate and lint map files; an invalid map gets its validation findings only.

    Raises ``InputError`` for an unreadable file and ``UsageError`` for a bad config.
    """
    from cxmap.validate import validate_path

    cache = ConfigCache(overrides.config)
    results: list[FileResult] = []
    for path in paths:
        config = overrides.apply(cache.for_map(path))
        validation = validate_path(path, allow_include_outside=overrides.allow_include_outside)
        if validation.journey is None:
            text = validation.document.text
            results.append(FileResult(str(path), validation.findings, config.fail_on, text))
            continue
        found = lint(validation.journey, validation.document, config.for_file(path))
        results.append(
            FileResult(
                str(path), found, config.fail_on, validation.document.text, validation.journey
            )
        )
    return results


def source_texts(results: Iterable[FileResult]) -> dict[str, str]:
    """The text of every file a finding points into: the maps and their included catalogues."""
    from cxmap.errors import CxmapError
    from cxmap.load import read_map_bytes

    results = list(results)
    texts = {result.file: result.text for result in results}
    for result in results:
        for finding in result.findings:
            if finding.file not in texts:
                try:
                    raw = read_map_bytes(Path(finding.file))
                except CxmapError:
                    raw = b""
                texts[finding.file] = raw.decode("utf-8-sig", errors="replace")
    return texts
