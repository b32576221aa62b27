"""The lint rules: one function per rule, registered explicitly in ``RULES``.

A rule sees only the typed ``Journey`` (never YAML nodes or line numbers) and
yields ``(model path, message)`` pairs; the engine turns the path into a
position. Every rule runs in linear time in the size of the map.

A rule's docstring is its documentation, in four sections: "What it does",
"Why it matters", "Example", "Use instead". ``cxmap rules CODE`` prints it.
Codes are never reused: a retired rule keeps its code out of circulation.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from cxmap.findings import ModelPath, Severity
from cxmap.model import Channel, Journey, Metric, Moment, Persona, Phase, Stage, Touchpoint

Hit = tuple[ModelPath, str]


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the journey: today's date, its options, shared facts.

    ``facts`` is made once per journey by the engine and handed to every rule, so
    that what several rules derive (the flow, the touchpoints' measures) is derived
    once; a rule run without it derives its own (see ``facts_of``).
    """

    today: dt.date
    options: Mapping[str, Any] = field(default_factory=dict)
    facts: Facts | None = None


Check = Callable[[Journey, Context], Iterator[Hit]]

#: The families of codes: CX1xx structure, CX2xx coverage, ...
GROUPS = {
    "1": "structure",
    "2": "coverage",
    "3": "measurability",
    "4": "experience",
    "5": "governance",
    "9": "meta",
}
DOC_SECTIONS = ("What it does", "Why it matters", "Example", "Use instead")
_SECTION_RE = re.compile(r"^(What it does|Why it matters|Example|Use instead):\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Rule:
    """A lint rule: stable code, kebab-case name, default severity, check, options."""

    code: str
    name: str
    severity: Severity
    check: Check
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def group(self) -> str:
        """The family of the rule (structure, coverage, ...), from its code."""
        return GROUPS[self.code[2]]

    @property
    def doc(self) -> str:
        """The rule's documentation: its check function's docstring."""
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.split("\n", 1)[0].strip()

    def sections(self) -> dict[str, str]:
        """The four documentation sections by title (missing ones are absent)."""
        parts = _SECTION_RE.split(self.doc)
        return {parts[i]: inspect.cleandoc(parts[i + 1]) for i in range(1, len(parts) - 1, 2)}


# ---------------------------------------------------------------- shared facts


def _tp(index: int, *rest: str | int) -> ModelPath:
    return ("touchpoints", index, *rest)


class Facts:
    """What several rules derive from one journey, each derived once, on first use.

    A 10,000-touchpoint map has every rule walk 10,000 touchpoints; the flow
    edges, the phase of each touchpoint and the metric of each survey question
    are built here once instead of once per rule that needs them.
    """

    def __init__(self, journey: Journey) -> None:
        self.journey = journey

    @cached_property
    def phase_order(self) -> dict[str, int]:
        """Phase id -> its place in the map."""
        return {phase.id: i for i, phase in enumerate(self.journey.phases)}

    @cached_property
    def phase_place(self) -> list[int]:
        """The place of each touchpoint's phase (by touchpoint index)."""
        order = self.phase_order
        return [order[tp.phase] for tp in self.journey.touchpoints]

    @cached_property
    def stage_of(self) -> dict[str, Stage | None]:
        """Phase id -> its funnel stage."""
        return {phase.id: phase.stage for phase in self.journey.phases}

    @cached_property
    def explicit_flow(self) -> bool:
        """True when some touchpoint has ``next`` (else the flow is the file order)."""
        return any(tp.next for tp in self.journey.touchpoints)

    @cached_property
    def edges(self) -> tuple[list[int], list[int], list[int]]:
        """The flow as three parallel lists: from index, to index, and the edge's item
        in the ``next`` of its touchpoint (-1 for the file order, when no touchpoint
        has ``next``)."""
        tps = self.journey.touchpoints
        if not self.explicit_flow:
            count = len(tps)
            return list(range(count - 1)), list(range(1, count)), [-1] * max(0, count - 1)
        index = {tp.id: i for i, tp in enumerate(tps)}
        sources: list[int] = []
        targets: list[int] = []
        items: list[int] = []
        for i, tp in enumerate(tps):
            for j, nxt in enumerate(tp.next):
                to = index.get(nxt)
                if to is not None:
                    sources.append(i)
                    targets.append(to)
                    items.append(j)
        return sources, targets, items

    @cached_property
    def lowest(self) -> list[int | None]:
        """``Touchpoint.feeling()`` of every touchpoint: its emotion, the lowest of one per
        persona (one persona feeling negative is enough to call the touchpoint negative)."""
        return [
            emotion if emotion is None or isinstance(emotion, int) else tp.feeling()
            for tp in self.journey.touchpoints
            for emotion in (tp.emotion,)
        ]

    @cached_property
    def measures(self) -> list[dict[str, str]]:
        """``Touchpoint.measures`` of every touchpoint (by touchpoint index), to read only.

        Where every question is a bare metric id (nearly always), that is the
        touchpoint's ``questions`` itself: no dict is copied for it.
        """
        every: list[dict[str, str]] = []
        for tp in self.journey.touchpoints:
            questions = tp.questions
            for value in questions.values():
                if value.__class__ is not str:
                    every.append(tp.measures)
                    break
            else:
                every.append(cast(dict[str, str], questions))
        return every


def facts_of(journey: Journey, ctx: Context) -> Facts:
    """The shared facts of ``journey``: the engine's, or new ones."""
    facts = ctx.facts
    return facts if facts is not None and facts.journey is journey else Facts(journey)


def _edge_path(source: int, item: int) -> ModelPath:
    """Where a flow edge is written: the item of ``next``, or the touchpoint in file order."""
    return _tp(source, "next", item) if item >= 0 else _tp(source + 1)


def _flag(
    items: Sequence[_Item], kind: str, picked: Callable[[_Item], bool], advice: str
) -> Iterator[Hit]:
    """``(path, "kind 'id' advice")`` for every item of a top-level list that is picked."""
    key = _LISTS[kind]
    for i, item in enumerate(items):
        if picked(item):
            yield (key, i), f"{kind} '{item.id}' {advice}"


_Item = TypeVar("_Item", Persona, Phase, Channel, Metric, Touchpoint)
_LISTS = {
    "persona": "personas",
    "phase": "phases",
    "channel": "channels",
    "metric": "metrics",
    "touchpoint": "touchpoints",
}


# ---------------------------------------------------------------- CX1xx structure


def start_or_end_missing(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Journey without a start or an end point.

    What it does:
        Reports a map that has no `start` or no `end`.

    Why it matters:
        A journey map first fixes where the journey begins and ends. The
        beginning is often earlier than it seems (the moment a person decides
        to start running, not the moment they shop for shoes); without it the
        team maps only the part of the journey it already knows.

    Example:
        id: running-shoes
        title: Buying running shoes
        phases: [...]

    Use instead:
        id: running-shoes
        title: Buying running shoes
        start: Decides to start running
        end: Goes for a first run in the new shoes
    """
    missing = [key for key in ("start", "end") if not (getattr(journey, key) or "").strip()]
    if missing:
        what = " and ".join(f"'{key}'" for key in missing)
        yield (
            (),
            f"journey '{journey.id}' has no {what} point; say where the journey begins and ends",
        )


def phase_without_touchpoints(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Phase without touchpoints.

    What it does:
        Reports a phase that no touchpoint belongs to.

    Why it matters:
        Phases exist to group the contact moments. An empty phase is either a
        part of the journey nobody has looked at yet (a blind spot) or a phase
        that does not exist for this business and only clutters the diagram.

    Example:
        phases:
          - {id: attention, name: Attention, stage: awareness}
          - {id: loyalty, name: Loyalty, stage: retention}   # no touchpoint says phase: loyalty

    Use instead:
        Map the touchpoints of that phase (for loyalty: the newsletter, the
        member discount, the service call), or remove the phase.
    """
    used = {tp.phase for tp in journey.touchpoints}
    yield from _flag(
        journey.phases,
        "phase",
        lambda phase: phase.id not in used,
        "has no touchpoints; add the touchpoints of this phase or remove it",
    )


def _flow_roots(journey: Journey, incoming: Mapping[int, int]) -> list[int]:
    """Where the flow starts: the first touchpoint, and every touchpoint of the
    first phase that has touchpoints and that nothing leads to."""
    if not journey.touchpoints:
        return []
    first_phase = journey.touchpoints[0].phase
    return [0] + [
        i
        for i, tp in enumerate(journey.touchpoints)
        if i and not incoming[i] and tp.phase == first_phase
    ]


def unreachable_touchpoint(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Touchpoint unreachable from the start of the flow.

    What it does:
        Follows the flow (`next`, or file order when no touchpoint has `next`)
        from the start: the first touchpoint, and every touchpoint of the same
        phase that nothing leads to (a journey may begin in several places).
        Reports every touchpoint the flow never reaches.

    Why it matters:
        A touchpoint no path leads to is a contact moment the customer can
        never arrive at in this map: usually a forgotten `next`, sometimes a
        touchpoint that belongs to another journey. Either way the flow, the
        diagram and any path analysis are wrong.

    Example:
        - id: search-online
          phase: attention
          next: [purchase]
        - id: try-on          # a later phase, and nothing leads here
          phase: evaluation
          next: [purchase]

    Use instead:
        - id: search-online
          phase: attention
          next: [try-on]
        - id: try-on
          phase: evaluation
          next: [purchase]
    """
    facts = facts_of(journey, ctx)
    if not facts.explicit_flow:
        return  # in file order, the first touchpoint leads to all the others
    count = len(journey.touchpoints)
    sources, targets, _items = facts.edges
    outgoing: list[list[int]] = [[] for _ in range(count)]
    for a, b in zip(sources, targets, strict=True):
        outgoing[a].append(b)
    seen = [False] * count
    queue = _flow_roots(journey, Counter(targets))
    for i in queue:
        seen[i] = True
    for i in queue:  # the list grows while we walk it: a breadth-first search
        for j in outgoing[i]:
            if not seen[j]:
                seen[j] = True
                queue.append(j)
    if len(queue) == count:  # every touchpoint is in the queue once
        return
    for i, tp in enumerate(journey.touchpoints):
        if not seen[i]:
            yield (
                _tp(i),
                f"touchpoint '{tp.id}' cannot be reached from the start of the journey; "
                "add it to the 'next' of the touchpoint before it",
            )


def dead_end(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Dead end before the last phase.

    What it does:
        Reports a touchpoint that leads nowhere (no flow goes out of it) while
        it lies in a phase before the last phase that has touchpoints.

    Why it matters:
        The journey continues after this phase, so the customer must get from
        here to the next step. A dead end mid-journey is either a missing
        `next` or a place where customers drop out, which deserves an explicit
        decision (and a pain point) rather than an accident of the map.

    Example:
        - id: store-advice
          phase: evaluation       # purchase and first-use come later
          # no next

    Use instead:
        - id: store-advice
          phase: evaluation
          next: [try-on]
    """
    tps = journey.touchpoints
    if not tps:
        return
    facts = facts_of(journey, ctx)
    place = facts.phase_place
    last = max(place)
    for i in sorted(set(range(len(tps))).difference(facts.edges[0])):
        if place[i] < last:
            tp = tps[i]
            yield (
                _tp(i),
                f"touchpoint '{tp.id}' leads nowhere but the journey goes on after phase "
                f"'{tp.phase}'; add a 'next' (or record why customers drop out here)",
            )


def backward_flow(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Flow that jumps backwards across phases.

    What it does:
        Reports a flow step from a touchpoint to one in an earlier phase.

    Why it matters:
        Journeys do loop (a return, a repeat purchase), and that is worth
        showing; but a backward step is just as often a `next` pointing at the
        wrong touchpoint or a touchpoint filed in the wrong phase. This rule
        only informs, so loops can be confirmed deliberately.

    Example:
        - id: purchase
          phase: purchase
          next: [search-online]   # back to the attention phase

    Use instead:
        Point `next` at the following step, or keep the loop and suppress the
        finding on that line with `# cxmap: ignore[backward-flow]`.
    """
    facts = facts_of(journey, ctx)
    place = facts.phase_place
    tps = journey.touchpoints
    for a, b, item in zip(*facts.edges, strict=True):
        if place[b] < place[a]:
            yield (
                _edge_path(a, item),
                f"the flow goes back from touchpoint '{tps[a].id}' (phase '{tps[a].phase}') to "
                f"'{tps[b].id}' (phase '{tps[b].phase}'); check that this loop is meant",
            )


def duplicate_touchpoint_name(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Two touchpoints with the same name.

    What it does:
        Reports a touchpoint whose name equals an earlier touchpoint's name
        (ignoring case and spacing).

    Why it matters:
        The name is what people read in diagrams, reports and survey gap
        tables. Two touchpoints with one name cannot be told apart there, and
        usually one is a copy that should have been renamed or merged.

    Example:
        - {id: call-support, name: Contacts support, ...}
        - {id: chat-support, name: Contacts support, ...}

    Use instead:
        - {id: call-support, name: Calls the support line, ...}
        - {id: chat-support, name: Chats with support, ...}
    """
    tps = journey.touchpoints
    keys = [" ".join(name.split()) for name in map(str.casefold, [tp.name for tp in tps])]
    if len(set(keys)) == len(keys):
        return  # every name differs: the common case, told by one set
    first: dict[str, str] = {}
    for i, (tp, key) in enumerate(zip(tps, keys, strict=True)):
        if key in first:
            yield (
                _tp(i, "name"),
                f"touchpoint '{tp.id}' has the same name as touchpoint '{first[key]}' "
                f"('{tp.name}'); rename one so readers can tell them apart",
            )
        else:
            first[key] = tp.id


# ---------------------------------------------------------------- CX2xx coverage


def missing_funnel_stage(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """No touchpoint in a funnel stage nearly every journey passes.

    What it does:
        Reports each stage in the option `stages` (by default awareness,
        consideration and purchase) that no touchpoint covers, through the
        `stage` of its phase. Silent when no phase declares a stage at all
        (see phase-without-stage).

    Why it matters:
        Nearly every customer becomes aware, compares and buys. A map without
        touchpoints in one of these stages skips where customers are won or
        lost, and the gaps it reports are blind to it.

    Example:
        phases:
          - {id: evaluation, name: Evaluation, stage: consideration}
          - {id: purchase, name: Purchase, stage: purchase}
        # nothing in awareness: how do customers learn about us?

    Use instead:
        phases:
          - {id: attention, name: Attention, stage: awareness}
          - {id: evaluation, name: Evaluation, stage: consideration}
          - {id: purchase, name: Purchase, stage: purchase}
        touchpoints:
          - {id: search-online, phase: attention, ...}
    """
    stage_of = facts_of(journey, ctx).stage_of
    if not any(stage_of.values()):
        return
    covered = {stage_of[tp.phase] for tp in journey.touchpoints}
    for stage in ctx.options["stages"]:
        if stage not in covered:
            yield (
                ("phases",),
                f"no touchpoint covers the '{stage}' stage; add a phase with stage: {stage} "
                "and its touchpoints",
            )


_AFTER_PURCHASE = frozenset(
    {Stage.ONBOARDING, Stage.USAGE, Stage.SERVICE, Stage.RETENTION, Stage.ADVOCACY}
)


def nothing_after_purchase(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Nothing after the purchase.

    What it does:
        Reports a map none of whose touchpoints is after the purchase: none has
        `moment: after` and none lies in a phase with a stage after purchase
        (onboarding, usage, service, retention, advocacy). Silent when the map
        gives neither stages nor moments.

    Why it matters:
        Service and retention are where loyalty is won: the delivery, the first
        use, the support call, the repeat purchase. A journey that stops at the
        checkout optimises acquisition and ignores why customers come back.

    Example:
        phases:
          - {id: attention, name: Attention, stage: awareness}
          - {id: purchase, name: Purchase, stage: purchase}

    Use instead:
        phases:
          - {id: attention, name: Attention, stage: awareness}
          - {id: purchase, name: Purchase, stage: purchase}
          - {id: first-use, name: First use, stage: retention}
        touchpoints:
          - {id: first-run, phase: first-use, moment: after, ...}
    """
    stage_of = facts_of(journey, ctx).stage_of
    tps = journey.touchpoints
    if not tps or not (any(stage_of.values()) or any(tp.moment for tp in tps)):
        return
    if any(tp.moment is Moment.AFTER or stage_of[tp.phase] in _AFTER_PURCHASE for tp in tps):
        return
    yield (
        ("touchpoints",),
        f"journey '{journey.id}' has no touchpoint after the purchase; map service and "
        "retention (delivery, first use, support, repeat purchase)",
    )


def single_channel_type(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Only online or only offline channels.

    What it does:
        Reports a map whose touchpoints all happen on online channels, or all
        on offline channels.

    Why it matters:
        Customers move between channels (they search online and buy in the
        store, or ask a friend before they sign up). Mapping one kind of
        channel hides the handovers between them, where many journeys break.
        Purely digital businesses exist; then confirm it and ignore the rule.

    Example:
        channels:
          - {id: web, name: Website, type: online}
          - {id: app, name: App, type: online}

    Use instead:
        channels:
          - {id: web, name: Website, type: online}
          - {id: phone, name: Phone support, type: offline}
    """
    type_of = {ch.id: ch.type for ch in journey.channels}
    kinds = {type_of[tp.channel] for tp in journey.touchpoints if tp.channel in type_of}
    if len(kinds) == 1:
        kind = next(iter(kinds)).value
        other = "offline" if kind == "online" else "online"
        yield (
            ("channels",),
            f"every touchpoint is on an {kind} channel; map the {other} moments too "
            "(store, phone, word of mouth / website, e-mail, app)",
        )


def unused_channel(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Channel declared and never used.

    What it does:
        Reports a channel that no touchpoint happens on.
        Items of shared catalogues (`include`) are left alone: a catalogue
        offers more than any one map uses.

    Why it matters:
        A declared channel says the business reaches customers there. If no
        touchpoint uses it, either its touchpoints are missing from the map or
        the channel is obsolete and misleads readers.

    Example:
        channels:
          - {id: fax, name: Fax, type: offline}   # no touchpoint has channel: fax

    Use instead:
        Add the touchpoints that happen on the channel, or remove it.
    """
    used = {tp.channel for tp in journey.touchpoints}
    yield from _flag(
        journey.channels,
        "channel",
        lambda channel: channel.id not in used,
        "is not used by any touchpoint; add its touchpoints or remove it",
    )


def unused_persona(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Persona declared and never used.

    What it does:
        Reports a persona that no touchpoint names in its `personas`.
        Items of shared catalogues (`include`) are left alone: a catalogue
        offers more than any one map uses.

    Why it matters:
        Personas exist because the customer base is not uniform. A persona no
        touchpoint refers to has no journey in this map: either its touchpoints
        are not tagged yet, or it belongs in another map.

    Example:
        personas:
          - {id: new-runner, name: New runner}
        touchpoints:
          - {id: search-online, ...}   # no personas: [new-runner] anywhere

    Use instead:
        touchpoints:
          - {id: search-online, personas: [new-runner], ...}
    """
    used = {persona for tp in journey.touchpoints for persona in tp.personas}
    yield from _flag(
        journey.personas,
        "persona",
        lambda persona: persona.id not in used,
        "is not used by any touchpoint; list it in the 'personas' of its touchpoints or remove it",
    )


def unused_metric(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Custom metric declared and never used.

    What it does:
        Reports a custom metric that no touchpoint targets or measures.
        Items of shared catalogues (`include`) are left alone: a catalogue
        offers more than any one map uses.

    Why it matters:
        A custom metric is declared to judge touchpoints by it (waiting time,
        first-contact resolution). Unused, it is either a target someone forgot
        to set or dead weight that suggests a measurement that does not exist.

    Example:
        metrics:
          - {id: wait-minutes, name: Waiting time, scale: [0, 60], higher_is_better: false}
        # no touchpoint has wait-minutes in targets or questions

    Use instead:
        touchpoints:
          - id: store-advice
            targets: {wait-minutes: 10}
            questions: {Q3_wait: wait-minutes}
    """
    if not journey.metrics:
        return  # the built-in metrics are never "declared and unused"
    used: set[str] = set()
    measured = facts_of(journey, ctx).measures
    for tp, measures in zip(journey.touchpoints, measured, strict=True):
        used.update(tp.targets)
        used.update(measures.values())
    yield from _flag(
        journey.metrics,
        "metric",
        lambda metric: metric.id not in used,
        "is not used by any touchpoint; set it as a target "
        "and map a survey question to it, or remove it",
    )


def channel_without_purpose(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Channel without a purpose.

    What it does:
        Reports a channel that has no `purpose`.

    Why it matters:
        Every channel needs a reason to exist (awareness, sales support,
        service, ...). The purpose is what a touchpoint on that channel is
        judged against; a channel without one tends to do a bit of everything
        and nothing well.

    Example:
        channels:
          - {id: store, name: Sports store, type: offline}

    Use instead:
        channels:
          - {id: store, name: Sports store, type: offline, purpose: sales-support}
    """
    yield from _flag(
        journey.channels,
        "channel",
        lambda channel: not (channel.purpose or "").strip(),
        "has no purpose; say why it exists (e.g. purpose: awareness, sales-support or service)",
    )


def phase_without_stage(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Phase without a funnel stage.

    What it does:
        Reports a phase that does not say which funnel `stage` it maps onto.

    Why it matters:
        Phases differ per business (a hotel has pre-stay and stay, SaaS has
        trial and onboarding). The stage maps each onto the common funnel, so
        coverage rules (missing-funnel-stage, nothing-after-purchase) and
        comparisons across maps can reason about it.

    Example:
        phases:
          - {id: pre-stay, name: Before the stay}

    Use instead:
        phases:
          - {id: pre-stay, name: Before the stay, stage: onboarding}
    """
    yield from _flag(
        journey.phases,
        "phase",
        lambda phase: phase.stage is None,
        "has no stage; add one of: " + ", ".join(stage.value for stage in Stage),
    )


# ---------------------------------------------------------------- CX3xx measurability


def touchpoint_without_target(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Touchpoint without any target.

    What it does:
        Reports a touchpoint whose `targets` is empty.

    Why it matters:
        A target says what makes the interaction a success ("a support contact
        succeeds when CSAT >= 4.2"). Without one, measured experience cannot be
        set against anything: there is no gap, so no way to see whether the
        touchpoint needs work.

    Example:
        - id: ask-friends
          name: Asks friends who run

    Use instead:
        - id: ask-friends
          name: Asks friends who run
          targets: {csat: 4.0}
          questions: {Q2: csat}
    """
    yield from _flag(
        journey.touchpoints,
        "touchpoint",
        lambda tp: not tp.targets,
        "has no target; say what success is here, e.g. targets: {csat: 4.0}",
    )


def target_without_question(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Target that no survey question measures.

    What it does:
        Reports a target whose metric none of the touchpoint's `questions`
        measures.

    Why it matters:
        The gap between experience and target is computed from survey answers.
        A target with no question mapped to its metric can never get a gap: it
        looks measured in the map but will never show up in a report.

    Example:
        - id: purchase
          targets: {csat: 4.3, nps: 30}
          questions: {Q5: csat}        # nothing measures nps

    Use instead:
        - id: purchase
          targets: {csat: 4.3, nps: 30}
          questions: {Q5: csat, Q6: nps}
    """
    every = facts_of(journey, ctx).measures
    for i, (tp, measures) in enumerate(zip(journey.touchpoints, every, strict=True)):
        if not tp.targets:
            continue
        measured = measures.values()
        for metric in tp.targets:
            if metric not in measured:
                yield (
                    _tp(i, "targets", metric),
                    f"touchpoint '{tp.id}' has a '{metric}' target that no survey question "
                    f"measures; map a question to it in 'questions' (e.g. Q1: {metric})",
                )


def question_without_target(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Survey question whose metric has no target on that touchpoint.

    What it does:
        Reports a question mapped to a metric for which the touchpoint has no
        target.

    Why it matters:
        Measuring without a target produces numbers nobody can judge: the gap
        table shows them as "no-target". Either the target was forgotten, or the
        question measures the wrong metric.

    Example:
        - id: try-on
          targets: {csat: 4.0}
          questions: {Q4: ces}

    Use instead:
        - id: try-on
          targets: {csat: 4.0, ces: 5.5}
          questions: {Q4: ces}
    """
    every = facts_of(journey, ctx).measures
    for i, (tp, measures) in enumerate(zip(journey.touchpoints, every, strict=True)):
        targets = tp.targets
        for column, metric in measures.items():
            if metric not in targets:
                yield (
                    _tp(i, "questions", column),
                    f"touchpoint '{tp.id}': question '{column}' measures '{metric}', which has "
                    f"no target here; add targets: {{{metric}: ...}} or map the question to "
                    "the right metric",
                )


#: Wording that reads lower-is-better (more effort is worse) or higher-is-better (easier is
#: better), in English and Dutch; a question with both ("easy or difficult") is left alone.
_LOWER_WORDS = ("effort", "difficult", "difficulty", "hard to", "moeite", "moeilijk", "inspanning")
_HIGHER_WORDS = ("easy", "easily", "makkelijk", "gemakkelijk", "eenvoudig")
_LOWER_WORDING = re.compile(rf"\b({'|'.join(_LOWER_WORDS)})", re.IGNORECASE)
_HIGHER_WORDING = re.compile(rf"\b({'|'.join(_HIGHER_WORDS)})", re.IGNORECASE)
#: either wording: one search tells that most question keys (ids like Q5) have neither
_ANY_WORDING = re.compile(f"{_LOWER_WORDING.pattern}|{_HIGHER_WORDING.pattern}", re.IGNORECASE)


def _maybe_worded(text: str) -> bool:
    """False when ``text`` holds neither wording; True when it may (then search each key).

    For ASCII text, where ignoring case is plain ``lower()``, a substring test of each
    word: the regular expression scans a 10,000-touchpoint map's keys ten times slower.
    """
    if text.isascii():
        low = text.lower()
        return any(word in low for word in (*_LOWER_WORDS, *_HIGHER_WORDS))
    return _ANY_WORDING.search(text) is not None


def question_reads_against_metric(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Question whose wording reads in the opposite direction of its metric.

    What it does:
        Reads each question key that is the question's text (as exports carry
        it) and warns when its wording points one way and its metric the other:
        an effort-worded question ("how much effort", "difficult", "moeite")
        mapped to a higher-is-better metric such as the built-in `ces`, or an
        ease-worded one ("easy", "makkelijk") mapped to a lower-is-better
        metric. Keys that are ids (Q5, QID5) say nothing and are skipped.

    Why it matters:
        The built-in `ces` is CES 2.0 ("the company made it easy for me", 1..7,
        higher is better). The older effort question ("how much effort did you
        personally have to put forth", high is bad) scores the other way round:
        mapped to `ces`, every gap has the wrong sign, and a touchpoint that
        got harder looks better.

    Example:
        targets: {ces: 5.5}
        questions: {"How much effort did you have to put forth?": ces}

    Use instead:
        metrics:
          - {id: effort, name: Effort, scale: [1, 5], higher_is_better: false}
        ...
        targets: {effort: 2.0}
        questions: {"How much effort did you have to put forth?": effort}
    """
    measures = facts_of(journey, ctx).measures
    keys = "\n".join(map("\n".join, [*measures, journey.questions]))
    if not _maybe_worded(keys):
        return  # one test of all keys: no word spans the line break between two keys
    places: list[tuple[ModelPath, str, dict[str, str]]] = [
        (_tp(i), f"touchpoint '{tp.id}'", questions)
        for i, (tp, questions) in enumerate(zip(journey.touchpoints, measures, strict=True))
    ]
    places.append(((), f"journey '{journey.id}'", journey.questions))
    for base, who, questions in places:
        for column, metric_id in questions.items():
            if _ANY_WORDING.search(column) is None:
                continue
            metric = journey.metric(metric_id)
            if metric is None:
                continue
            lower = bool(_LOWER_WORDING.search(column))
            higher = bool(_HIGHER_WORDING.search(column))
            if lower == higher:
                continue
            up = metric.aggregate.value != "mean" or metric.higher_is_better
            if lower and up:
                sense, metric_sense, flag = "lower", "higher", "false"
            elif higher and not up:
                sense, metric_sense, flag = "higher", "lower", "true"
            else:
                continue
            yield (
                (*base, "questions", column),
                f"{who}: question '{column}' reads {sense}-is-better, but metric "
                f"'{metric_id}' counts {metric_sense} as better; map it to a metric of its "
                f"own direction (one with higher_is_better: {flag})",
            )


# ---------------------------------------------------------------- CX4xx experience


def touchpoint_without_emotion(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Touchpoint without emotion.

    What it does:
        Reports a touchpoint that has no `emotion`.

    Why it matters:
        Experience mapping adds how the customer feels at each touchpoint
        (-2 very negative .. +2 very positive). The emotion curve shows where
        the journey hurts, even before any survey data exists.

    Example:
        - id: try-on
          name: Tries the shortlisted models

    Use instead:
        - id: try-on
          name: Tries the shortlisted models
          emotion: 1
    """
    yield from _flag(
        journey.touchpoints,
        "touchpoint",
        lambda tp: tp.emotion is None,
        "has no emotion; add how the customer feels here, "
        "from -2 (very negative) to 2 (very positive)",
    )


def touchpoint_without_activities_or_needs(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Touchpoint without customer activities or needs.

    What it does:
        Reports a touchpoint that has neither `activities` nor `needs`.

    Why it matters:
        A journey map is drawn from the customer's side: what they do and what
        they need at each moment. A touchpoint with only a name describes the
        business's process, not the customer's experience.

    Example:
        - id: ask-friends
          name: Asks friends who run

    Use instead:
        - id: ask-friends
          name: Asks friends who run
          activities: [Asks which shoes they wear]
          needs: [Honest advice from someone who runs]
    """
    yield from _flag(
        journey.touchpoints,
        "touchpoint",
        lambda tp: not tp.activities and not tp.needs,
        "has no activities or needs; write what the customer does and needs here",
    )


def pain_without_action(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Pain point or negative emotion with no action.

    What it does:
        Reports a touchpoint with pain points, or with an emotion at or below
        the option `emotion` (default -1), for which no action is planned.

    Why it matters:
        The point of mapping pain is to fix it: every touchpoint that hurts
        should have at least one improvement action with an owner. A pain
        point without an action is a known problem nobody is working on.

    Example:
        - id: store-advice
          pain_points: [Long wait for a gait analysis]
        actions: []

    Use instead:
        actions:
          - id: gait-booking
            touchpoint: store-advice
            description: Let customers book a gait analysis slot online
            owner: retail-ops
            status: planned
    """
    acted = {action.touchpoint for action in journey.actions}
    threshold = ctx.options["emotion"]
    lowest = facts_of(journey, ctx).lowest
    for i, tp in enumerate(journey.touchpoints):
        if tp.id in acted:
            continue
        if tp.pain_points:
            yield (
                ("touchpoints", i, "pain_points"),
                f"touchpoint '{tp.id}' has pain points but no action; add an action "
                f"with touchpoint: {tp.id}",
            )
        elif (feeling := lowest[i]) is not None and feeling <= threshold:
            yield (
                ("touchpoints", i, "emotion"),
                f"touchpoint '{tp.id}' feels negative (emotion {feeling}) but has no "
                f"action; add an action with touchpoint: {tp.id}",
            )


def action_without_owner_or_status(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Action without owner or status.

    What it does:
        Reports an improvement action that has no `owner` or no `status`.

    Why it matters:
        Optimising touchpoints is work: an action nobody owns does not happen,
        and an action without a status cannot be followed up in the next
        review of the map.

    Example:
        actions:
          - id: gait-booking
            touchpoint: store-advice
            description: Let customers book a gait analysis slot online

    Use instead:
        actions:
          - id: gait-booking
            touchpoint: store-advice
            description: Let customers book a gait analysis slot online
            owner: retail-ops
            status: planned
    """
    for i, action in enumerate(journey.actions):
        missing = [
            key for key, value in (("owner", action.owner), ("status", action.status)) if not value
        ]
        if missing:
            what = " and ".join(f"'{key}'" for key in missing)
            yield (
                ("actions", i),
                f"action '{action.id}' has no {what}; say who does it and where it stands "
                "(status: idea, planned, doing, done or dropped)",
            )


def negative_emotion_without_pain_point(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Negative emotion without a pain point.

    What it does:
        Reports a touchpoint whose emotion is at or below the option `emotion`
        (default -1) but that lists no pain points.

    Why it matters:
        A low point in the emotion curve needs an explanation: what goes wrong
        for the customer here. Without pain points the team knows that it
        hurts but not why, and cannot pick an action.

    Example:
        - id: checkout
          emotion: -2

    Use instead:
        - id: checkout
          emotion: -2
          pain_points: [Shipping costs appear only at the last step]
    """
    threshold = ctx.options["emotion"]
    lowest = facts_of(journey, ctx).lowest
    for i, tp in enumerate(journey.touchpoints):
        if (feeling := lowest[i]) is not None and feeling <= threshold and not tp.pain_points:
            yield (
                ("touchpoints", i, "emotion"),
                f"touchpoint '{tp.id}' feels negative (emotion {feeling}) but lists no "
                "pain points; write down what goes wrong here",
            )


# ---------------------------------------------------------------- CX5xx governance


def map_without_review_date(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Map without a review date.

    What it does:
        Reports a map that has no `reviewed` date.

    Why it matters:
        A journey map is revisited regularly (every 3 to 5 months is common):
        channels change, new touchpoints show up in the data. Without a review
        date nobody can tell whether the map still describes the journey.

    Example:
        id: running-shoes
        title: Buying running shoes

    Use instead:
        id: running-shoes
        title: Buying running shoes
        reviewed: 2026-09-01
        review_every_days: 120
    """
    if journey.reviewed is None:
        yield (
            (),
            f"journey '{journey.id}' has no review date; add reviewed: YYYY-MM-DD "
            "(and review_every_days)",
        )


def review_overdue(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Map reviewed longer ago than its review interval.

    What it does:
        Reports a map whose `reviewed` date lies more than `review_every_days`
        before today (or, without that key, more than the option `days`,
        default 150). `cxmap lint --today DATE` fixes "today" for
        reproducible runs.

    Why it matters:
        An outdated map steers improvement work by a journey that no longer
        exists. New touchpoints seen in data but missing from the map mean it
        is time to revise it.

    Example:
        reviewed: 2025-01-15
        review_every_days: 120      # linted on 2026-11-01: overdue

    Use instead:
        Review the map with the people who own its touchpoints, then update:
        reviewed: 2026-10-20
    """
    if journey.reviewed is None:
        return
    days = journey.review_every_days or ctx.options["days"]
    age = (ctx.today - journey.reviewed).days
    if age > days:
        yield (
            ("reviewed",),
            f"journey '{journey.id}' was last reviewed {age} days ago ({journey.reviewed}), "
            f"more than every {days} days; review the map and update 'reviewed'",
        )


def touchpoint_without_owner(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Touchpoint without owner.

    What it does:
        Reports a touchpoint that has no `owner`.

    Why it matters:
        Each touchpoint is optimised by someone in the business (store
        operations, the web team, customer service). Without an owner, a
        negative gap is nobody's problem and the action list stalls.

    Example:
        - id: store-advice
          name: Gets advice in a sports store

    Use instead:
        - id: store-advice
          name: Gets advice in a sports store
          owner: retail-ops
    """
    yield from _flag(
        journey.touchpoints,
        "touchpoint",
        lambda tp: not (tp.owner or "").strip(),
        "has no owner; say who in the business owns it (e.g. owner: retail-ops)",
    )


def too_many_touchpoints_in_phase(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """More touchpoints in one phase than allowed.

    What it does:
        Reports a phase with more touchpoints than the option `max`
        (default 15).

    Why it matters:
        A journey map is a tool for focus. A phase crowded with touchpoints is
        usually mapped at the level of process steps rather than contact
        moments, or really is two phases; either way nobody can read it.

    Example:
        A phase "purchase" with 30 touchpoints, one per checkout field.

    Use instead:
        Merge process steps into the moments the customer experiences
        ("Fills in the checkout"), or split the phase in two.
    """
    limit = ctx.options["max"]
    counts = Counter(tp.phase for tp in journey.touchpoints)
    for i, phase in enumerate(journey.phases):
        if counts[phase.id] > limit:
            yield (
                ("phases", i),
                f"phase '{phase.id}' has {counts[phase.id]} touchpoints, more than {limit}; "
                "merge process steps into customer moments or split the phase",
            )


def map_without_owner(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Map without owner.

    What it does:
        Reports a map that has no `owner`.

    Why it matters:
        Someone keeps the journey map up to date, calls the reviews and follows
        the actions. A map without an owner goes stale.

    Example:
        id: running-shoes
        title: Buying running shoes

    Use instead:
        id: running-shoes
        title: Buying running shoes
        owner: cx-team
    """
    if not (journey.owner or "").strip():
        yield (
            (),
            f"journey '{journey.id}' has no owner; say which team keeps this map "
            "(e.g. owner: cx-team)",
        )


# ---------------------------------------------------------------- CX9xx meta


def unused_suppression(journey: Journey, ctx: Context) -> Iterator[Hit]:
    """Suppression comment that suppresses nothing.

    What it does:
        Reports a `# cxmap: ignore[...]` comment, or one code in it, that
        suppresses no finding on its line, or that names no rule. The engine
        checks this after all other rules have run.

    Why it matters:
        Suppressions outlive the problems they hid. A stale one hides the next
        real finding on that line, and a misspelt code hides nothing while
        looking as if it did.

    Example:
        - id: ask-friends   # cxmap: ignore[CX301]   (the touchpoint has a target now)

    Use instead:
        - id: ask-friends
    """
    return iter(())


# ---------------------------------------------------------------- the registry

W, E, I = Severity.WARNING, Severity.ERROR, Severity.INFO  # noqa: E741

#: Every rule, in code order. Add new rules here; never reuse a retired code.
RULES: tuple[Rule, ...] = (
    Rule("CX101", "journey-without-start-or-end", E, start_or_end_missing),
    Rule("CX102", "phase-without-touchpoints", W, phase_without_touchpoints),
    Rule("CX103", "unreachable-touchpoint", E, unreachable_touchpoint),
    Rule("CX104", "dead-end", W, dead_end),
    Rule("CX105", "backward-flow", I, backward_flow),
    Rule("CX106", "duplicate-touchpoint-name", W, duplicate_touchpoint_name),
    Rule(
        "CX201",
        "missing-funnel-stage",
        W,
        missing_funnel_stage,
        {"stages": ["awareness", "consideration", "purchase"]},
    ),
    Rule("CX202", "nothing-after-purchase", W, nothing_after_purchase),
    Rule("CX203", "single-channel-type", I, single_channel_type),
    Rule("CX204", "unused-channel", W, unused_channel),
    Rule("CX205", "unused-persona", W, unused_persona),
    Rule("CX206", "unused-metric", W, unused_metric),
    Rule("CX207", "channel-without-purpose", W, channel_without_purpose),
    Rule("CX208", "phase-without-stage", I, phase_without_stage),
    Rule("CX301", "touchpoint-without-target", W, touchpoint_without_target),
    Rule("CX302", "target-without-question", W, target_without_question),
    Rule("CX303", "question-without-target", W, question_without_target),
    Rule("CX304", "question-reads-against-metric", W, question_reads_against_metric),
    Rule("CX401", "touchpoint-without-emotion", W, touchpoint_without_emotion),
    Rule(
        "CX402",
        "touchpoint-without-activities-or-needs",
        I,
        touchpoint_without_activities_or_needs,
    ),
    Rule("CX403", "pain-without-action", W, pain_without_action, {"emotion": -1}),
    Rule("CX404", "action-without-owner-or-status", W, action_without_owner_or_status),
    Rule(
        "CX405",
        "negative-emotion-without-pain-point",
        I,
        negative_emotion_without_pain_point,
        {"emotion": -1},
    ),
    Rule("CX501", "map-without-review-date", W, map_without_review_date),
    Rule("CX502", "review-overdue", W, review_overdue, {"days": 150}),
    Rule("CX503", "touchpoint-without-owner", W, touchpoint_without_owner),
    Rule("CX504", "too-many-touchpoints-in-phase", W, too_many_touchpoints_in_phase, {"max": 15}),
    Rule("CX505", "map-without-owner", W, map_without_owner),
    Rule("CX901", "unused-suppression", W, unused_suppression),
)

#: Codes of rules that were removed. They stay here so that no new rule takes
#: one: a user's suppressions and configs must never start meaning something else.
RETIRED_CODES: frozenset[str] = frozenset()

UNUSED_SUPPRESSION = "CX901"

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


def find_rule(code_or_name: str) -> Rule | None:
    """The rule with this code (any case) or name, if any."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())


def stages_option_ok(value: Any) -> bool:
    """True when ``value`` is a list of known stage names (option of CX201)."""
    known = {stage.value for stage in Stage}
    return isinstance(value, list) and all(isinstance(v, str) and v in known for v in value)
