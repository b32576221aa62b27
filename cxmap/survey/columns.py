"""One column's answers read as a whole: its label table, its scale, its scores.

A column (or, in a long file, one touchpoint-metric pair) is read in one
go over its distinct answers: the label table that covers them is chosen
once for all of them, and a column whose numbers sit on another scale is
refused instead of being cut down to the answers that happen to fit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cxmap.errors import InputError
from cxmap.model import Metric, Question
from cxmap.survey.answers import Answer, AnswerParser, Problem, scale_text, span_text
from cxmap.survey.labels import OtherScale, TableConflict, choose_table

#: more answers than this outside the scale refuse the column ("a handful")
HANDFUL = 5


@dataclass
class ColumnAnswers:
    """The parsed distinct answers of one column and what was learnt reading them."""

    parser: AnswerParser
    answers: dict[Any, Answer]
    notes: list[str] = field(default_factory=list)


def read_column(
    raws: Iterable[Any],
    totals: Counter[Any],
    metric: Metric,
    question: Question | None,
    *,
    decimal_comma: bool,
    where: str,
    key: str,
) -> ColumnAnswers:
    """Parse the distinct answers ``raws`` of one column (``totals``: how often each occurs).

    ``where`` names the column in messages (``file: column (touchpoint metric)``),
    ``key`` is the map's key for it (for the suggested fix). Raises
    ``InputError`` when two label tables fit with different scores, when the
    labels belong to a scale of another size, or when the numbers sit on
    another scale than the metric's and the question declares none.
    """
    parser = AnswerParser(metric, question, decimal_comma=decimal_comma)
    # parsed once without a table; only the unknown labels are parsed again with one
    answers = {raw: parser(raw) for raw in raws}
    unknown = [raw for raw, a in answers.items() if a.problem is Problem.UNKNOWN_LABEL]
    labels = {n for raw in unknown if (n := parser.candidate_label(raw)) is not None}
    fix_key = key or "<column>"
    try:
        parser.use_table(choose_table(labels, parser.points))
    except TableConflict as exc:
        raise InputError(
            f"{where}: {exc} ({', '.join(repr(x) for x in exc.labels[:4])}); declare the "
            f"scores under the question: questions: {{{fix_key}: {{metric: {metric.id}, "
            "labels: {...}}}"
        ) from exc
    except OtherScale as exc:
        raise InputError(
            f"{where}: {exc}, but {metric.id}'s scale is {scale_text(metric)}; declare the "
            f"question's scale: questions: {{{fix_key}: {{metric: {metric.id}, scale: "
            f"[1, {exc.table.size}]}}}}"
        ) from exc
    if parser.table is not None:
        answers.update({raw: parser(raw) for raw in unknown})
    notes: list[str] = []
    if parser.rescaled:
        notes.append(
            f"{where}: answers on {span_text(parser.scale)} rescaled linearly onto "
            f"{metric.id}'s scale {scale_text(metric)}"
        )
    else:
        _check_scale(answers, totals, metric, where, fix_key)
    if parser.table is not None:
        notes.append(f"{where}: answer labels read with the table '{parser.table.name}'")
    return ColumnAnswers(parser, answers, notes)


def _check_scale(
    answers: dict[Any, Answer], totals: Counter[Any], metric: Metric, where: str, key: str
) -> None:
    """Refuse a column whose numbers clearly sit on another scale than the metric's."""
    outside: list[tuple[float, int]] = []
    numbers = 0
    for raw, answer in answers.items():
        if answer.value is None or answer.label:
            continue
        count = totals.get(raw, 0)
        numbers += count
        if answer.problem is Problem.OUT_OF_SCALE:
            outside.append((answer.value, count))
    many = sum(count for _, count in outside)
    if not outside:
        return
    low, high = metric.scale
    seen = [a.value for a in answers.values() if a.value is not None and not a.label]
    small = all(v.is_integer() and 0 <= v <= 10 for v, _ in outside) and (low, high) != (0, 10)
    if many <= HANDFUL and not (small and many >= 2):
        return
    top = max(seen)
    bottom = min(seen)
    guess_low = 0 if bottom == 0 else 1
    guess_high = 10 if top <= 10 else int(top) if float(top).is_integer() else top
    raise InputError(
        f"{where}: {many} of {numbers} answers lie outside {metric.id}'s scale "
        f"{scale_text(metric)} (seen {bottom:g}..{top:g}); "
        "the column is refused rather than cut down; if the question was asked on another "
        f"scale, declare it: questions: {{{key}: {{metric: {metric.id}, scale: "
        f"[{guess_low}, {guess_high:g}]}}}}"
    )
