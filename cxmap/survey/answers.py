"""From an answer cell to a score: strict numbers, answer labels, missing answers.

Numbers are ASCII digits only (Python's ``float`` accepts ``'٤'``, ``'NaN'``,
``'inf'`` and ``'1e1'``; a survey cell never means those). Blank cells and
"not applicable" answers are missing, never zero. Labels come from the map
(``labels`` of the question or the metric) or from the one built-in table
(``cxmap.survey.labels``) that the column's answers pick as a whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from cxmap.model import Metric, Question
from cxmap.survey.labels import MISSING_TOKENS, LabelTable

_SPACE = re.compile(r"\s+")
_DOT_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_COMMA_NUMBER = re.compile(r"[+-]?[0-9]+(?:,[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}[.,][0-9]{3}")
# "5 - Zeer tevreden", "10 = Extremely likely", "1: Very dissatisfied", "5 (very satisfied)"
_LEADING = re.compile(r"([+-]?[0-9]+)\s*(?:[-–—=:.)]|(?=\())\s*(?:\(\s*)?[^\W\d_].*", re.DOTALL)
# "Extremely likely - 10", "Zeer tevreden (5)", "Not at all likely = 0"
# (a separator is needed: "Room 3" or "bad answer 7" is not the answer 3 or 7)
_TRAILING = re.compile(r"[^0-9]*?[^\W\d_][^0-9]*?\s*[(=:–—-]\s*([0-9]+)\s*\)?")

MISSING_ANSWERS = MISSING_TOKENS
_STARS = re.compile(r"\s*([★☆]+)\s*")
_FRACTION = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*/\s*([0-9]+)\s*")


def normalize_label(text: str) -> str:
    """Case-folded, single-spaced, straight-quoted: the form labels are compared in."""
    text = unicodedata.normalize("NFC", text.replace("’", "'").replace("‘", "'"))
    return _SPACE.sub(" ", text).strip().casefold()


def is_missing(text: str) -> bool:
    """True for a blank cell or a "not applicable" answer (``Weet niet / n.v.t.`` too)."""
    norm = normalize_label(text)
    if not norm or norm in MISSING_ANSWERS:
        return True
    parts = [p.strip() for p in norm.split("/")]
    return len(parts) > 1 and all(p in MISSING_ANSWERS for p in parts)


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """A strictly written number (ASCII digits, one decimal separator), else None.

    The file's decimal separator (comma for ``;`` files) is always accepted; the
    other one only where it cannot be a thousands separator (``1,000``, ``1.000``).
    """
    s = text.strip()
    if not s or len(s) > 64:
        return None
    if _DOT_NUMBER.fullmatch(s):
        if decimal_comma and _THOUSANDS.fullmatch(s):
            return None
        return float(s)
    if _COMMA_NUMBER.fullmatch(s):
        if not decimal_comma and _THOUSANDS.fullmatch(s):
            return None
        return float(s.replace(",", "."))
    return None


class Problem(StrEnum):
    """Why an answer cell was skipped."""

    MISSING = "missing"
    NOT_A_NUMBER = "not-a-number"
    UNKNOWN_LABEL = "unknown-label"
    OUT_OF_SCALE = "out-of-scale"


@dataclass(frozen=True)
class Answer:
    """A parsed answer: a score, missing (``value`` None, no problem), or a problem.

    ``label`` is True when the score came from a label (declared or from a
    table) rather than a number written in the cell.
    """

    value: float | None
    problem: Problem | None = None
    label: bool = False


MISSING = Answer(None)


@dataclass(frozen=True)
class Folded:
    """Stands for the many answers of one reason that a column's counts folded together.

    Not text, so no cell of a file can be mistaken for it; never named in warnings.
    """

    problem: Problem


def scale_text(metric: Metric) -> str:
    """The scale as users write it: ``1..5``."""
    low, high = metric.scale
    return f"{low:g}..{high:g}"


def span_text(scale: tuple[float, float]) -> str:
    """A scale as users write it: ``1..10``."""
    return f"{scale[0]:g}..{scale[1]:g}"


def _points(scale: tuple[float, float]) -> int | None:
    low, high = scale
    if float(low).is_integer() and float(high).is_integer():
        return int(high - low) + 1
    return None


_NUMBER_LIKE = frozenset({"nan", "inf", "+inf", "-inf", "infinity", "-infinity"})


def _unparsed(norm: str) -> Problem:
    """An unknown label (words) or not a number (digits and signs, ``NaN``, ``1e1``)."""
    if norm in _NUMBER_LIKE or any(c.isdigit() for c in norm):
        return Problem.NOT_A_NUMBER
    return Problem.UNKNOWN_LABEL if any(c.isalpha() for c in norm) else Problem.NOT_A_NUMBER


class AnswerParser:
    """Parses the answer cells of one column (or long-file pair) on one scale.

    The column's scale is the question's declared ``scale`` or else the
    metric's. Declared labels and missing tokens (question first, then
    metric) come before the built-in ones; a built-in table is used only when
    ``use_table`` set one for the whole column. Scores stay on the column's
    scale; ``rescale`` maps them onto the metric's.
    """

    def __init__(
        self, metric: Metric, question: Question | None = None, *, decimal_comma: bool = False
    ) -> None:
        """Prepare the declared labels and missing tokens of ``metric`` and ``question``."""
        self.metric = metric
        self.decimal_comma = decimal_comma
        self.scale: tuple[float, float] = (
            question.scale if question is not None and question.scale else metric.scale
        )
        self.points = _points(self.scale)
        self.declared: dict[str, float] = {normalize_label(k): v for k, v in metric.labels.items()}
        missing = {normalize_label(m) for m in metric.missing}
        if question is not None:
            self.declared.update({normalize_label(k): v for k, v in question.labels.items()})
            missing |= {normalize_label(m) for m in question.missing}
        self.missing = frozenset(missing)
        self.table: LabelTable | None = None
        self.table_codes: dict[str, int] = {}
        self.cache: dict[object, Answer] = {}

    @property
    def rescaled(self) -> bool:
        """True when the column's scale differs from the metric's."""
        return self.scale != self.metric.scale

    def use_table(self, table: LabelTable | None) -> None:
        """Read labels with ``table`` from now on (None: declared labels only)."""
        self.table = table
        self.table_codes = table.codes() if table is not None else {}
        self.cache.clear()

    def rescale(self, value: float) -> float:
        """``value`` on the column's scale, linearly onto the metric's scale."""
        if not self.rescaled:
            return value
        low, high = self.scale
        m_low, m_high = self.metric.scale
        return m_low + (value - low) * (m_high - m_low) / (high - low)

    def candidate_label(self, raw: object) -> str | None:
        """The normalised text of ``raw`` when it could only be a label, else None."""
        if not isinstance(raw, str):
            return None
        norm = normalize_label(raw)
        if not norm or norm in self.declared or self._is_missing(norm):
            return None
        if self._number(raw) is not None:
            return None
        return norm

    def __call__(self, raw: object) -> Answer:
        """The answer in ``raw`` (cached per distinct cell)."""
        found = self.cache.get(raw)
        if found is None:
            found = self._parse(raw)
            if len(self.cache) < 100_000:
                self.cache[raw] = found
        return found

    def _is_missing(self, norm: str) -> bool:
        if norm in self.missing or norm in MISSING_ANSWERS:
            return True
        parts = [p.strip() for p in norm.split("/")]
        return len(parts) > 1 and all(p in MISSING_ANSWERS or p in self.missing for p in parts)

    def _parse(self, raw: object) -> Answer:
        if isinstance(raw, Folded):
            return Answer(None, raw.problem)
        if isinstance(raw, bool) or raw is None:
            return MISSING if raw is None else Answer(None, Problem.NOT_A_NUMBER)
        if isinstance(raw, int | float):
            value = float(raw)
            if value != value or value in (float("inf"), float("-inf")):
                return Answer(None, Problem.NOT_A_NUMBER)
            return self._checked(value)
        if not isinstance(raw, str):
            return Answer(None, Problem.NOT_A_NUMBER)
        norm = normalize_label(raw)
        if norm in self.declared:
            return self._checked(self.declared[norm], label=True)
        if not norm or self._is_missing(norm):
            return MISSING
        if norm in self.table_codes:
            # tables run worst to best: the best answer is the high end of the
            # scale, or the low end where lower is better
            rank = self.table_codes[norm]
            if self.metric.higher_is_better:
                return self._checked(self.scale[0] + rank, label=True)
            return self._checked(self.scale[1] - rank, label=True)
        number = self._number(raw)
        if number is None:
            return Answer(None, _unparsed(norm))
        if number != number:  # a star or fraction on another scale
            return Answer(None, Problem.OUT_OF_SCALE)
        low, high = self.scale
        if number == -99 and not low <= number <= high:
            return MISSING  # Qualtrics: seen but not answered
        return self._checked(number)

    def _number(self, text: str) -> float | None:
        """A number in ``text``: plain, ``5 - Satisfied``, stars, ``4/5`` (NaN: off scale)."""
        value = parse_number(text, decimal_comma=self.decimal_comma)
        if value is not None:
            return value
        s = text.strip()
        if len(s) > 200:
            return None
        match = _LEADING.fullmatch(s) or _TRAILING.fullmatch(s)
        if match:
            return float(match.group(1))
        stars = _STARS.fullmatch(s)
        high = self.scale[1]
        if stars:
            glyphs = stars.group(1)
            return float(glyphs.count("★")) if len(glyphs) == high else float("nan")
        fraction = _FRACTION.fullmatch(s)
        if fraction:
            top = parse_number(fraction.group(1), decimal_comma=True)
            if top is None:
                return None
            return top if float(fraction.group(2)) == high else float("nan")
        return None

    def _checked(self, value: float, *, label: bool = False) -> Answer:
        low, high = self.scale
        if low <= value <= high:
            return Answer(value, None, label)
        return Answer(value, Problem.OUT_OF_SCALE, label)


def describe(text: str, limit: int = 40) -> str:
    """A cell as a warning shows it: short, printable."""
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[:limit])
    return shown + ("..." if len(text) > limit else "")
