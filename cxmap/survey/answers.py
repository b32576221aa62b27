"""From an answer cell to a score: strict numbers, answer labels, missing answers.

Numbers are ASCII digits only (Python's ``float`` accepts ``'٤'``, ``'NaN'``,
``'inf'`` and ``'1e1'``; a survey cell never means those). Blank cells and
"not applicable" answers are missing, never zero. Labels of the common
satisfaction, agreement, ease and likelihood scales, in English and Dutch,
map to scores by the number of points on the metric's scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cxmap.model import Metric

_SPACE = re.compile(r"\s+")
_DOT_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_COMMA_NUMBER = re.compile(r"[+-]?[0-9]+(?:,[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}[.,][0-9]{3}")
# "5 - Zeer tevreden", "10 = Extremely likely", "1: Very dissatisfied", "5 (very satisfied)"
_LEADING = re.compile(r"([+-]?[0-9]+)\s*(?:[-–—=:.)]|(?=\())\s*(?:\(\s*)?[^\W\d_].*", re.DOTALL)
# "Extremely likely - 10", "Zeer tevreden (5)", "Not at all likely 0"
_TRAILING = re.compile(r"[^0-9]*?[^\W\d_][^0-9]*?[\s(=:–—-]([0-9]+)\s*\)?")

MISSING_ANSWERS = frozenset(
    {
        "n/a",
        "na",
        "n.a.",
        "n.v.t.",
        "n.v.t",
        "nvt",
        "niet van toepassing",
        "not applicable",
        "does not apply",
        "weet niet",
        "weet ik niet",
        "don't know",
        "dont know",
        "do not know",
        "geen mening",
        "no opinion",
        "prefer not to say",
        "zeg ik liever niet",
        "-99",
    }
)

# Answer labels by the number of points on the scale, best last.
_SCALE_LABELS: dict[int, list[tuple[str, ...]]] = {
    5: [
        (
            "very dissatisfied",
            "extremely dissatisfied",
            "strongly disagree",
            "very poor",
            "very bad",
            "very negative",
            "zeer ontevreden",
            "heel ontevreden",
            "helemaal mee oneens",
            "zeer mee oneens",
            "zeer slecht",
            "heel slecht",
            "zeer negatief",
        ),
        (
            "dissatisfied",
            "somewhat dissatisfied",
            "disagree",
            "somewhat disagree",
            "poor",
            "bad",
            "negative",
            "ontevreden",
            "mee oneens",
            "oneens",
            "slecht",
            "negatief",
        ),
        (
            "neither satisfied nor dissatisfied",
            "neither agree nor disagree",
            "neutral",
            "fair",
            "average",
            "neutraal",
            "niet tevreden, niet ontevreden",
            "niet ontevreden, niet tevreden",
            "niet mee eens, niet mee oneens",
            "niet eens, niet oneens",
            "gemiddeld",
            "redelijk",
        ),
        (
            "satisfied",
            "somewhat satisfied",
            "agree",
            "somewhat agree",
            "good",
            "positive",
            "tevreden",
            "mee eens",
            "eens",
            "goed",
            "positief",
        ),
        (
            "very satisfied",
            "extremely satisfied",
            "strongly agree",
            "very good",
            "excellent",
            "very positive",
            "zeer tevreden",
            "heel tevreden",
            "helemaal mee eens",
            "zeer mee eens",
            "zeer goed",
            "heel goed",
            "uitstekend",
            "zeer positief",
        ),
    ],
    7: [
        ("strongly disagree", "very difficult", "helemaal mee oneens", "zeer moeilijk"),
        ("disagree", "difficult", "mee oneens", "oneens", "moeilijk"),
        (
            "somewhat disagree",
            "somewhat difficult",
            "enigszins mee oneens",
            "een beetje mee oneens",
            "enigszins moeilijk",
        ),
        (
            "neither agree nor disagree",
            "neither easy nor difficult",
            "neutral",
            "neutraal",
            "niet mee eens, niet mee oneens",
            "niet makkelijk, niet moeilijk",
        ),
        (
            "somewhat agree",
            "somewhat easy",
            "enigszins mee eens",
            "een beetje mee eens",
            "enigszins makkelijk",
        ),
        ("agree", "easy", "mee eens", "eens", "makkelijk", "gemakkelijk"),
        (
            "strongly agree",
            "very easy",
            "helemaal mee eens",
            "zeer makkelijk",
            "zeer gemakkelijk",
        ),
    ],
    11: [
        ("not at all likely", "zeer onwaarschijnlijk", "helemaal niet waarschijnlijk"),
        *[()] * 9,
        ("extremely likely", "zeer waarschijnlijk", "extreem waarschijnlijk"),
    ],
}


def normalize_label(text: str) -> str:
    """Case-folded, single-spaced, straight-quoted: the form labels are compared in."""
    return _SPACE.sub(" ", text.replace("’", "'").replace("‘", "'")).strip().casefold()


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

    NOT_A_NUMBER = "not-a-number"
    OUT_OF_SCALE = "out-of-scale"


@dataclass(frozen=True)
class Answer:
    """A parsed answer: a score, missing (``value`` None, no problem), or a problem."""

    value: float | None
    problem: Problem | None = None


MISSING = Answer(None)


def scale_text(metric: Metric) -> str:
    """The scale as users write it: ``1..5``."""
    low, high = metric.scale
    return f"{low:g}..{high:g}"


class AnswerParser:
    """Parses the answer cells of one metric (labels, numbers, scale check)."""

    def __init__(self, metric: Metric, *, decimal_comma: bool = False) -> None:
        """Prepare the label table of ``metric``'s scale plus the map's own labels."""
        self.metric = metric
        self.decimal_comma = decimal_comma
        low, high = metric.scale
        self.labels: dict[str, float] = {}
        if float(low).is_integer() and float(high).is_integer():
            points = int(high - low) + 1
            for rank, names in enumerate(_SCALE_LABELS.get(points, [])):
                for name in names:
                    self.labels.setdefault(name, low + rank)
        self.labels.update({normalize_label(k): v for k, v in metric.labels.items()})
        self.cache: dict[str, Answer] = {}

    def __call__(self, text: str) -> Answer:
        """The answer in ``text`` (cached per distinct text)."""
        found = self.cache.get(text)
        if found is None:
            found = self._parse(text)
            if len(self.cache) < 100_000:
                self.cache[text] = found
        return found

    def _parse(self, text: str) -> Answer:
        low, high = self.metric.scale
        norm = normalize_label(text)
        if norm in self.labels:
            return self._checked(self.labels[norm])
        if is_missing(text):
            return MISSING
        value = parse_number(text, decimal_comma=self.decimal_comma)
        if value is None:
            s = text.strip()
            if len(s) <= 200:
                match = _LEADING.fullmatch(s) or _TRAILING.fullmatch(s)
                if match:
                    value = float(match.group(1))
        if value is None:
            return Answer(None, Problem.NOT_A_NUMBER)
        if value == -99 and not low <= value <= high:
            return MISSING  # Qualtrics: seen but not answered
        return self._checked(value)

    def _checked(self, value: float) -> Answer:
        low, high = self.metric.scale
        if low <= value <= high:
            return Answer(value)
        return Answer(value, Problem.OUT_OF_SCALE)


def describe(text: str, limit: int = 40) -> str:
    """A cell as a warning shows it: short, printable."""
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[:limit])
    return shown + ("..." if len(text) > limit else "")
