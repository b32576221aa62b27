"""The closed vocabularies of rendering (light: the CLI imports them for --help)."""

from __future__ import annotations

from enum import StrEnum


class View(StrEnum):
    """What a diagram shows."""

    JOURNEY = "journey"
    CHANNELS = "channels"
    EMOTION = "emotion"
    CANVAS = "canvas"


class Detail(StrEnum):
    """How much of each touchpoint the journey view shows."""

    MINIMAL = "minimal"
    NORMAL = "normal"
    FULL = "full"


class RankDir(StrEnum):
    """Direction of the journey view: left to right or top to bottom."""

    LR = "LR"
    TB = "TB"


class LangName(StrEnum):
    """The languages of ``--lang`` (the same values as ``cxmap.model.Lang``, without
    importing the model: the CLI builds its options before any map is read)."""

    EN = "en"
    NL = "nl"
