"""Journey -> a Mermaid ``journey`` block, which GitHub Markdown renders natively."""

from __future__ import annotations

from collections import defaultdict

from cxmap.model import Journey, Lang, Touchpoint
from cxmap.render.escape import mermaid_text
from cxmap.render.words import Words

#: Mermaid scores run 1..5; a journey's emotion runs -2..+2.
EMOTION_OFFSET = 3
NEUTRAL_SCORE = 3


def emotion_score(emotion: int | None) -> int:
    """The Mermaid score (1..5) of an emotion (-2..+2); neutral 3 when not mapped."""
    return NEUTRAL_SCORE if emotion is None else emotion + EMOTION_OFFSET


def build_mermaid(journey: Journey, lang: Lang = Lang.EN) -> str:
    """The map as a Mermaid ``journey``: sections are phases, tasks are touchpoints.

    A task's score is its emotion moved onto 1..5 and its actor is the channel.
    A touchpoint with an emotion per persona becomes one task per persona, its
    actors the channel and the persona's name (Mermaid has one score a task).
    A touchpoint without an emotion is drawn neutral (3) and a comment line
    says so (in ``lang``), so the neutral score is never mistaken for a measured one.
    """
    unmapped = Words(Lang(lang))("mermaid.unmapped")
    channels = {c.id: c.name for c in journey.channels}
    persona_names = {p.id: p.name for p in journey.personas}
    members: dict[str, list[Touchpoint]] = defaultdict(list)
    for tp in journey.touchpoints:
        members[tp.phase].append(tp)
    lines = ["journey", f"    title {mermaid_text(journey.title)}"]
    if journey.start or journey.end:
        ends = " -> ".join(mermaid_text(x) for x in (journey.start, journey.end) if x is not None)
        lines.append(f"    %% {ends}")
    for phase in journey.phases:
        tps = members.get(phase.id, [])
        if not tps:
            continue
        lines.append(f"    section {mermaid_text(phase.name)}")
        for tp in tps:
            if tp.emotion is None:
                lines.append(f"      %% {mermaid_text(tp.name)}: {unmapped}")
            actor = mermaid_text(channels.get(tp.channel, tp.channel))
            feelings = tp.feelings()
            if not feelings:
                lines.append(
                    f"      {mermaid_text(tp.name)}: {emotion_score(tp.feeling())}: {actor}"
                )
            for persona, level in feelings.items():
                who = mermaid_text(persona_names.get(persona, persona))
                lines.append(
                    f"      {mermaid_text(tp.name)}: {emotion_score(level)}: {actor}, {who}"
                )
    return "\n".join(lines) + "\n"
