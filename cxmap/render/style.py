"""Themes, the colour-blind-safe palette and the gap-status symbols.

Colours come from the Okabe-Ito palette (Okabe & Ito 2008), which stays
distinguishable under the common colour-vision deficiencies; every status
also has a text symbol and a word, so no meaning rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Okabe-Ito
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"


class ThemeName(StrEnum):
    """The themes ``cxmap render --theme`` offers."""

    DEFAULT = "default"
    HIGH_CONTRAST = "high-contrast"


@dataclass(frozen=True)
class StatusStyle:
    """How one gap status looks: symbol, word for the legend, fill colour per theme."""

    symbol: str
    word: str
    fill: str
    strong_fill: str


#: Gap status value -> its look. Keys are the ``GapStatus`` values (a StrEnum).
STATUS_STYLES: dict[str, StatusStyle] = {
    "above": StatusStyle("▲", "above target", "#B3E2D5", BLUISH_GREEN),
    "on-target": StatusStyle("●", "on target (within the margin)", "#D9EEF7", BLUE),
    "inconclusive": StatusStyle("≈", "inconclusive", "#F9F3A8", YELLOW),
    "below": StatusStyle("▼", "below target", "#F2C2A0", VERMILLION),
    "too-few": StatusStyle("…", "too few answers", "#CCE7F8", SKY_BLUE),
    "suppressed": StatusStyle("⊘", "suppressed (too few respondents)", "#DDDDDD", "#BBBBBB"),
    "no-data": StatusStyle("∅", "no data", "#DDDDDD", "#BBBBBB"),
    "no-target": StatusStyle("·", "no target", "#FFFFFF", "#FFFFFF"),
}

#: Worst first: a touchpoint with several metrics takes the colour of its worst one.
STATUS_SEVERITY = (
    "below",
    "inconclusive",
    "too-few",
    "suppressed",
    "no-data",
    "on-target",
    "above",
    "no-target",
)

#: Statuses the legend explains, in this order.
LEGEND_STATUSES = ("above", "on-target", "inconclusive", "below", "too-few", "no-data")


@dataclass(frozen=True)
class Theme:
    """Colours, pens and fonts of one look."""

    name: ThemeName
    font: str
    font_size: str
    text: str
    line: str
    pen: str
    node_fill: str
    cluster_fill: str
    cluster_line: str
    note_fill: str
    start_fill: str
    positive: str
    negative: str
    strong: bool

    def status_fill(self, status: str) -> str:
        """The fill colour of a gap status in this theme."""
        style = STATUS_STYLES[status]
        return style.strong_fill if self.strong else style.fill


THEMES: dict[ThemeName, Theme] = {
    ThemeName.DEFAULT: Theme(
        name=ThemeName.DEFAULT,
        font="Helvetica",
        font_size="10",
        text="#222222",
        line="#555555",
        pen="1",
        node_fill="#FFFFFF",
        cluster_fill="#F3F5F7",
        cluster_line="#AAB4BE",
        note_fill="#FFF8E1",
        start_fill="#E8EEF4",
        positive=BLUE,
        negative=VERMILLION,
        strong=False,
    ),
    ThemeName.HIGH_CONTRAST: Theme(
        name=ThemeName.HIGH_CONTRAST,
        font="Helvetica-Bold",
        font_size="12",
        text=BLACK,
        line=BLACK,
        pen="2",
        node_fill="#FFFFFF",
        cluster_fill="#FFFFFF",
        cluster_line=BLACK,
        note_fill="#FFFFFF",
        start_fill="#FFFFFF",
        positive=BLUE,
        negative=VERMILLION,
        strong=True,
    ),
}


def worst_status(statuses: list[str]) -> str | None:
    """The worst of several gap statuses (``below`` first), or None for none."""
    for status in STATUS_SEVERITY:
        if status in statuses:
            return status
    return None
