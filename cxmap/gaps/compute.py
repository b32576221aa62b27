"""Measured experience against targets: the gap per touchpoint and metric.

``compute_gaps`` reads survey exports (see ``cxmap.survey``), aggregates the
answers per touchpoint and metric through mergeable sufficient statistics
(``cxmap.gaps.estimate``) and sets the experience against the map's targets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from cxmap.errors import InputError, UsageError
from cxmap.model import Aggregate, Journey, Metric, Touchpoint

if TYPE_CHECKING:
    from cxmap.gaps.compare import ChangeStatus
    from cxmap.gaps.estimate import Estimate, Stats
    from cxmap.survey.answers import AnswerParser, Problem
    from cxmap.survey.sniff import Sniffed
    from cxmap.survey.tally import FileTally, Group


class GapStatus(StrEnum):
    """Where a touchpoint's experience stands against its target (positive is good)."""

    ABOVE = "above"
    BELOW = "below"
    ON_TARGET = "on-target"
    INCONCLUSIVE = "inconclusive"
    TOO_FEW = "too-few"
    SUPPRESSED = "suppressed"
    NO_DATA = "no-data"
    NO_TARGET = "no-target"


@dataclass(frozen=True)
class GapResult:
    """One touchpoint-metric pair (optionally of one group): experience, target, gap."""

    touchpoint: str
    metric: str
    segment: str | None
    n: int
    experience: float | None
    target: float | None
    gap: float | None
    ci_low: float | None
    ci_high: float | None
    status: GapStatus
    #: the margin that applied (the target's, else the metric's, else its default)
    margin: float | None = None
    #: p-value against target ± margin (``cxmap.gaps.status``), and its BH q-value
    p: float | None = None
    q: float | None = None
    #: the gap as a share of the metric's range (``cxmap.gaps.rank``)
    share: float | None = None
    #: touchpoint, journey (journey-level targets) or phase / channel (roll-ups)
    scope: str = "touchpoint"
    #: the estimate behind the figures (method, SE, degrees of freedom)
    estimate: Estimate | None = None
    #: change since the previous wave (``cxmap.gaps.compare``), positive is better
    change: float | None = None
    change_low: float | None = None
    change_high: float | None = None
    change_p: float | None = None
    change_q: float | None = None
    change_status: ChangeStatus | None = None
    #: the wave (or file) the change is measured from
    previous: str | None = None
    #: post-stratified (``cxmap.gaps.weight``), with its Kish effective sample size
    weighted: bool = False
    n_eff: float | None = None
    #: fewer respondents than ``--suppress-below``: every figure is hidden
    suppressed: bool = False


@dataclass(frozen=True)
class GapTable:
    """Every gap of one map, with what was read, skipped, unmapped and warned about."""

    map_id: str
    rows_read: int
    rows_skipped: int
    results: list[GapResult]
    unmapped: list[str]
    warnings: list[str]
    #: the false discovery rate of the statuses; the intervals are at 1 - alpha
    alpha: float = 0.05
    #: whether the statuses were Benjamini-Hochberg adjusted
    adjusted: bool = True
    #: journey-level rows (the map's top-level targets), shown first
    journey: list[GapResult] = field(default_factory=list)
    #: roll-ups per phase or channel (``--by phase|channel``), pooling the touchpoints
    rollups: list[GapResult] = field(default_factory=list)

    def all_rows(self) -> list[GapResult]:
        """Journey-level rows, touchpoint rows (with their groups), then roll-ups."""
        return [*self.journey, *self.results, *self.rollups]


@dataclass(frozen=True)
class GapOptions:
    """How to read the survey files and group the results."""

    layout: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    segment_column: str = "segment"
    date_column: str | None = None
    min_n: int = 30
    by: str | None = None
    #: false discovery rate of the statuses; intervals are at 1 - alpha
    alpha: float = 0.05
    #: Benjamini-Hochberg over each family of rows; False: per-row tests
    adjust: bool = True
    #: older survey files: each row gets its change since them
    compare: tuple[Path, ...] = ()
    #: "segment": post-stratify by the segment column; "none": never; None: as the map says
    weight_by: str | None = None
    #: target shares per segment value (else the map's ``weights.segment``)
    weights: tuple[tuple[str, float], ...] = ()
    #: hide every figure of a row with fewer answers than this (None: off)
    suppress_below: int | None = None


BY_CHOICES = ("segment", "channel", "phase", "wave", "persona")


def compute_gaps(
    journey: Journey,
    surveys: Sequence[Path],
    options: GapOptions = GapOptions(),
    *,
    progress: Callable[[int], None] | None = None,
) -> GapTable:
    """Read ``surveys`` and set the measured experience against ``journey``'s targets.

    Raises ``InputError`` for unreadable files and for map questions that match
    no survey column, or several; bad cells and rows become ``warnings``.
    ``progress`` is called with the number of bytes read since its last call.
    """
    from cxmap.gaps.compare import compare_tables, judge_changes, wave_changes
    from cxmap.gaps.privacy import suppress
    from cxmap.gaps.rollup import rollups
    from cxmap.gaps.status import judge
    from cxmap.gaps.weight import weighted
    from cxmap.survey.comments import comment_columns
    from cxmap.survey.sniff import sniff
    from cxmap.survey.tally import locate_long, locate_wide, read_long, read_wide

    if not 0.0 < options.alpha < 1.0:
        raise UsageError(f"--alpha must lie between 0 and 1, not {options.alpha:g}")
    if options.by is not None and options.by not in BY_CHOICES:
        raise UsageError(f"--by must be one of {', '.join(BY_CHOICES)}, not '{options.by}'")
    if options.by == "persona" and not journey.personas:
        raise UsageError("--by persona needs personas in the map; declare them under 'personas'")
    shares = _shares(journey, options)
    if shares and options.by not in (None, "segment"):
        raise UsageError(
            f"weighting by segment works with no --by or --by segment, not --by {options.by}; "
            "pass --weight-by none to see unweighted rows per group"
        )
    if not surveys:
        raise UsageError("no survey file given; pass one or more with --survey")
    files = [
        sniff(p, encoding=options.encoding, delimiter=options.delimiter, layout=options.layout)
        for p in surveys
    ]
    mappings, warnings = _resolve_questions(journey, files)
    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    labels = _file_labels(surveys)
    acc = _Accumulator(journey)
    rows_read = rows_skipped = 0
    unmapped: set[str] = set()
    reading = replace(options, by="segment") if shares else options
    for index, sniffed in enumerate(files):
        group = _group(reading, sniffed)
        if sniffed.long:

            def known(tp: str, metric: str) -> bool:
                return (tp in touchpoints or tp == journey.id) and (
                    not metric or journey.metric(metric) is not None
                )

            tally = read_long(sniffed, known, group, progress)
        else:
            tally = read_wide(sniffed, mappings[index], group, progress)
            extra = {
                sniffed.find(name)
                for name in (options.segment_column, options.date_column, "channel", "persona")
                if name
            } | set(comment_columns(journey, sniffed))  # open text, read by survey.comments
            unmapped.update(
                c.key
                for c in sniffed.columns
                if not c.meta and c.index not in mappings[index] and c.index not in extra
            )
        fixed = labels[index] if options.by == "wave" and group is None else None
        problems = acc.add(tally, options.by, fixed, group is not None)
        if acc.unmatched:
            left = sum(acc.unmatched.values())
            warnings.append(
                f"{sniffed.path}: {left} answer{'s' if left != 1 else ''} whose persona or segment "
                f"value matches no persona ({', '.join(repr(v) for v in sorted(acc.unmatched))}"
                "); they count in the overall rows only"
            )
            acc.unmatched.clear()
        if problems and sniffed.long:
            needles = {(t.touchpoint, t.metric, raw) for t, raws in problems for raw, _ in raws}
            tally.lines.update(locate_long(sniffed, needles))
        elif problems:
            tally.lines.update(
                locate_wide(sniffed, {(t.label, raw) for t, raws in problems for raw, _ in raws})
            )
        warnings.extend(tally.warnings)
        warnings.extend(_problem_warnings(tally, problems, journey))
        rows_read += tally.rows_read
        rows_skipped += tally.rows_skipped
        unmapped.update(tally.unmapped)
    order = labels if options.by == "wave" and not options.date_column else None
    confidence = 1 - options.alpha
    whole = acc.results(options.min_n, order, confidence, whole=True)
    results = whole + acc.results(options.min_n, order, confidence)
    if shares:
        results, dropped = weighted(journey, acc.stats, results, shares, options.min_n, confidence)
        warnings.extend(dropped)
        if options.by is None:
            results = [r for r in results if r.segment is None]
    if options.by in ("phase", "channel"):
        results += rollups(journey, acc.stats, options.by, options.min_n, confidence)
    results = suppress(results, options.suppress_below)
    if options.by == "wave":
        results = wave_changes(journey, results, confidence)
    if options.compare:
        old = compute_gaps(journey, options.compare, replace(options, compare=()))
        warnings.extend(old.warnings)
        label = ", ".join(_file_labels(options.compare))
        results = compare_tables(journey, results, old.all_rows(), label, confidence)
    results = judge(results, options.alpha, options.adjust)
    results = judge_changes(journey, results, options.alpha, options.adjust)
    return GapTable(
        map_id=journey.id,
        rows_read=rows_read,
        rows_skipped=rows_skipped,
        results=[r for r in results if r.scope == "touchpoint"],
        unmapped=sorted(unmapped),
        warnings=warnings,
        alpha=options.alpha,
        adjusted=options.adjust,
        journey=[r for r in results if r.scope == "journey"],
        rollups=[r for r in results if r.scope not in ("touchpoint", "journey")],
    )


def _shares(journey: Journey, options: GapOptions) -> dict[str, float]:
    """The target shares to weight by: the options', else the map's; none with 'none'."""
    if options.weight_by not in (None, "segment", "none"):
        raise UsageError(f"--weight-by must be 'segment' or 'none', not '{options.weight_by}'")
    if options.weight_by == "none":
        return {}
    shares = dict(options.weights) or dict(journey.weights.get("segment", {}))
    if options.weight_by == "segment" and not shares:
        raise UsageError(
            "--weight-by segment needs target shares: 'weights: {segment: {new: 0.3, ...}}' "
            "in the map, or --weight-share new=0.3 (repeatable)"
        )
    bad = [f"{k}={v:g}" for k, v in shares.items() if not (v > 0 and v == v and v != float("inf"))]
    if bad:
        raise UsageError(f"a weight share must be a positive number, not {', '.join(bad)}")
    return shares


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def journey_touchpoint(journey: Journey) -> Touchpoint:
    """The whole journey as a touchpoint: its id, journey-level targets, questions, margins.

    Journey-level answers come from the map's top-level ``questions`` (wide
    layout) or, in the long layout, from rows whose touchpoint is the map's id.
    """
    return Touchpoint.model_construct(
        id=journey.id,
        name=journey.title,
        phase="",
        channel="",
        targets=dict(journey.targets),
        questions=dict(journey.questions),
        margins=dict(journey.margins),
        personas=[],
    )


def direction_up(metric: Metric) -> bool:
    """True when a higher experience figure is better.

    Means follow the metric's ``higher_is_better``; a top-2-box share counts
    the two best scale points and an NPS counts promoters, so higher is better.
    """
    return metric.aggregate is not Aggregate.MEAN or metric.higher_is_better


def _file_labels(paths: Sequence[Path]) -> list[str]:
    names = [p.name for p in paths]
    if len(set(names)) == len(names):
        return names
    return [str(p) for p in paths]


def _group(options: GapOptions, sniffed: Sniffed) -> Group | None:
    from cxmap.survey.tally import Group

    if options.by == "segment":
        return Group(options.segment_column)
    if options.by == "persona":
        # a persona column where the survey has one, else the segment column
        return Group("persona" if sniffed.find("persona") is not None else options.segment_column)
    if options.by == "channel" and sniffed.find("channel") is not None:
        return Group("channel")
    if options.by == "wave" and options.date_column:
        return Group(options.date_column, by_month=True)
    return None


def _resolve_questions(
    journey: Journey, files: list[Sniffed]
) -> tuple[list[dict[int, list[tuple[str, str]]]], list[str]]:
    """Map each wide file's columns to (touchpoint, metric) through the map's questions."""
    import difflib

    mappings: list[dict[int, list[tuple[str, str]]]] = [{} for _ in files]
    warnings: list[str] = []
    wide = [i for i, f in enumerate(files) if not f.long]
    if not wide:
        return mappings, warnings
    for tp in [*journey.touchpoints, journey_touchpoint(journey)]:
        for key, metric in tp.questions.items():
            found_in = 0
            for i in wide:
                matches = [c for c in files[i].columns if c.matches(key)]
                if len(matches) > 1:
                    shown = ", ".join(f"column {c.index + 1} '{c.joined}'" for c in matches[:6])
                    raise InputError(
                        f"{files[i].path}: question '{key}' of touchpoint '{tp.id}' matches "
                        f"{len(matches)} columns ({shown}); use a key that names one column "
                        "(the ImportId, or 'question / row label')"
                    )
                if matches:
                    found_in += 1
                    mappings[i].setdefault(matches[0].index, []).append((tp.id, metric))
                elif len(wide) > 1:
                    warnings.append(
                        f"{files[i].path}: no column for question '{key}' of touchpoint '{tp.id}'"
                    )
            if not found_in:
                keys = sorted({c.key for i in wide for c in files[i].columns if c.key})
                close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
                hint = f"did you mean {' or '.join(repr(k) for k in close)}? " if close else ""
                listed = ", ".join(repr(k) for k in keys[:12]) + (", ..." if len(keys) > 12 else "")
                raise InputError(
                    f"question '{key}' of touchpoint '{tp.id}' matches no column of "
                    f"{', '.join(str(files[i].path) for i in wide)}; {hint}"
                    f"columns are: {listed}"
                )
    return mappings, warnings


ProblemList = list[tuple["_TallyRef", list[tuple[str, int]]]]


@dataclass(frozen=True)
class _TallyRef:
    label: str
    touchpoint: str
    metric: str
    problem: Problem


class _Accumulator:
    """Sufficient statistics per (touchpoint, metric, group), merged over files."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        self.touchpoints = {tp.id: tp for tp in journey.touchpoints}
        self.whole = journey_touchpoint(journey)
        self.touchpoints.setdefault(self.whole.id, self.whole)
        #: a persona or segment value -> the persona id it names (id or name, any case)
        self.personas = {_fold(p.id): p.id for p in journey.personas}
        self.personas.update({_fold(p.name): p.id for p in journey.personas})
        self.unmatched: Counter[str] = Counter()
        self.stats: dict[tuple[str, str, str | None], Stats] = {}
        self.parsers: dict[tuple[str, bool], AnswerParser] = {}

    def _parser(self, metric: Metric, decimal_comma: bool) -> AnswerParser:
        from cxmap.survey.answers import AnswerParser

        parser = self.parsers.get((metric.id, decimal_comma))
        if parser is None:
            parser = self.parsers[(metric.id, decimal_comma)] = AnswerParser(
                metric, decimal_comma=decimal_comma
            )
        return parser

    def add(
        self, tally: FileTally, by: str | None, fixed: str | None, from_data: bool
    ) -> ProblemList:
        """Parse each distinct answer once and add it to the statistics; return the problems."""
        problems: dict[_TallyRef, list[tuple[str, int]]] = {}
        seen_labels: set[tuple[str, str]] = set()
        for t in tally.tallies:
            metric = self.journey.metric(t.metric)
            tp = self.touchpoints.get(t.touchpoint)
            if metric is None or tp is None:
                continue
            parse = self._parser(metric, tally.sniffed.decimal_comma)
            first = (t.label, t.metric) not in seen_labels
            seen_labels.add((t.label, t.metric))
            for group, counter in t.counts.items():
                label = group if from_data else fixed
                if by == "channel" and not from_data:
                    label = tp.channel if tp is not self.whole else None
                elif by == "persona" and label is not None:
                    persona = self.personas.get(_fold(label))
                    if persona is None:
                        self.unmatched[label] += sum(counter.values())
                    label = persona
                for raw, count in counter.items():
                    answer = parse(raw)
                    if answer.problem is not None:
                        if first:
                            ref = _TallyRef(t.label, t.touchpoint, t.metric, answer.problem)
                            problems.setdefault(ref, []).append((raw, count))
                        continue
                    if answer.value is None:
                        continue
                    self._add(tp.id, metric, None, answer.value, count)
                    if label is not None:
                        self._add(tp.id, metric, label, answer.value, count)
        return list(problems.items())

    def _add(self, tp: str, metric: Metric, group: str | None, value: float, count: int) -> None:
        from cxmap.gaps.estimate import MeanStats, NpsStats, ShareStats

        key = (tp, metric.id, group)
        stats = self.stats.get(key)
        low, high = metric.scale
        if metric.aggregate is Aggregate.MEAN:
            if stats is None:
                stats = self.stats[key] = MeanStats()
            assert isinstance(stats, MeanStats)
            stats.add(value, count)
        elif metric.aggregate is Aggregate.TOP2BOX:
            if stats is None:
                stats = self.stats[key] = ShareStats()
            assert isinstance(stats, ShareStats)
            hit = value >= high - 1 if metric.higher_is_better else value <= low + 1
            stats.add(hit, count)
        else:
            if stats is None:
                stats = self.stats[key] = NpsStats()
            assert isinstance(stats, NpsStats)
            if value >= high - 1:
                stats.add_promoters(count)
            elif value >= high - 3:
                stats.add_passives(count)
            else:
                stats.add_detractors(count)

    def results(
        self,
        min_n: int,
        order: list[str] | None,
        confidence: float = 0.95,
        *,
        whole: bool = False,
    ) -> list[GapResult]:
        """Every touchpoint-metric pair with a target or answers, in map order
        (``whole``: the journey-level rows instead)."""
        groups: dict[tuple[str, str], set[str]] = {}
        for tp_id, metric_id, group in self.stats:
            pair = groups.setdefault((tp_id, metric_id), set())
            if group is not None:
                pair.add(group)
        rank = {label: i for i, label in enumerate(order)} if order else {}
        out: list[GapResult] = []
        scope = "journey" if whole else "touchpoint"
        touchpoints = [self.whole] if whole else self.journey.touchpoints
        if whole and self.touchpoints[self.whole.id] is not self.whole:
            touchpoints = []  # a touchpoint has the map's id: its answers are the touchpoint's
        for tp in touchpoints:
            metric_ids = set(tp.targets) | {m for t, m in groups if t == tp.id}
            for metric_id in sorted(metric_ids):
                metric = self.journey.metric(metric_id)
                if metric is None:
                    continue
                out.append(self._result(tp, metric, None, min_n, confidence, scope))
                members = groups.get((tp.id, metric_id), set())
                for group in sorted(members, key=lambda g: (rank.get(g, len(rank)), g)):
                    out.append(self._result(tp, metric, group, min_n, confidence, scope))
        return out

    def _result(
        self,
        tp: Touchpoint,
        metric: Metric,
        group: str | None,
        min_n: int,
        confidence: float,
        scope: str,
    ) -> GapResult:
        stats = self.stats.get((tp.id, metric.id, group))
        return gap_result(
            tp.id,
            metric,
            group,
            stats,
            tp.targets.get(metric.id),
            tp.margins.get(metric.id),
            min_n,
            confidence,
            scope,
        )


def gap_result(
    touchpoint: str,
    metric: Metric,
    group: str | None,
    stats: Stats | Estimate | None,
    target: float | None,
    margin: float | None,
    min_n: int,
    confidence: float,
    scope: str = "touchpoint",
) -> GapResult:
    """One row from its statistics: estimate, gap, share of the range, margin and p-value.

    The status is final for no-target, no-data and too-few rows; the others
    are judged afterwards, per family (``cxmap.gaps.status.judge``).
    """
    from cxmap.gaps.estimate import Estimate
    from cxmap.gaps.status import gap_p_value

    # a mean's interval is clipped to its scale, and without spread it is
    # the Markov bound on that scale (see cxmap.gaps.estimate)
    if isinstance(stats, Estimate):
        estimate: Estimate | None = stats
    else:
        estimate = stats.estimate(metric.scale, confidence) if stats is not None else None
    n = estimate.n if estimate is not None else 0
    value = estimate.value if estimate is not None else None
    low = estimate.low if estimate is not None else None
    high = estimate.high if estimate is not None else None
    up = direction_up(metric)
    gap: float | None = None
    p: float | None = None
    share: float | None = None
    applied = None if target is None else (margin if margin is not None else metric.materiality)
    if target is None:
        status = GapStatus.NO_TARGET
    elif value is None or n == 0 or estimate is None:
        status = GapStatus.NO_DATA
    else:
        gap = value - target if up else target - value
        share = gap / metric.scale_range
        if n < min_n:
            status = GapStatus.TOO_FEW
        else:
            assert applied is not None
            p, _ = gap_p_value(estimate, target, applied, up)
            status = GapStatus.INCONCLUSIVE
    return GapResult(
        touchpoint,
        metric.id,
        group,
        n,
        value,
        target,
        gap,
        low,
        high,
        status,
        margin=applied,
        p=p,
        share=share,
        scope=scope,
        estimate=estimate,
    )


def _problem_warnings(tally: FileTally, problems: ProblemList, journey: Journey) -> list[str]:
    """Per cell when there are few, per column when there are many (warnings stay readable)."""
    from cxmap.survey.answers import Problem, describe, scale_text

    out: list[str] = []
    path = tally.sniffed.path
    for ref, raws in problems:
        metric = journey.metric(ref.metric)
        if metric is None:
            continue
        total = sum(count for _, count in raws)
        if ref.problem is Problem.OUT_OF_SCALE:
            one = f"outside {metric.id} scale {scale_text(metric)}"
            many = one
        else:
            one = f"is not a number or a known {metric.id} answer"
            many = f"are not numbers or known {metric.id} answers"
        if total <= 3:
            for raw, count in raws:
                lines = tally.lines.get((ref.label, raw), [])[:count]
                for line in lines or [0]:
                    where = f"{path}:{line}" if line else f"{path}"
                    out.append(f"{where}: {ref.label} value '{describe(raw)}' {one}; cell skipped")
        else:
            raw = raws[0][0]
            lines = tally.lines.get((ref.label, raw), [])
            at = f" on line {lines[0]}" if lines else ""
            out.append(
                f"{path}: {ref.label}: {total} values {many} (e.g. '{describe(raw)}'{at}); "
                "cells skipped"
            )
    return out
