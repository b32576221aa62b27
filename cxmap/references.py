"""Cross-reference checks on a typed journey: ids unique, references resolve.

These need the whole map at once, so they run after pydantic has checked
shapes. Each problem is a model path, a finding name and a message.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cxmap.findings import ModelPath
from cxmap.model import BUILTIN_METRIC_IDS, Aggregate, Journey, Metric

#: did-you-mean is computed for this many dangling references, then skipped
#: (a hostile map with thousands of them must not go quadratic).
_SUGGEST_LIMIT = 200
_LIST_LIMIT = 8


@dataclass(frozen=True)
class Problem:
    """A cross-reference problem at a model path."""

    path: ModelPath
    name: str
    message: str
    on_key: bool = False


def quote_list(ids: Sequence[str]) -> str:
    """'a', 'b', 'c' and 5 more."""
    shown = ", ".join(f"'{i}'" for i in ids[:_LIST_LIMIT])
    more = len(ids) - _LIST_LIMIT
    return f"{shown} and {more} more" if more > 0 else shown or "none"


class _Suggester:
    def __init__(self) -> None:
        self.budget = _SUGGEST_LIMIT

    def hint(self, wrong: str, known: Sequence[str]) -> str:
        if self.budget <= 0:
            return ""
        self.budget -= 1
        close = difflib.get_close_matches(wrong, known, n=1, cutoff=0.6)
        return f"; did you mean '{close[0]}'?" if close else ""


def check_references(
    journey: Journey, known: Mapping[str, set[str]] | None = None
) -> list[Problem]:
    """Every duplicate id, dangling reference and out-of-range target of a map.

    ``known`` adds ids, by list name, that exist in the file but whose items
    failed validation (so a reference to them is not reported as dangling too).
    """
    known = known or {}
    problems: list[Problem] = []
    suggest = _Suggester()

    kinds: list[tuple[str, str, Iterable[str]]] = [
        ("personas", "persona", (p.id for p in journey.personas)),
        ("phases", "phase", (p.id for p in journey.phases)),
        ("channels", "channel", (c.id for c in journey.channels)),
        ("metrics", "metric", (m.id for m in journey.metrics)),
        ("touchpoints", "touchpoint", (t.id for t in journey.touchpoints)),
        ("actions", "action", (a.id for a in journey.actions)),
    ]
    for key, label, ids in kinds:
        seen: dict[str, int] = {}
        for index, ident in enumerate(ids):
            if ident in seen:
                problems.append(
                    Problem(
                        (key, index, "id"),
                        "duplicate-id",
                        f"{label} id '{ident}' is used twice (also item {seen[ident] + 1} of "
                        f"'{key}'); give each {label} its own id",
                    )
                )
            else:
                seen[ident] = index
    for index, metric in enumerate(journey.metrics):
        if metric.id in BUILTIN_METRIC_IDS:
            problems.append(
                Problem(
                    ("metrics", index, "id"),
                    "duplicate-id",
                    f"metric '{metric.id}' is built in; give your own metric another id",
                )
            )

    for index, metric in enumerate(journey.metrics):
        problems.extend(_metric_definition(metric, ("metrics", index)))

    seen_segments: set[str] = set()
    for index, segment in enumerate(journey.segments):
        if segment in seen_segments:
            problems.append(
                Problem(("segments", index), "duplicate-id", f"segment '{segment}' is listed twice")
            )
        seen_segments.add(segment)

    phases = [p.id for p in journey.phases]
    channels = [c.id for c in journey.channels]
    personas = [p.id for p in journey.personas]
    touchpoints = [t.id for t in journey.touchpoints]
    metrics = sorted({*BUILTIN_METRIC_IDS, *(m.id for m in journey.metrics)})
    phase_set = set(phases) | known.get("phases", set())
    channel_set = set(channels) | known.get("channels", set())
    persona_set = set(personas) | known.get("personas", set())
    touchpoint_set = set(touchpoints) | known.get("touchpoints", set())
    metric_set = set(metrics) | known.get("metrics", set())

    def dangling(path: ModelPath, what: str, wrong: str, kind: str, known: Sequence[str]) -> None:
        problems.append(
            Problem(
                path,
                "unknown-reference",
                f"{what} refers to {kind} '{wrong}', which does not exist"
                f"{suggest.hint(wrong, known)} (known {kind}s: {quote_list(known)})",
            )
        )

    def targets_and_questions(
        base: ModelPath,
        who: str,
        targets: Mapping[str, float],
        questions: Mapping[str, str],
        margins: Mapping[str, float],
        long_keys: frozenset[str] = frozenset(),
    ) -> None:
        for metric_id, target in targets.items():
            path = (*base, "targets", metric_id)
            found = journey.metric(metric_id)
            if found is None and metric_id in metric_set:
                continue  # a metric that exists but failed validation itself
            if found is None:
                problems.append(
                    Problem(
                        path,
                        "unknown-reference",
                        f"{who} has a target for metric '{metric_id}', which does not exist"
                        f"{suggest.hint(metric_id, metrics)} (known metrics: "
                        f"{quote_list(metrics)}; declare your own under 'metrics')",
                        on_key=True,
                    )
                )
                continue
            low, high = found.target_range
            if not low <= target <= high:
                problems.append(
                    Problem(
                        path,
                        "target-out-of-range",
                        f"{who}: the {metric_id} target {target:g} lies outside the metric's "
                        f"range {low:g}..{high:g}; pick a target inside it",
                    )
                )
        for column, metric_id in questions.items():
            if metric_id not in metric_set:
                long_form = column in long_keys
                dangling(
                    (*base, "questions", column, *(("metric",) if long_form else ())),
                    f"{who} (question '{column}')",
                    metric_id,
                    "metric",
                    metrics,
                )
        for metric_id in margins:
            if metric_id not in targets:
                problems.append(
                    Problem(
                        (*base, "margins", metric_id),
                        "unknown-reference",
                        f"{who} has a margin for metric '{metric_id}' but no target for it; "
                        "add the target or remove the margin",
                        on_key=True,
                    )
                )

    targets_and_questions(
        (), f"journey '{journey.id}'", journey.targets, journey.questions, journey.margins
    )

    for ti, tp in enumerate(journey.touchpoints):
        base: ModelPath = ("touchpoints", ti)
        who = f"touchpoint '{tp.id}'"
        if tp.phase not in phase_set:
            dangling((*base, "phase"), who, tp.phase, "phase", phases)
        if tp.channel not in channel_set:
            dangling((*base, "channel"), who, tp.channel, "channel", channels)
        for pi, persona in enumerate(tp.personas):
            if persona not in persona_set:
                dangling((*base, "personas", pi), who, persona, "persona", personas)
        for persona in tp.feelings():
            if persona not in persona_set:
                dangling(
                    (*base, "emotion", persona), f"{who} (emotion)", persona, "persona", personas
                )
        for ni, nxt in enumerate(tp.next):
            if nxt not in touchpoint_set:
                dangling((*base, "next", ni), f"{who} (next)", nxt, "touchpoint", touchpoints)
            elif nxt == tp.id:
                problems.append(
                    Problem(
                        (*base, "next", ni),
                        "unknown-reference",
                        f"{who} lists itself in 'next'; name the touchpoint that follows it",
                    )
                )
        long_keys = frozenset(k for k, v in tp.questions.items() if not isinstance(v, str))
        targets_and_questions(base, who, tp.targets, tp.measures, tp.margins, long_keys)

    for ai, action in enumerate(journey.actions):
        if action.touchpoint not in touchpoint_set:
            dangling(
                ("actions", ai, "touchpoint"),
                f"action '{action.id}'",
                action.touchpoint,
                "touchpoint",
                touchpoints,
            )
    return problems


def _metric_definition(metric: Metric, path: ModelPath) -> list[Problem]:
    """An NPS aggregates answers 0..10 and is always higher-is-better by definition."""
    out: list[Problem] = []
    if metric.aggregate is Aggregate.NPS and tuple(metric.scale) != (0, 10):
        low, high = metric.scale
        out.append(
            Problem(
                (*path, "scale"),
                "invalid-metric",
                f"metric '{metric.id}' aggregates as nps, which needs answers 0..10 "
                f"(promoters 9-10, detractors 0-6), not {low:g}..{high:g}; use scale [0, 10] "
                "or aggregate mean or top2box",
            )
        )
    if metric.aggregate is Aggregate.NPS and "higher_is_better" in metric.model_fields_set:
        out.append(
            Problem(
                (*path, "higher_is_better"),
                "invalid-metric",
                f"metric '{metric.id}': higher_is_better does not apply to an nps metric "
                "(promoters minus detractors is better when higher, always); remove it",
                on_key=True,
            )
        )
    return out
