"""Answer label tables: the common rating scales in English and Dutch, as data.

Each table lists the labels of one scale from the worst answer to the best;
the codes rise from the low end of the scale a column is read on (1..5 for
csat: ``Poor`` is 1, ``Excellent`` 5). A column picks one table for all its
answers (``choose_table``), never one table per cell: ``Poor`` is 1 on
``Poor .. Excellent`` but 2 on ``Very poor .. Very good``, and a column that
fits both is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelTable:
    """One rating scale's labels, worst first; a point may have synonyms or no label."""

    name: str
    points: tuple[tuple[str, ...], ...]

    @property
    def size(self) -> int:
        """The number of points on the scale."""
        return len(self.points)

    def codes(self) -> dict[str, int]:
        """Normalised label -> rank (0 for the worst point)."""
        return {label: rank for rank, names in enumerate(self.points) for label in names}

    @property
    def span(self) -> str:
        """The table as messages name it: ``Poor .. Excellent``."""
        first = next(names[0] for names in self.points if names)
        last = next(names[0] for names in reversed(self.points) if names)
        return f"{first} .. {last}"


def _table(name: str, *points: str | tuple[str, ...] | None) -> LabelTable:
    shaped = tuple(() if p is None else (p,) if isinstance(p, str) else tuple(p) for p in points)
    return LabelTable(name, shaped)


_NEUTRAL = ("neutral",)
_NEUTRAAL = ("neutraal",)

#: the built-in tables, by the number of points they have
TABLES: tuple[LabelTable, ...] = (
    # satisfaction
    _table(
        "satisfaction-5",
        ("very dissatisfied",),
        ("dissatisfied",),
        ("neither satisfied nor dissatisfied", "neither dissatisfied nor satisfied", *_NEUTRAL),
        ("satisfied",),
        ("very satisfied",),
    ),
    _table(
        "satisfaction-5-extremely",
        ("extremely dissatisfied",),
        ("somewhat dissatisfied",),
        ("neither satisfied nor dissatisfied", "neither dissatisfied nor satisfied", *_NEUTRAL),
        ("somewhat satisfied",),
        ("extremely satisfied",),
    ),
    _table(
        "satisfaction-7",
        ("extremely dissatisfied",),
        ("moderately dissatisfied",),
        ("slightly dissatisfied",),
        ("neither satisfied nor dissatisfied", "neither dissatisfied nor satisfied", *_NEUTRAL),
        ("slightly satisfied",),
        ("moderately satisfied",),
        ("extremely satisfied",),
    ),
    _table(
        "tevredenheid-5",
        ("zeer ontevreden", "heel ontevreden"),
        ("ontevreden",),
        (
            "niet tevreden, niet ontevreden",
            "niet ontevreden, niet tevreden",
            "niet tevreden/niet ontevreden",
            *_NEUTRAAL,
        ),
        ("tevreden",),
        ("zeer tevreden", "heel tevreden"),
    ),
    _table(
        "tevredenheid-7",
        ("zeer ontevreden",),
        ("ontevreden",),
        ("enigszins ontevreden",),
        ("niet tevreden, niet ontevreden", "niet ontevreden, niet tevreden", *_NEUTRAAL),
        ("enigszins tevreden",),
        ("tevreden",),
        ("zeer tevreden",),
    ),
    # quality
    _table("quality-poor-excellent", "poor", "fair", "good", "very good", "excellent"),
    _table(
        "quality-very-poor-very-good", "very poor", "poor", ("fair", "average"), "good", "very good"
    ),
    _table("kwaliteit-slecht-uitstekend", "slecht", "matig", "redelijk", "goed", "uitstekend"),
    _table(
        "kwaliteit-zeer-slecht-zeer-goed",
        ("zeer slecht", "heel slecht"),
        "slecht",
        ("neutraal", "gemiddeld"),
        "goed",
        ("zeer goed", "heel goed"),
    ),
    # agreement
    _table(
        "agreement-5",
        "strongly disagree",
        "disagree",
        ("neither agree nor disagree", "neither disagree nor agree", *_NEUTRAL),
        "agree",
        "strongly agree",
    ),
    _table(
        "agreement-5-somewhat",
        "strongly disagree",
        "somewhat disagree",
        ("neither agree nor disagree", "neither disagree nor agree", *_NEUTRAL),
        "somewhat agree",
        "strongly agree",
    ),
    _table(
        "agreement-7",
        "strongly disagree",
        "disagree",
        "somewhat disagree",
        ("neither agree nor disagree", "neither disagree nor agree", *_NEUTRAL),
        "somewhat agree",
        "agree",
        "strongly agree",
    ),
    _table(
        "eens-5",
        ("helemaal mee oneens", "zeer mee oneens", "helemaal oneens"),
        ("mee oneens", "oneens"),
        (
            "niet mee eens, niet mee oneens",
            "niet eens, niet oneens",
            "neutraal",
        ),
        ("mee eens", "eens"),
        ("helemaal mee eens", "zeer mee eens", "helemaal eens"),
    ),
    _table(
        "eens-7",
        ("helemaal mee oneens", "zeer mee oneens"),
        ("mee oneens", "oneens"),
        ("enigszins mee oneens", "een beetje mee oneens"),
        ("niet mee eens, niet mee oneens", "neutraal"),
        ("enigszins mee eens", "een beetje mee eens"),
        ("mee eens", "eens"),
        ("helemaal mee eens", "zeer mee eens"),
    ),
    # likelihood
    _table(
        "likelihood-5",
        "very unlikely",
        "unlikely",
        ("neither likely nor unlikely", "neither unlikely nor likely", *_NEUTRAL),
        "likely",
        "very likely",
    ),
    _table(
        "likelihood-5-extremely",
        "extremely unlikely",
        "somewhat unlikely",
        ("neither likely nor unlikely", "neither unlikely nor likely", *_NEUTRAL),
        "somewhat likely",
        "extremely likely",
    ),
    _table(
        "waarschijnlijkheid-5",
        "zeer onwaarschijnlijk",
        "onwaarschijnlijk",
        _NEUTRAAL,
        "waarschijnlijk",
        "zeer waarschijnlijk",
    ),
    # ease and effort (the best answer last: very easy, very low effort)
    _table(
        "ease-5",
        "very difficult",
        "difficult",
        ("neither easy nor difficult", "neither difficult nor easy", *_NEUTRAL),
        "easy",
        "very easy",
    ),
    _table(
        "ease-7",
        "very difficult",
        "difficult",
        "somewhat difficult",
        ("neither easy nor difficult", "neither difficult nor easy", *_NEUTRAL),
        "somewhat easy",
        "easy",
        "very easy",
    ),
    _table(
        "effort-5",
        "very high effort",
        "high effort",
        ("moderate effort", "neither high nor low effort"),
        "low effort",
        "very low effort",
    ),
    _table(
        "gemak-5",
        ("zeer moeilijk", "heel moeilijk"),
        "moeilijk",
        _NEUTRAAL,
        ("makkelijk", "gemakkelijk"),
        ("zeer makkelijk", "heel makkelijk", "zeer gemakkelijk"),
    ),
    # 0..10 with labels at the ends only (the middle points are numbers)
    _table(
        "likelihood-0-10",
        ("not at all likely", "not likely at all", "extremely unlikely"),
        *[None] * 9,
        ("extremely likely",),
    ),
    _table(
        "waarschijnlijkheid-0-10",
        ("zeer onwaarschijnlijk", "helemaal niet waarschijnlijk"),
        *[None] * 9,
        ("zeer waarschijnlijk", "extreem waarschijnlijk"),
    ),
)

#: answers that mean "no answer", never a score (compared normalised)
MISSING_TOKENS = frozenset(
    {
        "n/a",
        "na",
        "n.a.",
        "n.v.t.",
        "n.v.t",
        "nvt",
        "-",
        "niet van toepassing",
        "not applicable",
        "does not apply",
        "weet niet",
        "weet ik niet",
        "don't know",
        "dont know",
        "do not know",
        "not sure",
        "unsure",
        "no basis for evaluation",
        "no opinion",
        "geen mening",
        "prefer not to say",
        "prefer not to answer",
        "i prefer not to answer",
        "zeg ik liever niet",
        "-99",
    }
)


class TableConflict(ValueError):
    """A column's labels fit several tables that score them differently."""

    def __init__(self, tables: list[LabelTable], labels: list[str]) -> None:
        self.tables = tables
        self.labels = labels
        names = " and ".join(f"'{t.name}' ({t.span})" for t in tables[:3])
        super().__init__(f"its labels fit {names}, which score them differently")


class OtherScale(ValueError):
    """A column's labels are those of a scale with another number of points."""

    def __init__(self, table: LabelTable, covered: int) -> None:
        self.table = table
        self.covered = covered
        super().__init__(
            f"its labels are those of the {table.size}-point scale '{table.name}' ({table.span})"
        )


def choose_table(labels: Iterable[str], points: int | None) -> LabelTable | None:
    """The one built-in table of ``points`` points that covers most of ``labels``.

    ``labels`` are normalised answer texts that are neither numbers, missing
    tokens nor declared labels. Raises ``TableConflict`` when the best tables
    score the column differently, ``OtherScale`` when a table with another
    number of points covers more of the column. None when no table covers any.
    """
    wanted = set(labels)
    if not wanted:
        return None
    best: list[tuple[LabelTable, frozenset[str]]] = []
    best_size = 0
    other: tuple[LabelTable, int] | None = None
    for table in TABLES:
        covered = frozenset(wanted & table.codes().keys())
        if not covered:
            continue
        if table.size != points:
            if other is None or len(covered) > other[1]:
                other = (table, len(covered))
            continue
        if len(covered) > best_size:
            best, best_size = [(table, covered)], len(covered)
        elif len(covered) == best_size:
            best.append((table, covered))
    if other is not None and other[1] > best_size:
        raise OtherScale(*other)
    if not best:
        return None
    first, covered = best[0]
    codes = first.codes()
    for table, theirs in best[1:]:
        their_codes = table.codes()
        if theirs != covered or any(codes[label] != their_codes[label] for label in covered):
            raise TableConflict([t for t, _ in best], sorted(covered))
    return first
