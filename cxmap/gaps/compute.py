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
from typing import TYPE_CHECKING, Any

from cxmap.errors import InputError, UsageError
from cxmap.model import Aggregate, Journey, Metric, Touchpoint

if TYPE_CHECKING:
    from cxmap.gaps.compare import ChangeStatus
    from cxmap.gaps.estimate import Estimate, Stats
    from cxmap.survey.answers import AnswerParser, Problem
    from cxmap.survey.comments import SurveyRead
    from cxmap.survey.sniff import Sniffed
    from cxmap.survey.tally import FileTally, Group

#: the group of answers whose segment, channel or date is blank, unreadable or absent
NO_GROUP = "(none)"
#: reasons a response (row) is excluded, in the order outputs list them
EXCLUSION_REASONS = ("malformed", "preview", "test", "spam", "partial", "duplicate")
#: reasons an answer cell is skipped, in the order outputs list them
CELL_REASONS = ("missing", "not-a-number", "unknown-label", "out-of-scale", "unmapped")


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
class FileAccount:
    """What one survey file gave: every row accounted for.

    ``rows_read`` = ``responses_used`` + the ``excluded`` rows (+ for a long
    file, the rows whose one answer was skipped: ``cells_skipped``).
    """

    path: str
    layout: str
    rows_read: int
    responses_used: int
    excluded: dict[str, int]
    cells_skipped: dict[str, int]


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
    #: where the rows went (``cxmap.gaps.compute.FileAccount``): totals, then per file
    responses_used: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    cells_skipped: dict[str, int] = field(default_factory=dict)
    files: list[FileAccount] = field(default_factory=list)
    #: journey-level rows (the map's top-level targets), shown first
    journey: list[GapResult] = field(default_factory=list)
    #: roll-ups per phase or channel (``--by phase|channel``), pooling the touchpoints
    rollups: list[GapResult] = field(default_factory=list)
    #: how each survey file was read, for reading its comments (``read_comments(read=...)``)
    surveys: tuple[SurveyRead, ...] = field(default=(), repr=False, compare=False)

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
    date_format: str | None = None
    wave: str = "month"
    wave_column: str | None = None
    finished_only: bool = False
    dedupe: bool = False
    sheet: str | None = None
    #: "segment": post-stratify by the segment column; "none": never; None: as the map says
    weight_by: str | None = None
    #: target shares per segment value (else the map's ``weights.segment``)
    weights: tuple[tuple[str, float], ...] = ()
    #: hide every figure of a row with fewer answers than this (None: off)
    suppress_below: int | None = None


BY_CHOICES = ("segment", "channel", "phase", "wave", "persona")
WAVE_CHOICES = ("month", "quarter", "week")


def compute_gaps(
    journey: Journey,
    surveys: Sequence[Path],
    options: GapOptions = GapOptions(),
    *,
    progress: Callable[[int], None] | None = None,
) -> GapTable:
    """Read ``surveys`` and set the measured experience against ``journey``'s targets.

    Raises ``InputError`` for unreadable files, for a wide file that matches
    none of the map's questions, for keys that match several columns, and for
    columns that cannot be read without a guess (ambiguous dates or labels, a
    scale mismatch); a question missing from a file, bad cells and bad rows
    become ``warnings``. ``progress`` is called with the bytes read since its last call.
    """
    from cxmap.gaps.compare import compare_tables, judge_changes, wave_changes
    from cxmap.gaps.privacy import suppress
    from cxmap.gaps.rollup import rollups
    from cxmap.gaps.status import judge
    from cxmap.gaps.weight import weighted
    from cxmap.survey.comments import SurveyRead, comment_columns
    from cxmap.survey.sniff import sniff
    from cxmap.survey.tally import RowFilter, locate_long, locate_wide, read_long, read_wide

    _check_options(options)
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
        sniff(
            p,
            encoding=options.encoding,
            delimiter=options.delimiter,
            layout=options.layout,
            sheet=options.sheet,
        )
        for p in surveys
    ]
    labels = _file_labels(surveys)
    mappings, warnings = _resolve_questions(journey, files)
    copies = _same_content(surveys)
    dropped = _dropped_copies(copies) if options.dedupe else set()
    for later, earlier in sorted(copies.items()):
        warnings.append(
            f"{surveys[later]}: the same content as {surveys[earlier]}"
            + ("; counted once (--dedupe)" if options.dedupe else "; counted twice (pass --dedupe)")
        )
    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    acc = _Accumulator(journey, options)
    unmapped: set[str] = set()
    reading = replace(options, by="segment") if shares else options
    accounts: dict[int, FileAccount] = {}
    read: dict[int, SurveyRead] = {}
    file_warnings: dict[int, list[str]] = {}
    seen_ids: set[str] | None = set() if options.dedupe else None
    ids_by_file: dict[int, set[str]] = {}
    sequence = list(range(len(files)))
    if options.dedupe:
        sequence.reverse()  # the latest file first: its respondents are the ones kept
    for index in sequence:
        sniffed = files[index]
        group = _group(reading, sniffed)
        if sniffed.long:

            def known(tp: str, metric: str) -> bool:
                return (tp in touchpoints or tp == journey.id) and (
                    not metric or journey.metric(metric) is not None
                )

            tally = read_long(
                sniffed, known, group, progress, seen_ids, fold=_long_folder(journey, sniffed)
            )
        else:
            rows = RowFilter(
                finished_only=options.finished_only,
                seen_ids=seen_ids,
                collect_ids=len(files) > 1,
                fold=_folder(journey, sniffed, mappings[index]),
            )
            tally = read_wide(sniffed, mappings[index], group, progress, rows)
            extra = {
                sniffed.find(name)
                for name in (
                    options.segment_column,
                    options.date_column,
                    options.wave_column,
                    "channel",
                    "persona",
                )
                if name
            } | set(comment_columns(journey, sniffed))  # open text, read by survey.comments
            unmapped.update(
                c.key
                for c in sniffed.columns
                if not c.meta and c.index not in mappings[index] and c.index not in extra
            )
        if tally.ids is not None:
            ids_by_file[index] = tally.ids
            if seen_ids is not None:
                seen_ids |= tally.ids
        if index in dropped:
            tally.tallies = []
            tally.excluded = Counter({"duplicate": tally.rows_read})
            tally.rows_skipped = tally.rows_read
            tally.cells_skipped = Counter()
            tally.warnings = []
        fixed = labels[index] if options.by == "wave" and group is None else None
        problems, cells = acc.add(tally, options.by, fixed, group)
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
        file_warnings[index] = [
            *tally.warnings,
            *acc.notes,
            *_problem_warnings(tally, problems, journey),
        ]
        acc.notes = []
        accounts[index] = _account(tally, cells)
        read[index] = SurveyRead(tally.sniffed, tally.comment_spans)
        unmapped.update(tally.unmapped)
    for index in range(len(files)):
        warnings.extend(file_warnings[index])
    warnings.extend(_repeated_ids(ids_by_file, surveys, options.dedupe))
    ordered = [accounts[i] for i in range(len(files))]
    excluded: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    for account in ordered:
        excluded.update(account.excluded)
        skipped.update(account.cells_skipped)
    rows_read = sum(a.rows_read for a in ordered)
    used = sum(a.responses_used for a in ordered)
    long_skipped = sum(
        sum(a.cells_skipped.values()) for a, f in zip(ordered, files, strict=True) if f.long
    )
    order = labels if options.by == "wave" and not _from_data_waves(options) else None
    confidence = 1 - options.alpha
    whole = acc.results(options.min_n, order, confidence, whole=True)
    results = whole + acc.results(options.min_n, order, confidence)
    if shares:
        results, unweighted = weighted(
            journey, acc.stats, results, shares, options.min_n, confidence
        )
        warnings.extend(unweighted)
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
        rows_skipped=sum(excluded.values()) + long_skipped,
        results=[r for r in results if r.scope == "touchpoint"],
        unmapped=sorted(unmapped),
        warnings=warnings,
        alpha=options.alpha,
        adjusted=options.adjust,
        responses_used=used,
        excluded=_ordered(excluded, EXCLUSION_REASONS),
        cells_skipped=_ordered(skipped, CELL_REASONS),
        files=ordered,
        journey=[r for r in results if r.scope == "journey"],
        rollups=[r for r in results if r.scope not in ("touchpoint", "journey")],
        surveys=tuple(read[i] for i in range(len(files))),
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


def _folder(
    journey: Journey, sniffed: Sniffed, mapping: dict[int, list[tuple[str, str, str]]]
) -> Callable[[int, Counter[object]], Counter[object]]:
    """How a wide file's column folds its counts when its distinct answers grow too many.

    Each distinct answer is parsed as its column's first question reads it (see
    ``_fold_counts``).
    """
    from cxmap.survey.answers import AnswerParser

    touchpoints = {tp.id: tp for tp in [*journey.touchpoints, journey_touchpoint(journey)]}
    parsers: dict[int, AnswerParser | None] = {}

    def parser(index: int) -> AnswerParser | None:
        if index not in parsers:
            tp_id, metric_id, key = mapping[index][0]
            metric, tp = journey.metric(metric_id), touchpoints.get(tp_id)
            question = tp.question(key) if tp is not None and key in tp.questions else None
            parsers[index] = (
                AnswerParser(metric, question, decimal_comma=sniffed.decimal_comma)
                if metric is not None and tp is not None
                else None
            )
        return parsers[index]

    return _fold_counts(parser)


def _long_folder(
    journey: Journey, sniffed: Sniffed
) -> Callable[[tuple[str, str], Counter[object]], Counter[object]]:
    """How a long file folds a (touchpoint, metric) pair's counts (no question: the metric's)."""
    from cxmap.survey.answers import AnswerParser

    parsers: dict[tuple[str, str], AnswerParser | None] = {}

    def parser(pair: tuple[str, str]) -> AnswerParser | None:
        if pair not in parsers:
            metric = journey.metric(pair[1])
            parsers[pair] = (
                AnswerParser(metric, None, decimal_comma=sniffed.decimal_comma)
                if metric is not None
                else None
            )
        return parsers[pair]

    return _fold_counts(parser)


def _fold_counts(
    parser: Callable[[Any], AnswerParser | None],
) -> Callable[[Any, Counter[object]], Counter[object]]:
    """Fold counts: each distinct answer parsed as ``parser(where)`` reads it.

    A number becomes its value (the same score), a missing token one missing
    token, labels stay; answers that give no score keep a few examples and the
    rest is counted under one stand-in per reason. The figures stay exact; only
    the examples the warnings could name are fewer.
    """
    from cxmap.survey.answers import Folded, normalize_label
    from cxmap.survey.labels import TABLES

    known_labels = {label for table in TABLES for label in table.codes()}

    def fold(where: Any, counts: Counter[object]) -> Counter[object]:
        parse = parser(where)
        if parse is None:
            return counts
        out: Counter[object] = Counter()
        examples: Counter[object] = Counter()
        for raw, count in counts.items():
            answer = parse(raw)
            if answer.label or isinstance(raw, Folded):
                out[raw] += count
            elif answer.value is not None:
                out[answer.value] += count  # the same score, out of scale or not
            elif answer.problem is None:
                out["n/a"] += count
            elif isinstance(raw, str) and normalize_label(raw) in known_labels:
                out[raw] += count  # a label of a table the column may still choose
            elif examples[answer.problem] < 3:
                examples[answer.problem] += 1
                out[raw] += count
            else:
                out[Folded(answer.problem)] += count
        parse.cache.clear()
        return out

    return fold


def _check_options(options: GapOptions) -> None:
    if not 0.0 < options.alpha < 1.0:
        raise UsageError(f"--alpha must lie between 0 and 1, not {options.alpha:g}")
    if options.by is not None and options.by not in BY_CHOICES:
        raise UsageError(f"--by must be one of {', '.join(BY_CHOICES)}, not '{options.by}'")
    if options.wave not in WAVE_CHOICES:
        raise UsageError(f"--wave must be one of {', '.join(WAVE_CHOICES)}, not '{options.wave}'")
    if options.date_format is not None:
        import datetime as dt

        if "%" not in options.date_format:
            raise UsageError(
                f"--date-format '{options.date_format}' has no % directive; "
                "write it like %m/%d/%Y or %d-%m-%Y %H:%M"
            )
        try:
            dt.datetime(2001, 2, 3).strftime(options.date_format)
        except ValueError as exc:
            raise UsageError(f"--date-format '{options.date_format}': {exc}") from exc


def _ordered(counts: Counter[str], order: tuple[str, ...]) -> dict[str, int]:
    known = {k: counts[k] for k in order if counts.get(k)}
    return known | {k: v for k, v in sorted(counts.items()) if k not in known and v}


def _account(tally: FileTally, cells: Counter[str]) -> FileAccount:
    excluded = sum(tally.excluded.values())
    skipped = Counter(tally.cells_skipped)
    skipped.update(cells)
    used = tally.rows_read - excluded
    if tally.sniffed.long:
        used -= sum(skipped.values())
    return FileAccount(
        path=str(tally.sniffed.path),
        layout=tally.sniffed.tool.value,
        rows_read=tally.rows_read,
        responses_used=used,
        excluded=_ordered(tally.excluded, EXCLUSION_REASONS),
        cells_skipped=_ordered(skipped, CELL_REASONS),
    )


def _same_content(paths: Sequence[Path]) -> dict[int, int]:
    """Files with the same bytes as an earlier one: later index -> earlier index."""
    import hashlib

    if len(paths) < 2:
        return {}
    sizes: dict[int, list[int]] = {}
    for i, path in enumerate(paths):
        try:
            if path.is_file():
                sizes.setdefault(path.stat().st_size, []).append(i)
        except OSError:
            continue
    copies: dict[int, int] = {}
    for group in sizes.values():
        if len(group) < 2:
            continue
        first: dict[str, int] = {}
        for i in group:
            digest = hashlib.sha256()
            try:
                with open(paths[i], "rb") as handle:
                    while block := handle.read(1 << 20):
                        digest.update(block)
            except OSError:
                continue
            seen = first.setdefault(digest.hexdigest(), i)
            if seen != i:
                copies[i] = seen
    return copies


def _dropped_copies(copies: dict[int, int]) -> set[int]:
    """Under --dedupe, every copy but the one given last is dropped."""
    groups: dict[int, list[int]] = {}
    for later, first in copies.items():
        groups.setdefault(first, [first]).append(later)
    return {i for members in groups.values() for i in members if i != max(members)}


def _repeated_ids(ids: dict[int, set[str]], paths: Sequence[Path], dedupe: bool) -> list[str]:
    if len(ids) < 2 or dedupe:
        return []
    counts: Counter[str] = Counter()
    for found in ids.values():
        counts.update(found)
    repeated = sorted(rid for rid, n in counts.items() if n > 1)
    if not repeated:
        return []
    shown = ", ".join(f"'{r}'" for r in repeated[:3])
    return [
        f"{len(repeated)} respondent id{'s' if len(repeated) != 1 else ''} occur in more than "
        f"one survey file (e.g. {shown}); pass --dedupe to count each respondent once "
        "(the response in the file given last)"
    ]


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


def _from_data_waves(options: GapOptions) -> bool:
    return bool(options.date_column or options.wave_column)


def _group(options: GapOptions, sniffed: Sniffed) -> Group | None:
    from cxmap.survey.tally import Group

    if options.by == "segment":
        return Group(options.segment_column)
    if options.by == "persona":
        # a persona column where the survey has one, else the segment column
        return Group("persona" if sniffed.find("persona") is not None else options.segment_column)
    if options.by == "channel" and sniffed.find("channel") is not None:
        return Group("channel")
    if options.by == "wave" and options.wave_column:
        return Group(options.wave_column)
    if options.by == "wave" and options.date_column:
        return Group(options.date_column, dates=True)
    return None


def _resolve_questions(
    journey: Journey, files: list[Sniffed]
) -> tuple[list[dict[int, list[tuple[str, str, str]]]], list[str]]:
    """Map each wide file's columns to (touchpoint, metric, key) through the map's questions.

    A key missing from a file is drift (a warning naming the closest columns);
    a key that names several columns, and a file that matches no key at all,
    are errors.
    """
    mappings: list[dict[int, list[tuple[str, str, str]]]] = [{} for _ in files]
    warnings: list[str] = []
    keys = [
        (tp.id, key, metric)
        for tp in [*journey.touchpoints, journey_touchpoint(journey)]
        for key, metric in tp.measures.items()
    ]
    if not keys:
        return mappings, warnings
    for i, sniffed in enumerate(files):
        if sniffed.long:
            continue
        missing: list[tuple[str, str]] = []
        for tp_id, key, metric in keys:
            matches = sniffed.lookup(key)
            if len(matches) > 1:
                shown = ", ".join(f"column {c.index + 1} '{c.joined}'" for c in matches[:6])
                hint = f"'{key}#1' .. '{key}#{len(matches)}', " if not key.endswith("#") else ""
                raise InputError(
                    f"{sniffed.path}: question '{key}' of touchpoint '{tp_id}' matches "
                    f"{len(matches)} columns ({shown}); use a key that names one column "
                    f"({hint}the ImportId, 'question / row label', or '#N' for the N-th column)"
                )
            if matches:
                mappings[i].setdefault(matches[0].index, []).append((tp_id, metric, key))
            else:
                missing.append((tp_id, key))
        if not mappings[i]:
            listed = _column_list(sniffed)
            raise InputError(
                f"{sniffed.path}: none of the map's {len(keys)} question key"
                f"{'s' if len(keys) != 1 else ''} matches a column of this file (e.g. "
                f"'{keys[0][1]}' of touchpoint '{keys[0][0]}'); columns are: {listed}"
            )
        for tp_id, key in missing:
            warnings.append(
                f"{sniffed.path}: no column for question '{key}' of touchpoint '{tp_id}'; "
                f"this file gives it no answers{_closest(sniffed, key)}"
            )
    return mappings, warnings


def _column_list(sniffed: Sniffed) -> str:
    names = [c.key for c in sniffed.columns if c.key]
    return ", ".join(repr(k) for k in names[:12]) + (", ..." if len(names) > 12 else "")


def _closest(sniffed: Sniffed, key: str) -> str:
    import difflib

    from cxmap.survey.layouts import fold

    names: dict[str, str] = {}
    for column in sniffed.columns:
        if column.derived:
            continue
        for name in (*column.names, column.joined):
            if name and len(name) <= 300:
                names.setdefault(fold(name), name)
    close = difflib.get_close_matches(fold(key), list(names)[:5000], n=3, cutoff=0.6)
    if not close:
        return ""
    return f" (closest columns: {', '.join(repr(names[c]) for c in close)})"


ProblemList = list[tuple["_TallyRef", list[tuple[str, int]]]]


@dataclass(frozen=True)
class _TallyRef:
    label: str
    touchpoint: str
    metric: str
    problem: Problem


class _Accumulator:
    """Sufficient statistics per (touchpoint, metric, group), merged over files."""

    def __init__(self, journey: Journey, options: GapOptions) -> None:
        self.journey = journey
        self.options = options
        self.touchpoints = {tp.id: tp for tp in journey.touchpoints}
        self.whole = journey_touchpoint(journey)
        self.touchpoints.setdefault(self.whole.id, self.whole)
        #: a persona or segment value -> the persona id it names (id or name, any case)
        self.personas = {_fold(p.id): p.id for p in journey.personas}
        self.personas.update({_fold(p.name): p.id for p in journey.personas})
        self.unmatched: Counter[str] = Counter()
        self.stats: dict[tuple[str, str, str | None], Stats] = {}
        self.notes: list[str] = []

    def add(
        self, tally: FileTally, by: str | None, fixed: str | None, group: Group | None
    ) -> tuple[ProblemList, Counter[str]]:
        """Parse each column's distinct answers once and add them to the statistics.

        Returns the problem answers (a few examples each, for the warnings) and
        the cells skipped by reason.
        """
        from cxmap.survey.answers import Folded, Problem
        from cxmap.survey.columns import read_column

        problems: dict[_TallyRef, list[tuple[str, int]]] = {}
        totals_by_ref: Counter[_TallyRef] = Counter()
        cells: Counter[str] = Counter()
        names = self._group_names(tally, group) if group is not None else {}
        used = tally.rows_read - sum(tally.excluded.values())
        seen_columns: set[tuple[str, str]] = set()
        path = tally.sniffed.path
        for t in tally.tallies:
            metric = self.journey.metric(t.metric)
            tp = self.touchpoints.get(t.touchpoint)
            if metric is None or tp is None:
                continue
            question = tp.question(t.key) if t.key in tp.questions else None
            totals: Counter[object]
            if len(t.counts) == 1:
                totals = next(iter(t.counts.values()))  # no copy: distinct answers can be many
            else:
                totals = Counter()
                for counter in t.counts.values():
                    totals.update(counter)
            where = f"{path}: {t.label} ('{tp.id}' {metric.id})" if t.key else f"{path}: {t.label}"
            column = read_column(
                list(totals),
                totals,
                metric,
                question,
                decimal_comma=tally.sniffed.decimal_comma,
                where=where,
                key=t.key,
            )
            self.notes.extend(column.notes)
            first = (t.label, t.metric) not in seen_columns
            seen_columns.add((t.label, t.metric))
            answers, parser = column.answers, column.parser
            if not tally.sniffed.long and first:
                blank = used - sum(totals.values())
                if blank > 0:
                    cells["missing"] += blank
            for raw_group, counter in t.counts.items():
                label = names.get(raw_group, NO_GROUP) if group is not None else fixed
                if by == "channel" and group is None:
                    label = tp.channel if tp is not self.whole else None
                elif by == "persona" and label is not None:
                    persona = self.personas.get(_fold(label))
                    if persona is None:
                        self.unmatched[label] += sum(counter.values())
                    label = persona
                for raw, count in counter.items():
                    answer = answers[raw]
                    if answer.problem is not None:
                        if first:
                            cells[answer.problem.value] += count
                            ref = _TallyRef(t.label, t.touchpoint, t.metric, answer.problem)
                            totals_by_ref[ref] += count
                            examples = problems.setdefault(ref, [])
                            if len(examples) < 3 and not isinstance(raw, Folded):
                                examples.append((_shown(raw), count))
                        continue
                    if answer.value is None:
                        if first:
                            cells[Problem.MISSING.value] += count
                        continue
                    value = parser.rescale(answer.value)
                    self._add(tp.id, metric, None, value, count)
                    if label is not None:
                        self._add(tp.id, metric, label, value, count)
        out: ProblemList = []
        for ref, examples in problems.items():
            total = totals_by_ref[ref]
            shown = sum(c for _, c in examples)
            if total > shown:
                examples.append(("", total - shown))  # the rest, unnamed
            out.append((ref, examples))
        return out, cells

    def _group_names(self, tally: FileTally, group: Group) -> dict[str | None, str]:
        """Each raw group cell of the file -> the group it is shown under."""
        raws: set[str] = set()
        for t in tally.tallies:
            raws.update(k for k in t.counts if k is not None)
        path = tally.sniffed.path
        if not group.dates:
            names: dict[str | None, str] = {raw: raw for raw in raws}
            if self.options.by == "segment":
                self._check_segments(tally, raws)
            return names
        from cxmap.survey.dates import AmbiguousDates, Period, read_dates, wave_of

        try:
            found = read_dates(raws, self.options.date_format)
        except AmbiguousDates as exc:
            raise InputError(
                f"{path}: the '{group.column}' column {exc}; pass --date-format "
                "(e.g. --date-format %m/%d/%Y or --date-format %d/%m/%Y)"
            ) from exc
        period = Period(self.options.wave)
        names = {raw: wave_of(day, period) for raw, day in found.items() if day is not None}
        bad = sorted(raw for raw, day in found.items() if day is None)
        if bad:
            from cxmap.survey.answers import describe

            hint = (
                f"--date-format {self.options.date_format}"
                if self.options.date_format
                else "ISO or day/month/year"
            )
            self.notes.append(
                f"{path}: {len(bad)} distinct '{group.column}' value{'s' if len(bad) != 1 else ''} "
                f"not a date (e.g. '{describe(bad[0])}'; read as {hint}); those answers are "
                f"shown under '{NO_GROUP}'"
            )
        return names

    def _check_segments(self, tally: FileTally, raws: set[str]) -> None:
        declared = self.journey.segments
        if not declared:
            return
        import difflib

        unknown = sorted(r for r in raws if r not in declared)
        for raw in unknown[:5]:
            close = difflib.get_close_matches(raw.casefold(), declared, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.notes.append(
                f"{tally.sniffed.path}: segment '{raw[:60]}' is not declared under segments{hint}"
            )
        if len(unknown) > 5:
            self.notes.append(
                f"{tally.sniffed.path}: {len(unknown) - 5} more undeclared segment values"
            )

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
                ordered = sorted(members, key=lambda g: (g == NO_GROUP, rank.get(g, len(rank)), g))
                for group in ordered:
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


def _shown(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    from cxmap.survey.workbook import cell_text

    return cell_text(raw)


def _problem_warnings(tally: FileTally, problems: ProblemList, journey: Journey) -> list[str]:
    """Per cell when there are few, per column when there are many (warnings stay readable).

    ``problems`` holds at most three named examples per column and reason, then
    the count of the rest (named ``''``): warnings stay bounded whatever the input.
    """
    from cxmap.survey.answers import Problem, describe, scale_text

    out: list[str] = []
    path = tally.sniffed.path
    for ref, raws in problems:
        metric = journey.metric(ref.metric)
        if metric is None:
            continue
        total = sum(count for _, count in raws)
        named = [(raw, count) for raw, count in raws if raw]
        if ref.problem is Problem.OUT_OF_SCALE:
            one = f"outside {metric.id} scale {scale_text(metric)}"
            many = one
        elif ref.problem is Problem.UNKNOWN_LABEL:
            one = f"is not a known {metric.id} answer label"
            many = f"are not known {metric.id} answer labels"
        else:
            one = f"is not a number or a known {metric.id} answer"
            many = f"are not numbers or known {metric.id} answers"
        if total <= 3 and len(named) == len(raws):
            for raw, count in named:
                lines = tally.lines.get((ref.label, raw), [])[:count]
                for line in lines or [0]:
                    where = f"{path}:{line}" if line else f"{path}"
                    out.append(f"{where}: {ref.label} value '{describe(raw)}' {one}; cell skipped")
        else:
            raw = named[0][0] if named else ""
            lines = tally.lines.get((ref.label, raw), [])
            at = f" on line {lines[0]}" if lines else ""
            examples = ", ".join(f"'{describe(r)}'" for r, _ in named[:3])
            out.append(
                f"{path}: {ref.label}: {total} values {many} (e.g. {examples}{at}); cells skipped"
            )
    return out
