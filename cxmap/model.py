"""The typed model of a customer journey map (format version 1).

Pure data: this module imports nothing else from cxmap. Cross-references
(a touchpoint's phase, ``next``, metric names...) are checked in
``cxmap.references``; shapes, types and ranges are checked here.

No ``from __future__ import annotations`` here: with it pydantic would ``eval`` each
field's annotation text when the classes are made (~1 ms of every run), so the few
names used before their class exists are quoted instead.
"""

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSIONS = (1,)
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="An id: lowercase letters, digits and '-', e.g. 'try-on'."),
]
Text = Annotated[str, StringConstraints(min_length=1)]
EmotionLevel = Annotated[int, Field(ge=-2, le=2)]
_ID = re.compile(ID_PATTERN)
_EMOTION_HINT = "use a whole number from -2 (very negative) to 2 (very positive)"


def _is_level(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -2 <= value <= 2


@dataclass(frozen=True)
class _NoBool:
    """Refuse ``true``/``false`` where a number is expected (Python counts a bool as 1 or 0).

    A class rather than a closure, so the model's compiled schema can be stored
    (cxmap/compiled_schemas.py) and every validator in it found again by name.
    """

    kind: str
    words: str

    def __call__(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError(self.kind, f"Input should be {self.words}")
        return value


def _no_bool(kind: str, words: str) -> BeforeValidator:
    return BeforeValidator(_NoBool(kind, words))


#: The largest magnitude of a number in a map: far beyond any scale or target, and
#: small enough that sums of squares over millions of answers stay finite.
NUMBER_LIMIT = 1e12
#: A number in a map: finite (``1e999`` reads as infinity), bounded, never a boolean.
Number = Annotated[
    float,
    AllowInfNan(False),
    Field(ge=-NUMBER_LIMIT, le=NUMBER_LIMIT),
    _no_bool("float_type", "a valid number"),
]
#: A whole number in a map, never a boolean.
Whole = Annotated[int, _no_bool("int_type", "a valid integer")]


class Stage(StrEnum):
    """The common funnel stages a phase maps onto."""

    AWARENESS = "awareness"
    CONSIDERATION = "consideration"
    PURCHASE = "purchase"
    ONBOARDING = "onboarding"
    USAGE = "usage"
    SERVICE = "service"
    RETENTION = "retention"
    ADVOCACY = "advocacy"


class ChannelType(StrEnum):
    """Whether a channel is online or offline."""

    ONLINE = "online"
    OFFLINE = "offline"


class Moment(StrEnum):
    """When a touchpoint happens relative to the purchase."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class ActionStatus(StrEnum):
    """Where an improvement action stands."""

    IDEA = "idea"
    PLANNED = "planned"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"


class Lang(StrEnum):
    """The language of the words cxmap writes in diagrams and reports."""

    EN = "en"
    NL = "nl"


class Aggregate(StrEnum):
    """How a metric's answers are summarised into one experience figure."""

    MEAN = "mean"
    TOP2BOX = "top2box"
    NPS = "nps"


class Strict(BaseModel):
    """Base: unknown keys are errors, except ``x-`` keys (users' own extensions)."""

    # built on first use, or from the compiled schemas (cxmap.compiled) when they match
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {
                k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("x-"))
            }
        return data


class Persona(Strict):
    """A representative customer the journey is drawn for."""

    id: Id
    name: Text = Field(description="How the team calls this persona, e.g. 'New runner'.")
    description: str | None = Field(None, description="Who this persona is, in a sentence.")
    goals: list[Text] = Field(
        default_factory=list, description="What this persona wants to achieve."
    )


class Phase(Strict):
    """A phase of the journey: touchpoints group into phases, in map order."""

    id: Id
    name: Text = Field(description="The phase's name as shown in diagrams.")
    stage: Stage | None = Field(
        None, description="The common funnel stage this phase maps onto (for coverage checks)."
    )
    description: str | None = Field(None, description="What happens in this phase.")


class Channel(Strict):
    """A channel on which touchpoints happen (website, store, call centre...)."""

    id: Id
    name: Text = Field(description="The channel's name as shown in diagrams.")
    type: ChannelType = Field(description="online or offline.")
    purpose: str | None = Field(
        None,
        description="Why the channel exists: awareness, sales-support, service, ...",
    )


class Metric(Strict):
    """A custom metric besides the built-ins (csat, ces, nps, emotion)."""

    id: Id
    name: Text = Field(description="The metric's name as shown in reports.")
    scale: tuple[Number, Number] = Field(
        description="The lowest and highest possible answer, e.g. [0, 60]."
    )
    higher_is_better: StrictBool = Field(
        True, description="false when a lower value is the better experience (waiting time)."
    )
    aggregate: Aggregate = Field(
        Aggregate.MEAN,
        description="mean, top2box (share of answers in the two best scale points) or nps.",
    )
    labels: dict[str, Number] = Field(
        default_factory=dict,
        description="Answer texts in survey exports and the score each stands for.",
    )
    missing: list[Text] = Field(
        default_factory=list,
        description="Answer texts that mean 'no answer' (besides the built-in ones).",
    )
    margin: float | None = Field(
        None,
        ge=0,
        description="The smallest gap that matters, in the metric's units (NPS points, "
        "percentage points for top2box); default: see the format reference.",
    )

    @model_validator(mode="after")
    def _scale_order(self) -> "Metric":
        low, high = self.scale
        if not low < high:
            raise ValueError(
                f"the scale's first number must be below its second, not [{low:g}, {high:g}]"
            )
        return self

    @property
    def target_range(self) -> tuple[float, float]:
        """The range a target of this metric must lie in."""
        if self.aggregate is Aggregate.NPS:
            return (-100.0, 100.0)
        if self.aggregate is Aggregate.TOP2BOX:
            return (0.0, 100.0)
        return self.scale

    @property
    def builtin(self) -> bool:
        """True for csat, ces, nps and emotion."""
        return self.id in BUILTIN_METRIC_IDS

    @property
    def default_margin(self) -> float:
        """The margin when the map sets none: 5 points of NPS or of a top-2-box share,
        2.5% of the scale's range for a mean (0.1 on CSAT 1..5, 0.15 on CES 1..7)."""
        if self.aggregate is not Aggregate.MEAN:
            return 5.0
        low, high = self.scale
        return round(0.025 * (high - low), 10)

    @property
    def materiality(self) -> float:
        """The margin that applies: the map's ``margin``, else ``default_margin``."""
        return self.margin if self.margin is not None else self.default_margin

    @property
    def scale_range(self) -> float:
        """The width of the range the aggregate lives in (200 for NPS, 100 for top2box)."""
        low, high = self.target_range
        return high - low


#: Built without validation (``model_construct``: building Metric's validator at import
#: would cost every run ~2 ms), so written as validation gives them: the scale as floats.
#: The fields with a default factory are given too: for those ``model_construct`` asks
#: ``inspect.signature`` whether the factory takes the data, and for a builtin such as
#: ``list`` that compiles the ``tokenize`` module's regular expressions (~3 ms of a run).
#: tests/test_compiled.py checks that validating the same values gives the same metrics.
BUILTIN_METRICS: dict[str, Metric] = {
    m.id: m
    for m in (
        Metric.model_construct(
            id=metric_id, name=name, scale=scale, aggregate=aggregate, labels={}, missing=[]
        )
        for metric_id, name, scale, aggregate in (
            ("csat", "CSAT", (1.0, 5.0), Aggregate.MEAN),
            ("ces", "CES", (1.0, 7.0), Aggregate.MEAN),
            ("nps", "NPS", (0.0, 10.0), Aggregate.NPS),
            ("emotion", "Emotion", (-2.0, 2.0), Aggregate.MEAN),
        )
    )
}
BUILTIN_METRIC_IDS = frozenset(BUILTIN_METRICS)


class Question(Strict):
    """How one survey column measures a metric, when a bare metric id does not say enough."""

    metric: str = Field(description="The metric the column measures.")
    scale: tuple[float, float] | None = Field(
        None,
        description="The column's own scale when it differs from the metric's, e.g. [1, 10]; "
        "answers are rescaled linearly onto the metric's scale.",
    )
    labels: dict[str, float] = Field(
        default_factory=dict,
        description="Answer texts of this column and the score each stands for "
        "(on the column's scale).",
    )
    missing: list[Text] = Field(
        default_factory=list,
        description="Answer texts of this column that mean 'no answer'.",
    )

    @model_validator(mode="after")
    def _scale_order(self) -> "Question":
        if self.scale is not None and not self.scale[0] < self.scale[1]:
            low, high = self.scale
            raise ValueError(
                f"the scale's first number must be below its second, not [{low:g}, {high:g}]"
            )
        return self


class Touchpoint(Strict):
    """A contact moment between the customer and the business."""

    id: Id
    name: Text = Field(description="What happens here, from the customer's side.")
    phase: Id = Field(description="The id of the phase this touchpoint belongs to.")
    channel: Id = Field(description="The id of the channel it happens on.")
    moment: Moment | None = Field(None, description="before, during or after the purchase.")
    description: str | None = Field(None, description="More about this touchpoint.")
    personas: list[Id] = Field(
        default_factory=list, description="Ids of the personas who pass this touchpoint."
    )
    activities: list[Text] = Field(default_factory=list, description="What the customer does here.")
    needs: list[Text] = Field(default_factory=list, description="What the customer needs here.")
    emotion: EmotionLevel | Annotated[dict[Id, EmotionLevel], Field(min_length=1)] | None = Field(
        None,
        union_mode="left_to_right",
        description="How the customer feels: -2 very negative .. +2 very positive; "
        "one number, or a mapping persona id -> number when personas feel differently.",
    )
    pain_points: list[Text] = Field(
        default_factory=list, description="What goes wrong or annoys the customer here."
    )
    opportunities: list[Text] = Field(
        default_factory=list, description="Ideas to make this touchpoint better."
    )
    targets: dict[str, Number] = Field(
        default_factory=dict,
        description="Metric id -> the value that makes this touchpoint a success, "
        "e.g. {csat: 4.2}.",
    )
    questions: dict[str, str | Question] = Field(
        default_factory=dict,
        description="Survey column (id, question text, ImportId, 'header#N' or '#N') -> the "
        "metric it measures, or {metric, scale, labels, missing}.",
    )
    margins: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Metric id -> the margin of this touchpoint's target, overriding the "
        "metric's margin, e.g. {csat: 0.2}.",
    )
    comments: list[Text] = Field(
        default_factory=list,
        description="Survey columns (id, question text or ImportId) holding open-text "
        "comments about this touchpoint (wide layout).",
    )
    owner: str | None = Field(None, description="Who in the business owns this touchpoint.")
    next: list[Id] = Field(
        default_factory=list,
        description="Ids of the touchpoints that follow; without any 'next' in the map, "
        "touchpoints flow in file order.",
    )

    @field_validator("emotion", mode="before")
    @classmethod
    def _emotion_shape(cls, value: Any) -> Any:
        # One clear message instead of one per member of the union.
        if value is None or _is_level(value):
            return value
        if isinstance(value, dict) and value:
            for key, level in value.items():
                if not isinstance(key, str) or not _ID.match(key):
                    raise ValueError(
                        f"'emotion' has the key {key!r}, which is not a persona id: use "
                        "lowercase letters, digits and '-'"
                    )
                if not _is_level(level):
                    raise ValueError(f"'emotion' of persona '{key}' is {level!r}; {_EMOTION_HINT}")
            return value
        if not isinstance(value, int) or isinstance(value, bool):  # not a number at all
            raise PydanticCustomError("int_type", "Input should be a valid integer")
        raise ValueError(
            f"'emotion' is {value!r}; {_EMOTION_HINT}, or a mapping persona id -> such a "
            "number, e.g. {new-runner: -1, expert: 1}"
        )

    def feeling(self, persona: str | None = None) -> int | None:
        """The emotion of ``persona``, or without one the emotion (the lowest of a mapping).

        The lowest is the careful summary: a touchpoint where one persona
        suffers is not drawn as a neutral average.
        """
        if self.emotion is None or isinstance(self.emotion, int):
            return self.emotion
        if persona is not None:
            return self.emotion.get(persona)
        return min(self.emotion.values())

    def feelings(self) -> dict[str, int]:
        """The emotion per persona ({} for one number or none)."""
        return dict(self.emotion) if isinstance(self.emotion, dict) else {}

    @property
    def measures(self) -> dict[str, str]:
        """Survey column key -> metric id, whichever form each question is written in."""
        return {
            key: value if isinstance(value, str) else value.metric
            for key, value in self.questions.items()
        }

    def question(self, key: str) -> Question:
        """The question of ``key`` in its long form."""
        value = self.questions[key]
        return Question(metric=value) if isinstance(value, str) else value


class Action(Strict):
    """An improvement action planned for a touchpoint."""

    id: Id
    touchpoint: Id = Field(description="The id of the touchpoint this action improves.")
    description: Text = Field(description="What will be done.")
    owner: str | None = Field(None, description="Who does it.")
    status: ActionStatus | None = Field(None, description="idea, planned, doing, done or dropped.")
    due: dt.date | None = Field(None, description="When it should be done (YYYY-MM-DD).")


class Journey(Strict):
    """One customer journey map."""

    model_config = ConfigDict(
        title="cxmap journey map",
        json_schema_extra={"$id": "https://cxmap.dev/schema/v1.json"},
    )

    cxmap: Whole = Field(description="The format version; this cxmap reads version 1.")
    id: Id
    title: Text = Field(description="The journey's title.")
    description: str | None = Field(None, description="What this journey covers.")
    owner: str | None = Field(None, description="The team or person who keeps this map.")
    reviewed: dt.date | None = Field(
        None, description="When the map was last reviewed (YYYY-MM-DD)."
    )
    review_every_days: Whole | None = Field(
        None, gt=0, description="How often the map should be reviewed, in days (90-150 is common)."
    )
    start: str | None = Field(
        None, description="Where the journey begins, e.g. 'Decides to start running'."
    )
    end: str | None = Field(None, description="Where the journey ends.")
    lang: Lang | None = Field(
        None,
        description="The language of the words cxmap writes in diagrams and reports: en or nl.",
    )
    include: list[Text] = Field(
        default_factory=list,
        description="Catalogue files (paths relative to this map) whose personas, segments, "
        "channels and metrics this map uses.",
    )
    personas: list[Persona] = Field(default_factory=list, description="The personas.")
    segments: list[Id] = Field(
        default_factory=list, description="Customer segments used in survey data."
    )
    phases: list[Phase] = Field(min_length=1, description="The phases of the journey, in order.")
    channels: list[Channel] = Field(default_factory=list, description="The channels used.")
    metrics: list[Metric] = Field(
        default_factory=list, description="Custom metrics besides csat, ces, nps and emotion."
    )
    touchpoints: list[Touchpoint] = Field(
        default_factory=list, description="The touchpoints, in journey order."
    )
    actions: list[Action] = Field(
        default_factory=list, description="Improvement actions for touchpoints."
    )
    targets: dict[str, float] = Field(
        default_factory=dict,
        description="Journey-level targets: metric id -> the value for the whole journey "
        "(a relationship NPS, an overall CSAT), e.g. {nps: 35}.",
    )
    questions: dict[str, str] = Field(
        default_factory=dict,
        description="Survey columns that measure the whole journey -> their metric.",
    )
    margins: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Metric id -> the margin of a journey-level target.",
    )
    weights: dict[Literal["segment"], dict[str, Annotated[float, Field(gt=0)]]] = Field(
        default_factory=dict,
        description="Target shares of the customer base for post-stratified gaps: "
        "'segment' -> {segment value: share}, e.g. {segment: {new: 0.3, returning: 0.7}}.",
    )

    @field_validator("cxmap")
    @classmethod
    def _version(cls, value: int) -> int:
        if value not in FORMAT_VERSIONS:
            readable = ", ".join(str(v) for v in FORMAT_VERSIONS)
            raise ValueError(
                f"format version {value} is unknown; this cxmap reads version {readable}"
            )
        return value

    def metric(self, metric_id: str) -> Metric | None:
        """The built-in or custom metric with this id."""
        for metric in self.metrics:
            if metric.id == metric_id:
                return metric
        return BUILTIN_METRICS.get(metric_id)

    def flow(self) -> list[tuple[str, str]]:
        """The flow edges: from ``next``, or file order when no touchpoint has ``next``."""
        if any(tp.next for tp in self.touchpoints):
            return [(tp.id, nxt) for tp in self.touchpoints for nxt in tp.next]
        ids = [tp.id for tp in self.touchpoints]
        return list(pairwise(ids))


class Catalogue(Strict):
    """A shared file that maps ``include``: personas, segments, channels and metrics."""

    include: list[Text] = Field(default_factory=list, description="Further catalogues.")
    personas: list[Persona] = Field(default_factory=list, description="Shared personas.")
    segments: list[Id] = Field(default_factory=list, description="Shared segments.")
    channels: list[Channel] = Field(default_factory=list, description="Shared channels.")
    metrics: list[Metric] = Field(default_factory=list, description="Shared custom metrics.")
