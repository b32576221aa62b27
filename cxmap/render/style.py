"""Themes, the colour-blind-safe palette and the gap-status symbols.

Colours come from the Okabe-Ito palette (Okabe & Ito 2008), which stays
distinguishable under the common colour-vision deficiencies; every status
also has a text symbol and a word, so no meaning rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

# Okabe-Ito
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"
#: Vermillion darkened until text in it reads on white (6.6:1; Okabe-Ito's is 3.9:1).
DARK_VERMILLION = "#B42318"


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
    # strong fill: Okabe-Ito blue lightened until black text reads on it (6.1:1; BLUE is 4.05:1)
    "on-target": StatusStyle("●", "on target (within the margin)", "#D9EEF7", "#3D8FD6"),
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
    header_fill: str = "#1F3A5F"
    header_text: str = "#FFFFFF"
    muted: str = "#4A5561"
    band_fill: str = "#F4F6F8"

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
        negative=DARK_VERMILLION,
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
        header_fill=BLACK,
        muted=BLACK,
        band_fill="#FFFFFF",
    ),
}


def worst_status(statuses: list[str]) -> str | None:
    """The worst of several gap statuses (``below`` first), or None for none."""
    for status in STATUS_SEVERITY:
        if status in statuses:
            return status
    return None


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of ``#RRGGBB`` (WCAG 2.1)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


@cache
def contrast(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


#: WCAG AA for normal text.
MIN_CONTRAST = 4.5


def readable(colour: str, fill: str, fallback: str) -> str:
    """``colour`` when text in it is readable on ``fill`` (4.5:1), else ``fallback``."""
    return colour if contrast(colour, fill) >= MIN_CONTRAST else fallback
