"""One persona's journey: the touchpoints it passes, with its own emotion.

``render --persona`` and ``report --persona`` draw this journey instead of the
whole map, so every view (and the report's tables) shows one persona without
knowing about personas.
"""

from __future__ import annotations

from cxmap.errors import UsageError
from cxmap.model import Journey, Touchpoint


def for_persona(journey: Journey, persona: str) -> Journey:
    """The map as ``persona`` lives it.

    Keeps the touchpoints that list the persona, or list no persona at all
    (a touchpoint without ``personas`` is passed by everyone). A touchpoint's
    emotion becomes the persona's: its number in an emotion mapping, the one
    number otherwise, none when a mapping leaves the persona out. Flow edges
    through touchpoints left out are joined up (a -> left-out -> c becomes
    a -> c), so the journey stays connected. Actions of the touchpoints kept
    stay. Raises ``UsageError`` for an unknown persona id.
    """
    known = [p.id for p in journey.personas]
    if persona not in known:
        shown = ", ".join(f"'{k}'" for k in known) or "none"
        raise UsageError(f"the map has no persona '{persona}' (its personas: {shown})")
    kept = [tp for tp in journey.touchpoints if not tp.personas or persona in tp.personas]
    kept_ids = {tp.id for tp in kept}
    uses_next = any(tp.next for tp in journey.touchpoints)
    successors = {tp.id: tp.next for tp in journey.touchpoints}

    def bridged(start: Touchpoint) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        stack = list(reversed(start.next))
        while stack:  # every touchpoint is visited once: linear in the map's size
            nxt = stack.pop()
            if nxt in seen:
                continue
            seen.add(nxt)
            if nxt in kept_ids:
                out.append(nxt)
            else:
                stack.extend(reversed(successors.get(nxt, [])))
        return out

    touchpoints = [
        tp.model_copy(
            update={
                "emotion": tp.feeling(persona),
                "next": bridged(tp) if uses_next else [],
            }
        )
        for tp in kept
    ]
    actions = [a for a in journey.actions if a.touchpoint in kept_ids]
    return journey.model_copy(update={"touchpoints": touchpoints, "actions": actions})


def persona_name(journey: Journey, persona: str) -> str:
    """The persona's name (its id when the map does not name it)."""
    names = {p.id: p.name for p in journey.personas}
    return names.get(persona, persona)
